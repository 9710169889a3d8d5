"""State, activity profile and agent profile documents."""

import json
import uuid

import pytest

ACTIVITY = "http://example.org/units/welding-1"
AGENT = json.dumps({"mbox": "mailto:learner@example.org"})


def state_params(**extra) -> dict:
    """Return the parameters that address one state document."""
    return {"activityId": ACTIVITY, "agent": AGENT, "stateId": "progress", **extra}


RESOURCES = {
    "activities/state": state_params(),
    "activities/profile": {"activityId": ACTIVITY, "profileId": "settings"},
    "agents/profile": {"agent": AGENT, "profileId": "preferences"},
}


@pytest.fixture(params=list(RESOURCES))
def resource(request) -> tuple[str, dict]:
    """Run a test once per document resource."""
    return request.param, RESOURCES[request.param]


def test_put_then_get_returns_the_document_with_its_metadata(lrs, resource):
    """A stored document comes back as sent, with ETag and Last-Modified."""
    path, params = resource

    put = lrs.send(
        "PUT", path, b"plain bytes", params=params, content_type="text/plain"
    )
    got = lrs.get(path, params)

    assert put.status_code == 204
    assert got.content == b"plain bytes"
    assert got["Content-Type"] == "text/plain"
    assert got["ETag"] == put["ETag"]
    assert got["Last-Modified"].endswith("GMT")


def test_post_merges_json_objects(lrs, resource):
    """POST merges the top-level properties of two JSON objects."""
    path, params = resource
    lrs.send("POST", path, {"a": 1, "b": 1}, params=params)

    lrs.send("POST", path, {"b": 2, "c": 3}, params=params)

    assert lrs.get(path, params).json() == {"a": 1, "b": 2, "c": 3}


def test_post_onto_a_document_that_is_not_json_is_rejected(lrs, resource):
    """Merging needs both documents to be JSON objects."""
    path, params = resource
    headers = {"If-None-Match": "*"}
    lrs.send(
        "PUT", path, b"text", params=params, content_type="text/plain", headers=headers
    )

    response = lrs.send("POST", path, {"a": 1}, params=params)
    not_object = lrs.send("POST", path, [1, 2], params=params)

    assert (response.status_code, not_object.status_code) == (400, 400)
    assert lrs.get(path, params).content == b"text"


def test_if_match_and_if_none_match_guard_writes(lrs, resource):
    """A wrong If-Match or an If-None-Match on an existing document is 412."""
    path, params = resource
    etag = lrs.send("PUT", path, {"v": 1}, params=params)["ETag"]

    wrong = lrs.send(
        "PUT", path, {"v": 2}, params=params, headers={"If-Match": '"nope"'}
    )
    exists = lrs.send(
        "PUT", path, {"v": 2}, params=params, headers={"If-None-Match": "*"}
    )
    right = lrs.send("PUT", path, {"v": 3}, params=params, headers={"If-Match": etag})

    assert (wrong.status_code, exists.status_code, right.status_code) == (
        412,
        412,
        204,
    )
    assert lrs.get(path, params).json() == {"v": 3}


@pytest.mark.parametrize("path", ["activities/profile", "agents/profile"])
def test_put_over_a_profile_without_precondition_conflicts(lrs, path):
    """Replacing an existing profile needs If-Match or If-None-Match (409)."""
    params = RESOURCES[path]
    lrs.send("PUT", path, {"v": 1}, params=params)

    response = lrs.send("PUT", path, {"v": 2}, params=params)

    assert response.status_code == 409
    assert lrs.get(path, params).json() == {"v": 1}


@pytest.mark.parametrize(("version", "status"), [("1.0.3", 204), ("2.0.0", 409)])
def test_put_over_state_without_precondition_depends_on_version(
    lrs_for, version, status
):
    """Only xAPI 2.0 extends the 409 rule to the state resource."""
    lrs = lrs_for(["all"], version)
    lrs.send("PUT", "activities/state", {"v": 1}, params=state_params())

    response = lrs.send("PUT", "activities/state", {"v": 2}, params=state_params())

    assert response.status_code == status


def test_delete_with_a_wrong_if_match_keeps_the_document(lrs, resource):
    """DELETE honours If-Match."""
    path, params = resource
    lrs.send("PUT", path, {"v": 1}, params=params)

    refused = lrs.send("DELETE", path, params=params, headers={"If-Match": '"x"'})
    deleted = lrs.send("DELETE", path, params=params)

    assert (refused.status_code, deleted.status_code) == (412, 204)
    assert lrs.get(path, params).status_code == 404


def test_get_without_id_lists_the_ids_changed_since(lrs):
    """Without stateId, GET lists ids, filtered by since."""
    lrs.send("PUT", "activities/state", {"v": 1}, params=state_params(stateId="a"))
    listed = lrs.get("activities/state", {"activityId": ACTIVITY, "agent": AGENT})
    later = "2999-01-01T00:00:00Z"

    none_since = lrs.get(
        "activities/state", {"activityId": ACTIVITY, "agent": AGENT, "since": later}
    )

    assert listed.json() == ["a"]
    assert none_since.json() == []


def test_state_is_kept_per_registration_and_deleted_per_scope(lrs):
    """Registration separates state; DELETE without stateId clears a scope."""
    registration = str(uuid.uuid4())
    lrs.send("PUT", "activities/state", {"r": 0}, params=state_params(stateId="a"))
    lrs.send(
        "PUT",
        "activities/state",
        {"r": 1},
        params=state_params(stateId="b", registration=registration),
    )

    lrs.send(
        "DELETE",
        "activities/state",
        params={"activityId": ACTIVITY, "agent": AGENT, "registration": registration},
    )

    remaining = lrs.get("activities/state", {"activityId": ACTIVITY, "agent": AGENT})
    assert remaining.json() == ["a"]


@pytest.mark.parametrize(
    ("path", "params", "property_path"),
    [
        ("activities/state", {"agent": AGENT, "stateId": "s"}, "activityId"),
        ("activities/state", {"activityId": ACTIVITY, "stateId": "s"}, "agent"),
        ("activities/state", {**state_params(), "registration": "x"}, "registration"),
        ("activities/profile", {"profileId": "p"}, "activityId"),
        ("agents/profile", {"agent": "{}", "profileId": "p"}, "agent"),
    ],
)
def test_document_parameters_are_checked(lrs, path, params, property_path):
    """Missing or malformed document parameters are 400s naming them."""
    response = lrs.get(path, params)

    assert response.status_code == 400
    assert response.json()["error"]["property"].startswith(property_path)


def test_a_profile_delete_needs_its_id(lrs):
    """Profiles can only be deleted one at a time."""
    response = lrs.send("DELETE", "activities/profile", params={"activityId": ACTIVITY})

    assert response.status_code == 400
