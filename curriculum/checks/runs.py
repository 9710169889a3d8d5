"""Run the check for a stored run: load, compute, compare, store."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import CurriculumCheckRun
from .compare import compare_results
from .engine import run_check
from .inputs import load_check_input

logger = logging.getLogger(__name__)


def start_run(user=None, track_slug: str = "") -> CurriculumCheckRun:
    """Create a waiting run for all tracks, or for the track with ``track_slug``."""
    run = CurriculumCheckRun.objects.create(started_by=user, track_slug=track_slug)
    logger.info("Curriculum check run %s created", run.pk)
    return run


def set_progress(run: CurriculumCheckRun, progress: int, **fields) -> None:
    """Store the run's progress, and any other fields, right away."""
    run.progress = progress
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", *fields])


def store_results(run: CurriculumCheckRun, results: dict) -> CurriculumCheckRun:
    """Store finished results on ``run`` and compare them with the previous run."""
    previous = run.previous_finished()
    run.results = results
    run.input_summary = results.get("summary", {})
    run.comparison = compare_results(previous.results if previous else None, results)
    run.score = results.get("score")
    run.track_scores = {track["code"]: track["score"] for track in results["tracks"]}
    run.status = CurriculumCheckRun.Status.FINISHED
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run


def execute_run(run: CurriculumCheckRun) -> CurriculumCheckRun:
    """Carry out ``run`` from start to end, updating its progress on the way."""
    status = CurriculumCheckRun.Status
    set_progress(run, 5, status=status.RUNNING, started_at=timezone.now())
    data = load_check_input(run.track_slug)
    set_progress(run, 40)
    results = run_check(data)
    set_progress(run, 80)
    with transaction.atomic():
        store_results(run, results)
    logger.info(
        "Curriculum check run %s finished: %s items, %s tracks",
        run.pk,
        len(results["items"]),
        len(results["tracks"]),
    )
    return run


def mark_failed(run: CurriculumCheckRun, error: str) -> None:
    """Record that ``run`` failed, keeping a short description of why."""
    run.status = CurriculumCheckRun.Status.FAILED
    run.error = error[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
