"""Strict validation of xAPI statements for versions 1.0.3 and 2.0.0.

Pure Python on purpose: validation sits on the hot path of every POST, so it
uses precompiled regular expressions and plain type checks instead of a schema
library. Every rejection names the property (as a JSON path) and the rule.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

VERSION_1 = "1.0.3"
VERSION_2 = "2.0.0"
SUPPORTED_VERSIONS = (VERSION_1, VERSION_2)

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"

IRI_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
UUID_PATTERN = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
MAILTO_PATTERN = re.compile(r"^mailto:[^@\s/:]+@[^@\s/]+$")
SHA1_PATTERN = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_PATTERN = re.compile(
    r"^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$"
)
VERSION_1_PATTERN = re.compile(r"^1\.0(?:\.\d+)?$")
VERSION_2_PATTERN = re.compile(r"^2\.0(?:\.\d+)?$")
# A statement's own version is a full semantic version: 1.0 alone is a valid
# header, but a statement's version must start with "1.0." (or "2.0.").
STATEMENT_VERSION_1 = re.compile(r"^1\.0\.\d+(?:-[0-9A-Za-z.-]+)?$")
STATEMENT_VERSION_2 = re.compile(r"^2\.0\.\d+(?:-[0-9A-Za-z.-]+)?$")
MEDIA_TYPE_PATTERN = re.compile(r"^[\w.+\-]+/[\w.+\-]+(?:\s*;.*)?$")
TIMESTAMP_PATTERN = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
# ISO 8601:2004 4.4.3.2: either weeks alone, or years to seconds with a T
# before the time part; only the last component given may have a fraction.
DURATION_PATTERN = re.compile(
    r"^P(?:(?:\d+(?:[.,]\d+)?W)|(?!$)(?:\d+(?:[.,]\d+)?Y)?"
    r"(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?"
    r"(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?)$"
)
FRACTION_BEFORE_LAST = re.compile(r"[.,]\d+[YMWDHS].*\d")
LANGUAGE_TAG_PATTERN = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$"
)

STATEMENT_KEYS = frozenset(
    {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    }
)
SUB_STATEMENT_KEYS = frozenset(
    {
        "objectType",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "attachments",
    }
)
AGENT_KEYS = frozenset(
    {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
)
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
ACCOUNT_KEYS = frozenset({"homePage", "name"})
VERB_KEYS = frozenset({"id", "display"})
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
DEFINITION_KEYS = frozenset(
    {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        "choices",
        "scale",
        "source",
        "target",
        "steps",
    }
)
COMPONENT_KEYS = frozenset({"id", "description"})
STATEMENT_REF_KEYS = frozenset({"objectType", "id"})
RESULT_KEYS = frozenset(
    {"score", "success", "completion", "response", "duration", "extensions"}
)
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_KEYS_1 = frozenset(
    {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
)
CONTEXT_KEYS_2 = CONTEXT_KEYS_1 | {"contextAgents", "contextGroups"}
CONTEXT_ACTIVITIES_KEYS = frozenset({"parent", "grouping", "category", "other"})
CONTEXT_AGENT_KEYS = frozenset({"objectType", "agent", "relevantTypes"})
CONTEXT_GROUP_KEYS = frozenset({"objectType", "group", "relevantTypes"})
ATTACHMENT_KEYS = frozenset(
    {
        "usageType",
        "display",
        "description",
        "contentType",
        "length",
        "sha2",
        "fileUrl",
    }
)
ATTACHMENT_REQUIRED = ("usageType", "display", "contentType", "length", "sha2")
INTERACTION_COMPONENTS = {
    "true-false": frozenset(),
    "choice": frozenset({"choices"}),
    "fill-in": frozenset(),
    "long-fill-in": frozenset(),
    "matching": frozenset({"source", "target"}),
    "performance": frozenset({"steps"}),
    "sequencing": frozenset({"choices"}),
    "likert": frozenset({"scale"}),
    "numeric": frozenset(),
    "other": frozenset(),
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


class ValidationError(ValueError):
    """A statement or parameter breaks a rule of the specification."""

    def __init__(self, property_path: str, rule: str) -> None:
        super().__init__(f"{property_path}: {rule}")
        self.property_path = property_path
        self.rule = rule


def validate_statements(payload: Any, version: str) -> list[dict]:
    """Validate a single statement or a batch and return it as a list."""
    if type(payload) is dict:
        validate_statement(payload, version, "statement")
        return [payload]
    if type(payload) is not list:
        raise ValidationError("statement", "must be a JSON object or an array")
    for index, statement in enumerate(payload):
        validate_statement(statement, version, f"statements[{index}]")
    return payload


def validate_statement(statement: Any, version: str, path: str = "statement") -> None:
    """Validate one statement; raise ValidationError on the first broken rule."""
    _check_object(statement, STATEMENT_KEYS, path)
    if "id" in statement:
        check_uuid(statement["id"], path + ".id")
    _check_core(statement, version, path)
    if "stored" in statement:
        check_timestamp(statement["stored"], version, path + ".stored")
    if "authority" in statement:
        _check_authority(statement["authority"], version, path + ".authority")
    if "version" in statement:
        _check_statement_version(statement["version"], version, path + ".version")


def _check_core(statement: dict, version: str, path: str) -> None:
    """Check the properties a statement shares with a sub-statement."""
    for key in ("actor", "verb", "object"):
        if key not in statement:
            raise ValidationError(f"{path}.{key}", "is required")
    check_actor(statement["actor"], version, path + ".actor")
    _check_verb(statement["verb"], path + ".verb")
    statement_object = statement["object"]
    object_type = _check_object_value(statement_object, version, path)
    if statement["verb"]["id"] == VOIDED_VERB and object_type != "StatementRef":
        raise ValidationError(
            path + ".object", "the object of a voiding statement must be a StatementRef"
        )
    if "result" in statement:
        _check_result(statement["result"], path + ".result")
    if "context" in statement:
        _check_context(statement["context"], object_type, version, path + ".context")
    if "timestamp" in statement:
        check_timestamp(statement["timestamp"], version, path + ".timestamp")
    if "attachments" in statement:
        _check_attachments(statement["attachments"], path + ".attachments")


def _check_object_value(value: Any, version: str, path: str) -> str:
    """Check a statement's object and return its object type."""
    path += ".object"
    if type(value) is not dict:
        raise ValidationError(path, "must be a JSON object")
    object_type = value.get("objectType", "Activity")
    if object_type == "Activity":
        check_activity(value, path)
    elif object_type == "Agent":
        _check_agent(value, path)
    elif object_type == "Group":
        _check_group(value, version, path)
    elif object_type == "StatementRef":
        _check_statement_ref(value, path)
    elif object_type == "SubStatement":
        if path.count(".object") > 1:
            raise ValidationError(path, "a SubStatement cannot hold a SubStatement")
        if type(value) is not dict or not SUB_STATEMENT_KEYS.issuperset(value):
            _reject_object(value, SUB_STATEMENT_KEYS, path)
        _check_core(value, version, path)
    else:
        raise ValidationError(
            path + ".objectType",
            "must be Activity, Agent, Group, StatementRef or SubStatement",
        )
    return object_type


