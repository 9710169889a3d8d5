"""Celery tasks that keep the projections up to date."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.db import OperationalError

from .projector import run_projector

logger = get_task_logger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=5)
def project_statements_task(self) -> int:
    """Apply the statements stored since the projector's cursor."""
    try:
        return run_projector()
    except OperationalError as error:
        # Another projector holds the lock or the database is busy.
        logger.warning("Projecting statements is retried: %s", error)
        raise self.retry(exc=error) from error
