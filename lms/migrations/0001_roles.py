"""Create the groups for the six roles, with their Wagtail permissions.

Django creates model permissions only after all migrations have run, so this
migration asks for them to be created first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Lerenden": "learner",
    "Docenten": "teacher",
    "Gastdocenten": "guest lecturer",
    "Bedrijfscontactpersonen": "company contact",
    "LLO-deelnemers": "LLO participant",
    "Programmamanagers": "coordinator",
}

PAGE_PERMISSIONS = {
    "Docenten": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    # Guest lecturers may add pages, but lms/wagtail_hooks.py limits them to
    # practice cases; without publish_page they submit for moderation.
    "Gastdocenten": ["add_page", "change_page"],
    "Programmamanagers": [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}

COLLECTION_PERMISSIONS = {
    "Docenten": [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    "Gastdocenten": ["add_image", "choose_image", "add_document", "choose_document"],
    "Programmamanagers": [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}

CURRICULUM_SNIPPETS = [
    "competenceframework",
    "competence",
    "proficiencyscale",
    "company",
    "location",
]

MODEL_PERMISSIONS = {
    "Docenten": [("wagtailadmin", "access_admin")]
    + [
        ("curriculum", f"{action}_{model}")
        for model in CURRICULUM_SNIPPETS
        for action in ("add", "change", "view")
    ],
    "Gastdocenten": [("wagtailadmin", "access_admin")]
    + [("curriculum", f"view_{model}") for model in CURRICULUM_SNIPPETS],
    "Programmamanagers": [("wagtailadmin", "access_admin")]
    + [
        ("curriculum", f"{action}_{model}")
        for model in CURRICULUM_SNIPPETS
        for action in ("add", "change", "delete", "view")
    ]
    + [("auth", f"{action}_user") for action in ("add", "change", "delete", "view")]
    + [("auth", "view_group"), ("cms", "change_sitesettings")]
    + [
        ("wagtailredirects", f"{action}_redirect")
        for action in ("add", "change", "delete")
    ],
}


def _permission(apps, app_label, codename):
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    root = apps.get_model("wagtailcore", "Page").objects.get(depth=2)
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_permission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    for name in ROLES:
        group, _ = group_model.objects.get_or_create(name=name)
        for codename in PAGE_PERMISSIONS.get(name, []):
            page_permission.objects.get_or_create(
                group=group,
                page=root,
                permission=_permission(apps, "wagtailcore", codename),
            )
        for codename in COLLECTION_PERMISSIONS.get(name, []):
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            collection_permission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, app_label, codename),
            )
        for app_label, codename in MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(_permission(apps, app_label, codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_home_page"),
        ("curriculum", "0002_target_groups_and_profiles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
