"""The coverage rules of the curriculum check on small hand-made regions."""

import numpy as np
import pytest

from curriculum.checks.compare import compare_results
from curriculum.checks.engine import run_check
from curriculum.checks.inputs import (
    HORIZONS,
    IMPORTANCE_WEIGHTS,
    CheckInput,
    CompetenceTable,
)

REQUIRED, ELECTIVE = True, False


def region(
    competences: dict[str, str | None],
    units: dict[str, list[tuple[str, int]]],
    tracks: dict[str, list[tuple[str, bool]]],
    demands: list[tuple[str, str, int, str, int]],
    children_cover_parent: bool = False,
    sectors: dict[str, str] | None = None,
) -> CheckInput:
    """Build a check input from names.

    ``competences`` maps code to parent code, ``units`` maps a unit to its
    (competence, level) outcomes, ``tracks`` maps a track to its (unit,
    required) links, and each demand is (company, competence, level,
    importance, people needed).
    """
    codes = list(competences)
    unit_names = list(units)
    companies = sorted({demand[0] for demand in demands} | set(sectors or {}))
    outcomes = [
        (unit_names.index(unit), codes.index(code), level)
        for unit, items in units.items()
        for code, level in items
    ]
    links = [
        (position, unit_names.index(unit), required)
        for position, items in enumerate(tracks.values())
        for unit, required in items
    ]
    table = CompetenceTable(
        ids=list(range(1, len(codes) + 1)),
        codes=codes,
        titles=[f"Titel {code}" for code in codes],
        frameworks=["kader"] * len(codes),
        parent=np.array(
            [codes.index(parent) if parent else -1 for parent in competences.values()]
        ),
        children_cover_parent=np.full(len(codes), children_cover_parent),
    )
    return CheckInput(
        competences=table,
        track_ids=list(range(1, len(tracks) + 1)),
        track_codes=list(tracks),
        track_titles=list(tracks),
        unit_count=len(unit_names),
        link_track=_column(links, 0),
        link_unit=_column(links, 1),
        link_required=np.array([link[2] for link in links], dtype=bool),
        outcome_unit=_column(outcomes, 0),
        outcome_competence=_column(outcomes, 1),
        outcome_level=_column(outcomes, 2),
        company_ids=[100 + n for n in range(len(companies))],
        company_names=companies,
        company_sectors=[(sectors or {}).get(name, "metal") for name in companies],
        demand_company=np.array([companies.index(d[0]) for d in demands], dtype=int),
        demand_competence=np.array([codes.index(d[1]) for d in demands], dtype=int),
        demand_level=np.array([d[2] for d in demands], dtype=int),
        demand_importance=np.array([IMPORTANCE_WEIGHTS[d[3]] for d in demands]),
        demand_horizon=np.zeros(len(demands), dtype=int),
        demand_people=np.array([d[4] for d in demands], dtype=int),
    )


def _column(rows: list[tuple], position: int) -> np.ndarray:
    return np.array([row[position] for row in rows], dtype=np.int64)


def status_of(results: dict, code: str, track: str | None = None) -> str:
    item = next(item for item in results["items"] if item["code"] == code)
    if track is None:
        return results["statuses"][item["overall"]]
    position = [entry["code"] for entry in results["tracks"]].index(track)
    return results["statuses"][int(item["tracks"][position])]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([("U3", REQUIRED)], "required-at-level"),
        ([("U4", REQUIRED)], "required-at-level"),
        ([("U3", ELECTIVE)], "elective-only"),
        ([("U2", REQUIRED)], "below-level"),
        ([("U2", REQUIRED), ("U3", ELECTIVE)], "elective-only"),
        ([("U2", ELECTIVE)], "below-level"),
        ([("OTHER", REQUIRED)], "none"),
        ([], "none"),
    ],
)
def test_status_follows_level_and_whether_the_unit_is_required(links, expected):
    """Level 3 demanded: taught at 3 or 4 in a required unit covers it."""
    data = region(
        competences={"A": None, "B": None},
        units={
            "U2": [("A", 2)],
            "U3": [("A", 3)],
            "U4": [("A", 4)],
            "OTHER": [("B", 4)],
        },
        tracks={"T": links},
        demands=[("Bouwbedrijf", "A", 3, "must", 1)],
    )

    results = run_check(data)

    assert status_of(results, "A", "T") == expected
    assert status_of(results, "A") == expected


