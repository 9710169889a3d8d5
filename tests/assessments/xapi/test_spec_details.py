"""Finer rules of the specification: headers, comparison, groups, arrays."""

import importlib
import json
import uuid
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from assessments.xapi.keys import agent_key
from assessments.xapi.models import Statement, StatementIndexEntry

from .conftest import make_statement

ACTIVITY = "http://example.org/a"
GROUP_MEMBER = {"mbox": "mailto:member@example.org"}
GROUP = {
    "objectType": "Group",
    "name": "Team A",
    "member": [GROUP_MEMBER, {"mbox": "mailto:second@example.org"}],
}


@pytest.mark.parametrize("header", ["0.9", "3.0.0", "nonsense"])
def test_about_answers_whatever_version_a_request_names(client, header):
    """about must not reject a request for its version header."""
    response = client.get("/xapi/about", headers={"X-Experience-API-Version": header})

    assert response.status_code == 200
    assert response.json()["version"] == ["1.0.3", "2.0.0"]


def test_every_statements_response_says_how_consistent_it_is(lrs):
    """POST, PUT, GET by id and errors carry Consistent-Through too."""
    statement_id = str(uuid.uuid4())
    responses = {
        "post": lrs.post_statements(make_statement()),
        "put": lrs.send(
            "PUT", "statements", make_statement(), params={"statementId": statement_id}
        ),
        "get one": lrs.get("statements", {"statementId": statement_id}),
        "missing": lrs.get("statements", {"statementId": str(uuid.uuid4())}),
        "invalid": lrs.post_statements({"actor": "nobody"}),
    }

    statuses = {name: r.status_code for name, r in responses.items()}
    assert statuses == {
        "post": 200,
        "put": 204,
        "get one": 200,
        "missing": 404,
        "invalid": 400,
    }
    stored = Statement.objects.get(statement_id=statement_id).stored_at
    through = responses["get one"]["X-Experience-API-Consistent-Through"]
    assert through.endswith("Z")
    assert through >= stored.isoformat(timespec="microseconds").replace("+00:00", "Z")
    for response in responses.values():
        assert response["X-Experience-API-Consistent-Through"]


def test_single_context_activities_are_returned_as_arrays(lrs):
    """A contextActivities value sent as one object comes back as an array."""
    parent = {"id": "http://example.org/track", "objectType": "Activity"}
    statement = make_statement(
        context={"contextActivities": {"parent": parent, "grouping": [parent]}}
    )
    statement_id = lrs.post_statements(statement).json()[0]

    exact = lrs.get("statements", {"statementId": statement_id}).json()
    listed = lrs.get(
        "statements", {"activity": parent["id"], "related_activities": "true"}
    )

    assert exact["context"]["contextActivities"] == {
        "parent": [parent],
        "grouping": [parent],
    }
    assert listed.json()["statements"][0]["context"]["contextActivities"]["parent"] == [
        parent
    ]


def sub_statement(timestamp: str) -> dict:
    """Return a sub-statement with a timestamp."""
    inner = make_statement(timestamp=timestamp)
    return {"objectType": "SubStatement", **inner}


def attachment(language: str) -> dict:
    """Return an attachment header with a display in one language."""
    return {
        "usageType": "http://example.org/usage/report",
        "display": {language: "Report"},
        "contentType": "text/plain",
        "length": 4,
        "sha2": "a" * 64,
        "fileUrl": "http://example.org/report.txt",
    }


