"""The demonstration companies and demands load once and skip what is unknown."""

import io

import pytest

from curriculum.demo import load_demo_demands
from curriculum.models import (
    Company,
    Competence,
    CompetenceDemand,
    CompetenceFramework,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_framework():
    """A framework with the demo's code holding only three of its competences."""
    framework = CompetenceFramework.objects.create(
        name="TechCampus competenties techniek",
        code="techcampus-techniek",
        source=CompetenceFramework.Source.TECHCAMPUS,
        version="2026",
        default_scale=factories.scale(),
    )
    for code in ("ELK-K2-W2", "WTB-K1-W5", "VEI-K1-W2"):
        Competence.objects.create(framework=framework, code=code, title=code)
    return framework


def test_demo_demands_load_and_skip_unknown_codes(demo_framework):
    output = io.StringIO()

    created = load_demo_demands(stdout=output)

    demands = CompetenceDemand.objects.current()
    assert Company.objects.count() == 12
    assert created == demands.count()
    assert set(
        demands.exclude(competence=None).values_list("competence__code", flat=True)
    ) == {
        "ELK-K2-W2",
        "WTB-K1-W5",
        "VEI-K1-W2",
    }
    assert demands.filter(competence=None).count() == 4
    assert "demo demands skipped: unknown competence codes." in output.getvalue()


def test_loading_the_demo_demands_twice_adds_nothing(demo_framework):
    load_demo_demands()

    created = load_demo_demands()

    assert created == 0
    assert CompetenceDemand.objects.filter(replaced_by__isnull=False).count() == 0


def test_demo_companies_carry_sector_codes(demo_framework):
    load_demo_demands()

    sectors = set(Company.objects.values_list("sector", flat=True))

    assert sectors <= set(Company.Sector.values)
    assert len(sectors) == 6
