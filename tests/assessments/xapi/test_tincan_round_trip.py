"""A round trip with the real tincan RemoteLRS against the live test server."""

import json
import uuid

import pytest
from tincan import (
    Activity,
    ActivityProfileDocument,
    Agent,
    AgentProfileDocument,
    RemoteLRS,
    StateDocument,
    Statement,
    Verb,
)
from tincan.http_request import HTTPRequest

from assessments.xapi.auth import save_client

# Serialized, like every test with a live server: a flush would otherwise
# recreate content types the next serialized test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEARNER = Agent(mbox="mailto:tincan-learner@example.org", name="Learner")
UNIT = Activity(id="http://example.org/units/tincan")
COMPLETED = Verb(id="http://adlnet.gov/expapi/verbs/completed")
ATTEMPTED = Verb(id="http://adlnet.gov/expapi/verbs/attempted")


@pytest.fixture
def remote(live_server) -> RemoteLRS:
    """Return a tincan client for the live LRS with scope all."""
    save_client("tincan", "tincan-key", "tincan-secret", ["all"])
    return RemoteLRS(
        endpoint=live_server.url + "/xapi/",
        username="tincan-key",
        password="tincan-secret",
        version="1.0.3",
    )


def test_tincan_saves_and_retrieves_statements(remote):
    """Single and batch saves come back through retrieve and query."""
    single = Statement(actor=LEARNER, verb=COMPLETED, object=UNIT)
    batch = [Statement(actor=LEARNER, verb=ATTEMPTED, object=UNIT) for _ in range(3)]

    saved = remote.save_statement(single)
    saved_batch = remote.save_statements(batch)
    retrieved = remote.retrieve_statement(saved.content.id)
    queried = remote.query_statements({"agent": LEARNER, "verb": ATTEMPTED})

    assert saved.success and saved_batch.success
    assert retrieved.content.verb.id == COMPLETED.id
    assert len(queried.content.statements) == 3


def test_tincan_follows_more_links(remote):
    """tincan's more_statements walks every page of a query."""
    remote.save_statements(
        [Statement(actor=LEARNER, verb=COMPLETED, object=UNIT) for _ in range(5)]
    )
    seen = []

    page = remote.query_statements({"agent": LEARNER, "limit": 2, "ascending": True})
    while True:
        assert page.success
        seen.extend(statement.id for statement in page.content.statements)
        if not page.content.more:
            break
        page = remote.more_statements(page.content)

    assert len(seen) == 5
    assert len(set(seen)) == 5


def test_tincan_stores_state_and_profiles(remote):
    """State, activity profile and agent profile documents round-trip."""
    registration = str(uuid.uuid4())
    state = StateDocument(
        id="progress",
        activity=UNIT,
        agent=LEARNER,
        content='{"page": 3}',
        content_type="application/json",
    )
    activity_profile = ActivityProfileDocument(
        id="settings", activity=UNIT, content="abc", content_type="text/plain"
    )
    agent_profile = AgentProfileDocument(
        id="preferences", agent=LEARNER, content="xyz", content_type="text/plain"
    )

    assert remote.save_state(state).success
    assert remote.save_activity_profile(activity_profile).success
    assert remote.save_agent_profile(agent_profile).success
    got_state = remote.retrieve_state(UNIT, LEARNER, "progress")
    got_ids = remote.retrieve_state_ids(UNIT, LEARNER)
    other_registration = remote.retrieve_state_ids(
        UNIT, LEARNER, registration=registration
    )
    got_activity = remote.retrieve_activity_profile(UNIT, "settings")
    got_agent = remote.retrieve_agent_profile(LEARNER, "preferences")

    assert got_state.content.content == b'{"page": 3}'
    assert got_ids.content == ["progress"]
    assert other_registration.content == []
    assert got_activity.content.content == b"abc"
    assert got_agent.content.content == b"xyz"


def test_tincan_reads_about(remote):
    """tincan's transport reads the about resource and its 1.0.3 entry.

    tincan's own ``About`` parser knows no version after 1.0.3 and rejects
    the "2.0.0" entry, so the versions are read from the raw body here.
    """
    response = remote._send_request(HTTPRequest(method="GET", resource="about"))

    assert response.success
    versions = json.loads(response.data)["version"]
    assert versions == ["1.0.3", "2.0.0"]
