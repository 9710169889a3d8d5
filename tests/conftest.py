"""Fixtures shared by every test module."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _no_remembered_definitions():
    """Forget the activity definitions the LRS remembers per process.

    The LRS skips merging a definition it has already committed; a test's
    rolled-back database must not leave that memory behind for the next.
    """
    from assessments.xapi import services

    services._known_definitions.clear()
    yield
    services._known_definitions.clear()


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def competence_framework(db):
    return factories.framework(competence_count=3)


@pytest.fixture
def unit_with_lesson(db):
    unit = factories.unit()
    factories.lesson(unit)
    return unit


def pytest_collection_modifyitems(config, items):
    """Refuse transactional tests that do not roll back by serialization.

    Such a test flushes the database afterwards, which recreates the content
    types; the next serialized test then fails to restore its snapshot.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, "
                "serialized_rollback=True)"
            )
