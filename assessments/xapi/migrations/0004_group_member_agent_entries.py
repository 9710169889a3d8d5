"""Let the agent filter find statements whose actor or object is a group.

The filter matches a group's members too. Statements stored before that
rule have no entries for the members; this adds them, also to statements
that reference such a statement, which inherit what their target matches.
"""

from django.db import migrations
from django.db.models import Q

AGENT = 1
CHUNK = 1000


def _member_keys(group):
    from assessments.xapi.keys import agent_key

    keys = set()
    for member in group.get("member", ()):
        key = agent_key(member)
        if key:
            keys.add(key)
    return keys


def add_member_entries(apps, schema_editor):
    Statement = apps.get_model("xapi", "Statement")
    Entry = apps.get_model("xapi", "StatementIndexEntry")
    groups = Statement.objects.filter(
        Q(data__actor__objectType="Group") | Q(data__object__objectType="Group")
    ).values_list("id", "statement_id", "data")
    wanted = {}
    for pk, statement_id, data in groups.iterator(chunk_size=CHUNK):
        keys = set()
        for role in ("actor", "object"):
            if data[role].get("objectType") == "Group":
                keys |= _member_keys(data[role])
        if keys:
            wanted[pk] = keys
            referencing = Statement.objects.filter(object_statement_id=statement_id)
            for referencing_pk in referencing.values_list("id", flat=True):
                wanted.setdefault(referencing_pk, set()).update(keys)
    pks = list(wanted)
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        present = set(
            Entry.objects.filter(statement_id__in=chunk, kind=AGENT).values_list(
                "statement_id", "key"
            )
        )
        Entry.objects.bulk_create(
            Entry(statement_id=pk, kind=AGENT, key=key)
            for pk in chunk
            for key in sorted(wanted[pk])
            if (pk, key) not in present
        )


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0003_lighter_statement_writes"),
    ]

    operations = [
        migrations.RunPython(add_member_entries, migrations.RunPython.noop),
    ]
