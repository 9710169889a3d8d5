"""Private file storage for certificates, scans and rendered PDFs.

Files here are never served from MEDIA_URL: views stream them after checking
who asks. The root comes from ``LLO_PRIVATE_ROOT`` and is read on every use,
so tests can point it elsewhere with ``override_settings``.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> str:
    """Return the folder that holds private LLO files."""
    default = settings.VAR_DIR / "private"
    return str(getattr(settings, "LLO_PRIVATE_ROOT", default))


class PrivateStorage(FileSystemStorage):
    """File system storage outside the public media folder, without URLs."""

    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self) -> str:
        return private_root()

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Return the storage for private LLO files."""
    return _private_storage
