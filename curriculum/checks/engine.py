"""Coverage of the region's demands by the tracks, computed with numpy.

Every function here is pure: it takes a :class:`CheckInput` or arrays and
returns arrays or plain data, so the engine is fast and easy to test.

A *demanded item* is a competence demanded at one level; demands for the
same competence at different levels are separate items. For each item and
track the status is, from best to worst:

- ``required-at-level``: a required unit teaches it at or above the level;
- ``elective-only``: only an elective unit teaches it at or above the level;
- ``below-level``: the track teaches it, but below the level;
- ``none``: the track does not teach it.

The whole curriculum's status is the best status over all tracks. A demand
weighs importance (must 3, should 2, nice 1) × people needed per year; an
item weighs the sum over its demands, which is importance × number of
companies × people needed when those are equal.
"""

from dataclasses import dataclass

import numpy as np

from .inputs import HORIZONS, IMPORTANCE_CODES, CheckInput, CompetenceTable

NONE, BELOW_LEVEL, ELECTIVE_ONLY, REQUIRED_AT_LEVEL = range(4)
STATUS_NAMES = ["none", "below-level", "elective-only", "required-at-level"]
# How much each status counts towards a coverage score.
STATUS_SCORES = np.array([0.0, 0.25, 0.5, 1.0])
# Frameworks are shallow (core task, work process, skill); this bounds the
# loops that walk the tree against cycles in bad data.
MAX_DEPTH = 10
RESULTS_VERSION = 1


@dataclass(frozen=True)
class DemandItems:
    """Demands grouped per competence and level."""

    competence: np.ndarray
    level: np.ndarray
    weight: np.ndarray
    people: np.ndarray
    horizon: np.ndarray
    company_count: np.ndarray
    # For each demand, the index of its item.
    of_demand: np.ndarray
    # (item, company) pairs, sorted by item.
    pair_item: np.ndarray
    pair_company: np.ndarray


def demand_weights(data: CheckInput) -> np.ndarray:
    """Return each demand's weight: importance × people needed per year."""
    return (data.demand_importance * data.demand_people).astype(np.float64)


def link_outcome_pairs(data: CheckInput) -> tuple[np.ndarray, np.ndarray]:
    """Pair every track-unit link with every learning outcome of its unit."""
    order = np.argsort(data.outcome_unit, kind="stable")
    counts = np.bincount(data.outcome_unit, minlength=data.unit_count)
    starts = np.cumsum(counts) - counts
    per_link = counts[data.link_unit]
    link_index = np.repeat(np.arange(len(data.link_unit)), per_link)
    first_of_link = np.repeat(np.cumsum(per_link) - per_link, per_link)
    offsets = np.arange(per_link.sum()) - first_of_link
    outcome_index = order[np.repeat(starts[data.link_unit], per_link) + offsets]
    return link_index, outcome_index


def taught_levels(data: CheckInput) -> tuple[np.ndarray, np.ndarray]:
    """Return the best level per competence × track: required, elective units."""
    shape = (len(data.competences.ids), len(data.track_ids))
    required = np.zeros(shape, dtype=np.int64)
    elective = np.zeros(shape, dtype=np.int64)
    link_index, outcome_index = link_outcome_pairs(data)
    competence = data.outcome_competence[outcome_index]
    track = data.link_track[link_index]
    level = data.outcome_level[outcome_index]
    is_required = data.link_required[link_index]
    for target, mask in ((required, is_required), (elective, ~is_required)):
        np.maximum.at(target, (competence[mask], track[mask]), level[mask])
    return required, elective


def cover_parents(levels: np.ndarray, table: CompetenceTable) -> np.ndarray:
    """Let children's levels count for their parent where the framework allows."""
    children = np.flatnonzero((table.parent >= 0) & table.children_cover_parent)
    result = levels.copy()
    for _ in range(MAX_DEPTH if children.size else 0):
        before = result.sum()
        np.maximum.at(result, table.parent[children], result[children])
        if result.sum() == before:
            break
    return result


