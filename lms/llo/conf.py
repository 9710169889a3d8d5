"""LLO settings with their defaults, read on every use.

Each can be set in the settings modules; see the README for the list.
"""

from pathlib import Path

from django.conf import settings


def issuer_key_path() -> Path:
    """Return where the issuer's private signing key is kept."""
    default = settings.VAR_DIR / "keys" / "llo-issuer-key.pem"
    return Path(getattr(settings, "LLO_ISSUER_KEY_PATH", default))


def issuer_name() -> str:
    """Return the issuer's name as printed on certificates and credentials."""
    return getattr(settings, "LLO_ISSUER_NAME", "TechCampus Haarlemmermeer")


def issuer_email() -> str:
    """Return the issuer's contact address published in its profile."""
    return getattr(settings, "LLO_ISSUER_EMAIL", "")


def base_url() -> str:
    """Return the public address the credentials and QR codes point at."""
    return settings.TECHCAMPUS_BASE_IRI.rstrip("/")


def scan_max_bytes() -> int:
    """Return the largest scan a participant may upload."""
    return getattr(settings, "LLO_SCAN_MAX_BYTES", 10 * 1024 * 1024)


def expired_reminder_window_days() -> int:
    """Return how long after expiry the one "expired" reminder may still go."""
    return getattr(settings, "LLO_EXPIRED_REMINDER_WINDOW_DAYS", 60)