def put_twice(lrs, first: dict, second: dict) -> int:
    """PUT a statement, then another under the same id; return the 2nd status."""
    statement_id = str(uuid.uuid4())
    params = {"statementId": statement_id}
    assert lrs.send("PUT", "statements", first, params=params).status_code == 204
    return lrs.send("PUT", "statements", second, params=params).status_code


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            {"timestamp": "2026-12-03T12:17:00.123+02:00"},
            {"timestamp": "2026-12-03T10:17:00.123Z"},
        ),
        (
            {"actor": {"mbox": "mailto:learner@Example.ORG"}},
            {"actor": {"mbox": "mailto:learner@example.org"}},
        ),
        (
            {"verb": {"id": "http://example.org/verbs/did", "display": {"en": "did"}}},
            {"verb": {"id": "http://example.org/verbs/did", "display": {"nl": "deed"}}},
        ),
        (
            {
                "object": {
                    "id": "http://example.org/a",
                    "definition": {"name": {"en": "A"}},
                }
            },
            {"object": {"id": ACTIVITY}},
        ),
        (
            {"actor": GROUP},
            {"actor": {**GROUP, "member": list(reversed(GROUP["member"]))}},
        ),
        (
            {"result": {"duration": "P1DT12H36M0.1237S"}},
            {"result": {"duration": "P1DT12H36M0.12S"}},
        ),
        (
            {"result": {"duration": "PT1.5S"}},
            {"result": {"duration": "PT1.50S"}},
        ),
        (
            {"actor": {"mbox_sha1sum": "A" * 40}},
            {"actor": {"mbox_sha1sum": "a" * 40}},
        ),
        (
            {"object": sub_statement("2026-12-03T12:17:00+02:00")},
            {"object": sub_statement("2026-12-03T10:17:00Z")},
        ),
        (
            {"attachments": [attachment("en-US")]},
            {"attachments": [attachment("en-us")]},
        ),
        (
            {"context": {"registration": "3F2504E0-4F89-41D3-9A0C-0305E82C3301"}},
            {"context": {"registration": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}},
        ),
        (
            {
                "context": {
                    "contextActivities": {"parent": {"id": "http://example.org/t"}}
                }
            },
            {
                "context": {
                    "contextActivities": {"parent": [{"id": "http://example.org/t"}]}
                }
            },
        ),
    ],
    ids=[
        "timestamp-zone",
        "mbox-domain-case",
        "verb-display",
        "definition",
        "member-order",
        "duration-beyond-hundredths",
        "duration-trailing-zero",
        "sha1sum-case",
        "sub-statement-timestamp-zone",
        "attachment-language-case",
        "uuid-case",
        "single-activity",
    ],
)
def test_differences_the_spec_exempts_do_not_conflict(lrs, first, second):
    """A resend that differs only by an immutability exception is the same."""
    status = put_twice(lrs, make_statement(**first), make_statement(**second))

    assert status == 204
    assert Statement.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"result": {"duration": "PT1H"}}, {"result": {"duration": "PT60M"}}),
        (
            {"timestamp": "2026-12-03T10:17:00Z"},
            {"timestamp": "2026-12-03T10:17:01Z"},
        ),
        (
            {"actor": {"mbox": "mailto:Learner@example.org"}},
            {"actor": {"mbox": "mailto:learner@example.org"}},
        ),
    ],
    ids=["duration-text", "other-moment", "mbox-local-part"],
)
def test_other_differences_still_conflict(lrs, first, second):
    """A duration is compared as text; other content differences are real."""
    status = put_twice(lrs, make_statement(**first), make_statement(**second))

    assert status == 409
    assert Statement.objects.count() == 1


def agent_param(agent: dict) -> str:
    """Return an agent query parameter."""
    return json.dumps(agent)


def test_the_agent_filter_matches_members_of_a_group(lrs):
    """A group actor or object matches an agent that is one of its members."""
    as_actor = lrs.post_statements(make_statement(actor=GROUP)).json()[0]
    as_object = lrs.post_statements(
        make_statement(actor={"mbox": "mailto:teacher@example.org"}, object={**GROUP})
    ).json()[0]
    in_context = lrs.post_statements(
        make_statement(
            actor={"mbox": "mailto:teacher@example.org"}, context={"team": GROUP}
        )
    ).json()[0]

    found = lrs.get("statements", {"agent": agent_param(GROUP_MEMBER)})
    related = lrs.get(
        "statements", {"agent": agent_param(GROUP_MEMBER), "related_agents": "true"}
    )

    ids = {statement["id"] for statement in found.json()["statements"]}
    related_ids = {statement["id"] for statement in related.json()["statements"]}
    assert ids == {as_actor, as_object}
    assert related_ids == {as_actor, as_object, in_context}


def stored_before_migration():
    """Return the data migration that brings older statements up to date."""
    return importlib.import_module(
        "assessments.xapi.migrations.0004_normalise_stored_statements"
    )


