"""Read the demonstration content and resolve its references."""

import json
import re
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
