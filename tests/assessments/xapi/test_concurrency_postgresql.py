"""Concurrent writers on PostgreSQL: no statement lost, none duplicated.

Runs against the live server so that every writer has its own connection.
The SQLite run deselects it with ``-m "not postgresql"``.
"""

import base64
import http.client
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest

from assessments.xapi.auth import save_client
from assessments.xapi.models import Statement, StatementIndexEntry

from .conftest import make_statement

WRITERS = 8
TOTAL = 10_000
BATCH = 50
SHARED = 400


def writer_batches(writer: int, shared_ids: list[str]) -> list[list[dict]]:
    """Return one writer's batches: own statements plus shared duplicates."""
    own = TOTAL // WRITERS - SHARED // WRITERS
    statements = [
        make_statement(id=str(uuid.uuid4()), context={"platform": f"w{writer}"})
        for _ in range(own)
    ]
    # Every writer also posts every shared statement; identical content, so
    # each must be stored once and accepted by all.
    statements += [make_statement(id=statement_id) for statement_id in shared_ids]
    return [statements[i : i + BATCH] for i in range(0, len(statements), BATCH)]


def post_all(url: str, authorization: str, batches: list[list[dict]]) -> list[int]:
    """POST batches over one connection; return the status codes."""
    parsed = urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    statuses = []
    for batch in batches:
        connection.request(
            "POST",
            "/xapi/statements",
            body=json.dumps(batch),
            headers={
                "Authorization": authorization,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()
    return statuses


@pytest.mark.postgresql
# Serialized, like every test with a live server: a flush would otherwise
# recreate content types the next serialized test restores.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_writers_lose_and_duplicate_nothing(live_server):
    """8 writers post 10,000 statements with shared ids; all stored once."""
    save_client("load", "load-key", "load-secret", ["all"])
    authorization = "Basic " + base64.b64encode(b"load-key:load-secret").decode()
    shared_ids = [str(uuid.uuid4()) for _ in range(SHARED)]
    plans = [writer_batches(writer, shared_ids) for writer in range(WRITERS)]
    expected = {s["id"] for plan in plans for batch in plan for s in batch}

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(
            pool.map(lambda plan: post_all(live_server.url, authorization, plan), plans)
        )

    stored = list(Statement.objects.values_list("statement_id", flat=True))
    assert {status for statuses in results for status in statuses} == {200}
    assert len(stored) == len(set(stored))
    assert {str(statement_id) for statement_id in stored} == expected
    assert len(expected) == TOTAL
    assert StatementIndexEntry.objects.values("statement_id").distinct().count() == len(
        expected
    )
