"""The settings modules read what they must from the environment."""

import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "s3cret-for-the-test",
    "ALLOWED_HOSTS": "leren.techcampus.example,www.techcampus.example",
    "DATABASE_URL": "postgres://lms:pw@db.internal:5432/lms",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    "EMAIL_HOST": "smtp.techcampus.example",
}


def load_settings(name: str):
    sys.modules.pop(f"techcampus.settings.{name}", None)
    sys.modules.pop("techcampus.settings.base", None)
    return importlib.import_module(f"techcampus.settings.{name}")


@pytest.fixture(autouse=True)
def restore_settings_modules():
    yield
    for name in ("base", "dev", "production"):
        sys.modules.pop(f"techcampus.settings.{name}", None)


def test_production_reads_everything_from_the_environment(monkeypatch):
    for key, value in PRODUCTION_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)

    settings = load_settings("production")

    assert settings.SECRET_KEY == "s3cret-for-the-test"
    assert settings.ALLOWED_HOSTS == [
        "leren.techcampus.example",
        "www.techcampus.example",
    ]
    assert settings.DATABASES["default"]["HOST"] == "db.internal"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL == "redis://cache.internal:6379/0"
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.EMAIL_HOST == "smtp.techcampus.example"
    assert settings.DEBUG is False
    assert settings.TECHCAMPUS_DEMO_ACCOUNTS is False


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_variables(monkeypatch, missing):
    for key, value in PRODUCTION_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv(missing)

    with pytest.raises(ImproperlyConfigured, match=missing):
        load_settings("production")


def test_dev_defaults_to_sqlite_and_in_process_tasks(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)

    settings = load_settings("dev")

    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(settings.DATABASES["default"]["NAME"]).endswith("var/techcampus.sqlite3")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.CELERY_BROKER_URL == "memory://localhost/"
    assert settings.EMAIL_BACKEND.endswith("console.EmailBackend")


def test_dev_honours_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/techcampus")

    settings = load_settings("dev")

    assert settings.DATABASES["default"]["NAME"] == "techcampus"


def test_site_is_dutch_first_and_loads_no_avatars():
    settings = load_settings("dev")

    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_a_worker_or_beat_without_a_broker_refuses_to_start(monkeypatch):
    from techcampus.celery import app, refuse_without_broker

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with pytest.raises(SystemExit, match="CELERY_BROKER_URL is not set"):
        refuse_without_broker()

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    assert refuse_without_broker() is None
