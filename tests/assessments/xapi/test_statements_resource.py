"""The statements resource: storing, conflicts, voiding, queries and paging."""

import json
import uuid

from assessments.xapi.models import Statement

from .conftest import make_statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def agent_param(mbox: str = "mailto:learner@example.org") -> str:
    """Return an agent query parameter."""
    return json.dumps({"mbox": mbox})


def voiding(target_id: str) -> dict:
    """Return a statement that voids the target."""
    return make_statement(
        verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target_id}
    )


def test_post_stores_a_statement_and_returns_its_id(lrs):
    """POST of one statement answers 200 with an array holding its id."""
    statement = make_statement()

    response = lrs.post_statements(statement)

    ids = response.json()
    assert response.status_code == 200
    assert len(ids) == 1
    assert Statement.objects.get(statement_id=ids[0]).data["verb"] == statement["verb"]


def test_the_lrs_sets_stored_authority_version_and_timestamp(lrs):
    """stored, authority and a missing timestamp come from the LRS."""
    statement = make_statement(
        authority={"mbox": "mailto:forged@example.org", "objectType": "Agent"}
    )

    statement_id = lrs.post_statements(statement).json()[0]
    stored = lrs.get("statements", {"statementId": statement_id}).json()

    assert stored["authority"]["account"]["homePage"].endswith("/xapi/clients")
    assert stored["timestamp"] == stored["stored"]
    expected = "1.0.0" if lrs.version == "1.0.3" else "2.0.0"
    assert stored["version"] == expected


def test_a_batch_is_stored_in_order(lrs):
    """A batch answers with the ids in the order of the statements."""
    given = [str(uuid.uuid4()) for _ in range(3)]
    batch = [make_statement(id=statement_id) for statement_id in given]

    response = lrs.post_statements(batch)

    assert response.json() == given


def test_a_batch_with_one_invalid_statement_stores_none(lrs):
    """One invalid statement makes the whole batch a 400, nothing stored."""
    batch = [make_statement(), make_statement(verb={"id": "not an iri"})]

    response = lrs.post_statements(batch)

    assert response.status_code == 400
    assert response.json()["error"]["property"] == "statements[1].verb.id"
    assert Statement.objects.count() == 0


def test_a_batch_with_a_repeated_id_is_rejected(lrs):
    """Two statements with the same id in one batch are a 400."""
    statement_id = str(uuid.uuid4())
    batch = [make_statement(id=statement_id), make_statement(id=statement_id)]

    response = lrs.post_statements(batch)

    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_put_stores_under_the_statement_id_and_answers_204(lrs):
    """PUT with statementId stores the statement and answers 204."""
    statement_id = str(uuid.uuid4())

    response = lrs.send(
        "PUT", "statements", make_statement(), params={"statementId": statement_id}
    )
    fetched = lrs.get("statements", {"statementId": statement_id})

    assert response.status_code == 204
    assert fetched.status_code == 200
    assert fetched.json()["id"] == statement_id
    assert fetched.headers["Last-Modified"]


def test_put_needs_a_statement_id_matching_the_body(lrs):
    """PUT without statementId, or with another id in the body, is a 400."""
    missing = lrs.send("PUT", "statements", make_statement())
    other = lrs.send(
        "PUT",
        "statements",
        make_statement(id=str(uuid.uuid4())),
        params={"statementId": str(uuid.uuid4())},
    )

    assert (missing.status_code, other.status_code) == (400, 400)


def test_an_identical_resend_is_accepted_and_a_different_one_conflicts(lrs):
    """Same id and content: 204 (PUT) or 200 (POST); other content: 409."""
    statement_id = str(uuid.uuid4())
    statement = make_statement(id=statement_id)
    lrs.post_statements(statement)

    same_put = lrs.send(
        "PUT", "statements", statement, params={"statementId": statement_id}
    )
    same_post = lrs.post_statements(statement)
    changed = make_statement(id=statement_id, result={"success": False})
    conflict_put = lrs.send(
        "PUT", "statements", changed, params={"statementId": statement_id}
    )
    conflict_post = lrs.post_statements(changed)

    assert same_put.status_code == 204
    assert same_post.status_code == 200
    assert (conflict_put.status_code, conflict_post.status_code) == (409, 409)
    assert Statement.objects.get().data["id"] == statement_id


