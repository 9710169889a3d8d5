"""Give the roles their permissions on demands and curriculum checks.

Company contacts get into the Wagtail admin only to supply their company's
demands; the views narrow them to their own company. Teachers and
coordinators see every demand and run checks. Groups are fetched or created
by name, so this works whichever of this and the roles migration runs first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Bedrijfscontactpersonen": [
        ("wagtailadmin", "access_admin"),
        ("curriculum", "add_competencedemand"),
        ("curriculum", "change_competencedemand"),
        ("curriculum", "view_competencedemand"),
    ],
    "Docenten": [
        ("curriculum", "view_competencedemand"),
        ("curriculum", "access_all_demands"),
        ("curriculum", "add_curriculumcheckrun"),
        ("curriculum", "view_curriculumcheckrun"),
    ],
    "Programmamanagers": [
        ("curriculum", "add_competencedemand"),
        ("curriculum", "change_competencedemand"),
        ("curriculum", "delete_competencedemand"),
        ("curriculum", "view_competencedemand"),
        ("curriculum", "access_all_demands"),
        ("curriculum", "add_curriculumcheckrun"),
        ("curriculum", "view_curriculumcheckrun"),
        ("curriculum", "delete_curriculumcheckrun"),
    ],
}


def _permissions(apps, items):
    permission_model = apps.get_model("auth", "Permission")
    for app_label, codename in items:
        yield permission_model.objects.get(
            content_type__app_label=app_label, codename=codename
        )


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    for name, items in PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, items))


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name, items in PERMISSIONS.items():
        group = group_model.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*_permissions(apps, items))


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0004_company_demands_and_checks"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
