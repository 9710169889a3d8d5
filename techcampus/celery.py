"""Celery application for the TechCampus platform.

With no broker configured the settings make every task run in-process, so the
embedded default needs no server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techcampus.settings.dev")

app = Celery("techcampus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
