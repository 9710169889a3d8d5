"""Let coordinators say who teaches which unit; teachers may look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Programmamanagers": [
        "add_unitstaff",
        "change_unitstaff",
        "delete_unitstaff",
        "view_unitstaff",
    ],
    "Docenten": ["view_unitstaff"],
}


def _permissions(apps, codenames):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="lms", codename__in=codenames
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for name, codenames in PERMISSIONS.items():
        group = apps.get_model("auth", "Group").objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    for name, codenames in PERMISSIONS.items():
        group = apps.get_model("auth", "Group").objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("lms", "0005_learning")]

    operations = [migrations.RunPython(grant, revoke)]