def test_a_voided_statement_is_reachable_only_through_voided_statement_id(lrs):
    """After voiding, statementId gives 404 and voidedStatementId the statement."""
    target = lrs.post_statements(make_statement()).json()[0]
    voiding_id = lrs.post_statements(voiding(target)).json()[0]

    by_id = lrs.get("statements", {"statementId": target})
    by_voided_id = lrs.get("statements", {"voidedStatementId": target})
    query = lrs.get("statements").json()["statements"]
    not_voided = lrs.get("statements", {"voidedStatementId": voiding_id})

    assert by_id.status_code == 404
    assert by_voided_id.json()["id"] == target
    assert [s["id"] for s in query] == [voiding_id]
    assert not_voided.status_code == 404


def test_a_voiding_statement_cannot_be_voided(lrs):
    """Voiding a voiding statement is a 400 and changes nothing."""
    target = lrs.post_statements(make_statement()).json()[0]
    voiding_id = lrs.post_statements(voiding(target)).json()[0]

    response = lrs.post_statements(voiding(voiding_id))

    assert response.status_code == 400
    assert "voiding" in response.json()["error"]["rule"]
    assert lrs.get("statements", {"statementId": voiding_id}).status_code == 200


def test_a_statement_voided_before_it_arrives_is_stored_voided(lrs):
    """A voiding statement may come first; its target is voided on arrival."""
    target_id = str(uuid.uuid4())
    lrs.post_statements(voiding(target_id))

    lrs.post_statements(make_statement(id=target_id))

    assert lrs.get("statements", {"statementId": target_id}).status_code == 404
    voided = lrs.get("statements", {"voidedStatementId": target_id})
    assert voided.status_code == 200


def test_voiding_in_the_same_batch_voids_the_target(lrs):
    """A batch may hold a statement and the statement that voids it."""
    target_id = str(uuid.uuid4())

    lrs.post_statements([make_statement(id=target_id), voiding(target_id)])

    assert lrs.get("statements", {"statementId": target_id}).status_code == 404


def test_single_statement_parameters_exclude_query_filters(lrs):
    """statementId cannot be combined with filters or with voidedStatementId."""
    statement_id = str(uuid.uuid4())

    with_filter = lrs.get(
        "statements", {"statementId": statement_id, "verb": "http://x.org/v"}
    )
    with_both = lrs.get(
        "statements",
        {"statementId": statement_id, "voidedStatementId": statement_id},
    )

    assert (with_filter.status_code, with_both.status_code) == (400, 400)


def test_an_unknown_parameter_is_rejected(lrs):
    """A parameter the resource does not define is a 400."""
    response = lrs.get("statements", {"learner": "1"})

    assert response.status_code == 400
    assert response.json()["error"]["property"] == "learner"


def store_examples(lrs) -> dict[str, str]:
    """Store statements that differ in every filterable property."""
    registration = str(uuid.uuid4())
    examples = {
        "plain": make_statement(),
        "other_actor": make_statement(actor={"mbox": "mailto:other@example.org"}),
        "other_verb": make_statement(verb={"id": "http://example.org/verbs/tried"}),
        "with_context": make_statement(
            context={
                "registration": registration,
                "instructor": {"mbox": "mailto:teacher@example.org"},
                "contextActivities": {"parent": [{"id": "http://example.org/track"}]},
            }
        ),
        "agent_object": make_statement(
            actor={"mbox": "mailto:teacher@example.org"},
            object={"objectType": "Agent", "mbox": "mailto:learner@example.org"},
        ),
    }
    ids = {name: lrs.post_statements(s).json()[0] for name, s in examples.items()}
    ids["registration"] = registration
    return ids


