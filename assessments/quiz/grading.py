"""Grading of quiz questions, one function per question type.

A question is a child of the quiz block's ``questions`` stream: it has a
``block_type``, a stable ``id`` and a ``value``. A learner's answer arrives
as the strings a form posts; grading turns it into a normalised response
and a verdict. Every question scores all or nothing, the way a
``cmi.interaction`` records success.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _


class AnswerError(ValueError):
    """An answer that cannot be read, with a message for the learner.

    ``args`` are the message and, from ``grade_quiz``, the question's id;
    ``errors`` holds the message of every unreadable answer by question id.
    """

    def __init__(self, message, question_id: str | None = None, errors=None):
        if question_id is None:
            super().__init__(message)
        else:
            super().__init__(message, question_id)
        if errors is None:
            errors = {} if question_id is None else {question_id: message}
        self.errors: dict = errors


@dataclass(frozen=True)
class GradedAnswer:
    """The outcome of grading one question."""

    question_id: str
    question_type: str
    response: object
    is_correct: bool


@dataclass(frozen=True)
class QuizResult:
    """The outcome of grading a whole quiz attempt."""

    answers: list[GradedAnswer]
    pass_mark: int

    @property
    def correct_count(self) -> int:
        return sum(answer.is_correct for answer in self.answers)

    @property
    def scaled_score(self) -> Decimal:
        if not self.answers:
            return Decimal(0)
        return (Decimal(self.correct_count) / len(self.answers)).quantize(
            Decimal("0.0001")
        )

    @property
    def is_passed(self) -> bool:
        return self.scaled_score * 100 >= self.pass_mark


def choice_ids(question) -> list[str]:
    """Return the stable ids of a choice question's options, in order."""
    return [bound.id for bound in question.value["choices"].bound_blocks]


def correct_choice_ids(question) -> set[str]:
    return {
        bound.id
        for bound in question.value["choices"].bound_blocks
        if bound.value["is_correct"]
    }


def _grade_single_choice(question, answer: list[str]) -> tuple[object, bool]:
    if len(answer) != 1 or answer[0] not in choice_ids(question):
        raise AnswerError(_("Choose one answer."))
    return answer[0], answer[0] in correct_choice_ids(question)


def _grade_multiple_choice(question, answer: list[str]) -> tuple[object, bool]:
    chosen = set(answer)
    if not chosen or not chosen <= set(choice_ids(question)):
        raise AnswerError(_("Choose at least one answer."))
    ordered = [choice for choice in choice_ids(question) if choice in chosen]
    return ordered, chosen == correct_choice_ids(question)


def _grade_true_false(question, answer: list[str]) -> tuple[object, bool]:
    if len(answer) != 1 or answer[0] not in ("true", "false"):
        raise AnswerError(_("Choose true or false."))
    return answer[0], answer[0] == question.value["correct_answer"]


NUMBER_PATTERN = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(.*?)\s*$")


def parse_number(text: str, unit: str = "") -> Decimal:
    """Read a number as a Dutch or English learner writes it, unit optional.

    A decimal comma is accepted as well as a point; thousands separators are
    not, since "1.250" would be ambiguous.
    """
    match = NUMBER_PATTERN.match(text or "")
    if not match:
        raise AnswerError(_("Enter a number, such as 12,5."))
    number, written_unit = match.groups()
    if written_unit and written_unit.lower() != (unit or "").lower():
        raise AnswerError(_("Enter the number without another unit."))
    try:
        return Decimal(number.replace(",", "."))
    except InvalidOperation as error:
        raise AnswerError(_("Enter a number, such as 12,5.")) from error


def numeric_bounds(question) -> tuple[Decimal, Decimal]:
    """Return the lowest and highest value that count as correct."""
    answer = Decimal(question.value["answer"])
    tolerance = Decimal(question.value["tolerance"] or 0)
    return answer - tolerance, answer + tolerance


def _grade_numeric(question, answer: list[str]) -> tuple[object, bool]:
    value = parse_number(answer[0] if answer else "", question.value["unit"])
    lowest, highest = numeric_bounds(question)
    return value, lowest <= value <= highest


def normalise_text(text: str, is_case_sensitive: bool = False) -> str:
    """Fold Unicode forms and whitespace; fold case unless it matters."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    return text if is_case_sensitive else text.casefold()


def _grade_short_text(question, answer: list[str]) -> tuple[object, bool]:
    is_case_sensitive = bool(question.value["is_case_sensitive"])
    given = normalise_text(answer[0] if answer else "", is_case_sensitive)
    if not given:
        raise AnswerError(_("Type an answer."))
    accepted = {
        normalise_text(text, is_case_sensitive)
        for text in question.value["accepted_answers"]
    }
    return given, given in accepted


def matching_ids(question) -> list[str]:
    """Return the stable ids of a matching question's pairs, in order."""
    return [bound.id for bound in question.value["pairs"].bound_blocks]


def _grade_matching(question, answer: list[str]) -> tuple[object, bool]:
    """Grade a matching answer given as one chosen pair id per item.

    ``answer[i]`` holds the id of the pair whose target the learner placed
    next to the source of pair ``i``.
    """
    ids = matching_ids(question)
    if len(answer) != len(ids) or not set(answer) <= set(ids):
        raise AnswerError(_("Match every item."))
    response = list(zip(ids, answer, strict=True))
    return response, all(source == target for source, target in response)


GRADERS: Mapping[str, Callable] = {
    "single_choice": _grade_single_choice,
    "multiple_choice": _grade_multiple_choice,
    "true_false": _grade_true_false,
    "numeric": _grade_numeric,
    "short_text": _grade_short_text,
    "matching": _grade_matching,
}


def grade_question(question, answer: list[str]) -> GradedAnswer:
    """Grade one question against the strings the learner posted."""
    response, is_correct = GRADERS[question.block_type](question, answer)
    return GradedAnswer(question.id, question.block_type, response, is_correct)


def grade_quiz(quiz, answers: Mapping[str, list[str]]) -> QuizResult:
    """Grade every question of a quiz block value.

    Raises ``AnswerError`` when any answer cannot be read, naming the first
    one's question in ``args[1]`` and every one in ``errors``, so that nothing
    is recorded for a half readable attempt and the learner sees all at once.
    """
    graded, errors = [], {}
    for question in quiz["questions"]:
        try:
            graded.append(grade_question(question, answers.get(question.id, [])))
        except AnswerError as error:
            errors[question.id] = error.args[0]
    if errors:
        first = next(iter(errors))
        raise AnswerError(errors[first], first, errors)
    return QuizResult(graded, int(quiz["pass_mark"]))