def _check_object(value: Any, allowed: frozenset, path: str) -> None:
    """Check that a value is a JSON object with only the allowed properties."""
    if type(value) is not dict or not allowed.issuperset(value):
        _reject_object(value, allowed, path)


def _reject_object(value: Any, allowed: frozenset, path: str) -> None:
    """Raise the error for a non-object or an object with unknown properties."""
    if type(value) is not dict:
        raise ValidationError(path, "must be a JSON object")
    unknown = sorted(set(value) - allowed)[0]
    raise ValidationError(f"{path}.{unknown}", "is not a property of this object")


def _check_string(value: Any, path: str) -> None:
    """Check that a value is a JSON string."""
    if type(value) is not str:
        raise ValidationError(path, "must be a string")


# The same verbs, activities and language tags recur in nearly every
# statement, so strings already found valid are remembered (bounded).
_valid_iris: set[str] = set()
_valid_tags: set[str] = set()
_valid_mboxes: set[str] = set()
KNOWN_LIMIT = 100_000


def _remember(known: set[str], value: str) -> None:
    """Add a string found valid to a bounded set."""
    if len(known) > KNOWN_LIMIT:
        known.clear()
    known.add(value)


def check_iri(value: Any, path: str) -> None:
    """Check that a value is an absolute IRI."""
    if type(value) is str and value in _valid_iris:
        return
    if type(value) is not str or not IRI_PATTERN.match(value):
        raise ValidationError(path, "must be an absolute IRI")
    _remember(_valid_iris, value)


