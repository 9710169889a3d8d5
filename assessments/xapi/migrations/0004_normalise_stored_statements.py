"""Bring statements stored before two rules up to them.

- The agent filter matches the members of a group actor or object too.
  Statements stored before that rule have no index entries for the members;
  this adds them, also to the statements that reference such a statement,
  directly or through a chain of references, which inherit what their target
  matches.
- Every contextActivities value is returned as an array. Statements stored
  with a single activity there get the array written into their JSON.

Both steps read only the statements concerned and work in chunks, so that
memory stays flat however large the store is.
"""

from django.db import migrations
from django.db.models import Q

AGENT = 1
CHUNK = 1000
CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")


def _member_keys(data):
    from assessments.xapi.keys import agent_key

    keys = set()
    for role in ("actor", "object"):
        if data[role].get("objectType") == "Group":
            for member in data[role].get("member", ()):
                key = agent_key(member)
                if key:
                    keys.add(key)
    return keys


def _chunks(iterable):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def add_member_entries(apps, schema_editor):
    Statement = apps.get_model("xapi", "Statement")
    groups = Statement.objects.filter(
        Q(data__actor__objectType="Group") | Q(data__object__objectType="Group")
    ).values_list("id", "statement_id", "data")
    for chunk in _chunks(groups.iterator(chunk_size=CHUNK)):
        wanted = {}
        frontier = {}
        for pk, statement_id, data in chunk:
            keys = _member_keys(data)
            if keys:
                wanted[pk] = set(keys)
                frontier[statement_id] = keys
        # Follow references until no statement references the last ones.
        while frontier:
            referencing = Statement.objects.filter(
                object_statement_id__in=list(frontier)
            ).values_list("id", "statement_id", "object_statement_id")
            following = {}
            for pk, statement_id, target in referencing:
                keys = frontier[target]
                wanted.setdefault(pk, set()).update(keys)
                following.setdefault(statement_id, set()).update(keys)
            frontier = following
        _store_entries(apps, wanted)


def _store_entries(apps, wanted):
    Entry = apps.get_model("xapi", "StatementIndexEntry")
    pks = list(wanted)
    for start in range(0, len(pks), CHUNK):
        part = pks[start : start + CHUNK]
        present = set(
            Entry.objects.filter(statement_id__in=part, kind=AGENT).values_list(
                "statement_id", "key"
            )
        )
        Entry.objects.bulk_create(
            [
                Entry(statement_id=pk, kind=AGENT, key=key)
                for pk in part
                for key in sorted(wanted[pk])
                if (pk, key) not in present
            ],
            batch_size=CHUNK,
        )


def _single_activity_ids(schema_editor, table):
    """Return the ids of statements with a single context activity."""
    paths = [
        f"{prefix}context.contextActivities.{kind}"
        for prefix in ("", "object.")
        for kind in CONTEXT_ACTIVITY_KINDS
    ]
    if schema_editor.connection.vendor == "postgresql":
        tests = [
            f"jsonb_typeof(data #> '{{{path.replace('.', ',')}}}') = 'object'"
            for path in paths
        ]
    else:
        tests = [f"json_type(data, '$.{path}') = 'object'" for path in paths]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {' OR '.join(tests)}")
        return [row[0] for row in cursor.fetchall()]


def make_context_activities_arrays(apps, schema_editor):
    from assessments.xapi.comparison import with_activity_lists

    Statement = apps.get_model("xapi", "Statement")
    pks = _single_activity_ids(schema_editor, Statement._meta.db_table)
    for start in range(0, len(pks), CHUNK):
        rows = list(Statement.objects.filter(pk__in=pks[start : start + CHUNK]))
        for row in rows:
            row.data = with_activity_lists(row.data)
        Statement.objects.bulk_update(rows, ["data"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0003_lighter_statement_writes"),
    ]

    operations = [
        migrations.RunPython(add_member_entries, migrations.RunPython.noop),
        migrations.RunPython(make_context_activities_arrays, migrations.RunPython.noop),
    ]
