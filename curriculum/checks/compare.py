"""What changed between two check runs: new gaps, closed gaps, weights."""

from .engine import REQUIRED_AT_LEVEL


def _gaps(results: dict) -> dict[str, dict]:
    return {
        item["key"]: item
        for item in results.get("items", [])
        if item["overall"] < REQUIRED_AT_LEVEL
    }


def _item_summary(item: dict) -> dict:
    return {
        "key": item["key"],
        "code": item["code"],
        "title": item["title"],
        "level": item["level"],
        "weight": item["weight"],
    }


def compare_results(previous: dict | None, current: dict) -> dict:
    """Return the gaps opened and closed and the weights changed since ``previous``.

    A gap closes when the curriculum now covers the item at its level in a
    required unit, or when no company demands it any more.
    """
    if not previous:
        return {"has_previous": False, "new_gaps": [], "closed_gaps": [], "changed": []}
    before, after = _gaps(previous), _gaps(current)
    current_items = {item["key"]: item for item in current.get("items", [])}
    closed = []
    for key in before.keys() - after.keys():
        entry = _item_summary(before[key])
        entry["reason"] = "covered" if key in current_items else "no-longer-demanded"
        closed.append(entry)
    return {
        "has_previous": True,
        "new_gaps": _by_weight(
            _item_summary(after[key]) for key in after.keys() - before.keys()
        ),
        "closed_gaps": _by_weight(closed),
        "changed": _changed_weights(previous, current_items),
    }


def _changed_weights(previous: dict, current_items: dict[str, dict]) -> list[dict]:
    changed = []
    for item in previous.get("items", []):
        now = current_items.get(item["key"])
        if now and now["weight"] != item["weight"]:
            entry = _item_summary(now)
            entry["previous_weight"] = item["weight"]
            changed.append(entry)
    return sorted(changed, key=lambda e: -abs(e["weight"] - e["previous_weight"]))


def _by_weight(entries) -> list[dict]:
    return sorted(entries, key=lambda entry: (-entry["weight"], entry["key"]))
