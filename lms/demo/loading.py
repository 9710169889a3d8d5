"""Read the demonstration content and resolve its references."""

import json
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# In stream values, "@competence:WTB-K1-W2" names a competence by its code,
# "@image:schuifmaat" and "@document:lmra-kaart" a medium by its data key.
REFERENCE = re.compile(r"^@(competence|image|document):(.+)$")


class DemoContentError(Exception):
    """The demonstration data refers to something that does not exist."""


def load(name: str) -> Any:
    """Return the parsed content of ``data/<name>.json``."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


def resolve(value: Any, references: Mapping[str, Mapping[str, int]]) -> Any:
    """Replace every ``@kind:key`` string in ``value`` by the id it names."""
    if isinstance(value, dict):
        return {key: resolve(item, references) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, references) for item in value]
    match = REFERENCE.match(value) if isinstance(value, str) else None
    if match is None:
        return value
    kind, key = match.groups()
    try:
        return references[kind][key]
    except KeyError:
        raise DemoContentError(f"Unknown {kind} {key!r}") from None


def with_block_ids(value: Any) -> Any:
    """Give every stream and list item an id, nested ones included.

    Wagtail adds ids only to the top level of a stream saved from raw data;
    quiz questions and their choices need stable ids of their own, since
    answers and statements refer to them.
    """
    if isinstance(value, list):
        return [with_block_ids(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = {key: with_block_ids(item) for key, item in value.items()}
    if "type" in found and "value" in found and not found.get("id"):
        found["id"] = str(uuid.uuid4())
    return found