def check_uuid(value: Any, path: str) -> None:
    """Check that a value is a UUID in its canonical hyphenated form."""
    if type(value) is not str or not UUID_PATTERN.match(value):
        raise ValidationError(path, "must be a UUID")


def check_timestamp(value: Any, version: str, path: str) -> datetime:
    """Check an ISO 8601 timestamp and return it as an aware UTC datetime."""
    match = TIMESTAMP_PATTERN.match(value) if type(value) is str else None
    if match is None:
        raise ValidationError(path, "must be an ISO 8601 timestamp")
    offset = match.group(8)
    if offset is None and version == VERSION_2:
        raise ValidationError(path, "must include a time zone offset")
    if offset and offset[0] == "-" and offset[1:].replace(":", "").strip("0") == "":
        raise ValidationError(path, "must not use the offset -00:00")
    try:
        if offset:
            # The C parser is much faster; it covers the common forms.
            try:
                return datetime.fromisoformat(value).astimezone(UTC)
            except ValueError:
                pass
        return _to_datetime(match)
    except (ValueError, OverflowError):
        # OverflowError: an offset that moves the moment outside years 1-9999.
        raise ValidationError(path, "must be a valid date and time") from None


def utc_timestamp_text(value: str, moment: datetime) -> str:
    """Write a checked timestamp in UTC, keeping the digits of its fraction.

    The LRS may return a timestamp in another time zone as long as it names
    the same moment, and should return it in UTC.
    """
    if value[-1] == "Z":
        return value
    match = TIMESTAMP_PATTERN.match(value)
    assert match is not None
    fraction = match.group(7) or ""
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + fraction + "Z"


def _to_datetime(match: re.Match) -> datetime:
    """Turn a timestamp match into an aware UTC datetime."""
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7)
    microsecond = int((fraction[1:] + "000000")[:6]) if fraction else 0
    offset = match.group(8)
    tzinfo: timezone = UTC
    if offset and offset not in ("Z", "z"):
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        if minutes >= 24 * 60:
            raise ValueError("offset out of range")
        tzinfo = timezone(timedelta(minutes=-minutes if offset[0] == "-" else minutes))
    moment = datetime(year, month, day, hour, minute, second, microsecond, tzinfo)
    return moment.astimezone(UTC)


def check_actor(value: Any, version: str, path: str) -> None:
    """Check an Agent or Group in the actor position."""
    if type(value) is not dict:
        raise ValidationError(path, "must be a JSON object")
    object_type = value.get("objectType", "Agent")
    if object_type == "Group":
        _check_group(value, version, path)
    elif object_type == "Agent":
        _check_agent(value, path)
    else:
        raise ValidationError(path + ".objectType", "must be Agent or Group")


def _check_agent(value: Any, path: str) -> None:
    """Check an Agent: optional name and exactly one identifier."""
    if type(value) is dict and value.get("objectType", "Agent") != "Agent":
        raise ValidationError(path + ".objectType", "must be Agent")
    if type(value) is not dict or not AGENT_KEYS.issuperset(value):
        _reject_object(value, AGENT_KEYS, path)
    if "name" in value:
        _check_string(value["name"], path + ".name")
    if _count_identifiers(value, path) != 1:
        raise ValidationError(path, "an Agent must have exactly one identifier")


