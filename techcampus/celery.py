"""Celery application for the TechCampus platform.

With no broker configured the settings make every task run in-process, so the
embedded default needs no server. A worker or beat process then has nothing
to receive or send to, so it refuses to start instead of idling unseen.
"""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techcampus.settings.dev")

app = Celery("techcampus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

NO_BROKER = (
    "CELERY_BROKER_URL is not set, so every task runs in-process and this "
    "process would receive nothing. Set CELERY_BROKER_URL (see the README)."
)


@worker_init.connect
@beat_init.connect
def refuse_without_broker(**kwargs) -> None:
    """Stop a worker or beat that has no broker to talk to."""
    if app.conf.task_always_eager:
        # Celery logs and swallows exceptions from signal handlers; an exit
        # is not an exception, so the process ends with the reason.
        raise SystemExit(NO_BROKER)
