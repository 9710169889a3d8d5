"""Fast insertion of statement rows and their index entries.

On PostgreSQL a batch goes in with a single INSERT: the rows travel as one
JSON parameter that ``jsonb_to_recordset`` unpacks on the server, and a
data-modifying CTE inserts the index entries against the keys the statement
insert returns. One statement means one round trip, and, outside a
transaction, no BEGIN and COMMIT round trips either: the statement commits
on its own. The INSERT is a prepared statement, so PostgreSQL parses and
plans it once per connection instead of for every request. Other databases
use ``bulk_create``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from types import SimpleNamespace
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from . import fastjson
from .models import Statement, StatementIndexEntry

# The columns the LRS fills in, with their PostgreSQL types; the primary key
# comes from the table's sequence.
STATEMENT_COLUMNS = (
    ("statement_id", "uuid"),
    ("data", "jsonb"),
    ("actor_key", "text"),
    ("verb_key", "text"),
    ("activity_key", "text"),
    ("object_statement_id", "uuid"),
    ("registration", "uuid"),
    ("authority_key", "text"),
    ("stored_at", "timestamptz"),
    ("timestamp_at", "timestamptz"),
    ("is_voided", "boolean"),
    ("is_voiding", "boolean"),
)


@dataclass(slots=True)
class StatementRow:
    """The columns of one statement row, before and after it is inserted.

    A plain object rather than a model instance: building thousands of
    model instances per batch costs more than the rest of preparing them.
    """

    statement_id: uuid.UUID
    data: dict[str, Any]
    actor_key: str
    verb_key: str
    activity_key: str
    object_statement_id: uuid.UUID | None
    registration: uuid.UUID | None
    authority_key: str
    stored_at: datetime
    timestamp_at: datetime
    is_voiding: bool
    is_voided: bool = False
    pk: int | None = None
    # Index entries a statement that references this one inherits.
    inherited: list[tuple[int, str]] = field(default_factory=list)


class PreparedRow(Protocol):
    """A statement row with the index entries that belong to it."""

    statement: StatementRow
    entries: set[tuple[int, str]]


def inserts_in_one_statement() -> bool:
    """Tell whether insert_statement_rows sends a single SQL statement."""
    return connection.vendor == "postgresql"


def insert_statement_rows(items: Sequence[PreparedRow]) -> None:
    """Insert statements and their index entries; set each statement's pk."""
    if connection.vendor == "postgresql":
        _insert_with_entries(items)
        return
    statements = Statement.objects.bulk_create(
        [_model(item.statement) for item in items]
    )
    for item, statement in zip(items, statements, strict=True):
        item.statement.pk = statement.pk
    StatementIndexEntry.objects.bulk_create(
        StatementIndexEntry(statement_id=item.statement.pk, kind=kind, key=key)
        for item in items
        for kind, key in item.entries
    )


def _model(row: StatementRow) -> Statement:
    """Return an unsaved Statement model with the row's columns."""
    return Statement(**{name: getattr(row, name) for name, _ in STATEMENT_COLUMNS})


@cache
def _insert_sql() -> str:
    """Return the INSERT of statements and their entries (PostgreSQL only)."""
    names = ", ".join(name for name, _ in STATEMENT_COLUMNS)
    typed = ", ".join(f"{name} {kind}" for name, kind in STATEMENT_COLUMNS)
    table = Statement._meta.db_table
    entry_table = StatementIndexEntry._meta.db_table
    # ORDER BY position keeps the sequence's keys in batch order, which is
    # the order statements stored at the same moment are read back in.
    return (
        f"WITH batch AS (SELECT * FROM jsonb_to_recordset(%s::jsonb) "
        f"AS row({typed}, position integer, entries jsonb)), "
        f"stored AS (INSERT INTO {table} ({names}) "
        f"SELECT {names} FROM batch ORDER BY position "
        f"RETURNING id, statement_id), "
        f"related AS (INSERT INTO {entry_table} (statement_id, kind, key) "
        f"SELECT stored.id, (entry ->> 0)::smallint, entry ->> 1 "
        f"FROM batch JOIN stored USING (statement_id), "
        f"jsonb_array_elements(batch.entries) AS entry) "
        f"SELECT statement_id, id FROM stored"
    )


def _insert_with_entries(items: Sequence[PreparedRow]) -> None:
    """Insert a batch with one statement and set the keys it returns."""
    rows = [_row(position, item) for position, item in enumerate(items)]
    with _insert_cursor() as cursor:
        cursor.execute(_insert_sql(), [fastjson.dumps(rows)])
        keys = dict(cursor.fetchall())
    for item in items:
        item.statement.pk = keys[item.statement.statement_id]


NEVER_BY_COUNT = 2**31 - 1


class _PreparingCursor:
    """A psycopg cursor that asks for a prepared statement on every execute."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        # Django's query log (DEBUG, tests) reads the text of the last query
        # from here, as it does on its own client-binding cursors.
        self._query = SimpleNamespace(query=None)

    def execute(self, sql: str, params: Any = None) -> Any:
        """Execute, preparing the statement the first time it is seen."""
        self._query.query = sql.encode()
        return self.cursor.execute(sql, params, prepare=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


@contextmanager
def _insert_cursor() -> Iterator[Any]:
    """Yield the cursor the INSERT goes through (PostgreSQL with psycopg 3).

    Django's own cursors bind parameters on the client, which PostgreSQL
    cannot prepare. With ``XAPI_PREPARED_INSERT`` on, the INSERT goes
    through a server-binding cursor as a prepared statement, so that a
    server process parses and plans it once per connection, not for every
    request. Wrapped like Django's cursors, it still turns database errors
    into Django's and shows up in the captured queries.
    """
    if not settings.XAPI_PREPARED_INSERT:
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django switches psycopg's preparing off, and psycopg then ignores
        # prepare=True as well. A threshold no query reaches lets this
        # explicit request through and prepares nothing else.
        connection.connection.prepare_threshold = NEVER_BY_COUNT
    raw = psycopg.Cursor(connection.connection)
    preparing = _PreparingCursor(raw)
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(preparing)
    else:
        cursor = connection.make_cursor(preparing)
    try:
        yield cursor
    finally:
        raw.close()


def _row(position: int, item: PreparedRow) -> dict[str, Any]:
    """Return one statement row with its entries, as the INSERT reads it."""
    row = item.statement
    return {
        "statement_id": str(row.statement_id),
        "data": row.data,
        "actor_key": row.actor_key,
        "verb_key": row.verb_key,
        "activity_key": row.activity_key,
        "object_statement_id": _text(row.object_statement_id),
        "registration": _text(row.registration),
        "authority_key": row.authority_key,
        "stored_at": row.stored_at.isoformat(),
        "timestamp_at": row.timestamp_at.isoformat(),
        "is_voided": row.is_voided,
        "is_voiding": row.is_voiding,
        "position": position,
        "entries": list(item.entries),
    }


def _text(value: Any) -> str | None:
    """Return a value as text, keeping None."""
    return None if value is None else str(value)
