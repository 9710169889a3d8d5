"""The check's inputs as arrays, and how to read them from the database."""

from dataclasses import dataclass, field

import numpy as np

from ..models import (
    Company,
    Competence,
    CompetenceDemand,
    LearningOutcome,
    TrackPage,
    TrackUnit,
)

IMPORTANCE_WEIGHTS = {"must": 3, "should": 2, "nice": 1}
IMPORTANCE_CODES = {weight: code for code, weight in IMPORTANCE_WEIGHTS.items()}
HORIZONS = ["now", "2-years", "5-years"]


@dataclass(frozen=True)
class CompetenceTable:
    """Every competence the check may meet, with its place in the tree."""

    ids: list[int]
    codes: list[str]
    titles: list[str]
    frameworks: list[str]
    # Index of each competence's parent in this table, or -1.
    parent: np.ndarray
    # Whether the competence's framework lets children cover their parent.
    children_cover_parent: np.ndarray


@dataclass(frozen=True)
class CheckInput:
    """Everything the engine needs, as indices into the tables.

    Links join tracks to units, outcomes join units to competences with a
    target level, and demands join companies to competences with a level.
    Importance is a weight (3 must, 2 should, 1 nice), horizon an index
    into ``HORIZONS``.
    """

    competences: CompetenceTable
    track_ids: list[int]
    track_codes: list[str]
    track_titles: list[str]
    unit_count: int
    link_track: np.ndarray
    link_unit: np.ndarray
    link_required: np.ndarray
    outcome_unit: np.ndarray
    outcome_competence: np.ndarray
    outcome_level: np.ndarray
    company_ids: list[int]
    company_names: list[str]
    company_sectors: list[str]
    demand_company: np.ndarray
    demand_competence: np.ndarray
    demand_level: np.ndarray
    demand_importance: np.ndarray
    demand_horizon: np.ndarray
    demand_people: np.ndarray
    summary: dict = field(default_factory=dict)


def load_check_input(track_slug: str = "") -> CheckInput:
    """Read current demands and the live curriculum into a ``CheckInput``."""
    competences, competence_index = _competence_table()
    tracks = _tracks(track_slug)
    track_index = {row[0]: position for position, row in enumerate(tracks)}
    links = _links(track_index)
    unit_ids = dict.fromkeys(link[1] for link in links)
    unit_index = {unit: position for position, unit in enumerate(unit_ids)}
    outcomes = _outcomes(unit_index)
    companies = list(Company.objects.order_by("pk").values_list("pk", "name", "sector"))
    company_index = {row[0]: position for position, row in enumerate(companies)}
    demands = _demands()
    return CheckInput(
        competences=competences,
        track_ids=[row[0] for row in tracks],
        track_codes=[row[1] for row in tracks],
        track_titles=[row[2] for row in tracks],
        unit_count=len(unit_index),
        link_track=_indices([row[0] for row in links], track_index),
        link_unit=_indices([row[1] for row in links], unit_index),
        link_required=np.array([row[2] for row in links], dtype=bool),
        outcome_unit=_indices([row[0] for row in outcomes], unit_index),
        outcome_competence=_indices([row[1] for row in outcomes], competence_index),
        outcome_level=np.array([row[2] for row in outcomes], dtype=np.int64),
        company_ids=[row[0] for row in companies],
        company_names=[row[1] for row in companies],
        company_sectors=[row[2] for row in companies],
        demand_company=_indices([row[0] for row in demands], company_index),
        demand_competence=_indices([row[1] for row in demands], competence_index),
        demand_level=np.array([row[2] for row in demands], dtype=np.int64),
        demand_importance=np.array(
            [IMPORTANCE_WEIGHTS[row[3]] for row in demands], dtype=np.int64
        ),
        demand_horizon=np.array(
            [HORIZONS.index(row[4]) for row in demands], dtype=np.int64
        ),
        demand_people=np.array([max(row[5], 1) for row in demands], dtype=np.int64),
        summary=_summary(tracks, unit_index, outcomes, demands, competences),
    )


def _indices(ids: list[int], index: dict[int, int]) -> np.ndarray:
    return np.fromiter((index[item] for item in ids), dtype=np.int64, count=len(ids))


def _competence_table() -> tuple[CompetenceTable, dict[int, int]]:
    rows = list(
        Competence.objects.order_by("pk").values_list(
            "pk",
            "code",
            "title",
            "framework__code",
            "parent_id",
            "framework__children_cover_parent",
        )
    )
    index = {row[0]: position for position, row in enumerate(rows)}
    table = CompetenceTable(
        ids=[row[0] for row in rows],
        codes=[row[1] for row in rows],
        titles=[row[2] for row in rows],
        frameworks=[row[3] for row in rows],
        parent=np.array([index.get(row[4], -1) for row in rows], dtype=np.int64),
        children_cover_parent=np.array([row[5] for row in rows], dtype=bool),
    )
    return table, index


def _tracks(track_slug: str) -> list[tuple[int, str, str]]:
    tracks = TrackPage.objects.live().order_by("path")
    if track_slug:
        tracks = tracks.filter(slug=track_slug)
    return list(tracks.values_list("pk", "code", "title"))


def _links(track_index: dict[int, int]) -> list[tuple[int, int, bool]]:
    links = TrackUnit.objects.filter(track_id__in=track_index, unit__live=True)
    return list(
        links.order_by("track_id", "sort_order").values_list(
            "track_id", "unit_id", "is_required"
        )
    )


def _outcomes(unit_index: dict[int, int]) -> list[tuple[int, int, int]]:
    outcomes = LearningOutcome.objects.filter(unit_id__in=unit_index)
    return list(outcomes.values_list("unit_id", "competence_id", "target_level"))


def _demands() -> list[tuple]:
    demands = CompetenceDemand.objects.current().filter(competence__isnull=False)
    return list(
        demands.order_by("pk").values_list(
            "company_id",
            "competence_id",
            "level",
            "importance",
            "horizon",
            "people_needed",
        )
    )


def _summary(tracks, unit_index, outcomes, demands, competences) -> dict:
    proposed = CompetenceDemand.objects.current().proposed().count()
    return {
        "tracks": len(tracks),
        "units": len(unit_index),
        "learning_outcomes": len(outcomes),
        "competences": len(competences.ids),
        "demands": len(demands),
        "companies": len({row[0] for row in demands}),
        "proposed_competences": proposed,
    }