def result_ids(response) -> set[str]:
    """Return the ids in a StatementResult."""
    assert response.status_code == 200
    return {statement["id"] for statement in response.json()["statements"]}


def test_query_filters_by_agent_as_actor_or_object(lrs):
    """agent matches the actor or an Agent object."""
    ids = store_examples(lrs)

    found = result_ids(lrs.get("statements", {"agent": agent_param()}))

    assert found == {
        ids[name] for name in ("plain", "other_verb", "with_context", "agent_object")
    }


def test_query_filters_by_verb_activity_and_registration(lrs):
    """verb, activity and registration each narrow the result."""
    ids = store_examples(lrs)

    by_verb = lrs.get("statements", {"verb": "http://example.org/verbs/tried"})
    by_activity = lrs.get("statements", {"activity": "http://example.org/track"})
    by_registration = lrs.get("statements", {"registration": ids["registration"]})

    assert result_ids(by_verb) == {ids["other_verb"]}
    assert result_ids(by_activity) == set()
    assert result_ids(by_registration) == {ids["with_context"]}


def test_related_activities_and_agents_widen_the_filters(lrs):
    """related_activities and related_agents also match the context."""
    ids = store_examples(lrs)

    activities = lrs.get(
        "statements",
        {"activity": "http://example.org/track", "related_activities": "true"},
    )
    agents = lrs.get(
        "statements",
        {
            "agent": agent_param("mailto:teacher@example.org"),
            "related_agents": "true",
        },
    )

    assert result_ids(activities) == {ids["with_context"]}
    assert result_ids(agents) == {ids["with_context"], ids["agent_object"]}


def test_a_statement_referencing_a_match_is_returned_with_it(lrs):
    """Filters also match statements that target a matching statement."""
    target = lrs.post_statements(
        make_statement(verb={"id": "http://example.org/verbs/built"})
    ).json()[0]
    reference = make_statement(
        verb={"id": "http://example.org/verbs/liked"},
        object={"objectType": "StatementRef", "id": target},
    )
    reference_id = lrs.post_statements(reference).json()[0]

    found = lrs.get("statements", {"verb": "http://example.org/verbs/built"})

    assert result_ids(found) == {target, reference_id}


def test_since_until_and_ascending_order_by_stored(lrs):
    """since is exclusive, until inclusive; ascending reverses the order."""
    first, second, third = (
        lrs.post_statements(make_statement()).json()[0] for _ in range(3)
    )
    stored = lrs.get("statements", {"statementId": second}).json()["stored"]

    after = lrs.get("statements", {"since": stored})
    until = lrs.get("statements", {"until": stored, "ascending": "true"})
    newest_first = lrs.get("statements").json()["statements"]

    assert result_ids(after) == {third}
    assert [s["id"] for s in until.json()["statements"]] == [first, second]
    assert [s["id"] for s in newest_first] == [third, second, first]


def test_more_links_page_through_every_statement_once(lrs):
    """limit and the more URL return every matching statement exactly once."""
    stored = {lrs.post_statements(make_statement()).json()[0] for _ in range(7)}
    seen = []

    response = lrs.get("statements", {"limit": 3, "agent": agent_param()})
    while True:
        body = response.json()
        seen.extend(statement["id"] for statement in body["statements"])
        if not body["more"]:
            break
        assert body["more"].startswith("/xapi/statements/more/")
        response = lrs.client.get(body["more"], headers=lrs.headers(None))

    assert sorted(seen) == sorted(stored)
    assert len(seen) == 7


def test_query_responses_carry_consistency_and_modification_headers(lrs):
    """Consistent-Through is always set; Last-Modified when results exist."""
    lrs.post_statements(make_statement())

    response = lrs.get("statements")

    assert response.headers["X-Experience-API-Consistent-Through"].endswith("Z")
    assert response.headers["Last-Modified"].endswith("GMT")
    assert response.headers["X-Experience-API-Version"] == lrs.version


