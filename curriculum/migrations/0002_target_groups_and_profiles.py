"""Create the fixed target groups and technical profiles."""

from django.db import migrations

TARGET_GROUPS = [
    "vo",
    "side-entrant",
    "status-holder",
    "mbo",
    "sme-employee",
    "teacher",
]
PROFILES = ["construction", "installation", "electrical", "infra", "metal"]


def create_rows(apps, schema_editor):
    for model_name, codes in (("TargetGroup", TARGET_GROUPS), ("Profile", PROFILES)):
        model = apps.get_model("curriculum", model_name)
        for position, code in enumerate(codes):
            model.objects.update_or_create(code=code, defaults={"sort_order": position})


def remove_rows(apps, schema_editor):
    apps.get_model("curriculum", "TargetGroup").objects.filter(
        code__in=TARGET_GROUPS
    ).delete()
    apps.get_model("curriculum", "Profile").objects.filter(code__in=PROFILES).delete()


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]

    operations = [migrations.RunPython(create_rows, remove_rows)]
