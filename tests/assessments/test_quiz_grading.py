"""Grading of every quiz question type, including the edges."""

from decimal import Decimal

import pytest

from assessments.quiz.grading import (
    AnswerError,
    grade_question,
    grade_quiz,
    parse_number,
)
from curriculum.blocks import QuizBlock


def item(identifier: str, value: dict) -> dict:
    return {"type": "item", "id": identifier, "value": value}


QUESTIONS = [
    {
        "type": "single_choice",
        "id": "single",
        "value": {
            "prompt": "Welke sleutel?",
            "feedback": "",
            "choices": [
                item("a", {"text": "Momentsleutel", "is_correct": True}),
                item("b", {"text": "Waterpomptang", "is_correct": False}),
            ],
        },
    },
    {
        "type": "multiple_choice",
        "id": "multiple",
        "value": {
            "prompt": "Welke PBM?",
            "feedback": "",
            "choices": [
                item("a", {"text": "Veiligheidsbril", "is_correct": True}),
                item("b", {"text": "Gehoorbescherming", "is_correct": True}),
                item("c", {"text": "Stropdas", "is_correct": False}),
            ],
        },
    },
    {
        "type": "true_false",
        "id": "truefalse",
        "value": {
            "prompt": "Spanningsloos meten?",
            "feedback": "",
            "correct_answer": "true",
        },
    },
    {
        "type": "numeric",
        "id": "numeric",
        "value": {
            "prompt": "Aanhaalmoment?",
            "feedback": "",
            "answer": "25.0",
            "tolerance": "0.5",
            "unit": "Nm",
        },
    },
    {
        "type": "short_text",
        "id": "text",
        "value": {
            "prompt": "Hoe heet het gereedschap?",
            "feedback": "",
            "accepted_answers": [
                item("a", "schuifmaat"),
                item("b", "schuifmaat digitaal"),
            ],
            "is_case_sensitive": False,
        },
    },
    {
        "type": "matching",
        "id": "matching",
        "value": {
            "prompt": "Koppel de kleur",
            "feedback": "",
            "pairs": [
                item("p1", {"source": "Bruin", "target": "Fase"}),
                item("p2", {"source": "Blauw", "target": "Nul"}),
                item("p3", {"source": "Geel-groen", "target": "Aarde"}),
            ],
        },
    },
]


@pytest.fixture
def quiz():
    return QuizBlock().to_python(
        {
            "title": "Toets",
            "introduction": "",
            "pass_mark": 60,
            "max_attempts": 3,
            "competences": [],
            "questions": QUESTIONS,
        }
    )


def question(quiz, identifier: str):
    return next(child for child in quiz["questions"] if child.id == identifier)


@pytest.mark.parametrize(
    "identifier, answer, is_correct",
    [
        ("single", ["a"], True),
        ("single", ["b"], False),
        ("multiple", ["a", "b"], True),
        ("multiple", ["b", "a"], True),
        ("multiple", ["a"], False),
        ("multiple", ["a", "b", "c"], False),
        ("truefalse", ["true"], True),
        ("truefalse", ["false"], False),
        ("numeric", ["25"], True),
        ("numeric", ["24,5"], True),
        ("numeric", ["25.5"], True),
        ("numeric", ["24.49"], False),
        ("numeric", ["25,51"], False),
        ("numeric", ["25 Nm"], True),
        ("numeric", ["25nm"], True),
        ("text", ["Schuifmaat"], True),
        ("text", ["  schuifmaat   digitaal "], True),
        ("text", ["duimstok"], False),
        ("matching", ["p1", "p2", "p3"], True),
        ("matching", ["p2", "p1", "p3"], False),
    ],
)
def test_each_question_type_is_graded(quiz, identifier, answer, is_correct):
    graded = grade_question(question(quiz, identifier), answer)

    assert graded.is_correct is is_correct
    assert graded.question_id == identifier


@pytest.mark.parametrize(
    "identifier, answer",
    [
        ("single", []),
        ("single", ["a", "b"]),
        ("single", ["onbekend"]),
        ("multiple", []),
        ("multiple", ["x"]),
        ("truefalse", ["misschien"]),
        ("numeric", ["vijfentwintig"]),
        ("numeric", ["25 V"]),
        ("numeric", []),
        ("text", ["   "]),
        ("matching", ["p1", "p2"]),
        ("matching", ["p1", "p2", "p9"]),
    ],
)
def test_unreadable_answers_are_refused(quiz, identifier, answer):
    with pytest.raises(AnswerError):
        grade_question(question(quiz, identifier), answer)


def test_short_text_can_be_case_sensitive(quiz):
    text_question = question(quiz, "text")
    text_question.value["is_case_sensitive"] = True

    assert not grade_question(text_question, ["Schuifmaat"]).is_correct
    assert grade_question(text_question, ["schuifmaat"]).is_correct


def test_numeric_without_tolerance_needs_the_exact_value(quiz):
    numeric = question(quiz, "numeric")
    numeric.value["tolerance"] = Decimal("0")

    assert grade_question(numeric, ["25,0"]).is_correct
    assert not grade_question(numeric, ["25,01"]).is_correct


@pytest.mark.parametrize(
    "text, expected",
    [("12,5", Decimal("12.5")), ("-3", Decimal("-3")), ("0.25", Decimal("0.25"))],
)
def test_numbers_are_read_with_comma_or_point(text, expected):
    assert parse_number(text) == expected


def test_whole_quiz_scores_and_passes_at_the_mark(quiz):
    answers = {
        "single": ["a"],
        "multiple": ["a", "b"],
        "truefalse": ["true"],
        "numeric": ["30"],
        "text": ["duimstok"],
        "matching": ["p2", "p1", "p3"],
    }

    result = grade_quiz(quiz, answers)

    assert result.correct_count == 3
    assert result.scaled_score == Decimal("0.5000")
    assert not result.is_passed


def test_quiz_passes_exactly_at_the_pass_mark(quiz):
    quiz["pass_mark"] = 50
    answers = {
        "single": ["a"],
        "multiple": ["a", "b"],
        "truefalse": ["true"],
        "numeric": ["30"],
        "text": ["duimstok"],
        "matching": ["p2", "p1", "p3"],
    }

    assert grade_quiz(quiz, answers).is_passed


def test_quiz_with_an_unreadable_answer_names_the_question(quiz):
    with pytest.raises(AnswerError) as error:
        grade_quiz(quiz, {"single": ["a"]})

    assert error.value.args[1] == "multiple"


def test_quiz_names_every_unreadable_answer_at_once(quiz):
    with pytest.raises(AnswerError) as error:
        grade_quiz(quiz, {"single": ["a"], "multiple": ["a"], "truefalse": ["true"]})

    assert list(error.value.errors) == ["numeric", "text", "matching"]
    assert error.value.args[1] == "numeric"