def test_format_ids_keeps_only_identifiers(lrs):
    """format=ids strips names, definitions and verb displays."""
    statement = make_statement(
        actor={"name": "Learner", "mbox": "mailto:learner@example.org"}
    )
    statement_id = lrs.post_statements(statement).json()[0]

    found = lrs.get("statements", {"statementId": statement_id, "format": "ids"})

    body = found.json()
    assert body["actor"] == {"mbox": "mailto:learner@example.org"}
    assert body["verb"] == {"id": statement["verb"]["id"]}
    assert "definition" not in body["object"]


def test_format_canonical_keeps_the_accepted_language(lrs):
    """format=canonical reduces language maps to the best accepted language."""
    statement_id = lrs.post_statements(make_statement()).json()[0]

    found = lrs.get(
        "statements",
        {"statementId": statement_id, "format": "canonical"},
        headers={"Accept-Language": "nl-NL, en;q=0.5"},
    )

    body = found.json()
    assert body["verb"]["display"] == {"nl-NL": "voltooide"}
    assert body["object"]["definition"]["name"] == {"nl-NL": "Lassen 1"}


def test_format_canonical_gives_activities_the_merged_definition(lrs):
    """Canonical statements carry the definition the LRS merged from all."""
    parent = {"id": "http://example.org/tracks/metal", "objectType": "Activity"}
    first = make_statement(
        object={
            "id": "http://example.org/units/welding-1",
            "definition": {"name": {"en-US": "Welding 1"}},
        },
        context={"contextActivities": {"parent": [parent]}},
    )
    first_id = lrs.post_statements(first).json()[0]
    later = [
        make_statement(
            object={
                "id": "http://example.org/units/welding-1",
                "definition": {
                    "name": {"nl-NL": "Lassen 1"},
                    "description": {"nl-NL": "Basis van het lassen"},
                },
            }
        ),
        make_statement(
            object={
                "id": parent["id"],
                "definition": {"name": {"nl-NL": "Metaal", "en-US": "Metal"}},
            }
        ),
    ]
    lrs.post_statements(later)

    canonical = lrs.get(
        "statements",
        {"statementId": first_id, "format": "canonical"},
        headers={"Accept-Language": "nl"},
    ).json()
    exact = lrs.get("statements", {"statementId": first_id}).json()

    assert canonical["object"]["definition"] == {
        "name": {"nl-NL": "Lassen 1"},
        "description": {"nl-NL": "Basis van het lassen"},
    }
    assert canonical["context"]["contextActivities"]["parent"][0]["definition"] == {
        "name": {"nl-NL": "Metaal"}
    }
    assert exact["object"]["definition"] == {"name": {"en-US": "Welding 1"}}


def test_format_canonical_applies_to_query_results(lrs):
    """A canonical page uses the merged definitions for every statement."""
    lrs.post_statements(make_statement())
    lrs.post_statements(
        make_statement(
            object={
                "id": "http://example.org/units/welding-1",
                "definition": {"description": {"en-US": "Welding basics"}},
            }
        )
    )

    page = lrs.get(
        "statements", {"format": "canonical"}, headers={"Accept-Language": "en"}
    ).json()

    definitions = [s["object"]["definition"] for s in page["statements"]]
    expected = {
        "name": {"en-US": "Welding 1"},
        "description": {"en-US": "Welding basics"},
    }
    assert definitions == [expected, expected]


def test_invalid_query_parameters_are_rejected(lrs):
    """Malformed filters are 400s that name the parameter."""
    cases = {
        "agent": "{not json",
        "verb": "not an iri",
        "registration": "abc",
        "since": "yesterday",
        "limit": "-1",
        "format": "full",
        "ascending": "yes",
    }

    properties = {
        name: lrs.get("statements", {name: value}).json()["error"]["property"]
        for name, value in cases.items()
    }

    assert properties == {name: name for name in cases}


def test_an_anonymous_group_is_not_an_agent_filter(lrs):
    """The agent parameter must identify an Agent or Group."""
    group = {"objectType": "Group", "member": [{"mbox": "mailto:a@example.org"}]}

    response = lrs.get("statements", {"agent": json.dumps(group)})

    assert response.status_code == 400
