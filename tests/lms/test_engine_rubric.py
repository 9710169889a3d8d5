"""Scoring a practical assignment's rubric into a verdict and levels."""

from decimal import Decimal

import pytest

from lms.learning.activities import rubric_outcome
from tests import factories
from tests.lms.learning_factories import learning_unit


@pytest.fixture
def practice(db):
    _unit, _reading, practice = learning_unit()
    return practice


def criterion(competence, max_points: int) -> dict:
    return {"competence": competence, "max_points": max_points}


@pytest.mark.parametrize(
    ("points", "scaled", "is_passed", "level"),
    [
        ([10, 1], "0.5500", True, 2),
        ([9, 1], "0.5000", False, 2),
        ([5, 6], "0.5500", True, 1),
        ([6, 6], "0.6000", True, 2),
        ([1, 10], "0.5500", True, 1),
        ([10, 10], "1.0000", True, 2),
    ],
)
def test_rubric_passes_from_55_percent_and_shows_levels_by_share(
    practice, points, scaled, is_passed, level
):
    competence = practice.unit.outcomes.first().competence
    assignment = {"rubric": [criterion(competence, 10), criterion(None, 10)]}

    outcome = rubric_outcome(assignment, practice, points)

    assert outcome == (
        Decimal(scaled),
        is_passed,
        {competence.activity_iri: level},
    )


def test_a_criterion_without_points_fails_the_rubric_whatever_the_total(practice):
    competence = practice.unit.outcomes.first().competence
    assignment = {"rubric": [criterion(competence, 4), criterion(None, 2)]}

    scaled, is_passed, levels = rubric_outcome(assignment, practice, [4, 0])

    assert scaled == Decimal("0.6667")
    assert is_passed is False
    assert levels == {competence.activity_iri: 2}


def test_a_criterion_without_points_shows_no_level(practice):
    competence = practice.unit.outcomes.first().competence
    assignment = {"rubric": [criterion(None, 4), criterion(competence, 2)]}

    _scaled, is_passed, levels = rubric_outcome(assignment, practice, [4, 0])

    assert is_passed is False
    assert levels == {}


def test_a_competence_outside_the_units_outcomes_is_shown_at_the_first_level(
    practice,
):
    other = factories.framework(1).competences.first()
    assignment = {"rubric": [criterion(other, 4), criterion(None, 4)]}

    _scaled, _is_passed, levels = rubric_outcome(assignment, practice, [4, 4])

    assert levels == {other.activity_iri: 1}


def test_criteria_sharing_a_competence_show_the_highest_level(practice):
    competence = practice.unit.outcomes.first().competence
    assignment = {"rubric": [criterion(competence, 4), criterion(competence, 4)]}

    _scaled, _is_passed, levels = rubric_outcome(assignment, practice, [1, 4])

    assert levels == {competence.activity_iri: 2}
