"""Stable xAPI activity IRIs for curriculum objects.

An IRI depends only on the site's base IRI and a code or stable id, never on
a title or a place in the page tree: renaming or moving a page must not
orphan the statements about it.
"""

from urllib.parse import quote

from django.conf import settings


def activity_namespace() -> str:
    """Return the start shared by every activity IRI the platform makes."""
    return settings.TECHCAMPUS_BASE_IRI.rstrip("/") + "/xapi/activities/"


def activity_iri(kind: str, *identifiers: object) -> str:
    """Return the activity IRI for an object of ``kind`` with ``identifiers``."""
    path = "/".join(quote(str(part), safe="") for part in identifiers)
    return f"{activity_namespace()}{kind}/{path}"
