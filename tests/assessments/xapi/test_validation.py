"""Validation rules of xAPI statements, property by property."""

import copy

import pytest

from assessments.xapi.validation import (
    VERSION_1,
    VERSION_2,
    ValidationError,
    check_timestamp,
    parse_request_version,
    validate_statement,
    validate_statements,
)

from .conftest import make_statement

AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
ACTIVITY = {"objectType": "Activity", "id": "http://example.org/a"}
REF = {"objectType": "StatementRef", "id": "5a1b2c3d-0000-4000-8000-000000000001"}


def full_statement() -> dict:
    """Return a statement that uses nearly every property."""
    return make_statement(
        id="5a1b2c3d-0000-4000-8000-000000000002",
        result={
            "score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "response": "b",
            "duration": "PT1M30.5S",
            "extensions": {"http://example.org/ext": {"any": [1, None]}},
        },
        context={
            "registration": "5a1b2c3d-0000-4000-8000-000000000003",
            "instructor": {"account": {"homePage": "http://example.org", "name": "t1"}},
            "team": {"objectType": "Group", "member": [AGENT]},
            "contextActivities": {"parent": ACTIVITY, "grouping": [ACTIVITY]},
            "revision": "2",
            "platform": "H5P",
            "language": "nl-NL",
            "statement": REF,
            "extensions": {"http://example.org/ctx": 1},
        },
        timestamp="2026-12-03T10:00:00.123+01:00",
        attachments=[
            {
                "usageType": "http://example.org/usage",
                "display": {"en": "photo"},
                "contentType": "image/png",
                "length": 10,
                "sha2": "a" * 64,
                "fileUrl": "http://example.org/photo.png",
            }
        ],
    )


def with_change(path: str, value) -> dict:
    """Return the full statement with one property set or removed."""
    statement = copy.deepcopy(full_statement())
    target = statement
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return statement


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_a_complete_statement_is_valid(version):
    """A statement using every property validates in both versions."""
    statement = full_statement()

    result = validate_statements(statement, version)

    assert result == [statement]


