"""Blocks of a lesson: the shared content blocks plus quizzes, practical
assignments and external xAPI activities.

Questions are stored here; grading them is the assessment engine's work.
Every question keeps the block id Wagtail gives it, which is stable across
edits and serves as the question's identity.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import base_blocks


def _struct_error(field: str, message: str) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={field: ValidationError(message)})


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    is_correct = blocks.BooleanBlock(required=False, label=_("correct"))


class QuestionBlock(blocks.StructBlock):
    """Fields every question has: the question and feedback afterwards."""

    prompt = blocks.TextBlock(label=_("question"))
    feedback = blocks.TextBlock(
        required=False,
        label=_("feedback"),
        help_text=_("shown after the learner submits the quiz"),
    )


class SingleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("choices"))

    class Meta:
        icon = "radio-full"
        label = _("single choice")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["is_correct"]) != 1:
            raise _struct_error("choices", _("Mark exactly one answer as correct."))
        return value


class MultipleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("choices"))

    class Meta:
        icon = "list-ul"
        label = _("multiple choice")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["is_correct"] for choice in value["choices"]):
            raise _struct_error("choices", _("Mark at least one answer as correct."))
        return value


class TrueFalseQuestionBlock(QuestionBlock):
    correct_answer = blocks.ChoiceBlock(
        choices=[("true", _("true")), ("false", _("false"))],
        label=_("correct answer"),
    )

    class Meta:
        icon = "tick"
        label = _("true or false")


class NumericQuestionBlock(QuestionBlock):
    """A calculation with a numeric answer, a tolerance and a unit."""

    answer = blocks.DecimalBlock(label=_("correct value"))
    tolerance = blocks.DecimalBlock(
        default=Decimal("0"),
        min_value=Decimal("0"),
        label=_("tolerance"),
        help_text=_("answers within plus or minus this amount count as correct"),
    )
    unit = blocks.CharBlock(
        required=False, max_length=20, label=_("unit"), help_text=_("e.g. Nm, V, l/min")
    )

    class Meta:
        icon = "calculator"
        label = _("numeric")


class ShortTextQuestionBlock(QuestionBlock):
    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(label=_("answer")), min_num=1, label=_("accepted answers")
    )
    is_case_sensitive = blocks.BooleanBlock(required=False, label=_("case-sensitive"))

    class Meta:
        icon = "pilcrow"
        label = _("short text")


class MatchingPairBlock(blocks.StructBlock):
    source = blocks.CharBlock(label=_("item"))
    target = blocks.CharBlock(label=_("matches"))


class MatchingQuestionBlock(QuestionBlock):
    pairs = blocks.ListBlock(MatchingPairBlock(), min_num=2, label=_("pairs"))

    class Meta:
        icon = "link"
        label = _("matching")

    def clean(self, value):
        value = super().clean(value)
        sources = [pair["source"].strip().lower() for pair in value["pairs"]]
        if len(set(sources)) != len(sources):
            raise _struct_error("pairs", _("Every item must be different."))
        return value


class QuizBlock(blocks.StructBlock):
    """A quiz inside a lesson."""

    title = blocks.CharBlock(label=_("title"))
    introduction = blocks.TextBlock(required=False, label=_("introduction"))
    pass_mark = blocks.IntegerBlock(
        default=60,
        min_value=0,
        max_value=100,
        label=_("pass mark (%)"),
    )
    max_attempts = blocks.IntegerBlock(
        default=3,
        min_value=0,
        label=_("maximum attempts"),
        help_text=_("0 means unlimited"),
    )
    competences = blocks.ListBlock(
        SnippetChooserBlock("curriculum.Competence"),
        required=False,
        default=[],
        label=_("competences"),
    )
    questions = blocks.StreamBlock(
        [
            ("single_choice", SingleChoiceQuestionBlock()),
            ("multiple_choice", MultipleChoiceQuestionBlock()),
            ("true_false", TrueFalseQuestionBlock()),
            ("numeric", NumericQuestionBlock()),
            ("short_text", ShortTextQuestionBlock()),
            ("matching", MatchingQuestionBlock()),
        ],
        min_num=1,
        label=_("questions"),
    )

    class Meta:
        icon = "help"
        label = _("quiz")
        template = "curriculum/blocks/quiz.html"


class RubricCriterionBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(label=_("criterion"))
    description = blocks.TextBlock(required=False, label=_("what good looks like"))
    competence = SnippetChooserBlock(
        "curriculum.Competence", required=False, label=_("competence")
    )
    max_points = blocks.IntegerBlock(
        default=3, min_value=1, max_value=10, label=_("maximum points")
    )


class AssignmentBlock(blocks.StructBlock):
    """A practical assignment with a rubric that an assessor scores."""

    title = blocks.CharBlock(label=_("title"))
    instructions = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"], label=_("instructions")
    )
    evidence_types = blocks.MultipleChoiceBlock(
        choices=[("text", _("text")), ("photo", _("photo")), ("pdf", _("PDF"))],
        default=["text", "photo"],
        label=_("evidence the learner hands in"),
    )
    rubric = blocks.ListBlock(RubricCriterionBlock(), min_num=1, label=_("rubric"))

    class Meta:
        icon = "clipboard-list"
        label = _("practical assignment")
        template = "curriculum/blocks/assignment.html"


class ExternalActivityBlock(blocks.StructBlock):
    """An H5P, VR or simulation activity that reports to the LRS itself."""

    title = blocks.CharBlock(label=_("title"))
    kind = blocks.ChoiceBlock(
        choices=[
            ("h5p", _("H5P")),
            ("vr", _("VR training")),
            ("simulation", _("simulation")),
            ("cmi5", _("cmi5 course")),
        ],
        label=_("kind"),
    )
    launch_url = blocks.URLBlock(label=_("launch address"))
    activity_iri = blocks.URLBlock(
        label=_("activity IRI"),
        help_text=_("the xAPI activity id the content reports its statements under"),
    )
    description = blocks.TextBlock(required=False, label=_("description"))
    duration_minutes = blocks.IntegerBlock(
        required=False, min_value=1, label=_("duration in minutes")
    )

    class Meta:
        icon = "site"
        label = _("external activity")
        template = "curriculum/blocks/external_activity.html"


def lesson_blocks() -> list[tuple[str, blocks.Block]]:
    """Return the blocks a lesson's body offers."""
    return base_blocks() + [
        ("quiz", QuizBlock()),
        ("assignment", AssignmentBlock()),
        ("external_activity", ExternalActivityBlock()),
    ]
