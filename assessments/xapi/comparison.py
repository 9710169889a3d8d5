"""Statement comparison as the xAPI specification defines it.

Two statements with the same id match when they differ only in ways the
specification lists as exceptions to immutability: the properties the LRS
assigns (id, stored, authority, version, and a timestamp it filled in), how
a timestamp is written down, the order of a group's members, case where
case does not matter (the domain of an e-mail address, SHA-1 sums, UUIDs,
language tags), the display of verbs and the definitions of activities,
which are not part of the statement itself, and a duration's precision
beyond a hundredth of a second. Any other difference, a duration written
another way included, makes them different statements.

The same module turns single context activities into the arrays the LRS
must return.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .validation import VERSION_1, check_timestamp

ASSIGNED_BY_LRS = ("id", "stored", "authority", "version")
AGENT_OBJECT_TYPES = ("Agent", "Group")
# The seconds of a duration with their fraction: hundredths count, the rest
# does not.
DURATION_SECONDS = re.compile(r"(\d+)[.,](\d{0,2})\d*S$")


def comparable(statement: dict[str, Any]) -> dict[str, Any]:
    """Return a stored or received statement in the form statements match in."""
    result = {k: v for k, v in statement.items() if k not in ASSIGNED_BY_LRS}
    if "timestamp" in statement and statement["timestamp"] == statement.get("stored"):
        # The LRS filled it in; a resend without one matches.
        del result["timestamp"]
    return _comparable_core(result)


def _comparable_core(statement: dict[str, Any]) -> dict[str, Any]:
    """Normalise the parts a statement and a sub-statement share."""
    result = dict(statement)
    result["actor"] = _comparable_agent(statement["actor"])
    result["verb"] = {k: v for k, v in statement["verb"].items() if k != "display"}
    result["object"] = _comparable_object(statement["object"])
    if "timestamp" in result:
        moment = check_timestamp(result["timestamp"], VERSION_1, "timestamp")
        result["timestamp"] = moment.isoformat()
    if "result" in statement and "duration" in statement["result"]:
        duration = DURATION_SECONDS.sub(_hundredths, statement["result"]["duration"])
        result["result"] = {**statement["result"], "duration": duration}
    if "context" in statement:
        result["context"] = _comparable_context(statement["context"])
    if "attachments" in statement:
        result["attachments"] = [
            _comparable_attachment(attachment)
            for attachment in statement["attachments"]
        ]
    return result


def _hundredths(match: re.Match) -> str:
    """Write the seconds of a duration to exactly two decimals, cut not rounded."""
    return f"{match.group(1)}.{match.group(2).ljust(2, '0')}S"


def _comparable_attachment(value: dict[str, Any]) -> dict[str, Any]:
    """Normalise an attachment: language tags and the digest's case."""
    result = dict(value)
    for name in ("display", "description"):
        if name in value:
            result[name] = _comparable_language_map(value[name])
    if "sha2" in value:
        result["sha2"] = value["sha2"].lower()
    return result


def _comparable_language_map(value: dict[str, Any]) -> dict[str, Any]:
    """Language tags are case-insensitive."""
    return {tag.lower(): text for tag, text in value.items()}


def _comparable_object(value: dict[str, Any]) -> dict[str, Any]:
    """Normalise the object of a statement."""
    object_type = value.get("objectType", "Activity")
    if object_type == "Activity":
        return _comparable_activity(value)
    if object_type in AGENT_OBJECT_TYPES:
        return _comparable_agent(value)
    if object_type == "StatementRef":
        return {**value, "id": value["id"].lower()}
    return _comparable_core(value)


def _comparable_activity(value: dict[str, Any]) -> dict[str, Any]:
    """An activity is its id; its definition is not part of the statement."""
    return {k: v for k, v in value.items() if k != "definition"}


def _comparable_agent(value: dict[str, Any]) -> dict[str, Any]:
    """Normalise an agent or group: e-mail domain case, member order."""
    result = dict(value)
    mbox = value.get("mbox")
    if type(mbox) is str and "@" in mbox:
        local, domain = mbox.rsplit("@", 1)
        result["mbox"] = f"{local}@{domain.lower()}"
    if type(value.get("mbox_sha1sum")) is str:
        result["mbox_sha1sum"] = value["mbox_sha1sum"].lower()
    if "member" in value:
        members = [_comparable_agent(member) for member in value["member"]]
        result["member"] = sorted(members, key=_sort_key)
    return result


def _comparable_context(value: dict[str, Any]) -> dict[str, Any]:
    """Normalise a context: agents, activities, UUIDs and the language."""
    result = dict(value)
    for name in ("instructor", "team"):
        if name in value:
            result[name] = _comparable_agent(value[name])
    if "registration" in value:
        result["registration"] = value["registration"].lower()
    if "language" in value:
        result["language"] = value["language"].lower()
    if "statement" in value:
        reference = value["statement"]
        result["statement"] = {**reference, "id": reference["id"].lower()}
    if "contextActivities" in value:
        result["contextActivities"] = {
            kind: [_comparable_activity(activity) for activity in activities]
            for kind, activities in _activity_lists(value["contextActivities"]).items()
        }
    if "contextAgents" in value:
        result["contextAgents"] = [
            {**entry, "agent": _comparable_agent(entry["agent"])}
            for entry in value["contextAgents"]
        ]
    if "contextGroups" in value:
        result["contextGroups"] = [
            {**entry, "group": _comparable_agent(entry["group"])}
            for entry in value["contextGroups"]
        ]
    return result


def _sort_key(value: Any) -> str:
    """Order JSON values by their canonical text."""
    return json.dumps(value, sort_keys=True)


def _activity_lists(context_activities: dict[str, Any]) -> dict[str, list]:
    """Return context activities with every value an array."""
    return {
        kind: activities if type(activities) is list else [activities]
        for kind, activities in context_activities.items()
    }


def with_activity_lists(statement: dict[str, Any]) -> dict[str, Any]:
    """Return the statement with single context activities made arrays.

    The LRS must return every contextActivities value as an array, also when
    a client sent a single activity; the statement is copied only where that
    changes it.
    """
    result = statement
    context = statement.get("context")
    if context is not None and "contextActivities" in context:
        activities = context["contextActivities"]
        if any(type(value) is not list for value in activities.values()):
            result = {
                **statement,
                "context": {
                    **context,
                    "contextActivities": _activity_lists(activities),
                },
            }
    statement_object = statement.get("object")
    if statement_object is not None and statement_object.get("objectType") == (
        "SubStatement"
    ):
        inner = with_activity_lists(statement_object)
        if inner is not statement_object:
            result = {**result, "object": inner}
    return result