def cover_children(demanded: np.ndarray, table: CompetenceTable) -> np.ndarray:
    """Mark children of demanded competences as demanded where they count."""
    children = np.flatnonzero((table.parent >= 0) & table.children_cover_parent)
    result = demanded.copy()
    for _ in range(MAX_DEPTH if children.size else 0):
        before = result.sum()
        result[children] |= result[table.parent[children]]
        if result.sum() == before:
            break
    return result


def demand_items(data: CheckInput) -> DemandItems:
    """Group the demands per competence and level, with weights and horizons."""
    top_level = int(data.demand_level.max(initial=0)) + 1
    keys = data.demand_competence * top_level + data.demand_level
    unique_keys, of_demand = np.unique(keys, return_inverse=True)
    count = len(unique_keys)
    horizon = np.full(count, len(HORIZONS) - 1, dtype=np.int64)
    np.minimum.at(horizon, of_demand, data.demand_horizon)
    company_count = max(len(data.company_ids), 1)
    pairs = np.unique(of_demand * company_count + data.demand_company)
    return DemandItems(
        competence=unique_keys // top_level,
        level=unique_keys % top_level,
        weight=np.bincount(of_demand, demand_weights(data), minlength=count),
        people=np.bincount(of_demand, data.demand_people, minlength=count),
        horizon=horizon,
        company_count=np.bincount(pairs // company_count, minlength=count),
        of_demand=of_demand,
        pair_item=pairs // company_count,
        pair_company=pairs % company_count,
    )


def item_status(
    items: DemandItems, required: np.ndarray, elective: np.ndarray
) -> np.ndarray:
    """Return the status of every item in every track (items × tracks)."""
    in_required = required[items.competence]
    in_elective = elective[items.competence]
    level = items.level[:, None]
    conditions = [
        in_required >= level,
        in_elective >= level,
        np.maximum(in_required, in_elective) > 0,
    ]
    choices = [REQUIRED_AT_LEVEL, ELECTIVE_ONLY, BELOW_LEVEL]
    return np.select(conditions, choices, NONE).astype(np.int8)


def overall_status(status: np.ndarray) -> np.ndarray:
    """Return each item's best status over all tracks."""
    if status.shape[1] == 0:
        return np.zeros(status.shape[0], dtype=np.int8)
    return status.max(axis=1)


def coverage_scores(status: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Return the weighted coverage score per column of ``status``, 0 to 1."""
    total = weight.sum()
    if total == 0:
        return np.full(status.shape[1:], np.nan)
    return np.tensordot(weight, STATUS_SCORES[status], axes=1) / total


def surplus_matrix(
    required: np.ndarray,
    elective: np.ndarray,
    items: DemandItems,
    table: CompetenceTable,
) -> np.ndarray:
    """Return competences × tracks taught there but demanded by no company."""
    demanded = np.zeros(len(table.ids), dtype=bool)
    demanded[items.competence] = True
    demanded = cover_children(demanded, table)
    return ((required > 0) | (elective > 0)) & ~demanded[:, None]


def sector_coverage(
    data: CheckInput, items: DemandItems, overall: np.ndarray
) -> list[dict]:
    """Return the demanded and covered weight per company sector."""
    sectors = sorted(set(data.company_sectors))
    sector_index = np.array(
        [sectors.index(sector) for sector in data.company_sectors], dtype=np.int64
    )
    of_demand = sector_index[data.demand_company] if sectors else data.demand_company
    weight = demand_weights(data)
    status = overall[items.of_demand]
    count = len(sectors)
    total = np.bincount(of_demand, weight, minlength=count)
    scored = np.bincount(of_demand, weight * STATUS_SCORES[status], minlength=count)
    full = np.bincount(
        of_demand, weight * (status == REQUIRED_AT_LEVEL), minlength=count
    )
    demands = np.bincount(of_demand, minlength=count)
    return [
        {
            "sector": sector,
            "demands": int(demands[n]),
            "weight": float(total[n]),
            "covered_weight": float(full[n]),
            "score": _ratio(scored[n], total[n]),
        }
        for n, sector in enumerate(sectors)
        if demands[n]
    ]


def _ratio(part: float, whole: float) -> float | None:
    return float(part / whole) if whole else None


def _score(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def run_check(data: CheckInput) -> dict:
    """Run the whole check and return its results as JSON-ready data."""
    raw_required, raw_elective = taught_levels(data)
    required = cover_parents(raw_required, data.competences)
    elective = cover_parents(raw_elective, data.competences)
    items = demand_items(data)
    status = item_status(items, required, elective)
    overall = overall_status(status)
    surplus = surplus_matrix(raw_required, raw_elective, items, data.competences)
    order = np.lexsort((items.level, items.competence, -items.weight))
    return {
        "version": RESULTS_VERSION,
        "statuses": STATUS_NAMES,
        "horizons": HORIZONS,
        "score": _score(coverage_scores(overall[:, None], items.weight)[0]),
        "tracks": _track_results(data, status, items, surplus),
        "items": _item_results(data, items, status, overall, order),
        "surpluses": _surplus_results(data, surplus),
        "sectors": sector_coverage(data, items, overall),
        "companies": _company_results(data),
        "demands": _demand_results(data, items, order),
        "summary": data.summary,
    }


def _track_results(data, status, items, surplus) -> list[dict]:
    scores = coverage_scores(status, items.weight)
    counts = np.stack([(status == value).sum(axis=0) for value in range(4)])
    return [
        {
            "id": data.track_ids[n],
            "code": data.track_codes[n],
            "title": data.track_titles[n],
            "score": _score(scores[n]),
            "counts": counts[:, n].tolist(),
            "surplus_count": int(surplus[:, n].sum()),
        }
        for n in range(len(data.track_ids))
    ]


def _item_results(data, items, status, overall, order) -> list[dict]:
    table = data.competences
    track_count = status.shape[1]
    text = (status[order] + ord("0")).astype(np.uint8).tobytes().decode("ascii")
    company_lists = np.split(
        np.asarray(data.company_ids, dtype=np.int64)[items.pair_company],
        np.flatnonzero(np.diff(items.pair_item)) + 1,
    )
    results = []
    columns = zip(
        order.tolist(),
        items.competence[order].tolist(),
        items.level[order].tolist(),
        items.weight[order].tolist(),
        items.people[order].tolist(),
        items.horizon[order].tolist(),
        overall[order].tolist(),
        strict=True,
    )
    for row, (item, competence, level, weight, people, horizon, best) in enumerate(
        columns
    ):
        results.append(
            {
                "key": f"{table.ids[competence]}:{level}",
                "competence_id": table.ids[competence],
                "code": table.codes[competence],
                "title": table.titles[competence],
                "framework": table.frameworks[competence],
                "level": level,
                "weight": weight,
                "people": int(people),
                "horizon": HORIZONS[horizon],
                "companies": company_lists[item].tolist(),
                "overall": best,
                "tracks": text[row * track_count : (row + 1) * track_count],
            }
        )
    return results


def _surplus_results(data: CheckInput, surplus: np.ndarray) -> list[dict]:
    table = data.competences
    results = []
    for competence in np.flatnonzero(surplus.any(axis=1)).tolist():
        tracks = np.flatnonzero(surplus[competence]).tolist()
        results.append(
            {
                "competence_id": table.ids[competence],
                "code": table.codes[competence],
                "title": table.titles[competence],
                "framework": table.frameworks[competence],
                "tracks": [data.track_codes[track] for track in tracks],
            }
        )
    return results


def _company_results(data: CheckInput) -> dict[str, dict]:
    used = np.unique(data.demand_company).tolist()
    return {
        str(data.company_ids[n]): {
            "name": data.company_names[n],
            "sector": data.company_sectors[n],
        }
        for n in used
    }


def _demand_results(data: CheckInput, items: DemandItems, order) -> list[list]:
    """Return [company id, item row, importance, horizon, people] per demand."""
    row_of_item = np.empty_like(order)
    row_of_item[order] = np.arange(len(order))
    company_ids = np.asarray(data.company_ids, dtype=np.int64)
    columns = zip(
        company_ids[data.demand_company].tolist(),
        row_of_item[items.of_demand].tolist(),
        data.demand_importance.tolist(),
        data.demand_horizon.tolist(),
        data.demand_people.tolist(),
        strict=True,
    )
    return [
        [company, row, IMPORTANCE_CODES[importance], HORIZONS[horizon], people]
        for company, row, importance, horizon, people in columns
    ]
