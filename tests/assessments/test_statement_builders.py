"""The statements the platform builds, checked field by field."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments import statements
from assessments.quiz.grading import grade_quiz
from assessments.xapi.validation import VERSION_1, VERSION_2, validate_statement
from curriculum.blocks import QuizBlock
from tests import factories

pytestmark = pytest.mark.django_db

ACCOUNT = "f3a9c2d1e4b5"


def as_dict(statement) -> dict:
    return json.loads(statement.to_json())


@pytest.fixture
def where(unit_with_lesson):
    lesson = unit_with_lesson.get_children().specific().get()
    track = factories.track(units=[unit_with_lesson])
    return statements.LearningContext(
        registration=uuid.UUID("11111111-2222-4333-8444-555555555555"),
        unit=unit_with_lesson,
        lesson=lesson,
        track=track,
        competences=[unit_with_lesson.outcomes.get().competence],
    )


@pytest.fixture
def quiz():
    def item(identifier, value):
        return {"type": "item", "id": identifier, "value": value}

    return QuizBlock().to_python(
        {
            "title": "Toets meten",
            "pass_mark": 50,
            "max_attempts": 3,
            "competences": [],
            "questions": [
                {
                    "type": "multiple_choice",
                    "id": "q1",
                    "value": {
                        "prompt": "Welke PBM?",
                        "feedback": "",
                        "choices": [
                            item("a", {"text": "Bril", "is_correct": True}),
                            item("b", {"text": "Handschoenen", "is_correct": True}),
                            item("c", {"text": "Das", "is_correct": False}),
                        ],
                    },
                },
                {
                    "type": "numeric",
                    "id": "q2",
                    "value": {
                        "prompt": "Spanning?",
                        "feedback": "",
                        "answer": "230",
                        "tolerance": "5",
                        "unit": "V",
                    },
                },
                {
                    "type": "matching",
                    "id": "q3",
                    "value": {
                        "prompt": "Koppel",
                        "feedback": "",
                        "pairs": [
                            item("p1", {"source": "Bruin", "target": "Fase"}),
                            item("p2", {"source": "Blauw", "target": "Nul"}),
                        ],
                    },
                },
                {
                    "type": "short_text",
                    "id": "q4",
                    "value": {
                        "prompt": "Naam?",
                        "feedback": "",
                        "accepted_answers": [item("x", "schuifmaat")],
                        "is_case_sensitive": False,
                    },
                },
            ],
        }
    )


def test_lesson_experienced_names_actor_verb_object_and_context(where):
    statement = as_dict(statements.lesson_experienced(ACCOUNT, where))

    assert statement["actor"]["account"] == {
        "homePage": "http://testserver",
        "name": ACCOUNT,
    }
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
    assert statement["object"]["id"] == where.lesson.activity_iri
    context = statement["context"]
    assert context["registration"] == "11111111-2222-4333-8444-555555555555"
    assert context["contextActivities"]["parent"][0]["id"] == where.unit.activity_iri
    assert [a["id"] for a in context["contextActivities"]["grouping"]] == [
        where.unit.activity_iri,
        where.track.activity_iri,
    ]
    assert context["contextActivities"]["other"][0]["id"] == (
        where.competences[0].activity_iri
    )


def test_lesson_completed_records_completion(where):
    statement = as_dict(statements.lesson_completed(ACCOUNT, where))

    assert statement["verb"]["id"].endswith("/completed")
    assert statement["result"] == {"completion": True}


def test_quiz_attempt_produces_answered_then_passed_and_completed(where, quiz):
    result = grade_quiz(
        quiz, {"q1": ["a", "b"], "q2": ["231"], "q3": ["p2", "p1"], "q4": ["duimstok"]}
    )

    built = statements.quiz_attempt_statements(
        ACCOUNT, where, "quiz-1", quiz, result, 2, timezone.now() - timedelta(minutes=3)
    )

    verbs = [as_dict(s)["verb"]["id"].rsplit("/", 1)[1] for s in built]
    assert verbs == ["answered"] * 4 + ["passed", "completed"]
    final = as_dict(built[-1])
    assert final["object"]["id"] == f"{where.lesson.activity_iri}/quiz/quiz-1"
    assert final["result"]["score"]["scaled"] == 0.5
    assert final["result"]["success"] is True
    assert final["result"]["duration"].startswith("PT")
    extension = statements.attempt_extension_key()
    assert final["context"]["extensions"] == {extension: 2}


def test_answered_statements_carry_interaction_definitions(where, quiz):
    result = grade_quiz(
        quiz, {"q1": ["a"], "q2": ["230"], "q3": ["p1", "p2"], "q4": ["Schuifmaat"]}
    )

    built = statements.quiz_attempt_statements(
        ACCOUNT, where, "quiz-1", quiz, result, 1, timezone.now()
    )
    answered = [as_dict(s) for s in built[:4]]

    choice, numeric, matching, fill_in = (a["object"]["definition"] for a in answered)
    assert choice["interactionType"] == "choice"
    assert choice["correctResponsesPattern"] == ["a[,]b"]
    assert [c["id"] for c in choice["choices"]] == ["a", "b", "c"]
    assert answered[0]["result"] == {"success": False, "response": "a"}
    assert numeric["interactionType"] == "numeric"
    assert numeric["correctResponsesPattern"] == ["225[:]235"]
    assert matching["correctResponsesPattern"] == ["s-p1[.]t-p1[,]s-p2[.]t-p2"]
    assert answered[2]["result"]["response"] == "s-p1[.]t-p1[,]s-p2[.]t-p2"
    assert fill_in["correctResponsesPattern"] == ["{case_matters=false}schuifmaat"]
    assert answered[0]["object"]["id"].endswith("/quiz/quiz-1/question/q1")


def test_failed_attempt_ends_with_failed(where, quiz):
    result = grade_quiz(
        quiz, {"q1": ["c"], "q2": ["12"], "q3": ["p2", "p1"], "q4": ["duimstok"]}
    )

    built = statements.quiz_attempt_statements(
        ACCOUNT, where, "quiz-1", quiz, result, 1, timezone.now()
    )

    assert as_dict(built[-2])["verb"]["id"].endswith("/failed")
    assert as_dict(built[-2])["result"]["score"]["scaled"] == 0.0
    assert result.scaled_score == Decimal("0")


@pytest.mark.parametrize("version", [VERSION_1, VERSION_2])
def test_every_built_statement_is_valid_xapi(where, quiz, version):
    result = grade_quiz(
        quiz, {"q1": ["a", "b"], "q2": ["231"], "q3": ["p1", "p2"], "q4": ["x"]}
    )
    built = [
        statements.lesson_experienced(ACCOUNT, where),
        statements.lesson_completed(ACCOUNT, where),
        statements.unit_completed(ACCOUNT, where),
        statements.track_completed(ACCOUNT, where.track, where.registration),
        *statements.quiz_attempt_statements(
            ACCOUNT, where, "quiz-1", quiz, result, 1, timezone.now()
        ),
    ]

    for statement in built:
        validate_statement(as_dict(statement), version)
