"""The write path outside a transaction, as a request under gunicorn runs it.

pytest-django wraps each test in a transaction, which sends the LRS down its
usual path with a savepoint; these tests commit for real so that the path a
production request takes, one INSERT that commits by itself, is covered.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.xapi import services
from assessments.xapi.models import Statement, StatementIndexEntry
from assessments.xapi.services import StatementQuery, store_statements

from .conftest import make_statement

Kind = StatementIndexEntry.Kind
PARENT = "http://example.org/units/welding"


def statement_with_parent(**overrides):
    """Return a statement with a parent activity in its context."""
    context = {"contextActivities": {"parent": [{"id": PARENT}]}}
    return make_statement(context=context, **overrides)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_stored_outside_a_transaction_keeps_its_index_entries():
    # Given a statement whose id the LRS generates
    statement = statement_with_parent()

    # When it is stored outside any transaction
    [statement_id] = store_statements([statement])

    # Then the related activity from its context finds it
    query = StatementQuery(activity=PARENT, related_activities=True)
    page = services.query_statements(query)
    assert [found["id"] for found in page.statements] == [statement_id]
    assert (
        StatementIndexEntry.objects.filter(
            statement__statement_id=statement_id, kind=Kind.RELATED_ACTIVITY
        ).count()
        == 2
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_stored_outside_a_transaction_keeps_its_order():
    # Given a batch of statements without ids
    batch = [statement_with_parent(result={"response": str(n)}) for n in range(5)]

    # When it is stored outside any transaction
    ids = store_statements(batch)

    # Then the keys follow the order of the batch
    stored = Statement.objects.order_by("pk").values_list("statement_id", flat=True)
    assert [str(statement_id) for statement_id in stored] == ids


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_changed_definition_is_merged_outside_a_transaction():
    # Given an activity known by its English name
    english = {"name": {"en-US": "Welding 1"}}
    store_statements([make_statement(object={"id": PARENT, "definition": english})])

    # When a statement adds a Dutch name
    dutch = {"name": {"nl-NL": "Lassen 1"}}
    store_statements([make_statement(object={"id": PARENT, "definition": dutch})])

    # Then the activity holds both names
    activity = services.get_activity(PARENT)
    assert activity["definition"]["name"] == {"en-US": "Welding 1", "nl-NL": "Lassen 1"}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_with_a_generated_id_takes_one_query_on_postgresql():
    # Given an activity whose definition this process has merged already
    store_statements([statement_with_parent()])

    # When a second statement about it is stored
    with CaptureQueriesContext(connection) as queries:
        store_statements([statement_with_parent()])

    # Then one INSERT, without BEGIN and COMMIT, stored it and its entries
    assert [query["sql"].split()[0] for query in queries] == ["WITH"]
    assert Statement.objects.count() == 2
    assert StatementIndexEntry.objects.count() == 2 * 4


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_process_new_to_a_stored_definition_reads_it_without_a_lock():
    # Given an activity whose definition another process has merged
    store_statements([statement_with_parent()])
    services._known_definitions.clear()

    # When this process stores a statement with the same definition
    with CaptureQueriesContext(connection) as queries:
        store_statements([statement_with_parent()])

    # Then it reads the stored definition once and inserts without a lock
    assert [query["sql"].split()[0] for query in queries] == ["SELECT", "WITH"]
    assert "FOR UPDATE" not in queries[0]["sql"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_definition_that_adds_a_language_is_merged_by_a_new_process():
    # Given an activity with an English name, merged by another process
    english = {"name": {"en-US": "Welding 1"}}
    store_statements([make_statement(object={"id": PARENT, "definition": english})])
    services._known_definitions.clear()

    # When this process stores one that adds a Dutch name, then the English
    # one again
    dutch = {"name": {"nl-NL": "Lassen 1"}}
    store_statements([make_statement(object={"id": PARENT, "definition": dutch})])
    store_statements([make_statement(object={"id": PARENT, "definition": english})])

    # Then the stored definition holds both names
    activity = services.get_activity(PARENT)
    assert activity["definition"]["name"] == {"en-US": "Welding 1", "nl-NL": "Lassen 1"}


def prepared_statements() -> list[str]:
    """Return the statements prepared on this database connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_insert_is_prepared_once_per_connection():
    # When two statements are stored on one connection
    store_statements([statement_with_parent()])
    store_statements([statement_with_parent()])

    # Then the INSERT is prepared, and nothing else is
    prepared = prepared_statements()
    assert len(prepared) == 1
    assert "INSERT INTO xapi_statement" in prepared[0]
    assert Statement.objects.count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_insert_is_not_prepared_when_switched_off(settings):
    # Given a site behind a pooler that cannot keep prepared statements
    settings.XAPI_PREPARED_INSERT = False
    connection.close()

    # When a statement is stored
    store_statements([statement_with_parent()])

    # Then nothing is prepared on the connection
    assert prepared_statements() == []
    assert Statement.objects.count() == 1