def test_overall_status_is_the_best_over_the_tracks():
    data = region(
        competences={"A": None},
        units={"LOW": [("A", 1)], "HIGH": [("A", 3)]},
        tracks={"T1": [("LOW", REQUIRED)], "T2": [("HIGH", ELECTIVE)]},
        demands=[("Bouwbedrijf", "A", 2, "must", 1)],
    )

    results = run_check(data)

    assert status_of(results, "A", "T1") == "below-level"
    assert status_of(results, "A", "T2") == "elective-only"
    assert status_of(results, "A") == "elective-only"


@pytest.mark.parametrize(
    ("children_cover_parent", "expected"),
    [(True, "required-at-level"), (False, "none")],
)
def test_child_covers_parent_only_when_the_framework_says_so(
    children_cover_parent, expected
):
    data = region(
        competences={"K1": None, "K1-W1": "K1", "K1-W1-S1": "K1-W1"},
        units={"U": [("K1-W1-S1", 3)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Installateur", "K1", 2, "should", 1)],
        children_cover_parent=children_cover_parent,
    )

    results = run_check(data)

    assert status_of(results, "K1", "T") == expected


def test_parent_does_not_cover_a_demanded_child():
    data = region(
        competences={"K1": None, "K1-W1": "K1"},
        units={"U": [("K1", 4)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Installateur", "K1-W1", 1, "must", 1)],
        children_cover_parent=True,
    )

    results = run_check(data)

    assert status_of(results, "K1-W1", "T") == "none"


def test_item_weight_is_importance_times_companies_times_people():
    """Three companies that must have 2 people each weigh 3 × 3 × 2."""
    data = region(
        competences={"A": None, "B": None},
        units={"U": [("B", 1)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[
            ("Bedrijf 1", "A", 2, "must", 2),
            ("Bedrijf 2", "A", 2, "must", 2),
            ("Bedrijf 3", "A", 2, "must", 2),
            ("Bedrijf 1", "B", 1, "nice", 4),
        ],
    )

    results = run_check(data)

    first, second = results["items"]
    assert (first["code"], first["weight"], len(first["companies"])) == ("A", 18, 3)
    assert (second["code"], second["weight"], second["people"]) == ("B", 4, 4)


def test_same_competence_at_two_levels_makes_two_items():
    data = region(
        competences={"A": None},
        units={"U": [("A", 2)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Bedrijf 1", "A", 2, "must", 1), ("Bedrijf 2", "A", 4, "must", 1)],
    )

    results = run_check(data)

    levels = {
        item["level"]: results["statuses"][item["overall"]] for item in results["items"]
    }
    assert levels == {2: "required-at-level", 4: "below-level"}


def test_gaps_are_ordered_by_weight_and_exclude_covered_items():
    data = region(
        competences={"A": None, "B": None, "C": None},
        units={"U": [("C", 4)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[
            ("Bedrijf 1", "A", 1, "nice", 1),
            ("Bedrijf 1", "B", 1, "must", 5),
            ("Bedrijf 2", "C", 1, "must", 9),
        ],
    )

    results = run_check(data)

    gaps = [item["code"] for item in results["items"] if item["overall"] < 3]
    assert gaps == ["B", "A"]


def test_surpluses_are_taught_competences_nobody_demands():
    data = region(
        competences={"A": None, "B": None, "K": None, "K-W": "K"},
        units={"U": [("A", 2), ("B", 2), ("K-W", 2)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Bedrijf", "A", 1, "must", 1), ("Bedrijf", "K", 1, "must", 1)],
        children_cover_parent=True,
    )

    results = run_check(data)

    assert [entry["code"] for entry in results["surpluses"]] == ["B"]
    assert results["surpluses"][0]["tracks"] == ["T"]
    assert results["tracks"][0]["surplus_count"] == 1


def test_track_score_weighs_statuses_by_item_weight():
    """Covered (weight 3, counts 1) and missing (weight 1, counts 0): 0.75."""
    data = region(
        competences={"A": None, "B": None},
        units={"U": [("A", 3)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Bedrijf", "A", 3, "must", 1), ("Bedrijf", "B", 1, "nice", 1)],
    )

    results = run_check(data)

    assert results["tracks"][0]["score"] == 0.75
    assert results["tracks"][0]["counts"] == [1, 0, 0, 1]
    assert results["score"] == 0.75


def test_coverage_by_sector_splits_weight_per_company_sector():
    data = region(
        competences={"A": None, "B": None},
        units={"U": [("A", 3)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Bouwer", "A", 2, "must", 1), ("Elektro", "B", 2, "must", 2)],
        sectors={"Bouwer": "construction", "Elektro": "electrical"},
    )

    results = run_check(data)

    sectors = {entry["sector"]: entry for entry in results["sectors"]}
    assert sectors["construction"]["score"] == 1.0
    assert sectors["electrical"]["score"] == 0.0
    assert sectors["electrical"]["weight"] == 6


def test_no_demands_gives_no_score_and_no_items():
    data = region(
        competences={"A": None},
        units={"U": [("A", 3)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[],
    )

    results = run_check(data)

    assert results["items"] == []
    assert results["score"] is None
    assert [entry["code"] for entry in results["surpluses"]] == ["A"]


def test_demands_list_points_at_item_rows_and_companies():
    data = region(
        competences={"A": None, "B": None},
        units={"U": [("A", 3)]},
        tracks={"T": [("U", REQUIRED)]},
        demands=[("Bedrijf 1", "A", 3, "should", 1), ("Bedrijf 2", "B", 2, "must", 7)],
    )

    results = run_check(data)

    by_company = {demand[0]: demand for demand in results["demands"]}
    row = by_company[100][1]
    assert results["items"][row]["code"] == "A"
    assert by_company[100][2:] == ["should", HORIZONS[0], 1]
    assert results["companies"]["101"]["name"] == "Bedrijf 2"


def comparison_region(demands, units) -> dict:
    return run_check(
        region(
            competences={"A": None, "B": None, "C": None},
            units=units,
            tracks={"T": [("U", REQUIRED)]},
            demands=demands,
        )
    )


def test_comparison_lists_new_and_closed_gaps_and_changed_weights():
    previous = comparison_region(
        demands=[
            ("Bedrijf", "A", 2, "must", 1),
            ("Bedrijf", "B", 2, "must", 1),
            ("Bedrijf", "C", 2, "must", 1),
        ],
        units={"U": [("C", 2)]},
    )
    current = comparison_region(
        demands=[("Bedrijf", "A", 2, "must", 1), ("Bedrijf", "C", 2, "must", 4)],
        units={"U": [("A", 2)]},
    )

    comparison = compare_results(previous, current)

    assert [(gap["code"], gap["reason"]) for gap in comparison["closed_gaps"]] == [
        ("A", "covered"),
        ("B", "no-longer-demanded"),
    ]
    assert [gap["code"] for gap in comparison["new_gaps"]] == ["C"]
    assert [
        (item["code"], item["previous_weight"], item["weight"])
        for item in comparison["changed"]
    ] == [("C", 3, 12)]


def test_comparison_without_a_previous_run_says_so():
    current = comparison_region([("Bedrijf", "A", 2, "must", 1)], {"U": [("B", 1)]})

    comparison = compare_results(None, current)

    assert comparison["has_previous"] is False
    assert comparison["new_gaps"] == []