def _check_group(value: Any, version: str, path: str) -> None:
    """Check an identified or anonymous Group and its members."""
    if type(value) is not dict or not GROUP_KEYS.issuperset(value):
        _reject_object(value, GROUP_KEYS, path)
    if value.get("objectType") != "Group":
        raise ValidationError(path + ".objectType", "must be Group")
    if "name" in value:
        _check_string(value["name"], path + ".name")
    identifiers = _count_identifiers(value, path)
    if identifiers > 1:
        raise ValidationError(path, "a Group must have at most one identifier")
    if "member" in value:
        members = value["member"]
        if type(members) is not list:
            raise ValidationError(path + ".member", "must be an array of Agents")
        for index, member in enumerate(members):
            _check_agent(member, f"{path}.member[{index}]")
        if not members and not identifiers:
            raise ValidationError(
                path + ".member", "an anonymous Group must list at least one member"
            )
    elif not identifiers:
        raise ValidationError(path + ".member", "an anonymous Group must have members")


def _count_identifiers(value: dict, path: str) -> int:
    """Check the inverse functional identifiers present and count them."""
    count = 0
    if "mbox" in value:
        mbox = value["mbox"]
        if type(mbox) is not str or mbox not in _valid_mboxes:
            if type(mbox) is not str or not MAILTO_PATTERN.match(mbox):
                raise ValidationError(path + ".mbox", "must be a mailto IRI")
            _remember(_valid_mboxes, mbox)
        count += 1
    if "mbox_sha1sum" in value:
        digest = value["mbox_sha1sum"]
        if type(digest) is not str or not SHA1_PATTERN.match(digest):
            raise ValidationError(
                path + ".mbox_sha1sum", "must be a hex-encoded SHA-1 digest"
            )
        count += 1
    if "openid" in value:
        check_iri(value["openid"], path + ".openid")
        count += 1
    if "account" in value:
        _check_account(value["account"], path + ".account")
        count += 1
    return count


def _check_account(value: Any, path: str) -> None:
    """Check an account: homePage IRL and name, both required."""
    if type(value) is not dict or not ACCOUNT_KEYS.issuperset(value):
        _reject_object(value, ACCOUNT_KEYS, path)
    if "homePage" not in value:
        raise ValidationError(path + ".homePage", "is required")
    if "name" not in value:
        raise ValidationError(path + ".name", "is required")
    check_iri(value["homePage"], path + ".homePage")
    _check_string(value["name"], path + ".name")


def _check_authority(value: Any, version: str, path: str) -> None:
    """Check an authority: an Agent, or a Group of exactly two Agents."""
    check_actor(value, version, path)
    if value.get("objectType") == "Group" and len(value.get("member", ())) != 2:
        raise ValidationError(
            path + ".member", "a Group authority must have exactly two members"
        )


def _check_verb(value: Any, path: str) -> None:
    """Check a verb: an IRI id and an optional display language map."""
    if type(value) is not dict or not VERB_KEYS.issuperset(value):
        _reject_object(value, VERB_KEYS, path)
    if "id" not in value:
        raise ValidationError(path + ".id", "is required")
    check_iri(value["id"], path + ".id")
    if "display" in value:
        check_language_map(value["display"], path + ".display")


def check_language_map(value: Any, path: str) -> None:
    """Check a language map: RFC 5646 tags mapped to strings."""
    if type(value) is not dict:
        raise ValidationError(path, "must be a language map")
    for tag, text in value.items():
        if tag not in _valid_tags:
            if not LANGUAGE_TAG_PATTERN.match(tag):
                raise ValidationError(f"{path}.{tag}", "must be an RFC 5646 tag")
            _remember(_valid_tags, tag)
        if type(text) is not str:
            raise ValidationError(f"{path}.{tag}", "must be a string")


