"""Benchmark the curriculum check on a large synthetic region.

Run with ``.venv/bin/python benchmarks/curriculum_check.py``. It times the
engine alone on 200 companies, 2,000 competences, 50 tracks, 600 units and
10,000 demands, then the engine plus storing a run in a fresh test database
(in-memory SQLite unless ``DATABASE_URL`` names another database), and last
a whole run as the task does it: the same region written to the database,
read back, checked, compared with the previous run and stored.
Goals: ≤ 1 second for the engine, ≤ 5 seconds including storing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techcampus.settings.test")

SECTORS = ["construction", "installation", "electrical", "infra", "metal"]


def synthetic_region(
    companies: int = 200,
    competences: int = 2_000,
    tracks: int = 50,
    units: int = 600,
    demands: int = 10_000,
    seed: int = 2026,
):
    """Return a ``CheckInput`` for a random but plausible region."""
    from curriculum.checks.inputs import CheckInput

    random = np.random.default_rng(seed)
    table = _competence_table(random, competences)
    links_per_track = 24
    link_unit = np.concatenate(
        [random.choice(units, links_per_track, replace=False) for _ in range(tracks)]
    )
    outcomes_per_unit = 5
    return CheckInput(
        competences=table,
        track_ids=list(range(1, tracks + 1)),
        track_codes=[f"TRJ-{n}" for n in range(1, tracks + 1)],
        track_titles=[f"Traject {n}" for n in range(1, tracks + 1)],
        unit_count=units,
        link_track=np.repeat(np.arange(tracks), links_per_track),
        link_unit=link_unit,
        link_required=random.random(len(link_unit)) < 0.7,
        outcome_unit=np.repeat(np.arange(units), outcomes_per_unit),
        outcome_competence=random.integers(0, competences, units * outcomes_per_unit),
        outcome_level=random.integers(1, 5, units * outcomes_per_unit),
        company_ids=list(range(1, companies + 1)),
        company_names=[f"Bedrijf {n}" for n in range(1, companies + 1)],
        company_sectors=[SECTORS[n % len(SECTORS)] for n in range(companies)],
        demand_company=random.integers(0, companies, demands),
        demand_competence=random.integers(0, competences, demands),
        demand_level=random.integers(1, 5, demands),
        demand_importance=random.integers(1, 4, demands),
        demand_horizon=random.integers(0, 3, demands),
        demand_people=random.integers(1, 6, demands),
        summary={"tracks": tracks, "units": units, "demands": demands},
    )


def _competence_table(random, count: int):
    from curriculum.checks.inputs import CompetenceTable

    # Every tenth competence is a core task; the others are its work processes.
    parent = np.where(np.arange(count) % 10 == 0, -1, np.arange(count) // 10 * 10)
    return CompetenceTable(
        ids=list(range(1, count + 1)),
        codes=[f"K{n // 10}-W{n % 10}" for n in range(count)],
        titles=[f"Competentie {n}" for n in range(count)],
        frameworks=["synthetisch"] * count,
        parent=parent,
        children_cover_parent=np.ones(count, dtype=bool),
    )


def time_engine(data, repeat: int = 5) -> list[float]:
    """Return the seconds each of ``repeat`` engine runs took."""
    from curriculum.checks.engine import run_check

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_check(data)
        timings.append(time.perf_counter() - started)
    return timings


def time_engine_and_storing(data, repeat: int = 3) -> list[float]:
    """Return the seconds each engine run plus storing its run row took."""
    from curriculum.checks.engine import run_check
    from curriculum.checks.runs import store_results
    from curriculum.models import CurriculumCheckRun

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run = CurriculumCheckRun.objects.create()
        store_results(run, run_check(data))
        timings.append(time.perf_counter() - started)
    return timings


def store_region(data) -> None:
    """Write the synthetic region to the database as real rows and pages."""
    from wagtail.models import Page

    from curriculum.models import CataloguePage, UnitIndexPage

    root = Page.get_first_root_node()
    competences = _store_competences(data)
    units = _store_units(data, root.add_child(instance=UnitIndexPage(title="M")))
    catalogue = root.add_child(instance=CataloguePage(title="Catalogus"))
    _store_outcomes(data, units, competences)
    _store_tracks(data, units, catalogue)
    _store_demands(data, competences)


def _store_competences(data) -> list:
    from curriculum.models import Competence, CompetenceFramework, ProficiencyScale

    scale = ProficiencyScale.objects.create(name="Synthetisch")
    scale.levels.create(level=1, name="1")
    scale.levels.create(level=4, name="4")
    framework = CompetenceFramework.objects.create(
        name="Synthetisch",
        code="synthetisch",
        source="techcampus",
        version="1",
        default_scale=scale,
        children_cover_parent=True,
    )
    table = data.competences
    competences = Competence.objects.bulk_create(
        Competence(framework=framework, code=code, title=title, sort_order=n)
        for n, (code, title) in enumerate(zip(table.codes, table.titles, strict=True))
    )
    for competence, parent in zip(competences, table.parent.tolist(), strict=True):
        competence.parent = competences[parent] if parent >= 0 else None
    Competence.objects.bulk_update(competences, ["parent"])
    return competences


def _store_units(data, index) -> list:
    from curriculum.models import UnitPage

    return [
        index.add_child(
            instance=UnitPage(
                title=f"Module {n}",
                code=f"MOD-{n}",
                summary="Synthetisch.",
                study_load_hours=20,
                delivery_mode=UnitPage.DeliveryMode.HYBRID,
            )
        )
        for n in range(data.unit_count)
    ]


def _store_outcomes(data, units, competences) -> None:
    from curriculum.models import LearningOutcome

    LearningOutcome.objects.bulk_create(
        LearningOutcome(
            unit=units[unit], competence=competences[competence], target_level=level
        )
        for unit, competence, level in zip(
            data.outcome_unit.tolist(),
            data.outcome_competence.tolist(),
            data.outcome_level.tolist(),
            strict=True,
        )
    )


def _store_tracks(data, units, catalogue) -> None:
    from curriculum.models import TrackPage, TrackUnit

    tracks = [
        catalogue.add_child(
            instance=TrackPage(
                title=title,
                code=code,
                kind=TrackPage.Kind.PROGRAMME,
                duration_weeks=10,
                intro="Synthetisch.",
            )
        )
        for code, title in zip(data.track_codes, data.track_titles, strict=True)
    ]
    TrackUnit.objects.bulk_create(
        TrackUnit(track=tracks[track], unit=units[unit], is_required=required)
        for track, unit, required in zip(
            data.link_track.tolist(),
            data.link_unit.tolist(),
            data.link_required.tolist(),
            strict=True,
        )
    )


def _store_demands(data, competences) -> None:
    from curriculum.checks.inputs import HORIZONS, IMPORTANCE_CODES
    from curriculum.models import Company, CompetenceDemand

    companies = Company.objects.bulk_create(
        Company(name=name, sector=sector)
        for name, sector in zip(data.company_names, data.company_sectors, strict=True)
    )
    columns = zip(
        data.demand_company.tolist(),
        data.demand_competence.tolist(),
        data.demand_level.tolist(),
        data.demand_importance.tolist(),
        data.demand_horizon.tolist(),
        data.demand_people.tolist(),
        strict=True,
    )
    CompetenceDemand.objects.bulk_create(
        CompetenceDemand(
            company=companies[company],
            competence=competences[competence],
            level=level,
            importance=IMPORTANCE_CODES[importance],
            horizon=HORIZONS[horizon],
            people_needed=people,
        )
        for company, competence, level, importance, horizon, people in columns
    )


def time_full_runs(repeat: int = 3) -> tuple[list[float], dict]:
    """Return the seconds each whole run took, and the last run's input summary."""
    from curriculum.checks.runs import execute_run, start_run

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run = execute_run(start_run())
        timings.append(time.perf_counter() - started)
    return timings, run.input_summary


def main() -> None:
    """Set up Django and a test database, and print the figures."""
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    from django.db import connection

    data = synthetic_region()
    engine = time_engine(data)
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        storing = time_engine_and_storing(data)
        store_region(data)
        full, summary = time_full_runs()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    _report("engine alone", engine, 1.0)
    _report("engine + storing", storing, 5.0)
    _report("whole run from db", full, 5.0)
    print("whole run read:", ", ".join(f"{v} {k}" for k, v in summary.items()))


def _report(label: str, timings: list[float], goal: float) -> None:
    median = statistics.median(timings)
    verdict = "within" if median <= goal else "OVER"
    print(
        f"{label:18} median {median:.3f} s, best {min(timings):.3f} s, "
        f"worst {max(timings):.3f} s over {len(timings)} runs "
        f"({verdict} the {goal:.0f} s goal)"
    )


if __name__ == "__main__":
    main()