def test_the_migration_adds_member_entries_to_statements_stored_before(lrs):
    """Group statements stored without member entries get them, along chains."""
    migration = stored_before_migration()
    as_actor = lrs.post_statements(make_statement(actor=GROUP)).json()[0]
    as_object = lrs.post_statements(
        make_statement(actor={"mbox": "mailto:teacher@example.org"}, object=GROUP)
    ).json()[0]
    first_reference = lrs.post_statements(
        make_statement(object={"objectType": "StatementRef", "id": as_actor})
    ).json()[0]
    second_reference = lrs.post_statements(
        make_statement(object={"objectType": "StatementRef", "id": first_reference})
    ).json()[0]
    member_keys = [agent_key(member) for member in GROUP["member"]]
    member_entries = StatementIndexEntry.objects.filter(
        kind=StatementIndexEntry.Kind.AGENT, key__in=member_keys
    )
    # As stored before the rule: no entries for the members.
    member_entries.delete()
    before = lrs.get("statements", {"agent": agent_param(GROUP_MEMBER)})

    migration.add_member_entries(apps, None)
    migration.add_member_entries(apps, None)

    after = lrs.get("statements", {"agent": agent_param(GROUP_MEMBER)})
    assert before.json()["statements"] == []
    assert {s["id"] for s in after.json()["statements"]} == {
        as_actor,
        as_object,
        first_reference,
        second_reference,
    }
    # Two members on each of the four statements, and none twice.
    assert member_entries.count() == 8


def test_the_migration_makes_single_context_activities_arrays(lrs):
    """Statements stored with a single context activity get an array."""
    migration = stored_before_migration()
    parent = {"id": "http://example.org/track"}
    single = make_statement(context={"contextActivities": {"parent": [parent]}})
    nested = make_statement(
        object={
            "objectType": "SubStatement",
            **make_statement(context={"contextActivities": {"other": [parent]}}),
        }
    )
    untouched = make_statement()
    ids = [lrs.post_statements(s).json()[0] for s in (single, nested, untouched)]
    rows = {row.data["id"]: row for row in Statement.objects.all()}
    # Write them back as the LRS stored them before the rule.
    rows[ids[0]].data["context"]["contextActivities"]["parent"] = parent
    rows[ids[1]].data["object"]["context"]["contextActivities"]["other"] = parent
    Statement.objects.bulk_update(rows.values(), ["data"])

    migration.make_context_activities_arrays(
        apps, SimpleNamespace(connection=connection)
    )

    got = [lrs.get("statements", {"statementId": i}).json() for i in ids]
    assert got[0]["context"]["contextActivities"] == {"parent": [parent]}
    assert got[1]["object"]["context"]["contextActivities"] == {"other": [parent]}
    assert got[2] == rows[ids[2]].data


def test_the_migration_writes_older_timestamps_in_utc(lrs):
    """Timestamps stored with their offset before the UTC rule get UTC text."""
    migration = importlib.import_module(
        "assessments.xapi.migrations.0005_timestamps_in_utc"
    )
    sent = {
        "2026-12-03T12:17:00.1234567+02:00": "2026-12-03T10:17:00.1234567Z",
        "2026-12-02T23:30:00-01:30": "2026-12-03T01:00:00Z",
        "2026-12-03T10:17:00.5z": "2026-12-03T10:17:00.5Z",
        "2026-12-03T10:17:00.25Z": "2026-12-03T10:17:00.25Z",
        "2027-01-01t00:30:00.5+02:00": "2026-12-31T22:30:00.5Z",
        "2026-12-03T15:47:00+0530": "2026-12-03T10:17:00Z",
    }
    ids = {
        lrs.post_statements(make_statement(timestamp=text)).json()[0]: text
        for text in sent
    }
    rows = list(Statement.objects.all())
    # Write them back as the LRS stored them before the rule.
    for row in rows:
        row.data["timestamp"] = ids[row.data["id"]]
    Statement.objects.bulk_update(rows, ["data"])
    moments = dict(Statement.objects.values_list("statement_id", "timestamp_at"))

    migration.write_timestamps_in_utc(apps, SimpleNamespace(connection=connection))

    for statement_id, text in ids.items():
        got = lrs.get("statements", {"statementId": statement_id}).json()
        assert got["timestamp"] == sent[text]
    assert dict(Statement.objects.values_list("statement_id", "timestamp_at")) == (
        moments
    )


def test_alternate_syntax_reads_headers_sent_as_real_headers(make_client):
    """Headers left out of the form still count in the 1.0.3 alternate syntax."""
    authorization = make_client(["all"])
    statement_id = str(uuid.uuid4())
    client = Client()
    real_headers = {
        "Authorization": authorization,
        "X-Experience-API-Version": "1.0.3",
    }
    put = client.post(
        "/xapi/statements?method=PUT",
        urlencode(
            {
                "statementId": statement_id,
                "content": json.dumps(make_statement()),
                "Content-Type": "application/json",
            }
        ),
        content_type="application/x-www-form-urlencoded",
        headers=real_headers,
    )
    mixed = client.post(
        "/xapi/statements?method=GET",
        urlencode({"statementId": statement_id, "X-Experience-API-Version": "1.0.3"}),
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": authorization},
    )

    assert put.status_code == 204
    assert mixed.status_code == 200
    assert mixed.json()["id"] == statement_id


