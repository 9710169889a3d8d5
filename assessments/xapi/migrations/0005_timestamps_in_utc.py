"""Write the timestamps of statements stored before the UTC rule in UTC.

Since the LRS writes every statement's timestamp in UTC, older statements
sent with another offset are the only ones that still show it. The moment
itself was always stored in ``timestamp_at``; this writes it back into the
JSON as UTC text, keeping the digits of the fraction that was sent. Only the
statements concerned are read, in chunks.
"""

import re
from datetime import UTC

from django.db import migrations

CHUNK = 1000
FRACTION = re.compile(r"[Tt]\d\d:\d\d:\d\d(\.\d+)")


def _utc_text(value, moment):
    match = FRACTION.search(value)
    fraction = match.group(1) if match else ""
    moment = moment.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    return moment.isoformat() + fraction + "Z"


def _ids_not_in_utc(schema_editor, table):
    """Return the ids of statements whose timestamp does not end in "Z".

    Compared as plain characters: Django's endswith is a LIKE, which SQLite
    compares without case, and a "z" must be rewritten too.
    """
    if schema_editor.connection.vendor == "postgresql":
        last = "right(data ->> 'timestamp', 1)"
    else:
        last = "substr(json_extract(data, '$.timestamp'), -1)"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {last} <> 'Z' ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def write_timestamps_in_utc(apps, schema_editor):
    Statement = apps.get_model("xapi", "Statement")
    pks = _ids_not_in_utc(schema_editor, Statement._meta.db_table)
    for start in range(0, len(pks), CHUNK):
        rows = list(Statement.objects.filter(pk__in=pks[start : start + CHUNK]))
        for row in rows:
            row.data["timestamp"] = _utc_text(row.data["timestamp"], row.timestamp_at)
        Statement.objects.bulk_update(rows, ["data"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0004_normalise_stored_statements"),
    ]

    operations = [
        migrations.RunPython(write_timestamps_in_utc, migrations.RunPython.noop),
    ]
