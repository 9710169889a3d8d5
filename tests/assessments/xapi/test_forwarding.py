"""Forwarding of accepted statements to an external LRS through tincan."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assessments.xapi import services
from assessments.xapi.tasks import forward_statements_task

from .conftest import make_statement


@dataclass
class FakeRemote:
    """A stand-in external LRS that records requests and answers as told."""

    url: str
    requests: list[dict] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


def _handler(remote: FakeRemote) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length))
            remote.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            status = remote.statuses.pop(0) if remote.statuses else 200
            answer = json.dumps([s.get("id") for s in body]).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler


@pytest.fixture
def remote(settings) -> Iterator[FakeRemote]:
    """Run a fake external LRS and point the forwarding settings at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(FakeRemote("")))
    fake = FakeRemote(f"http://127.0.0.1:{server.server_port}/xapi/")
    server.RequestHandlerClass = _handler(fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.XAPI_FORWARD_ENDPOINT = fake.url
    settings.XAPI_FORWARD_USERNAME = "forward-key"
    settings.XAPI_FORWARD_PASSWORD = "forward-secret"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_remote(settings) -> Iterator[list[socket.socket]]:
    """Accept connections on a socket that never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.XAPI_FORWARD_ENDPOINT = (
        f"http://127.0.0.1:{listener.getsockname()[1]}/xapi/"
    )
    settings.XAPI_FORWARD_TIMEOUT_SECONDS = 0.2
    yield accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def queued(monkeypatch) -> list[list[str]]:
    """Record the statement ids handed to the forwarding task."""
    calls: list[list[str]] = []
    monkeypatch.setattr(forward_statements_task, "delay", calls.append)
    return calls


def test_forwarding_is_off_without_an_endpoint(
    lrs, remote, settings, queued, django_capture_on_commit_callbacks
):
    """With XAPI_FORWARD_ENDPOINT empty nothing leaves the platform."""
    settings.XAPI_FORWARD_ENDPOINT = ""

    with django_capture_on_commit_callbacks(execute=True):
        response = lrs.post_statements(make_statement())

    assert response.status_code == 200
    assert queued == []
    assert remote.requests == []


def test_accepted_statements_are_forwarded_after_commit(
    lrs, remote, django_capture_on_commit_callbacks
):
    """A stored batch is sent once, with the forwarding credentials."""
    statements = [make_statement(), make_statement(result={"success": True})]

    with django_capture_on_commit_callbacks(execute=True):
        response = lrs.post_statements(statements)

    assert response.status_code == 200
    assert len(remote.requests) == 1
    sent = remote.requests[0]
    assert sent["path"].split("?")[0] == "/xapi/statements"
    assert sent["headers"]["X-Experience-API-Version"] == "1.0.3"
    expected_auth = base64.b64encode(b"forward-key:forward-secret").decode()
    assert sent["headers"]["Authorization"] == f"Basic {expected_auth}"
    assert [s["id"] for s in sent["body"]] == response.json()
    assert sent["body"][1]["result"] == {"success": True}
    assert sent["body"][0]["actor"]["mbox"] == "mailto:learner@example.org"
    for statement in sent["body"]:
        assert not {"stored", "authority"} & statement.keys()
        assert statement["version"] == "1.0.3"


def test_a_resent_statement_is_not_forwarded_again(
    lrs, remote, queued, django_capture_on_commit_callbacks
):
    """An identical re-send stores nothing, so nothing new is forwarded."""
    statement_id = "5d0a8a9e-2c55-4a53-9d4f-4b3c2f1e0a11"
    statement = make_statement(id=statement_id)
    with django_capture_on_commit_callbacks(execute=True):
        lrs.post_statements(statement)

    with django_capture_on_commit_callbacks(execute=True):
        response = lrs.post_statements(statement)

    assert response.status_code == 200
    assert queued == [[statement_id]]


@pytest.fixture
def retrying(monkeypatch) -> None:
    """Run retries in-process to the end, as a worker would run them later."""
    conf = forward_statements_task.app.conf
    monkeypatch.setitem(conf, "task_eager_propagates", False)


def test_a_refused_batch_is_retried_until_accepted(remote, db, retrying):
    """A 503 from the external LRS makes the task retry; the retry sends."""
    ids = services.store_statements([make_statement()])
    remote.statuses = [503, 503]

    result = forward_statements_task.apply(args=[ids])

    assert [r["body"][0]["id"] for r in remote.requests] == ids * 3
    assert result.get() == 1


def test_retries_back_off_and_stop(remote, db, settings, retrying):
    """The task backs off exponentially and gives up after its maximum."""
    ids = services.store_statements([make_statement()])
    remote.statuses = [500] * 20

    result = forward_statements_task.apply(args=[ids])

    assert forward_statements_task.retry_backoff == 5
    assert forward_statements_task.retry_backoff_max == 600
    assert forward_statements_task.retry_jitter is True
    assert result.failed()
    assert len(remote.requests) == settings.XAPI_FORWARD_MAX_RETRIES + 1


def test_an_unresponsive_lrs_times_out_instead_of_hanging(silent_remote, db, retrying):
    """tincan sets no timeout; the task's socket timeout ends each attempt."""
    ids = services.store_statements([make_statement()])

    result = forward_statements_task.apply(args=[ids])

    assert result.failed()
    assert isinstance(result.result, OSError)
    assert len(silent_remote) == forward_statements_task.max_retries + 1
    assert socket.getdefaulttimeout() is None


def test_a_failed_forward_does_not_fail_the_request(
    lrs, silent_remote, django_capture_on_commit_callbacks
):
    """The statements are committed before forwarding; the client gets 200."""
    with django_capture_on_commit_callbacks(execute=True):
        response = lrs.post_statements(make_statement())

    assert response.status_code == 200
    assert services.get_statement(response.json()[0]) is not None
