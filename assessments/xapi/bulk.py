"""Fast insertion of statement rows and their index entries.

On PostgreSQL the rows go in with COPY, after reserving their primary keys
from the table's sequence in one query; that is several times faster than
Django's bulk INSERT, whose parameters psycopg quotes in Python. Other
databases use ``bulk_create``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import IntegrityError, connection

from .models import Statement, StatementIndexEntry

STATEMENT_COLUMNS = (
    "id",
    "statement_id",
    "data",
    "content_digest",
    "actor_key",
    "verb_key",
    "activity_key",
    "object_statement_id",
    "registration",
    "authority_key",
    "stored_at",
    "timestamp_at",
    "is_voided",
    "is_voiding",
)


class PreparedRow(Protocol):
    """A statement row with the index entries that belong to it."""

    statement: Statement
    entries: set[tuple[int, str]]


def insert_statement_rows(items: Sequence[PreparedRow]) -> None:
    """Insert statements and their index entries; set each statement's pk."""
    if connection.vendor == "postgresql":
        _copy_rows(items)
        return
    Statement.objects.bulk_create([item.statement for item in items])
    StatementIndexEntry.objects.bulk_create(
        StatementIndexEntry(statement=item.statement, kind=kind, key=key)
        for item in items
        for kind, key in item.entries
    )


def _copy_rows(items: Sequence[PreparedRow]) -> None:
    """Insert with COPY inside the current transaction (PostgreSQL only)."""
    import psycopg

    connection.ensure_connection()
    try:
        _copy_with_keys(items)
    except psycopg.errors.IntegrityError as error:
        # Callers retry on Django's IntegrityError, e.g. when a concurrent
        # writer stored the same statement id first.
        raise IntegrityError(str(error)) from error


def _copy_with_keys(items: Sequence[PreparedRow]) -> None:
    """Reserve primary keys, then COPY the statements and their entries."""
    import psycopg

    table = Statement._meta.db_table
    entry_table = StatementIndexEntry._meta.db_table
    # A plain cursor binds parameters on the server, unlike Django's own.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, len(items)],
        )
        for item, (pk,) in zip(items, cursor.fetchall(), strict=True):
            item.statement.pk = pk
        columns = ", ".join(STATEMENT_COLUMNS)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for item in items:
                copy.write_row(_statement_values(item.statement))
        with cursor.copy(
            f"COPY {entry_table} (statement_id, kind, key) FROM STDIN"
        ) as copy:
            for item in items:
                for kind, key in item.entries:
                    copy.write_row((item.statement.pk, kind, key))


def _statement_values(row: Statement) -> tuple[Any, ...]:
    """Return the column values of a statement row in COPY order."""
    return (
        row.pk,
        row.statement_id,
        json.dumps(row.data, ensure_ascii=False),
        row.content_digest,
        row.actor_key,
        row.verb_key,
        row.activity_key,
        row.object_statement_id,
        row.registration,
        row.authority_key,
        row.stored_at,
        row.timestamp_at,
        row.is_voided,
        row.is_voiding,
    )
