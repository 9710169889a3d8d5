"""Units with quizzes and assignments, learners and enrolments for tests."""

import json

from curriculum.models import Competence, LessonPage, UnitPage
from lms.learning.enrolment import enrol
from lms.models import UnitStaff
from lms.roles import LEARNER, TEACHER
from tests import factories


def item(identifier: str, value) -> dict:
    return {"type": "item", "id": identifier, "value": value}


def quiz_block(competence: Competence | None = None, **fields) -> dict:
    """Return the raw value of a two-question quiz block."""
    return {
        "title": "Toets aanhaalmoment",
        "introduction": "",
        "pass_mark": 50,
        "max_attempts": 2,
        "competences": [competence.pk] if competence else [],
        "questions": [
            {
                "type": "numeric",
                "id": "moment",
                "value": {
                    "prompt": "Aanhaalmoment van een M10-bout?",
                    "feedback": "Kijk in de tabel.",
                    "answer": "49",
                    "tolerance": "1",
                    "unit": "Nm",
                },
            },
            {
                "type": "true_false",
                "id": "spanning",
                "value": {
                    "prompt": "Meet je eerst of de installatie spanningsloos is?",
                    "feedback": "",
                    "correct_answer": "true",
                },
            },
        ],
    } | fields


def assignment_block(competence: Competence | None = None) -> dict:
    """Return the raw value of a two-criterion practical assignment."""
    return {
        "title": "Flens monteren",
        "instructions": "<p>Monteer de flens en maak een foto.</p>",
        "evidence_types": ["text", "photo", "pdf"],
        "rubric": [
            item(
                "c1",
                {
                    "criterion": "Aanhaalvolgorde",
                    "description": "",
                    "competence": competence.pk if competence else None,
                    "max_points": 4,
                },
            ),
            item(
                "c2",
                {
                    "criterion": "Netheid",
                    "description": "",
                    "competence": None,
                    "max_points": 2,
                },
            ),
        ],
    }


def learning_unit(**fields) -> tuple[UnitPage, LessonPage, LessonPage]:
    """Return a unit with a reading lesson and a lesson with quiz + assignment."""
    unit = factories.unit(**fields)
    competence = unit.outcomes.first().competence
    reading = factories.lesson(unit, title="Lezen")
    body = json.dumps(
        [
            {"type": "paragraph", "value": "<p>Uitleg</p>", "id": "intro"},
            {"type": "quiz", "value": quiz_block(competence), "id": "quiz1"},
            {
                "type": "assignment",
                "value": assignment_block(competence),
                "id": "opdracht1",
            },
        ]
    )
    practice = factories.lesson(unit, title="Oefenen", body=body)
    return unit, reading, practice


def learner(username: str = "samira", page=None):
    person = factories.user(username, LEARNER)
    if page is not None:
        enrol(person, page)
    return person


def teacher(unit: UnitPage, username: str = "joost"):
    person = factories.user(username, TEACHER)
    UnitStaff.objects.create(unit=unit, user=person)
    return person
