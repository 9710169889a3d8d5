"""Settings shared by every environment.

The environment-specific modules (``dev``, ``test``, ``production``) import
everything from here and override what differs. Every module honours
``DATABASE_URL`` so that a second database is one variable away.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "lms",
    "assessments",
    "assessments.xapi",
    "curriculum",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "techcampus.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "techcampus.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "techcampus.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'techcampus.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first; English complete through Django's language switch.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("nl", _("Dutch"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILADMIN_USER_LOGIN_FORM = "techcampus.forms.AdminLoginForm"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page forms in the Wagtail editor exceed Django's default limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

AUTHENTICATION_BACKENDS = ["techcampus.auth.UsernameOrEmailBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

WAGTAIL_SITE_NAME = "TechCampus Haarlemmermeer"
WAGTAILADMIN_BASE_URL = os.environ.get(
    "TECHCAMPUS_BASE_URL", "http://127.0.0.1:8000"
).rstrip("/")
# Activity IRIs hang under this URL. It must never change once statements
# exist, because renaming it would orphan every statement already stored.
TECHCAMPUS_BASE_IRI = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# No page may load anything from outside the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True

# Demonstration accounts are only ever created where a settings module says
# so; production leaves this off.
TECHCAMPUS_DEMO_ACCOUNTS = False
TECHCAMPUS_DEMO_PASSWORD = "techcampus-demo"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# Without a broker every task runs in-process, so no server is needed. Such
# a task still passes through a producer, which gets the in-memory transport
# (named with a host, or kombu warns that it has none) instead of AMQP.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks, run by `celery -A techcampus beat` next to the workers.
# Without a broker, cron runs the management commands instead (docs/llo.md).
CELERY_BEAT_SCHEDULE = {
    # Daily; the task works out what is due by date and never sends a step
    # twice, so the hour it runs at does not matter.
    "send-llo-reminders": {
        "task": "lms.tasks.send_llo_reminders_task",
        "schedule": 24 * 60 * 60,
    },
    # Statements from outside content reach the projections within a minute.
    "project-statements": {
        "task": "lms.progress.tasks.project_statements_task",
        "schedule": 60,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        app: {"level": os.environ.get("TECHCAMPUS_LOG_LEVEL", "INFO")}
        for app in ("cms", "curriculum", "assessments", "lms")
    },
}

# Learning Record Store (assessments.xapi). See docs/lrs.md.
# Authorities of LRS clients are accounts on this home page.
XAPI_AUTHORITY_HOMEPAGE = TECHCAMPUS_BASE_IRI + "/xapi/clients"
# Authority of statements the platform itself stores.
XAPI_PLATFORM_AUTHORITY_NAME = "techcampus-platform"
# Dotted path to a callable(user) -> xAPI Agent dict or None: the learner's
# pseudonymous account, so a session reads only its own statements.
XAPI_SESSION_ACTOR_RESOLVER = "lms.progress.accounts.session_actor"
XAPI_PAGE_SIZE = 100
XAPI_MAX_PAGE_SIZE = 1000
XAPI_MAX_REQUEST_BYTES = 20 * 1024 * 1024
# Verified Basic credentials are remembered (as an HMAC only) this long.
XAPI_CREDENTIAL_CACHE_SECONDS = 60
XAPI_CORS_ALLOWED_ORIGINS = ["*"]
# The statement INSERT is a prepared statement on PostgreSQL. Switch it off
# behind a connection pooler that cannot keep prepared statements (PgBouncer
# in transaction mode before 1.21).
XAPI_PREPARED_INSERT = os.environ.get("XAPI_PREPARED_INSERT", "1") != "0"
# Forwarding of accepted statements to an external LRS; off while empty.
XAPI_FORWARD_ENDPOINT = os.environ.get("XAPI_FORWARD_ENDPOINT", "")
XAPI_FORWARD_USERNAME = os.environ.get("XAPI_FORWARD_USERNAME", "")
XAPI_FORWARD_PASSWORD = os.environ.get("XAPI_FORWARD_PASSWORD", "")
XAPI_FORWARD_TIMEOUT_SECONDS = 10
XAPI_FORWARD_MAX_RETRIES = 5
