"""Fixtures for the Learning Record Store tests."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from assessments.xapi.auth import credential_cache, save_client

VERSIONS = ["1.0.3", "2.0.0"]


def basic_header(key: str, secret: str) -> str:
    """Return an HTTP Basic Authorization header value."""
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return f"Basic {token}"


def make_statement(**overrides: Any) -> dict[str, Any]:
    """Return a small valid statement, with overrides applied."""
    statement: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "nl-NL": "voltooide"},
        },
        "object": {
            "objectType": "Activity",
            "id": "http://example.org/units/welding-1",
            "definition": {"name": {"en-US": "Welding 1", "nl-NL": "Lassen 1"}},
        },
    }
    statement.update(overrides)
    return statement


class LRS:
    """A test client that speaks xAPI: version header and credentials."""

    def __init__(self, client: Client, authorization: str, version: str) -> None:
        self.client = client
        self.authorization = authorization
        self.version = version

    def headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        """Return the default xAPI headers merged with extra ones."""
        headers = {"X-Experience-API-Version": self.version}
        if self.authorization:
            headers["Authorization"] = self.authorization
        headers.update(extra or {})
        return headers

    def get(self, path: str, params: dict | None = None, headers: dict | None = None):
        """Send a GET request."""
        return self.client.get(
            "/xapi/" + path, params or {}, headers=self.headers(headers)
        )

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        headers: dict | None = None,
        content_type: str = "application/json",
    ):
        """Send a request with a body; dicts and lists are sent as JSON."""
        if isinstance(body, dict | list):
            body = json.dumps(body)
        query = ""
        if params:
            from urllib.parse import urlencode

            query = "?" + urlencode(params)
        handler = getattr(self.client, method.lower())
        return handler(
            "/xapi/" + path + query,
            data=body if body is not None else "",
            content_type=content_type,
            headers=self.headers(headers),
        )

    def post_statements(self, body: Any, **kwargs: Any):
        """POST statements."""
        return self.send("POST", "statements", body, **kwargs)


@pytest.fixture(autouse=True)
def _fresh_credential_cache():
    """Start every test without remembered credentials."""
    credential_cache.clear()
    yield
    credential_cache.clear()


@pytest.fixture
def make_client(db) -> Callable[..., str]:
    """Create an LRS client and return its Authorization header."""

    def make(scopes: list[str] | None = None, name: str | None = None) -> str:
        name = name or "client-" + uuid.uuid4().hex[:8]
        key, secret = name + "-key", "secret-" + name
        save_client(name, key, secret, scopes or ["all"])
        return basic_header(key, secret)

    return make


@pytest.fixture(params=VERSIONS)
def version(request) -> str:
    """Run the test once per supported xAPI version."""
    return request.param


@pytest.fixture
def lrs(make_client, version) -> LRS:
    """Return an xAPI test client with scope all, per version."""
    return LRS(Client(), make_client(["all"]), version)


@pytest.fixture
def lrs_for(make_client) -> Callable[..., LRS]:
    """Return a factory of xAPI test clients with chosen scopes and version."""

    def make(scopes: list[str] | None = None, version: str = "1.0.3") -> LRS:
        return LRS(Client(), make_client(scopes), version)

    return make
