"""related_agents and related_activities: everything "related" covers.

The specification lists what the broad filters match: for agents the actor,
object, authority, context instructor and team, and the same inside a
sub-statement; for activities the object, the context activities and a
sub-statement's object. Statements that reference a match are returned too.
Members of a group actor or team match as the group does, as in the agent
filter.
"""

import json

from assessments.xapi.models import Statement

from .conftest import make_statement

LEARNER = {"mbox": "mailto:learner@example.org"}
OTHER = {"mbox": "mailto:other@example.org"}
UNIT = "http://example.org/units/welding-1"
TRACK = "http://example.org/tracks/metal"


def ids_of(response) -> list[str]:
    """Return the ids of a StatementResult, in the order returned."""
    assert response.status_code == 200
    return [statement["id"] for statement in response.json()["statements"]]


def related_agent(lrs, agent: dict, **params) -> set[str]:
    """Return the ids the related_agents filter finds for an agent."""
    query = {"agent": json.dumps(agent), "related_agents": "true", **params}
    return set(ids_of(lrs.get("statements", query)))


def related_activity(lrs, activity: str) -> set[str]:
    """Return the ids the related_activities filter finds for an activity."""
    query = {"activity": activity, "related_activities": "true"}
    return set(ids_of(lrs.get("statements", query)))


def store(lrs, **overrides) -> str:
    """Store one statement with overrides; return its id."""
    response = lrs.post_statements(make_statement(**overrides))
    assert response.status_code == 200, response.content
    return response.json()[0]


def authority_of(statement_id: str) -> dict:
    """Return the authority the LRS wrote into a stored statement."""
    return Statement.objects.get(statement_id=statement_id).data["authority"]


def test_related_agents_covers_actor_authority_context_and_sub_statement(lrs):
    as_actor = store(lrs, actor=LEARNER)
    as_instructor = store(lrs, actor=OTHER, context={"instructor": LEARNER})
    as_member = store(
        lrs,
        actor={
            "objectType": "Group",
            "name": "Ploeg",
            "mbox": "mailto:ploeg@example.org",
            "member": [LEARNER, OTHER],
        },
    )
    as_object = store(lrs, actor=OTHER, object={"objectType": "Agent", **LEARNER})
    in_team = store(
        lrs,
        actor=OTHER,
        context={"team": {"objectType": "Group", "member": [LEARNER]}},
    )
    in_sub_statement = [
        store(lrs, actor=OTHER, object={"objectType": "SubStatement", **inner})
        for inner in (
            make_statement(actor=LEARNER),
            make_statement(actor=OTHER, object={"objectType": "Agent", **LEARNER}),
            make_statement(actor=OTHER, context={"instructor": LEARNER}),
        )
    ]
    unrelated = store(lrs, actor=OTHER)

    found = related_agent(lrs, LEARNER)
    by_authority = related_agent(lrs, authority_of(unrelated))

    related = {as_actor, as_instructor, as_member, as_object, in_team}
    assert found == related | set(in_sub_statement)
    assert by_authority == related | set(in_sub_statement) | {unrelated}


def test_related_activities_covers_object_context_and_sub_statement(lrs):
    as_object = store(lrs, object={"id": TRACK})
    in_context = [
        store(lrs, context={"contextActivities": {kind: [{"id": TRACK}]}})
        for kind in ("parent", "grouping", "category", "other")
    ]
    track_context = {"contextActivities": {"grouping": [{"id": TRACK}]}}
    in_sub_statement = [
        store(lrs, object={"objectType": "SubStatement", **inner})
        for inner in (
            make_statement(object={"objectType": "Activity", "id": TRACK}),
            make_statement(context=track_context),
        )
    ]
    store(lrs)

    found = related_activity(lrs, TRACK)

    assert found == {as_object, *in_context, *in_sub_statement}


def test_a_reference_matches_the_related_filters_of_its_target(lrs):
    target = store(lrs, actor=LEARNER, object={"id": TRACK})
    reference = store(
        lrs, actor=OTHER, object={"objectType": "StatementRef", "id": target}
    )

    assert related_agent(lrs, LEARNER) == {target, reference}
    assert related_activity(lrs, TRACK) == {target, reference}


def test_pages_of_related_agents_hold_each_statement_once_in_order(lrs):
    first = store(lrs, actor=OTHER)
    authority = authority_of(first)
    # The authority is also the actor of some: both columns match those.
    ids = [first]
    for index in range(6):
        actor = authority if index % 2 else OTHER
        ids.append(store(lrs, actor=actor, result={"response": str(index)}))

    seen = []
    response = lrs.get(
        "statements",
        {"agent": json.dumps(authority), "related_agents": "true", "limit": 2},
    )
    for _ in range(len(ids)):
        seen += ids_of(response)
        more = response.json()["more"]
        if not more:
            break
        response = lrs.client.get(more, headers=lrs.headers({}))
    else:
        raise AssertionError("the more links do not end")

    assert seen == list(reversed(ids))
