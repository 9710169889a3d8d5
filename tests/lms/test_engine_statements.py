"""The statements each learning action stores, read back from the LRS."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.quiz.grading import AnswerError
from assessments.statements import (
    ADL_ACTIVITY,
    assignment_iri,
    attempt_extension_key,
    competence_levels_extension_key,
    question_iri,
    quiz_iri,
)
from assessments.xapi.services import StatementQuery, query_statements
from lms.learning import activities
from lms.learning.activities import NotAllowed, find_block
from lms.learning.enrolment import enrol
from lms.models import Enrolment, LearnerAccount, Submission
from lms.progress.accounts import session_actor
from lms.roles import LEARNER
from tests import factories
from tests.lms.learning_factories import (
    item,
    learner,
    learning_unit,
    quiz_block,
    teacher,
)

PASSING = {"moment": ["49"], "spanning": ["true"]}
FAILING = {"moment": ["12"], "spanning": ["false"]}


def stored(person, verb: str | None = None) -> list[dict]:
    """Return a person's statements in the order they were stored."""
    query = StatementQuery(
        agent=session_actor(person),
        verb=f"http://adlnet.gov/expapi/verbs/{verb}" if verb else None,
        ascending=True,
        limit=1000,
    )
    return query_statements(query).statements


def verbs(statements: list[dict]) -> list[str]:
    return [statement["verb"]["id"].rsplit("/", 1)[1] for statement in statements]


def ids(activities_: list[dict]) -> list[str]:
    return [activity["id"] for activity in activities_]


def account_agent(person) -> dict:
    name = LearnerAccount.objects.get(user=person).name
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.TECHCAMPUS_BASE_IRI, "name": name},
    }


@pytest.fixture
def course(db):
    return learning_unit()


@pytest.fixture
def enrolled(course):
    unit, _reading, _practice = course
    person = factories.user("samira", LEARNER, email="samira@example.nl")
    enrol(person, unit)
    return person


def quiz_of(lesson):
    return find_block(lesson, "quiz1", "quiz")


def assignment_of(lesson):
    return find_block(lesson, "opdracht1", "assignment")


def test_opening_a_lesson_records_experienced_by_the_pseudonymous_account(
    course, enrolled
):
    unit, reading, _practice = course

    activities.open_lesson(enrolled, reading)

    [statement] = stored(enrolled)
    assert statement["actor"] == account_agent(enrolled)
    assert len(statement["actor"]["account"]["name"]) == 32
    assert "samira" not in json.dumps(statement)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
    assert statement["object"]["id"] == reading.activity_iri
    assert statement["object"]["definition"]["type"] == ADL_ACTIVITY + "lesson"
    context = statement["context"]
    registration = Enrolment.objects.get(learner=enrolled).registration
    assert context["registration"] == str(registration)
    assert ids(context["contextActivities"]["grouping"]) == [unit.activity_iri]
    assert ids(context["contextActivities"]["parent"]) == [unit.activity_iri]
    assert "other" not in context["contextActivities"]
    assert "result" not in statement


def test_a_lesson_followed_through_a_track_is_grouped_under_unit_and_track(course):
    unit, reading, _practice = course
    track = factories.track([unit])
    person = learner(page=track)

    activities.open_lesson(person, reading)

    [statement] = stored(person)
    activities_ = statement["context"]["contextActivities"]
    assert ids(activities_["grouping"]) == [unit.activity_iri, track.activity_iri]
    assert ids(activities_["parent"]) == [unit.activity_iri]
    enrolment = Enrolment.objects.get(learner=person, page=track)
    assert statement["context"]["registration"] == str(enrolment.registration)


def test_a_learner_who_is_not_enrolled_may_not_open_a_lesson(course):
    _unit, reading, _practice = course
    person = learner()

    with pytest.raises(NotAllowed):
        activities.open_lesson(person, reading)

    assert stored(person) == []


def test_completing_a_lesson_records_completed_with_completion(course, enrolled):
    unit, reading, _practice = course

    activities.complete_lesson(enrolled, reading)

    [statement] = stored(enrolled)
    assert verbs([statement]) == ["completed"]
    assert statement["object"]["id"] == reading.activity_iri
    assert statement["result"] == {"completion": True}
    assert statement["actor"] == account_agent(enrolled)
    parent = statement["context"]["contextActivities"]["parent"]
    assert ids(parent) == [unit.activity_iri]


