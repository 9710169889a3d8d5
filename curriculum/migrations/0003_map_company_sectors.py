"""Map the companies' free-text sector to the sector codes that follow.

Known Dutch and English words become a code, anything else becomes blank.
This runs in its own migration (and transaction) because PostgreSQL refuses
to alter a table with row updates still pending in the same transaction.
"""

from django.db import migrations

SECTOR_WORDS = [
    ("vliegtuig", "aviation-maritime"),
    ("maritiem", "aviation-maritime"),
    ("luchtvaart", "aviation-maritime"),
    ("aviation", "aviation-maritime"),
    ("maritime", "aviation-maritime"),
    ("installatie", "installation"),
    ("installation", "installation"),
    ("elektro", "electrical"),
    ("electric", "electrical"),
    ("infra", "infra"),
    ("grond-, weg", "infra"),
    ("gww", "infra"),
    ("metaal", "metal"),
    ("werktuigbouw", "metal"),
    ("metal", "metal"),
    ("mechanical", "metal"),
    ("bouw", "construction"),
    ("construction", "construction"),
]


def sector_code(text):
    """Return the sector code a free-text sector names, or blank."""
    lowered = text.strip().lower()
    for word, code in SECTOR_WORDS:
        if word in lowered:
            return code
    return ""


def map_sectors(apps, schema_editor):
    company_model = apps.get_model("curriculum", "Company")
    for company in company_model.objects.exclude(sector=""):
        company.sector = sector_code(company.sector)
        company.save(update_fields=["sector"])


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0002_target_groups_and_profiles")]

    operations = [migrations.RunPython(map_sectors, migrations.RunPython.noop)]