INVALID = [
    ("id", "not-a-uuid", "statement.id", "must be a UUID"),
    ("unknown", 1, "statement.unknown", "is not a property"),
    ("actor", KeyError, "statement.actor", "is required"),
    ("verb", KeyError, "statement.verb", "is required"),
    ("object", KeyError, "statement.object", "is required"),
    ("actor.mbox", "learner@example.org", "statement.actor.mbox", "mailto"),
    (
        "actor",
        {"mbox": "mailto:a@b.org", "openid": "http://x.org/a"},
        "statement.actor",
        "exactly one identifier",
    ),
    ("actor", {"name": "no identifier"}, "statement.actor", "exactly one identifier"),
    ("actor", {"objectType": "Person", "mbox": "mailto:a@b.org"}, "objectType", ""),
    (
        "actor",
        {"objectType": "Group"},
        "statement.actor.member",
        "anonymous Group",
    ),
    (
        "actor",
        {"objectType": "Group", "member": [{"objectType": "Group", "member": []}]},
        "statement.actor.member[0].objectType",
        "must be Agent",
    ),
    ("actor", {"mbox_sha1sum": "xyz"}, "statement.actor.mbox_sha1sum", "SHA-1"),
    ("actor", {"account": {"name": "a"}}, "statement.actor.account.homePage", ""),
    ("verb.id", "completed", "statement.verb.id", "absolute IRI"),
    ("verb.display", {"not a tag!": "x"}, "statement.verb.display", "RFC 5646"),
    ("verb.display", {"en-US": 3}, "statement.verb.display.en-US", "string"),
    ("object.objectType", "Thing", "statement.object.objectType", ""),
    ("object.id", "relative/path", "statement.object.id", "absolute IRI"),
    ("object", {"mbox": "mailto:a@b.org"}, "statement.object.mbox", "not a property"),
    (
        "object.definition.interactionType",
        "essay",
        "statement.object.definition.interactionType",
        "not an interaction type",
    ),
    (
        "object.definition.choices",
        [{"id": "a"}],
        "statement.object.definition.choices",
        "requires an interactionType",
    ),
    ("result.score.scaled", 1.5, "statement.result.score.scaled", "between -1 and 1"),
    ("result.score.raw", 11, "statement.result.score.raw", "greater than max"),
    ("result.score.min", 10, "statement.result.score.max", "greater than min"),
    ("result.score.raw", "8", "statement.result.score.raw", "must be a number"),
    ("result.success", "yes", "statement.result.success", "true or false"),
    ("result.duration", "90 seconds", "statement.result.duration", "ISO 8601"),
    ("result.duration", "P4W1D", "statement.result.duration", "ISO 8601"),
    ("result.duration", "P1Y2W", "statement.result.duration", "ISO 8601"),
    ("result.duration", "PT0.5H30M", "statement.result.duration", "ISO 8601"),
    ("result.duration", "P1DT", "statement.result.duration", "ISO 8601"),
    ("result.extensions", {"not-an-iri": 1}, "statement.result.extensions", "IRIs"),
    ("context.registration", "abc", "statement.context.registration", "UUID"),
    ("context.team", AGENT, "statement.context.team.objectType", "must be Group"),
    ("context.language", "!!", "statement.context.language", "RFC 5646"),
    ("context.statement", ACTIVITY, "statement.context.statement", ""),
    (
        "context.contextActivities",
        {"parent": "http://example.org/a"},
        "statement.context.contextActivities.parent",
        "",
    ),
    (
        "context.contextActivities",
        {"sibling": [ACTIVITY]},
        "statement.context.contextActivities.sibling",
        "not a property",
    ),
    ("timestamp", "yesterday", "statement.timestamp", "ISO 8601"),
    ("timestamp", "2026-12-03T10:00:00-00:00", "statement.timestamp", "-00:00"),
    ("timestamp", "2026-02-30T10:00:00Z", "statement.timestamp", "valid date"),
    ("timestamp", "9999-12-31T23:59:59-01:00", "statement.timestamp", "valid date"),
    ("timestamp", "0001-01-01T00:00:00+01:00", "statement.timestamp", "valid date"),
    ("attachments.0.length", -1, "statement.attachments[0].length", ">= 0"),
    ("attachments.0.sha2", "abc", "statement.attachments[0].sha2", "SHA-2"),
    ("attachments.0.display", KeyError, "statement.attachments[0].display", ""),
    ("attachments.0.contentType", "png", "statement.attachments[0].contentType", ""),
    ("version", "0.95", "statement.version", "not a version"),
    ("authority", {"objectType": "Group", "member": [AGENT]}, "authority.member", ""),
]


@pytest.mark.parametrize(("path", "value", "property_path", "rule"), INVALID)
@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_an_invalid_property_is_rejected_with_its_path_and_rule(
    version, path, value, property_path, rule
):
    """Every rejection names the property and the rule it breaks."""
    statement = with_change(path, value)

    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, version)

    assert property_path in raised.value.property_path
    assert rule in raised.value.rule


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_context_revision_and_platform_need_an_activity_object(version):
    """Revision and platform are only allowed when the object is an Activity."""
    statement = make_statement(
        object={"objectType": "Agent", "mbox": "mailto:other@example.org"},
        context={"platform": "VR"},
    )

    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, version)

    assert raised.value.property_path == "statement.context.platform"


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_an_agent_object_needs_its_object_type(version):
    """An Agent as object must say objectType, or it reads as an Activity."""
    statement = make_statement(object={"mbox": "mailto:other@example.org"})

    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, version)

    assert raised.value.property_path.startswith("statement.object")


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_a_sub_statement_may_not_nest_or_carry_statement_properties(version):
    """A SubStatement cannot hold another SubStatement, an id or stored."""
    inner = {"objectType": "SubStatement", **make_statement()}
    nested = make_statement(object={**inner, "object": copy.deepcopy(inner)})
    with_id = make_statement(object={**inner, "id": REF["id"]})

    with pytest.raises(ValidationError) as nested_error:
        validate_statement(nested, version)
    with pytest.raises(ValidationError) as id_error:
        validate_statement(with_id, version)

    assert "SubStatement" in nested_error.value.rule
    assert id_error.value.property_path == "statement.object.id"


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_a_voiding_statement_must_target_a_statement_ref(version):
    """The object of a voided verb must be a StatementRef."""
    statement = make_statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})

    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, version)

    assert "StatementRef" in raised.value.rule