def test_a_quiz_attempt_records_each_answer_as_an_interaction(course, enrolled):
    _unit, _reading, practice = course
    quiz = quiz_iri(practice, "quiz1")

    activities.take_quiz(enrolled, practice, quiz_of(practice), PASSING, timezone.now())

    statements = stored(enrolled)
    assert verbs(statements) == ["answered", "answered", "passed", "completed"]
    numeric, true_false = statements[:2]
    assert numeric["object"]["id"] == question_iri(practice, "quiz1", "moment")
    definition = numeric["object"]["definition"]
    assert definition["type"] == ADL_ACTIVITY + "cmi.interaction"
    assert definition["interactionType"] == "numeric"
    assert definition["correctResponsesPattern"] == ["48[:]50"]
    assert numeric["result"] == {"success": True, "response": "49"}
    assert true_false["object"]["definition"]["interactionType"] == "true-false"
    assert true_false["object"]["definition"]["correctResponsesPattern"] == ["true"]
    assert true_false["result"] == {"success": True, "response": "true"}
    for answered in (numeric, true_false):
        assert ids(answered["context"]["contextActivities"]["parent"]) == [quiz]
        assert answered["context"]["extensions"] == {attempt_extension_key(): 1}


def test_a_passed_attempt_carries_score_duration_attempt_and_levels(course, enrolled):
    unit, _reading, practice = course
    competence = unit.outcomes.first().competence
    started_at = timezone.now() - timedelta(minutes=3)

    result = activities.take_quiz(
        enrolled, practice, quiz_of(practice), PASSING, started_at
    )

    passed, completed = stored(enrolled)[2:]
    assert result.is_passed
    assert verbs([passed, completed]) == ["passed", "completed"]
    for statement in (passed, completed):
        assert statement["object"]["id"] == quiz_iri(practice, "quiz1")
        assert statement["result"]["score"]["scaled"] == 1.0
        assert statement["result"]["success"] is True
        assert statement["result"]["completion"] is True
        assert statement["result"]["duration"].startswith("PT03M")
        context = statement["context"]
        assert context["extensions"] == {attempt_extension_key(): 1}
        assert ids(context["contextActivities"]["parent"]) == [practice.activity_iri]
        assert ids(context["contextActivities"]["other"]) == [competence.activity_iri]
    levels = {competence.activity_iri: 2}
    assert passed["result"]["extensions"] == {competence_levels_extension_key(): levels}
    assert "extensions" not in completed["result"]


def test_a_failed_attempt_shows_no_competence_levels(course, enrolled):
    _unit, _reading, practice = course

    result = activities.take_quiz(
        enrolled, practice, quiz_of(practice), FAILING, timezone.now()
    )

    failed, completed = stored(enrolled)[2:]
    assert not result.is_passed
    assert verbs([failed, completed]) == ["failed", "completed"]
    for statement in (failed, completed):
        assert statement["result"]["score"]["scaled"] == 0.0
        assert statement["result"]["success"] is False
        assert "extensions" not in statement["result"]


def test_attempts_are_numbered_and_refused_beyond_the_maximum(course, enrolled):
    _unit, _reading, practice = course
    block = quiz_of(practice)
    activities.take_quiz(enrolled, practice, block, FAILING, timezone.now())
    activities.take_quiz(enrolled, practice, block, PASSING, timezone.now())

    with pytest.raises(NotAllowed):
        activities.take_quiz(enrolled, practice, block, PASSING, timezone.now())

    completed = stored(enrolled, "completed")
    attempts = [s["context"]["extensions"][attempt_extension_key()] for s in completed]
    assert attempts == [1, 2]
    assert len(stored(enrolled)) == 8


def test_an_unreadable_answer_stores_nothing(course, enrolled):
    _unit, _reading, practice = course
    answers = {"moment": ["veel"], "spanning": ["true"]}

    with pytest.raises(AnswerError) as raised:
        activities.take_quiz(
            enrolled, practice, quiz_of(practice), answers, timezone.now()
        )

    assert raised.value.args[1] == "moment"
    assert stored(enrolled) == []


def choice(identifier: str, text: str, is_correct: bool) -> dict:
    return item(identifier, {"text": text, "is_correct": is_correct})


def choice_question(kind: str, identifier: str, prompt: str, *choices) -> dict:
    value = {"prompt": prompt, "feedback": "", "choices": list(choices)}
    return {"type": kind, "id": identifier, "value": value}


