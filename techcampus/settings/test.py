"""Settings for the test suite: fast hashing, in-memory mail, eager tasks."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TECHCAMPUS_DEMO_ACCOUNTS = True
CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
TECHCAMPUS_BASE_IRI = WAGTAILADMIN_BASE_URL = os.environ.get(
    "TECHCAMPUS_BASE_URL", "http://testserver"
)
LOGGING["loggers"] = {}  # noqa: F405
