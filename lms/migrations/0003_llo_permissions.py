"""Give coordinators and teachers their LLO permissions.

Coordinators manage certificate settings and may revoke certificates;
teachers may say which of their units and tracks carry a certificate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Programmamanagers": [
        "add_certificatesetting",
        "change_certificatesetting",
        "delete_certificatesetting",
        "view_certificatesetting",
        "view_certificate",
        "revoke_certificate",
        "view_externalcertificate",
        "add_participant",
        "change_participant",
        "view_participant",
        "add_hourstarget",
        "change_hourstarget",
        "view_hourstarget",
    ],
    "Docenten": [
        "add_certificatesetting",
        "change_certificatesetting",
        "view_certificatesetting",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = group_model.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="lms", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = apps.get_model("auth", "Group").objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *permission_model.objects.filter(
                    content_type__app_label="lms", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("lms", "0002_llo")]

    operations = [migrations.RunPython(grant, revoke)]
