"""The ids and canonical formats of statements returned by GET."""

from __future__ import annotations

from typing import Any

from .keys import identifying_agent

LANGUAGE_MAP_KEYS = ("display", "name", "description")


def ids_statement(statement: dict[str, Any]) -> dict[str, Any]:
    """Reduce agents, groups, activities and verbs to their identifiers."""
    reduced = dict(statement)
    for key in ("actor", "authority"):
        if key in reduced:
            reduced[key] = identifying_agent(reduced[key])
    reduced["verb"] = {"id": statement["verb"]["id"]}
    reduced["object"] = _ids_object(statement["object"])
    if "context" in statement:
        reduced["context"] = _ids_context(statement["context"])
    return reduced


def _ids_object(value: dict[str, Any]) -> dict[str, Any]:
    """Reduce a statement object to its identifying properties."""
    object_type = value.get("objectType", "Activity")
    if object_type == "Activity":
        return _ids_activity(value)
    if object_type in ("Agent", "Group"):
        return identifying_agent(value)
    if object_type == "SubStatement":
        return ids_statement(value)
    return value


def _ids_activity(value: dict[str, Any]) -> dict[str, Any]:
    """Reduce an Activity to its objectType and id."""
    reduced = {"id": value["id"]}
    if "objectType" in value:
        reduced["objectType"] = value["objectType"]
    return reduced


def _ids_context(context: dict[str, Any]) -> dict[str, Any]:
    """Reduce the agents and activities of a context."""
    reduced = dict(context)
    for key in ("instructor", "team"):
        if key in reduced:
            reduced[key] = identifying_agent(reduced[key])
    if "contextActivities" in context:
        reduced["contextActivities"] = {
            key: [_ids_activity(a) for a in value]
            if type(value) is list
            else _ids_activity(value)
            for key, value in context["contextActivities"].items()
        }
    return reduced


def accepted_languages(header: str) -> list[str]:
    """Return the languages of an Accept-Language header, best first."""
    weighted = []
    for position, item in enumerate(header.split(",")):
        tag, _, parameters = item.strip().partition(";")
        if not tag:
            continue
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted) if tag != "*"]


def activity_ids(statement: dict[str, Any]) -> set[str]:
    """Return the ids of the activities in a statement and its sub-statement."""
    found: set[str] = set()
    statement_object = statement.get("object", {})
    object_type = statement_object.get("objectType", "Activity")
    if object_type == "Activity":
        found.add(statement_object["id"])
    elif object_type == "SubStatement":
        found |= activity_ids(statement_object)
    for value in statement.get("context", {}).get("contextActivities", {}).values():
        for activity in value if type(value) is list else [value]:
            found.add(activity["id"])
    return found


def with_definitions(
    statement: dict[str, Any], definitions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Return the statement with each activity given the LRS's definition.

    Activities the LRS holds no definition for keep what the statement says.
    """
    result = dict(statement)
    statement_object = statement.get("object", {})
    object_type = statement_object.get("objectType", "Activity")
    if object_type == "Activity":
        result["object"] = _defined(statement_object, definitions)
    elif object_type == "SubStatement":
        result["object"] = with_definitions(statement_object, definitions)
    context = statement.get("context")
    if context and "contextActivities" in context:
        result["context"] = {
            **context,
            "contextActivities": {
                key: [_defined(a, definitions) for a in value]
                if type(value) is list
                else _defined(value, definitions)
                for key, value in context["contextActivities"].items()
            },
        }
    return result


def _defined(
    activity: dict[str, Any], definitions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Return an activity carrying the canonical definition, where one is known."""
    definition = definitions.get(activity["id"])
    if not definition:
        return activity
    return {**activity, "definition": definition}


def canonical_statement(value: Any, languages: list[str]) -> Any:
    """Keep one language in every language map, the best accepted one."""
    if isinstance(value, list):
        return [canonical_statement(item, languages) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key == "extensions":
            result[key] = item
        elif key in LANGUAGE_MAP_KEYS and _is_language_map(item):
            result[key] = _best_language(item, languages)
        else:
            result[key] = canonical_statement(item, languages)
    return result


def _is_language_map(value: Any) -> bool:
    """Tell whether a value looks like a language map."""
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _best_language(language_map: dict[str, str], languages: list[str]) -> dict:
    """Return a language map reduced to its best accepted entry."""
    if not language_map:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in languages:
        if wanted in lowered:
            tag = lowered[wanted]
            return {tag: language_map[tag]}
        for candidate, tag in lowered.items():
            if candidate.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}
