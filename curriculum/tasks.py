"""Celery tasks of the curriculum app."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.db import OperationalError

from .checks.runs import execute_run, mark_failed
from .models import CurriculumCheckRun

logger = get_task_logger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    acks_late=True,
)
def run_curriculum_check_task(self, run_id: int) -> int:
    """Run the stored curriculum check ``run_id`` and return its id."""
    run = CurriculumCheckRun.objects.filter(pk=run_id).first()
    if run is None or run.is_done:
        logger.warning("Curriculum check run %s is missing or already done", run_id)
        return run_id
    try:
        execute_run(run)
    except OperationalError:
        # The database may come back; Celery retries with backoff.
        raise
    except Exception as error:
        logger.exception("Curriculum check run %s failed", run_id)
        mark_failed(run, f"{type(error).__name__}: {error}")
    return run_id