def test_activities_and_agents_answer_with_an_etag(lrs):
    """GET on activities and agents has an ETag; a matching If-None-Match 304s."""
    activity = lrs.get("activities", {"activityId": "http://example.org/a"})
    agent = lrs.get("agents", {"agent": agent_param(GROUP_MEMBER)})
    again = lrs.get(
        "activities",
        {"activityId": "http://example.org/a"},
        headers={"If-None-Match": activity["ETag"]},
    )

    weak = lrs.get(
        "agents",
        {"agent": agent_param(GROUP_MEMBER)},
        headers={"If-None-Match": "W/" + agent["ETag"]},
    )
    any_tag = lrs.get(
        "agents", {"agent": agent_param(GROUP_MEMBER)}, headers={"If-None-Match": "*"}
    )
    other = lrs.get(
        "agents", {"agent": agent_param(GROUP_MEMBER)}, headers={"If-None-Match": '"x"'}
    )

    assert activity["ETag"].startswith('"') and agent["ETag"].startswith('"')
    assert activity["ETag"] != agent["ETag"]
    assert (again.status_code, weak.status_code, any_tag.status_code) == (304,) * 3
    assert other.status_code == 200


def test_a_document_id_list_says_when_it_last_changed(lrs):
    """GET without a document id has Last-Modified of the newest document."""
    params = {"activityId": "http://example.org/a", "agent": agent_param(GROUP_MEMBER)}
    empty = lrs.get("activities/state", params)
    lrs.send("PUT", "activities/state", {"v": 1}, params={**params, "stateId": "s"})

    listed = lrs.get("activities/state", params)

    assert "Last-Modified" not in empty
    assert listed.json() == ["s"]
    assert listed["Last-Modified"].endswith("GMT")


@pytest.mark.parametrize("path", ["nonexistent", "statements/", "agents/x/y"])
def test_unknown_paths_under_the_endpoint_are_answered_by_the_lrs(lrs, path):
    """No redirect and no site page: a JSON 404 with the version header."""
    response = lrs.get(path)

    assert response.status_code == 404
    assert response["X-Experience-API-Version"] == lrs.version
    assert response.json()["error"]["status"] == 404


@pytest.mark.parametrize(
    ("sent", "returned"),
    [
        ("2026-12-03T12:17:00.123456+02:00", "2026-12-03T10:17:00.123456Z"),
        ("2026-12-03T00:30:00-01:30", "2026-12-03T02:00:00Z"),
        ("2026-12-03T10:17:00.5Z", "2026-12-03T10:17:00.5Z"),
    ],
)
def test_timestamps_are_returned_in_utc_with_their_precision(lrs, sent, returned):
    """A timestamp with an offset comes back in UTC, the same moment."""
    statement_id = lrs.post_statements(make_statement(timestamp=sent)).json()[0]

    got = lrs.get("statements", {"statementId": statement_id}).json()

    assert got["timestamp"] == returned


def test_pages_merge_both_sides_of_a_filter_with_many_entries(lrs, monkeypatch):
    """An agent both in the actor column and in many groups pages correctly."""
    from assessments.xapi import services

    monkeypatch.setattr(services, "INLINE_IDS", 2)
    own = make_statement(actor=GROUP_MEMBER)
    in_group = make_statement(actor=GROUP)
    stored = [
        lrs.post_statements(own if index % 2 else in_group).json()[0]
        for index in range(7)
    ]
    lrs.post_statements(make_statement())  # someone else

    pages = [lrs.get("statements", {"agent": agent_param(GROUP_MEMBER), "limit": 3})]
    while pages[-1].json()["more"]:
        pages.append(lrs.client.get(pages[-1].json()["more"], headers=lrs.headers({})))
    ascending = lrs.get(
        "statements",
        {"agent": agent_param(GROUP_MEMBER), "limit": 10, "ascending": "true"},
    )

    listed = [s["id"] for page in pages for s in page.json()["statements"]]
    assert [len(page.json()["statements"]) for page in pages] == [3, 3, 1]
    assert listed == list(reversed(stored))
    assert [s["id"] for s in ascending.json()["statements"]] == stored
