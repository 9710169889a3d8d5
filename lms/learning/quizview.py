"""Quizzes and assignments as a lesson page shows them to a learner."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from assessments.quiz.grading import matching_ids


@dataclass
class Option:
    value: str
    text: str
    is_chosen: bool = False


@dataclass
class Pair:
    """One item of a matching question and the targets to choose from."""

    pair_id: str
    source: str
    options: list[Option]


@dataclass
class QuestionView:
    """A question ready for the quiz form, with the learner's last input."""

    question_id: str
    kind: str
    prompt: str
    unit: str = ""
    value: str = ""
    options: list[Option] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    error: str = ""
    is_correct: bool | None = None
    feedback: str = ""

    @property
    def field_name(self) -> str:
        return f"q-{self.question_id}"


def _choices(question, chosen: list[str]) -> list[Option]:
    return [
        Option(bound.id, bound.value["text"], bound.id in chosen)
        for bound in question.value["choices"].bound_blocks
    ]


def _true_false(chosen: list[str]) -> list[Option]:
    return [
        Option("true", str(_("True")), "true" in chosen),
        Option("false", str(_("False")), "false" in chosen),
    ]


def _pairs(question, data) -> list[Pair]:
    bound = question.value["pairs"].bound_blocks
    # Targets in alphabetical order, so their order gives nothing away.
    targets = sorted(bound, key=lambda pair: pair.value["target"].casefold())
    pairs = []
    for pair_id, item in zip(matching_ids(question), bound, strict=True):
        selected = data.get(f"q-{question.id}-{pair_id}", "") if data else ""
        options = [
            Option(target.id, target.value["target"], target.id == selected)
            for target in targets
        ]
        pairs.append(Pair(pair_id, item.value["source"], options))
    return pairs


def question_views(quiz, data=None, errors=None, outcome=None) -> list[QuestionView]:
    """Return the quiz's questions with posted input, errors and verdicts.

    ``data`` is the posted form, ``errors`` maps question ids to messages
    and ``outcome`` maps question ids to whether the answer was correct.
    """
    views = []
    for question in quiz["questions"]:
        name = f"q-{question.id}"
        chosen = data.getlist(name) if data is not None else []
        view = QuestionView(question.id, question.block_type, question.value["prompt"])
        if question.block_type in ("single_choice", "multiple_choice"):
            view.options = _choices(question, chosen)
        elif question.block_type == "true_false":
            view.options = _true_false(chosen)
        elif question.block_type == "matching":
            view.pairs = _pairs(question, data)
        else:
            view.value = chosen[0] if chosen else ""
            view.unit = question.value.get("unit", "")
        view.error = (errors or {}).get(question.id, "")
        if outcome and question.id in outcome:
            view.is_correct = outcome[question.id]
            view.feedback = question.value["feedback"]
        views.append(view)
    return views