@pytest.mark.parametrize(
    ("interaction_type", "components", "valid"),
    [
        ("choice", {"choices": [{"id": "a"}, {"id": "b"}]}, True),
        ("choice", {"scale": [{"id": "a"}]}, False),
        ("likert", {"scale": [{"id": "1"}]}, True),
        ("matching", {"source": [{"id": "a"}], "target": [{"id": "b"}]}, True),
        ("performance", {"steps": [{"id": "s"}]}, True),
        ("true-false", {"choices": [{"id": "a"}]}, False),
        ("sequencing", {"choices": [{"id": "a"}, {"id": "a"}]}, False),
    ],
)
def test_interaction_components_follow_the_interaction_type(
    interaction_type, components, valid
):
    """Each interaction type allows only its own component lists."""
    definition = {"interactionType": interaction_type, **components}
    statement = make_statement(
        object={"id": "http://example.org/q1", "definition": definition}
    )

    try:
        validate_statement(statement, VERSION_1)
        accepted = True
    except ValidationError:
        accepted = False

    assert accepted is valid


def test_context_agents_and_groups_are_valid_in_2_0_only():
    """contextAgents and contextGroups are xAPI 2.0 properties."""
    statement = make_statement(
        context={
            "contextAgents": [
                {
                    "objectType": "contextAgent",
                    "agent": AGENT,
                    "relevantTypes": ["http://example.org/types/coach"],
                }
            ],
            "contextGroups": [
                {
                    "objectType": "contextGroup",
                    "group": {"objectType": "Group", "member": [AGENT]},
                }
            ],
        }
    )

    validate_statement(statement, VERSION_2)
    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, VERSION_1)

    assert raised.value.property_path == "statement.context.contextAgents"


def test_a_context_agent_needs_its_object_type_in_2_0():
    """A contextAgent entry must say objectType contextAgent."""
    statement = make_statement(context={"contextAgents": [{"agent": AGENT}]})

    with pytest.raises(ValidationError) as raised:
        validate_statement(statement, VERSION_2)

    assert raised.value.property_path == "statement.context.contextAgents[0].objectType"


@pytest.mark.parametrize(
    ("version", "accepted"), [(VERSION_1, True), (VERSION_2, False)]
)
def test_a_timestamp_without_offset_is_accepted_in_1_0_3_only(version, accepted):
    """1.0.3 assumes UTC for a bare timestamp; 2.0 requires the offset."""
    statement = make_statement(timestamp="2026-12-03T10:00:00")

    try:
        validate_statement(statement, version)
        result = True
    except ValidationError:
        result = False

    assert result is accepted


@pytest.mark.parametrize(
    ("version", "statement_version", "accepted"),
    [
        (VERSION_1, "1.0.3", True),
        (VERSION_1, "2.0.0", False),
        (VERSION_2, "2.0.0", True),
        (VERSION_2, "1.0.0", True),
        (VERSION_1, "1.0", False),
        (VERSION_2, "2.0", False),
        (VERSION_1, "1.0.9", True),
        (VERSION_1, "1.0.3-rc1", True),
    ],
)
def test_the_statement_version_must_fit_the_request_version(
    version, statement_version, accepted
):
    """A 1.0.3 request cannot store a 2.0 statement."""
    statement = make_statement(version=statement_version)

    try:
        validate_statement(statement, version)
        result = True
    except ValidationError:
        result = False

    assert result is accepted


def test_timestamps_are_normalised_to_utc():
    """Offsets are applied when a timestamp is parsed."""
    moment = check_timestamp("2026-12-03T10:00:00.5+02:00", VERSION_2, "t")

    assert (moment.hour, moment.microsecond, moment.utcoffset().seconds) == (
        8,
        500000,
        0,
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1.0.3", VERSION_1),
        ("1.0", VERSION_1),
        ("1.0.0", VERSION_1),
        ("2.0.0", VERSION_2),
        ("0.95", None),
        ("1.1.0", None),
        ("", None),
    ],
)
def test_request_versions_map_to_supported_versions(header, expected):
    """Every 1.0.x maps to 1.0.3 and 2.0.x to 2.0.0; others are refused."""
    assert parse_request_version(header) == expected


def test_a_batch_must_be_an_array_of_statements():
    """A batch names the index of the statement that breaks a rule."""
    batch = [make_statement(), make_statement(verb={"id": "no-iri"})]

    with pytest.raises(ValidationError) as raised:
        validate_statements(batch, VERSION_1)

    assert raised.value.property_path == "statements[1].verb.id"
