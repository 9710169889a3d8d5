"""A learner's progress as dashboards read it from the projections."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import statements as build
from assessments.quiz.grading import grade_quiz
from assessments.xapi.services import store_statements
from curriculum.models import UnitPage
from lms.learning import activities
from lms.learning.activities import find_block, learning_context
from lms.models import Enrolment
from lms.progress.accounts import account_name
from lms.progress.catalogue import current_catalogue
from lms.progress.projector import run_projector
from lms.progress.reading import learner_progress
from tests import factories
from tests.lms.learning_factories import learner, learning_unit

PASSING = {"moment": ["49"], "spanning": ["true"]}
FAILING = {"moment": ["12"], "spanning": ["false"]}


@pytest.fixture
def track_course(db):
    """Return a track of two units, each measuring its own competence."""
    framework = factories.framework(2)
    first_competence, second_competence = framework.competences.order_by("code")
    first = learning_unit(competence=first_competence)
    second = learning_unit(competence=second_competence)
    track = factories.track([first[0], second[0]])
    return track, first, second


def pass_quiz(person, practice) -> None:
    block = find_block(practice, "quiz1", "quiz")
    activities.take_quiz(person, practice, block, PASSING, timezone.now())


def statuses(states) -> list[str]:
    return [state.status for state in states]


def test_progress_shows_the_track_its_units_and_the_next_lesson(track_course):
    track, (first, reading, practice), (second, _reading, _practice) = track_course
    person = learner(page=track)
    activities.complete_lesson(person, reading)
    pass_quiz(person, practice)
    run_projector()

    progress = learner_progress(person)

    [enrolment] = progress.enrolments
    assert (enrolment.kind, enrolment.title, enrolment.status) == (
        "track",
        track.title,
        "in-progress",
    )
    registration = Enrolment.objects.get(learner=person).registration
    assert enrolment.registration == str(registration)
    started, untouched = enrolment.units
    assert (started.unit_id, untouched.unit_id) == (first.pk, second.pk)
    assert statuses(started.lessons) == ["completed", "not-started"]
    assert statuses(started.assessments) == ["passed", "not-started"]
    assert (started.required_done, started.required_total) == (2, 4)
    assert (started.status, started.percent) == ("in-progress", 50)
    assert (untouched.status, untouched.percent) == ("not-started", 0)
    assert enrolment.percent == 25
    assert progress.next_lesson.iri == practice.activity_iri
    [quiz] = progress.assessments
    assert (quiz.best_percent, quiz.attempts) == (100, 1)


def test_competences_show_the_level_reached_against_the_target(track_course):
    track, (_first, _reading, practice), _second = track_course
    person = learner(page=track)
    block = find_block(practice, "quiz1", "quiz")
    activities.take_quiz(person, practice, block, FAILING, timezone.now())
    pass_quiz(person, practice)
    run_projector()

    shown, not_shown = learner_progress(person).competences

    assert (shown.code, shown.level, shown.target, shown.highest) == ("C1", 2, 2, 4)
    assert (shown.evidence, shown.level_percent, shown.target_percent) == (1, 50, 50)
    assert (not_shown.code, not_shown.level, not_shown.target) == ("C2", 0, 2)
    assert not_shown.evidence == 0


def test_a_completed_unit_counts_in_full_and_has_no_next_lesson(db):
    unit, reading, practice = learning_unit(
        completion_rule=UnitPage.CompletionRule.LESSONS
    )
    person = learner(page=unit)
    for lesson in (reading, practice):
        activities.complete_lesson(person, lesson)
    run_projector()

    progress = learner_progress(person)

    [enrolment] = progress.enrolments
    [state] = enrolment.units
    assert (state.status, state.percent) == ("completed", 100)
    assert (enrolment.kind, enrolment.status, enrolment.percent) == (
        "unit",
        "completed",
        100,
    )
    assert state.required_done == 2
    assert progress.next_lesson is None
    assert [recent.iri for recent in progress.recent][0] == unit.activity_iri


def store_many(person, reading, practice, count: int) -> None:
    """Store ``count`` lesson visits and ten quiz attempts for a learner."""
    enrolment = Enrolment.objects.get(learner=person)
    name = account_name(person)
    where = learning_context(enrolment, reading)
    built = [build.lesson_experienced(name, where) for _index in range(count)]
    quiz = find_block(practice, "quiz1", "quiz").value
    result = grade_quiz(quiz, PASSING)
    for attempt in range(1, 11):
        built += build.quiz_attempt_statements(
            name,
            learning_context(enrolment, practice),
            "quiz1",
            quiz,
            result,
            attempt,
            timezone.now(),
        )
    store_statements(built)
    run_projector()


def counted_queries(person) -> int:
    current_catalogue()
    with CaptureQueriesContext(connection) as queries:
        learner_progress(person)
    return len(queries)


def test_reading_progress_costs_the_same_queries_however_many_statements(
    track_course, django_assert_max_num_queries
):
    track, (_first, reading, practice), _second = track_course
    person = learner(page=track)
    activities.open_lesson(person, reading)
    run_projector()
    few = counted_queries(person)

    store_many(person, reading, practice, 400)
    current_catalogue()
    with django_assert_max_num_queries(15):
        progress = learner_progress(person)

    assert counted_queries(person) == few
    assert progress.enrolments[0].units[0].assessments[0].attempts == 10


def test_track_units_are_shown_in_the_tracks_order(db):
    # given a track that lists the later-made unit first
    first, _reading, _practice = learning_unit(title="Eerst gemaakt")
    second, _reading2, _practice2 = learning_unit(title="Later gemaakt")
    track = factories.track(units=[second, first])
    person = learner("volgorde", page=track)

    # when the learner's progress is read
    progress = learner_progress(person)

    # then the units come in the track's order
    titles = [unit.title for unit in progress.enrolments[0].units]
    assert titles == ["Later gemaakt", "Eerst gemaakt"]
