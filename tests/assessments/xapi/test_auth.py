"""Authentication, scopes, cached credentials, sessions and client management."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.test import Client

from assessments.xapi import auth
from assessments.xapi.models import LRSClient

from .conftest import LRS, basic_header, make_statement

OWN_ACTOR = {"mbox": "mailto:own@example.org"}


def resolve_actor(user):
    """Map every test user to one actor, as the lms app will."""
    return OWN_ACTOR


def test_a_request_without_credentials_is_a_401(db):
    """No Authorization header and no session: 401 with a Basic challenge."""
    response = Client().get(
        "/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "authorization",
    [
        basic_header("unknown", "secret"),
        "Basic not-base64!",
        "Bearer token",
    ],
)
def test_bad_credentials_are_a_401(db, make_client, authorization):
    """Unknown keys, malformed headers and other schemes are refused."""
    make_client(["all"])

    response = LRS(Client(), authorization, "1.0.3").get("statements")

    assert response.status_code == 401


def test_a_wrong_secret_or_an_inactive_client_is_a_401(db):
    """The secret must match and the client must be active."""
    auth.save_client("h5p", "h5p-key", "right", ["all"])
    wrong = LRS(Client(), basic_header("h5p-key", "wrong"), "1.0.3")
    right = LRS(Client(), basic_header("h5p-key", "right"), "1.0.3")

    wrong_response = wrong.get("statements")
    LRSClient.objects.update(is_active=False)
    auth.credential_cache.clear()
    inactive_response = right.get("statements")

    assert (wrong_response.status_code, inactive_response.status_code) == (401, 401)


@pytest.mark.parametrize(
    ("scopes", "method", "path", "status"),
    [
        (["statements/write"], "POST", "statements", 200),
        (["statements/write"], "GET", "statements", 403),
        (["statements/read"], "GET", "statements", 200),
        (["statements/read"], "POST", "statements", 403),
        (["all/read"], "GET", "statements", 200),
        (["all/read"], "PUT", "activities/state", 403),
        (["all/read"], "GET", "activities/state", 200),
        (["state"], "PUT", "activities/state", 204),
        (["state"], "PUT", "agents/profile", 403),
        (["profile"], "PUT", "agents/profile", 204),
        (["define"], "POST", "statements", 403),
    ],
)
def test_scopes_limit_what_a_client_may_do(lrs_for, scopes, method, path, status):
    """A client outside its scopes gets a 403."""
    lrs = lrs_for(scopes)
    agent = json.dumps({"mbox": "mailto:learner@example.org"})
    params = {
        "activities/state": {
            "activityId": "http://example.org/a",
            "agent": agent,
            "stateId": "s",
        },
        "agents/profile": {"agent": agent, "profileId": "p"},
        "statements": {},
    }[path]

    if method == "GET":
        response = lrs.get(path, params)
    else:
        body = make_statement() if path == "statements" else {"a": 1}
        response = lrs.send(method, path, body, params=params)

    assert response.status_code in ((200, 404) if status == 200 else (status,))


def test_read_mine_sees_only_statements_of_its_own_authority(lrs_for, make_client):
    """statements/read/mine limits reads to what the client itself stored."""
    writer = lrs_for(["statements/write", "statements/read/mine"])
    other = lrs_for(["statements/write"])
    own_id = writer.post_statements(make_statement()).json()[0]
    other_id = other.post_statements(make_statement()).json()[0]

    listed = writer.get("statements").json()["statements"]
    foreign = writer.get("statements", {"statementId": other_id})

    assert [statement["id"] for statement in listed] == [own_id]
    assert foreign.status_code == 404


def test_verified_credentials_are_cached_without_the_secret(db, monkeypatch):
    """The key derivation runs once; the cache holds only an HMAC."""
    auth.save_client("vr", "vr-key", "vr-secret", ["all"])
    calls = []

    def counting_check(password, encoded):
        calls.append(1)
        return check_password(password, encoded)

    monkeypatch.setattr(auth, "check_password", counting_check)
    lrs = LRS(Client(), basic_header("vr-key", "vr-secret"), "1.0.3")

    statuses = [lrs.get("statements").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert len(calls) == 1
    assert all(b"vr-secret" not in key for key in auth.credential_cache._entries)


def test_changing_a_secret_invalidates_the_cache(db):
    """After an update the old secret is refused at once."""
    auth.save_client("sim", "sim-key", "old", ["all"])
    old = LRS(Client(), basic_header("sim-key", "old"), "1.0.3")
    assert old.get("statements").status_code == 200

    auth.save_client("sim", "sim-key", "new", ["all"])

    assert old.get("statements").status_code == 401


@pytest.fixture
def session_client(db) -> Client:
    """Return a test client logged in as a learner."""
    user = get_user_model().objects.create_user("learner", password="pw")
    client = Client()
    client.force_login(user)
    return client


def session_get(client: Client, path: str = "statements", params=None):
    """GET with the session instead of Basic credentials."""
    return client.get(
        "/xapi/" + path, params or {}, headers={"X-Experience-API-Version": "1.0.3"}
    )


def test_session_users_get_403_until_a_resolver_is_configured(session_client, settings):
    """Without XAPI_SESSION_ACTOR_RESOLVER the session reaches no statements."""
    settings.XAPI_SESSION_ACTOR_RESOLVER = ""

    response = session_get(session_client)

    assert response.status_code == 403


def test_session_users_read_only_their_own_statements(
    session_client, settings, lrs_for
):
    """With a resolver, a session user sees statements about themselves."""
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"
    writer = lrs_for(["all"])
    own_id = writer.post_statements(make_statement(actor=OWN_ACTOR)).json()[0]
    writer.post_statements(make_statement())

    listed = session_get(session_client).json()["statements"]

    assert [statement["id"] for statement in listed] == [own_id]


def test_session_users_may_post_only_their_own_statements(session_client, settings):
    """A session POST must be about the user's actor and pass CSRF checks."""
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"
    headers = {"X-Experience-API-Version": "1.0.3"}

    own = session_client.post(
        "/xapi/statements",
        json.dumps(make_statement(actor=OWN_ACTOR)),
        content_type="application/json",
        headers=headers,
    )
    other = session_client.post(
        "/xapi/statements",
        json.dumps(make_statement()),
        content_type="application/json",
        headers=headers,
    )

    assert (own.status_code, other.status_code) == (200, 403)