def _check_extensions(value: Any, path: str) -> None:
    """Check extensions: an object whose keys are IRIs."""
    if type(value) is not dict:
        raise ValidationError(path, "must be a JSON object")
    for key in value:
        if not IRI_PATTERN.match(key):
            raise ValidationError(f"{path}.{key}", "extension keys must be IRIs")


def check_activity(value: Any, path: str) -> None:
    """Check an Activity: IRI id and optional definition."""
    if type(value) is not dict or not ACTIVITY_KEYS.issuperset(value):
        _reject_object(value, ACTIVITY_KEYS, path)
    if value.get("objectType", "Activity") != "Activity":
        raise ValidationError(path + ".objectType", "must be Activity")
    if "id" not in value:
        raise ValidationError(path + ".id", "is required")
    check_iri(value["id"], path + ".id")
    if "definition" in value:
        _check_definition(value["definition"], path + ".definition")


def _check_definition(value: Any, path: str) -> None:
    """Check an Activity definition, including interaction properties."""
    if type(value) is not dict or not DEFINITION_KEYS.issuperset(value):
        _reject_object(value, DEFINITION_KEYS, path)
    for key in ("name", "description"):
        if key in value:
            check_language_map(value[key], f"{path}.{key}")
    if "type" in value:
        check_iri(value["type"], path + ".type")
    if "moreInfo" in value:
        check_iri(value["moreInfo"], path + ".moreInfo")
    if "extensions" in value:
        _check_extensions(value["extensions"], path + ".extensions")
    _check_interaction(value, path)


def _check_interaction(value: dict, path: str) -> None:
    """Check the interaction type and the components it allows."""
    interaction_type = value.get("interactionType")
    if interaction_type is None:
        for key in ("correctResponsesPattern", *COMPONENT_LISTS):
            if key in value:
                raise ValidationError(f"{path}.{key}", "requires an interactionType")
        return
    allowed = INTERACTION_COMPONENTS.get(interaction_type)
    if allowed is None:
        raise ValidationError(path + ".interactionType", "is not an interaction type")
    if "correctResponsesPattern" in value:
        patterns = value["correctResponsesPattern"]
        if type(patterns) is not list or any(type(p) is not str for p in patterns):
            raise ValidationError(
                path + ".correctResponsesPattern", "must be an array of strings"
            )
    for key in COMPONENT_LISTS:
        if key in value:
            if key not in allowed:
                raise ValidationError(
                    f"{path}.{key}",
                    f"is not allowed for interactionType {interaction_type}",
                )
            _check_components(value[key], f"{path}.{key}")


def _check_components(value: Any, path: str) -> None:
    """Check a list of interaction components with unique ids."""
    if type(value) is not list:
        raise ValidationError(path, "must be an array of interaction components")
    seen = set()
    for index, component in enumerate(value):
        item_path = f"{path}[{index}]"
        if type(component) is not dict or not COMPONENT_KEYS.issuperset(component):
            _reject_object(component, COMPONENT_KEYS, item_path)
        component_id = component.get("id")
        if type(component_id) is not str or not component_id:
            raise ValidationError(item_path + ".id", "must be a non-empty string")
        if component_id in seen:
            raise ValidationError(item_path + ".id", "must be unique in this list")
        seen.add(component_id)
        if "description" in component:
            check_language_map(component["description"], item_path + ".description")


def _check_statement_ref(value: dict, path: str) -> None:
    """Check a StatementRef: objectType and a UUID id."""
    if type(value) is not dict or not STATEMENT_REF_KEYS.issuperset(value):
        _reject_object(value, STATEMENT_REF_KEYS, path)
    if value.get("objectType") != "StatementRef":
        raise ValidationError(path + ".objectType", "must be StatementRef")
    if "id" not in value:
        raise ValidationError(path + ".id", "is required")
    check_uuid(value["id"], path + ".id")