def choice_lesson(unit):
    questions = [
        choice_question(
            "single_choice",
            "gereedschap",
            "Waarmee meet je een binnendiameter?",
            choice("schuifmaat", "Schuifmaat", True),
            choice("rolmaat", "Rolmaat", False),
        ),
        choice_question(
            "multiple_choice",
            "pbm",
            "Wat draag je op de bouwplaats?",
            choice("helm", "Helm", True),
            choice("stropdas", "Stropdas", False),
            choice("schoenen", "Veiligheidsschoenen", True),
        ),
    ]
    body = json.dumps(
        [{"type": "quiz", "id": "keuze", "value": quiz_block(questions=questions)}]
    )
    return factories.lesson(unit, title="Kiezen", body=body)


def test_choice_questions_list_their_choices_and_correct_pattern(course, enrolled):
    unit, _reading, _practice = course
    lesson = choice_lesson(unit)
    answers = {"gereedschap": ["rolmaat"], "pbm": ["schoenen", "helm"]}
    block = find_block(lesson, "keuze", "quiz")

    activities.take_quiz(enrolled, lesson, block, answers, timezone.now())

    single, multiple = stored(enrolled, "answered")
    single_definition = single["object"]["definition"]
    assert single_definition["interactionType"] == "choice"
    assert single_definition["correctResponsesPattern"] == ["schuifmaat"]
    assert single_definition["choices"] == [
        {"id": "schuifmaat", "description": {"nl-NL": "Schuifmaat"}},
        {"id": "rolmaat", "description": {"nl-NL": "Rolmaat"}},
    ]
    assert single["result"] == {"success": False, "response": "rolmaat"}
    multiple_definition = multiple["object"]["definition"]
    assert multiple_definition["correctResponsesPattern"] == ["helm[,]schoenen"]
    assert ids(multiple_definition["choices"]) == ["helm", "stropdas", "schoenen"]
    assert multiple["result"] == {"success": True, "response": "helm[,]schoenen"}


def test_submitting_an_assignment_records_attempted(course, enrolled):
    unit, _reading, practice = course

    submission = activities.submit_assignment(
        enrolled, practice, assignment_of(practice), "Zie de uitleg.", []
    )

    [statement] = stored(enrolled)
    assert verbs([statement]) == ["attempted"]
    assert statement["object"]["id"] == assignment_iri(practice, "opdracht1")
    assert statement["object"]["definition"]["type"] == ADL_ACTIVITY + "assessment"
    activities_ = statement["context"]["contextActivities"]
    assert ids(activities_["parent"]) == [practice.activity_iri]
    assert ids(activities_["grouping"]) == [unit.activity_iri]
    assert "result" not in statement
    assert submission.state == Submission.State.SUBMITTED
    assert statement["context"]["registration"] == str(submission.registration)


def submitted(person, practice) -> Submission:
    return activities.submit_assignment(
        person, practice, assignment_of(practice), "", []
    )


def test_assessing_records_the_verdict_with_the_assessor_as_instructor(
    course, enrolled
):
    unit, _reading, practice = course
    competence = unit.outcomes.first().competence
    assessor = teacher(unit)
    submission = submitted(enrolled, practice)

    activities.assess_submission(submission, assessor, [3, 1], "Netjes gedaan.")

    statement = stored(enrolled)[-1]
    assert verbs([statement]) == ["passed"]
    assert statement["actor"] == account_agent(enrolled)
    assert statement["context"]["instructor"] == account_agent(assessor)
    assert "joost" not in json.dumps(statement)
    activities_ = statement["context"]["contextActivities"]
    assert ids(activities_["other"]) == [competence.activity_iri]
    assert ids(activities_["parent"]) == [practice.activity_iri]
    assert statement["result"]["score"] == {
        "scaled": 0.6667,
        "raw": 66.67,
        "min": 0.0,
        "max": 100.0,
    }
    assert statement["result"]["success"] is True
    levels = {competence.activity_iri: 2}
    assert statement["result"]["extensions"] == {
        competence_levels_extension_key(): levels
    }
    submission.refresh_from_db()
    assert submission.state == Submission.State.ASSESSED
    assert submission.is_passed is True
    assert submission.assessor == assessor
    assert submission.points == [3, 1]


def test_a_failed_assessment_records_failed_without_levels(course, enrolled):
    unit, _reading, practice = course
    submission = submitted(enrolled, practice)

    activities.assess_submission(submission, teacher(unit), [4, 0], "")

    statement = stored(enrolled)[-1]
    assert verbs([statement]) == ["failed"]
    assert statement["result"]["score"]["scaled"] == 0.6667
    assert statement["result"]["success"] is False
    assert "extensions" not in statement["result"]
    submission.refresh_from_db()
    assert submission.is_passed is False
