"""Forwarding of accepted statements to an external LRS."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from tincan import RemoteLRS, Statement, StatementList

from .models import Statement as StoredStatement

logger = get_task_logger(__name__)

# The receiving LRS sets these; tincan speaks xAPI 1.0.3, so a 2.0.0
# version property would be refused there.
LRS_SET_PROPERTIES = ("stored", "authority", "version")


class ForwardingError(Exception):
    """The external LRS refused or failed a batch; worth retrying."""


@contextmanager
def socket_timeout(seconds: float) -> Iterator[None]:
    """Give new sockets a timeout, because tincan's client sets none."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def remote_lrs() -> RemoteLRS:
    """Return the tincan client for the configured external LRS."""
    return RemoteLRS(
        endpoint=settings.XAPI_FORWARD_ENDPOINT,
        username=settings.XAPI_FORWARD_USERNAME,
        password=settings.XAPI_FORWARD_PASSWORD,
        version="1.0.3",
    )


@shared_task(
    bind=True,
    autoretry_for=(ForwardingError, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.XAPI_FORWARD_MAX_RETRIES,
)
def forward_statements_task(self, statement_ids: list[str]) -> int:
    """Send stored statements to the external LRS; return how many were sent."""
    if not settings.XAPI_FORWARD_ENDPOINT:
        return 0
    rows = StoredStatement.objects.filter(statement_id__in=statement_ids).order_by("pk")
    statements = StatementList(
        [Statement.from_json(json.dumps(_forwardable(row.data))) for row in rows]
    )
    with socket_timeout(settings.XAPI_FORWARD_TIMEOUT_SECONDS):
        response = remote_lrs().save_statements(statements)
    if not response.success:
        logger.warning(
            "External LRS refused %d statements with status %s",
            len(statements),
            response.response.status,
        )
        raise ForwardingError(response.response.status)
    logger.info("Forwarded %d statements", len(statements))
    return len(statements)


def _forwardable(data: dict) -> dict:
    """Drop what the external LRS sets itself, the version included."""
    return {k: v for k, v in data.items() if k not in LRS_SET_PROPERTIES}