def _check_result(value: Any, path: str) -> None:
    """Check a result with its score, flags, response and duration."""
    if type(value) is not dict or not RESULT_KEYS.issuperset(value):
        _reject_object(value, RESULT_KEYS, path)
    if "score" in value:
        _check_score(value["score"], path + ".score")
    for key in ("success", "completion"):
        if key in value and type(value[key]) is not bool:
            raise ValidationError(f"{path}.{key}", "must be true or false")
    if "response" in value:
        _check_string(value["response"], path + ".response")
    if "duration" in value:
        duration = value["duration"]
        if not _is_duration(duration):
            raise ValidationError(path + ".duration", "must be an ISO 8601 duration")
    if "extensions" in value:
        _check_extensions(value["extensions"], path + ".extensions")


def _check_score(value: Any, path: str) -> None:
    """Check a score: numbers, scaled in [-1, 1], raw within min and max."""
    if type(value) is not dict or not SCORE_KEYS.issuperset(value):
        _reject_object(value, SCORE_KEYS, path)
    for key, number in value.items():
        if type(number) not in (int, float):
            raise ValidationError(f"{path}.{key}", "must be a number")
    scaled = value.get("scaled")
    if scaled is not None and not -1 <= scaled <= 1:
        raise ValidationError(path + ".scaled", "must be between -1 and 1")
    low, high, raw = value.get("min"), value.get("max"), value.get("raw")
    if low is not None and high is not None and not low < high:
        raise ValidationError(path + ".max", "must be greater than min")
    if raw is not None and low is not None and raw < low:
        raise ValidationError(path + ".raw", "must not be less than min")
    if raw is not None and high is not None and raw > high:
        raise ValidationError(path + ".raw", "must not be greater than max")


def _check_context(value: Any, object_type: str, version: str, path: str) -> None:
    """Check a context against the statement's object type and the version."""
    allowed = CONTEXT_KEYS_2 if version == VERSION_2 else CONTEXT_KEYS_1
    if type(value) is not dict or not allowed.issuperset(value):
        _reject_object(value, allowed, path)
    if "registration" in value:
        check_uuid(value["registration"], path + ".registration")
    if "instructor" in value:
        check_actor(value["instructor"], version, path + ".instructor")
    if "team" in value:
        _check_group(value["team"], version, path + ".team")
    if "contextActivities" in value:
        _check_context_activities(value["contextActivities"], path)
    for key in ("revision", "platform"):
        if key in value:
            _check_string(value[key], f"{path}.{key}")
            if object_type != "Activity":
                raise ValidationError(
                    f"{path}.{key}", "is only allowed when the object is an Activity"
                )
    if "language" in value:
        language = value["language"]
        if type(language) is not str or not LANGUAGE_TAG_PATTERN.match(language):
            raise ValidationError(path + ".language", "must be an RFC 5646 tag")
    if "statement" in value:
        _check_statement_ref(value["statement"], path + ".statement")
    if "extensions" in value:
        _check_extensions(value["extensions"], path + ".extensions")
    if "contextAgents" in value:
        _check_context_agents(value["contextAgents"], version, path + ".contextAgents")
    if "contextGroups" in value:
        _check_context_groups(value["contextGroups"], version, path + ".contextGroups")


def _check_context_activities(value: Any, path: str) -> None:
    """Check contextActivities: each key an Activity or an array of them."""
    path += ".contextActivities"
    if type(value) is not dict or not CONTEXT_ACTIVITIES_KEYS.issuperset(value):
        _reject_object(value, CONTEXT_ACTIVITIES_KEYS, path)
    for key, activities in value.items():
        if type(activities) is dict:
            check_activity(activities, f"{path}.{key}")
        elif type(activities) is list:
            for index, activity in enumerate(activities):
                check_activity(activity, f"{path}.{key}[{index}]")
        else:
            raise ValidationError(f"{path}.{key}", "must be an Activity or an array")


def _check_relevant_types(value: dict, path: str) -> None:
    """Check relevantTypes: a non-empty array of IRIs."""
    if "relevantTypes" not in value:
        return
    types = value["relevantTypes"]
    if type(types) is not list or not types:
        raise ValidationError(path + ".relevantTypes", "must be a non-empty array")
    for index, iri in enumerate(types):
        check_iri(iri, f"{path}.relevantTypes[{index}]")