def test_session_posts_need_a_csrf_token(db, settings):
    """Cookie-authenticated writes are refused without the CSRF token."""
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"
    user = get_user_model().objects.create_user("csrf-learner", password="pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        "/xapi/statements",
        json.dumps(make_statement(actor=OWN_ACTOR)),
        content_type="application/json",
        headers={"X-Experience-API-Version": "1.0.3"},
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["rule"]


def test_session_users_cannot_use_document_resources(session_client, settings):
    """Documents belong to LRS clients only."""
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"

    response = session_get(
        session_client,
        "activities/state",
        {"activityId": "http://example.org/a", "agent": json.dumps(OWN_ACTOR)},
    )

    assert response.status_code == 403


def test_create_lrs_client_creates_then_updates(db):
    """The command creates a client and, run again, updates it."""
    output = StringIO()

    call_command(
        "create_lrs_client",
        "h5p",
        "--key",
        "h5p-key",
        "--secret",
        "one",
        "--scope",
        "statements/write",
        "--scope",
        "state",
        stdout=output,
    )
    call_command(
        "create_lrs_client", "h5p", "--key", "h5p-key2", "--scope", "all", stdout=output
    )

    client = LRSClient.objects.get(name="h5p")
    assert client.key == "h5p-key2"
    assert client.scopes == ["all"]
    assert check_password("one", client.secret_hash)
    assert output.getvalue().splitlines()[0].startswith("Created")
    assert output.getvalue().splitlines()[1].startswith("Updated")


def test_create_lrs_client_needs_a_secret_for_a_new_client(db):
    """A new client without secret is refused."""
    with pytest.raises(CommandError):
        call_command("create_lrs_client", "new", "--key", "k", stdout=StringIO())

    assert not LRSClient.objects.exists()


def test_the_admin_creates_a_client_with_a_hashed_secret(admin_client):
    """The Django admin saves the client and hashes its secret."""
    response = admin_client.post(
        "/django-admin/xapi/lrsclient/add/",
        {
            "name": "vr-trainer",
            "key": "vr-key",
            "secret": "vr-secret",
            "scopes": ["statements/write", "state"],
            "is_active": "on",
        },
    )

    client = LRSClient.objects.get(name="vr-trainer")
    assert response.status_code == 302
    assert client.scopes == ["state", "statements/write"]
    assert check_password("vr-secret", client.secret_hash)


def test_create_lrs_client_refuses_a_key_of_another_client(db):
    """Two clients never share a key."""
    auth.save_client("first", "shared-key", "one", ["all"])

    with pytest.raises(CommandError):
        call_command(
            "create_lrs_client", "second", "--key", "shared-key", "--secret", "two"
        )

    assert LRSClient.objects.get(key="shared-key").name == "first"


def test_the_admin_locks_out_a_client_and_keeps_its_secret(admin_client, lrs_for):
    """Unticking is active refuses the client at once; the secret is kept."""
    lrs = lrs_for(["all"])
    assert lrs.get("statements").status_code == 200
    client = LRSClient.objects.get()
    secret_hash = client.secret_hash

    response = admin_client.post(
        f"/django-admin/xapi/lrsclient/{client.pk}/change/",
        {"name": client.name, "key": client.key, "secret": "", "scopes": ["all"]},
    )

    client.refresh_from_db()
    assert response.status_code == 302
    assert client.is_active is False
    assert client.secret_hash == secret_hash
    assert lrs.get("statements").status_code == 401
