"""Version headers, alternate request syntax, CORS, about, activities, agents."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from assessments.xapi.models import Statement

from .conftest import make_statement


def test_about_lists_both_versions_without_credentials(client):
    """GET /xapi/about needs no credentials and no version header."""
    response = client.get("/xapi/about")

    assert response.status_code == 200
    assert response.json()["version"] == ["1.0.3", "2.0.0"]
    assert response["X-Experience-API-Version"] == "2.0.0"


@pytest.mark.parametrize(
    ("header", "status", "answered"),
    [
        ("1.0.3", 200, "1.0.3"),
        ("1.0.1", 200, "1.0.3"),
        ("2.0.0", 200, "2.0.0"),
        ("0.95", 400, "2.0.0"),
        ("3.0.0", 400, "2.0.0"),
    ],
)
def test_the_version_header_is_checked_and_answered(
    make_client, header, status, answered
):
    """Each request's version is checked; each response states one."""
    authorization = make_client(["all"])

    response = Client().get(
        "/xapi/statements",
        headers={"Authorization": authorization, "X-Experience-API-Version": header},
    )

    assert response.status_code == status
    assert response["X-Experience-API-Version"] == answered


def test_a_missing_version_header_is_a_400(make_client):
    """Every resource but about requires the version header."""
    response = Client().get(
        "/xapi/statements", headers={"Authorization": make_client(["all"])}
    )

    assert response.status_code == 400
    assert response.json()["error"]["property"] == "X-Experience-API-Version"


def alternate(authorization: str, version: str, method: str, fields: dict):
    """Send an alternate-syntax request: a form POST with method in the query."""
    form = {
        "Authorization": authorization,
        "X-Experience-API-Version": version,
        **fields,
    }
    return Client().post(
        f"/xapi/statements?method={method}",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )


def test_the_alternate_syntax_stores_and_reads_in_1_0_3(make_client):
    """1.0.3 accepts method, headers and content as form fields."""
    authorization = make_client(["all"])
    statement_id = "4a8b3c0e-5d6f-4a1b-9c2d-3e4f5a6b7c8d"

    put = alternate(
        authorization,
        "1.0.3",
        "PUT",
        {
            "statementId": statement_id,
            "Content-Type": "application/json",
            "content": json.dumps(make_statement()),
        },
    )
    got = alternate(authorization, "1.0.3", "GET", {"statementId": statement_id})

    assert put.status_code == 204
    assert got.json()["id"] == statement_id


def test_the_alternate_syntax_is_refused_in_2_0(make_client):
    """xAPI 2.0 removed the alternate request syntax."""
    response = alternate(make_client(["all"]), "2.0.0", "GET", {})

    assert response.status_code == 400
    assert response.json()["error"]["property"] == "method"


def test_the_alternate_syntax_allows_no_other_query_parameter(make_client):
    """Only method may be in the query string."""
    response = Client().post(
        "/xapi/statements?method=GET&limit=1",
        urlencode({"Authorization": make_client(["all"])}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_a_cors_preflight_is_answered_without_credentials(client):
    """Browsers may ask before posting; the LRS allows the xAPI headers."""
    response = client.options(
        "/xapi/statements",
        headers={
            "Origin": "https://h5p.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_cross_origin_responses_expose_the_xapi_headers(lrs):
    """Actual CORS responses expose ETag and the consistency header."""
    response = lrs.get("statements", headers={"Origin": "https://h5p.example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert (
        "X-Experience-API-Consistent-Through"
        in response["Access-Control-Expose-Headers"]
    )


def test_cors_is_limited_to_configured_origins(lrs, settings):
    """With a list of origins, others get no CORS headers."""
    settings.XAPI_CORS_ALLOWED_ORIGINS = ["https://allowed.example.org"]

    allowed = lrs.get("statements", headers={"Origin": "https://allowed.example.org"})
    other = lrs.get("statements", headers={"Origin": "https://evil.example.org"})

    assert allowed["Access-Control-Allow-Origin"] == "https://allowed.example.org"
    assert "Access-Control-Allow-Origin" not in other


def test_activities_returns_the_merged_definition(lrs):
    """The activity definition merges the language maps seen in statements."""
    activity = "http://example.org/units/merge-test"
    for language, name in (("en-US", "Welding"), ("nl-NL", "Lassen")):
        lrs.post_statements(
            make_statement(
                object={"id": activity, "definition": {"name": {language: name}}}
            )
        )

    response = lrs.get("activities", {"activityId": activity})

    assert response.json() == {
        "objectType": "Activity",
        "id": activity,
        "definition": {"name": {"en-US": "Welding", "nl-NL": "Lassen"}},
    }


def test_an_unknown_activity_is_returned_without_definition(lrs):
    """An activity never seen still has its id."""
    response = lrs.get("activities", {"activityId": "http://example.org/unknown"})

    assert response.json() == {
        "objectType": "Activity",
        "id": "http://example.org/unknown",
    }


def test_agents_returns_a_person(lrs):
    """The agents resource answers with a Person object."""
    agent = {"name": "Learner", "mbox": "mailto:learner@example.org"}

    response = lrs.get("agents", {"agent": json.dumps(agent)})

    assert response.json() == {
        "objectType": "Person",
        "name": ["Learner"],
        "mbox": ["mailto:learner@example.org"],
    }


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", "{not json"),
        ("application/json", '{"a": NaN}'),
        ("text/plain", "{}"),
        ("application/json", '"a string"'),
    ],
)
def test_a_malformed_body_is_a_400(lrs, content_type, body):
    """Bodies that are not a statement or array of statements are refused."""
    response = lrs.send("POST", "statements", body, content_type=content_type)

    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_a_request_over_the_size_limit_is_refused(lrs, settings):
    """The LRS refuses bodies larger than XAPI_MAX_REQUEST_BYTES."""
    settings.XAPI_MAX_REQUEST_BYTES = 100

    response = lrs.post_statements([make_statement()] * 5)

    assert response.status_code == 413


def test_definitions_of_a_client_without_define_are_not_merged(lrs_for, version):
    """Without the define scope statements are stored, definitions are not."""
    writer = lrs_for(["statements/write"], version)
    reader = lrs_for(["all"], version)
    activity = "http://example.org/units/undefined"
    statement = make_statement(
        object={"id": activity, "definition": {"name": {"en-US": "Welding"}}}
    )

    posted = writer.post_statements(statement)
    response = reader.get("activities", {"activityId": activity})

    assert posted.status_code == 200
    assert response.json() == {"objectType": "Activity", "id": activity}


def test_definitions_within_one_batch_are_merged(lrs):
    """Two language variants in one batch both reach the definition."""
    activity = "http://example.org/units/batch-merge"
    batch = [
        make_statement(object={"id": activity, "definition": {"name": names}})
        for names in ({"en-US": "Welding"}, {"nl-NL": "Lassen"})
    ]

    lrs.post_statements(batch)
    response = lrs.get("activities", {"activityId": activity})

    assert response.json()["definition"] == {
        "name": {"en-US": "Welding", "nl-NL": "Lassen"}
    }