def _check_context_agents(value: Any, version: str, path: str) -> None:
    """Check 2.0 contextAgents entries."""
    if type(value) is not list:
        raise ValidationError(path, "must be an array")
    for index, entry in enumerate(value):
        item_path = f"{path}[{index}]"
        if type(entry) is not dict or not CONTEXT_AGENT_KEYS.issuperset(entry):
            _reject_object(entry, CONTEXT_AGENT_KEYS, item_path)
        if entry.get("objectType") != "contextAgent":
            raise ValidationError(item_path + ".objectType", "must be contextAgent")
        if "agent" not in entry:
            raise ValidationError(item_path + ".agent", "is required")
        _check_agent(entry["agent"], item_path + ".agent")
        _check_relevant_types(entry, item_path)


def _check_context_groups(value: Any, version: str, path: str) -> None:
    """Check 2.0 contextGroups entries."""
    if type(value) is not list:
        raise ValidationError(path, "must be an array")
    for index, entry in enumerate(value):
        item_path = f"{path}[{index}]"
        if type(entry) is not dict or not CONTEXT_GROUP_KEYS.issuperset(entry):
            _reject_object(entry, CONTEXT_GROUP_KEYS, item_path)
        if entry.get("objectType") != "contextGroup":
            raise ValidationError(item_path + ".objectType", "must be contextGroup")
        if "group" not in entry:
            raise ValidationError(item_path + ".group", "is required")
        _check_group(entry["group"], version, item_path + ".group")
        _check_relevant_types(entry, item_path)


def _check_attachments(value: Any, path: str) -> None:
    """Check attachment metadata: required properties and their types."""
    if type(value) is not list:
        raise ValidationError(path, "must be an array")
    for index, attachment in enumerate(value):
        item_path = f"{path}[{index}]"
        if type(attachment) is not dict or not ATTACHMENT_KEYS.issuperset(attachment):
            _reject_object(attachment, ATTACHMENT_KEYS, item_path)
        for key in ATTACHMENT_REQUIRED:
            if key not in attachment:
                raise ValidationError(f"{item_path}.{key}", "is required")
        check_iri(attachment["usageType"], item_path + ".usageType")
        check_language_map(attachment["display"], item_path + ".display")
        if "description" in attachment:
            check_language_map(attachment["description"], item_path + ".description")
        content_type = attachment["contentType"]
        if type(content_type) is not str or not MEDIA_TYPE_PATTERN.match(content_type):
            raise ValidationError(item_path + ".contentType", "must be a media type")
        length = attachment["length"]
        if type(length) is not int or length < 0:
            raise ValidationError(item_path + ".length", "must be a whole number >= 0")
        sha2 = attachment["sha2"]
        if type(sha2) is not str or not SHA2_PATTERN.match(sha2):
            raise ValidationError(item_path + ".sha2", "must be a hex SHA-2 digest")
        if "fileUrl" in attachment:
            check_iri(attachment["fileUrl"], item_path + ".fileUrl")


def _is_duration(value: Any) -> bool:
    """Tell whether a value is an ISO 8601 duration as xAPI allows it."""
    return (
        type(value) is str
        and DURATION_PATTERN.match(value) is not None
        and FRACTION_BEFORE_LAST.search(value) is None
    )


def _check_statement_version(value: Any, version: str, path: str) -> None:
    """Check the statement's version property against the request version."""
    if type(value) is not str:
        raise ValidationError(path, "must be a string")
    if STATEMENT_VERSION_1.match(value):
        return
    if version == VERSION_2 and STATEMENT_VERSION_2.match(value):
        return
    raise ValidationError(path, "is not a version this request may store")


def parse_request_version(value: str | None) -> str | None:
    """Map an X-Experience-API-Version header to a supported version or None."""
    if not value:
        return None
    value = value.strip()
    if VERSION_1_PATTERN.match(value):
        return VERSION_1
    if VERSION_2_PATTERN.match(value):
        return VERSION_2
    return None
