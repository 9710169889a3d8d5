"""Unit and track completion: the rules, the statements and the hours."""

import pytest
from django.utils import timezone

from assessments.xapi.services import StatementQuery, query_statements
from curriculum.models import TrackUnit, UnitPage
from lms.learning import activities
from lms.learning.activities import find_block
from lms.learning.enrolment import enrol
from lms.models import ActivityProgress, DevelopmentActivity, Enrolment
from lms.progress.accounts import session_actor
from lms.progress.projector import rebuild, run_projector
from tests import factories
from tests.lms.learning_factories import learner, learning_unit, teacher

Rule = UnitPage.CompletionRule
PASSING = {"moment": ["49"], "spanning": ["true"]}


def completed_statements(person, page) -> list[dict]:
    """Return the stored ``completed`` statements of a person about a page."""
    query = StatementQuery(
        agent=session_actor(person),
        verb="http://adlnet.gov/expapi/verbs/completed",
        activity=page.activity_iri,
        limit=100,
    )
    return query_statements(query).statements


def is_completed(person, page) -> bool:
    row = ActivityProgress.objects.filter(
        learner=person, activity_iri=page.activity_iri
    ).first()
    return row is not None and row.completed_at is not None


def complete_lessons(person, *lessons) -> None:
    for lesson in lessons:
        activities.complete_lesson(person, lesson)


def pass_quiz(person, practice) -> None:
    block = find_block(practice, "quiz1", "quiz")
    activities.take_quiz(person, practice, block, PASSING, timezone.now())


def pass_assignment(person, practice) -> None:
    block = find_block(practice, "opdracht1", "assignment")
    submission = activities.submit_assignment(person, practice, block, "", [])
    assessor = teacher(practice.unit, username=f"docent-{person.pk}")
    activities.assess_submission(submission, assessor, [4, 2], "")


def follow(person, reading, practice, steps: str) -> None:
    """Do the steps named by letters: r, p lessons, q quiz, a assignment."""
    if "r" in steps:
        complete_lessons(person, reading)
    if "p" in steps:
        complete_lessons(person, practice)
    if "q" in steps:
        pass_quiz(person, practice)
    if "a" in steps:
        pass_assignment(person, practice)
    run_projector()


@pytest.mark.parametrize(
    ("rule", "steps", "expected"),
    [
        (Rule.LESSONS, "rp", True),
        (Rule.LESSONS, "rqa", False),
        (Rule.ASSESSMENTS, "qa", True),
        (Rule.ASSESSMENTS, "rpq", False),
        (Rule.LESSONS_AND_ASSESSMENTS, "rpqa", True),
        (Rule.LESSONS_AND_ASSESSMENTS, "rpq", False),
        (Rule.LESSONS_AND_ASSESSMENTS, "qa", False),
    ],
)
def test_a_unit_is_completed_by_its_rule(db, rule, steps, expected):
    unit, reading, practice = learning_unit(completion_rule=rule)
    person = learner(page=unit)

    follow(person, reading, practice, steps)

    assert is_completed(person, unit) is expected
    assert len(completed_statements(person, unit)) == int(expected)


def test_a_lesson_that_is_not_required_is_not_needed(db):
    unit, reading, practice = learning_unit(completion_rule=Rule.LESSONS)
    reading.is_required = False
    reading.save_revision().publish()
    person = learner(page=unit)

    follow(person, reading, practice, "p")

    assert is_completed(person, unit)


def test_the_unit_completed_statement_is_made_exactly_once(db):
    unit, reading, practice = learning_unit(completion_rule=Rule.LESSONS)
    person = learner(page=unit)
    follow(person, reading, practice, "rp")

    for _run in range(3):
        run_projector()
    activities.open_lesson(person, reading)
    complete_lessons(person, reading, practice)
    run_projector()

    [statement] = completed_statements(person, unit)
    enrolment = Enrolment.objects.get(learner=person)
    assert statement["actor"] == session_actor(person)
    assert statement["result"] == {"completion": True}
    assert statement["context"]["registration"] == str(enrolment.registration)


def test_unit_completion_counts_its_study_load_once_as_hours(db):
    unit, reading, practice = learning_unit(completion_rule=Rule.LESSONS)
    person = learner(page=unit)
    follow(person, reading, practice, "rp")

    run_projector()
    rebuild()

    [hours] = DevelopmentActivity.objects.filter(user=person)
    assert hours.page_id == unit.pk
    assert hours.hours == 20
    assert hours.kind == DevelopmentActivity.Kind.PLATFORM_COURSE


@pytest.fixture
def track_units(db):
    """Return a track of two required units and an elective one."""
    units = [learning_unit(completion_rule=Rule.LESSONS) for _index in range(3)]
    track = factories.track([unit for unit, _reading, _practice in units])
    elective = units[2][0]
    TrackUnit.objects.filter(track=track, unit=elective).update(is_required=False)
    return track, units


def test_a_track_is_completed_by_its_required_units_alone(track_units):
    track, (first, second, _elective) = track_units
    person = learner(page=track)

    follow(person, first[1], first[2], "rp")
    assert completed_statements(person, track) == []
    follow(person, second[1], second[2], "rp")
    run_projector()

    [statement] = completed_statements(person, track)
    enrolment = Enrolment.objects.get(learner=person, page=track)
    assert statement["context"]["registration"] == str(enrolment.registration)
    assert is_completed(person, track)


def test_a_track_is_not_completed_for_a_learner_enrolled_in_its_units_only(
    track_units,
):
    track, (first, second, _elective) = track_units
    person = learner(page=first[0])
    enrol(person, second[0])

    follow(person, first[1], first[2], "rp")
    follow(person, second[1], second[2], "rp")

    assert is_completed(person, first[0]) and is_completed(person, second[0])
    assert completed_statements(person, track) == []
    assert not is_completed(person, track)
