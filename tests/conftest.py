"""Fixtures shared by every test module."""

import pytest

from tests import factories


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
