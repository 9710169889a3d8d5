"""Statement builders: platform events turned into xAPI statements.

Statements are made with the ``tincan`` library's model classes and stored
through the LRS's service interface, the same path outside content takes.
Actors are accounts with a stable random name; who is behind a name is known
only to ``lms``, which passes the name in.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    InteractionComponent,
    LanguageMap,
    Result,
    Score,
    Statement,
    Verb,
)

from curriculum.models import Competence, LessonPage, TrackPage, UnitPage

from .quiz.grading import GradedAnswer, QuizResult, numeric_bounds

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"
LANGUAGE = "nl-NL"
PLATFORM = "TechCampus Haarlemmermeer"

VERB_NAMES = {
    "experienced": "heeft bekeken",
    "attempted": "heeft geprobeerd",
    "answered": "heeft beantwoord",
    "completed": "heeft afgerond",
    "passed": "is geslaagd voor",
    "failed": "is gezakt voor",
}


def verb(name: str) -> Verb:
    """Return an ADL verb with its Dutch and English display."""
    return Verb(
        id=ADL_VERB + name,
        display=LanguageMap({LANGUAGE: VERB_NAMES[name], "en-US": name}),
    )


def actor(account_name: str) -> Agent:
    """Return the pseudonymous account agent for an account name."""
    return Agent(
        account=AgentAccount(home_page=settings.TECHCAMPUS_BASE_IRI, name=account_name)
    )


def activity(iri: str, activity_type: str, name: str, **definition) -> Activity:
    """Return an activity with a Dutch name and an ADL activity type."""
    return Activity(
        id=iri,
        definition=ActivityDefinition(
            name=LanguageMap({LANGUAGE: name}),
            type=ADL_ACTIVITY + activity_type,
            **definition,
        ),
    )


def unit_activity(unit: UnitPage) -> Activity:
    return activity(unit.activity_iri, "module", unit.title)


def track_activity(track: TrackPage) -> Activity:
    return activity(track.activity_iri, "course", track.title)


def lesson_activity(lesson: LessonPage) -> Activity:
    return activity(lesson.activity_iri, "lesson", lesson.title)


def competence_activity(competence: Competence) -> Activity:
    return activity(competence.activity_iri, "objective", str(competence))


def quiz_iri(lesson: LessonPage, quiz_id: str) -> str:
    """Return the IRI of a quiz block, nested under its lesson's IRI.

    Block ids are kept when a page is copied, so they are only unique
    within one lesson.
    """
    return f"{lesson.activity_iri}/quiz/{quiz_id}"


def question_iri(lesson: LessonPage, quiz_id: str, question_id: str) -> str:
    return f"{quiz_iri(lesson, quiz_id)}/question/{question_id}"


def assignment_iri(lesson: LessonPage, assignment_id: str) -> str:
    return assignment_iri_of(lesson.activity_iri, assignment_id)


def assignment_iri_of(lesson_iri: str, assignment_id: str) -> str:
    """Return an assignment's IRI from its lesson's IRI, with no page at hand."""
    return f"{lesson_iri}/assignment/{assignment_id}"


@dataclass
class LearningContext:
    """Where a learning event happens: registration, lesson, unit, track."""

    registration: uuid.UUID
    unit: UnitPage
    lesson: LessonPage | None = None
    track: TrackPage | None = None
    competences: list[Competence] = field(default_factory=list)
    instructor_name: str | None = None

    def build(self, parent: Activity | None = None) -> Context:
        """Return the xAPI context for a statement in this situation."""
        grouping = [unit_activity(self.unit)]
        if self.track is not None:
            grouping.append(track_activity(self.track))
        activities = ContextActivities(grouping=grouping)
        if parent is not None:
            activities.parent = [parent]
        if self.competences:
            activities.other = [competence_activity(c) for c in self.competences]
        context = Context(
            registration=self.registration,
            context_activities=activities,
            platform=PLATFORM,
            language=LANGUAGE,
        )
        if self.instructor_name:
            context.instructor = actor(self.instructor_name)
        return context


def _statement(
    account_name: str,
    verb_name: str,
    target: Activity,
    context: Context,
    result: Result | None = None,
    timestamp: datetime | None = None,
) -> Statement:
    return Statement(
        id=uuid.uuid4(),
        actor=actor(account_name),
        verb=verb(verb_name),
        object=target,
        context=context,
        result=result,
        timestamp=timestamp or timezone.now(),
    )


def lesson_experienced(account_name: str, where: LearningContext) -> Statement:
    """Build the statement for opening a lesson."""
    return _statement(
        account_name,
        "experienced",
        lesson_activity(where.lesson),
        where.build(parent=unit_activity(where.unit)),
    )


def lesson_completed(account_name: str, where: LearningContext) -> Statement:
    """Build the statement for marking a lesson done."""
    return _statement(
        account_name,
        "completed",
        lesson_activity(where.lesson),
        where.build(parent=unit_activity(where.unit)),
        Result(completion=True),
    )


def unit_completed(account_name: str, where: LearningContext) -> Statement:
    """Build the statement for completing a unit by its completion rule."""
    context = where.build(parent=track_activity(where.track) if where.track else None)
    return _statement(
        account_name,
        "completed",
        unit_activity(where.unit),
        context,
        Result(completion=True),
    )


def track_completed(account_name: str, track: TrackPage, registration) -> Statement:
    """Build the statement for completing a track from its required units."""
    return _statement(
        account_name,
        "completed",
        track_activity(track),
        Context(registration=registration, platform=PLATFORM, language=LANGUAGE),
        Result(completion=True),
    )


def _scaled(value: Decimal) -> Score:
    return Score(scaled=float(value), raw=float(value * 100), min=0.0, max=100.0)


ATTEMPT_EXTENSION = "/xapi/extensions/attempt"
COMPETENCE_LEVELS_EXTENSION = "/xapi/extensions/competence-levels"


def attempt_extension_key() -> str:
    """Return the context extension under which the attempt number is kept."""
    return settings.TECHCAMPUS_BASE_IRI.rstrip("/") + ATTEMPT_EXTENSION


def competence_levels_extension_key() -> str:
    """Return the result extension that maps competence IRIs to levels shown."""
    return settings.TECHCAMPUS_BASE_IRI.rstrip("/") + COMPETENCE_LEVELS_EXTENSION


def _with_levels(result: Result, levels: dict[str, int] | None) -> Result:
    if levels:
        result.extensions = {competence_levels_extension_key(): dict(levels)}
    return result


def _components(items: list[tuple[str, str]]) -> list[InteractionComponent]:
    return [
        InteractionComponent(id=identifier, description=LanguageMap({LANGUAGE: text}))
        for identifier, text in items
    ]


def _choice_interaction(question) -> tuple[dict, list[str]]:
    bound = question.value["choices"].bound_blocks
    correct = [item.id for item in bound if item.value["is_correct"]]
    choices = _components([(item.id, item.value["text"]) for item in bound])
    return {"interaction_type": "choice", "choices": choices}, ["[,]".join(correct)]


def _true_false_interaction(question) -> tuple[dict, list[str]]:
    return {"interaction_type": "true-false"}, [question.value["correct_answer"]]


def _numeric_interaction(question) -> tuple[dict, list[str]]:
    lowest, highest = numeric_bounds(question)
    return {"interaction_type": "numeric"}, [f"{lowest}[:]{highest}"]


def _fill_in_interaction(question) -> tuple[dict, list[str]]:
    case_matters = "true" if question.value["is_case_sensitive"] else "false"
    patterns = [
        f"{{case_matters={case_matters}}}{answer}"
        for answer in question.value["accepted_answers"]
    ]
    return {"interaction_type": "fill-in"}, patterns


def _matching_interaction(question) -> tuple[dict, list[str]]:
    bound = question.value["pairs"].bound_blocks
    definition = {
        "interaction_type": "matching",
        "source": _components([(f"s-{p.id}", p.value["source"]) for p in bound]),
        "target": _components([(f"t-{p.id}", p.value["target"]) for p in bound]),
    }
    return definition, ["[,]".join(f"s-{p.id}[.]t-{p.id}" for p in bound)]


INTERACTIONS = {
    "single_choice": _choice_interaction,
    "multiple_choice": _choice_interaction,
    "true_false": _true_false_interaction,
    "numeric": _numeric_interaction,
    "short_text": _fill_in_interaction,
    "matching": _matching_interaction,
}


def response_text(answer: GradedAnswer) -> str:
    """Return a graded response in the xAPI response syntax of its type."""
    response = answer.response
    if answer.question_type == "multiple_choice":
        return "[,]".join(response)
    if answer.question_type == "matching":
        return "[,]".join(f"s-{source}[.]t-{target}" for source, target in response)
    return str(response)


def question_activity(lesson: LessonPage, quiz_id: str, question) -> Activity:
    """Return the cmi.interaction activity of a quiz question."""
    definition, patterns = INTERACTIONS[question.block_type](question)
    return activity(
        question_iri(lesson, quiz_id, question.id),
        "cmi.interaction",
        question.value["prompt"][:200],
        correct_responses_pattern=patterns,
        **definition,
    )


def quiz_activity(lesson: LessonPage, quiz_id: str, quiz) -> Activity:
    return activity(quiz_iri(lesson, quiz_id), "assessment", quiz["title"])


def _attempt_context(where: LearningContext, parent: Activity, attempt: int):
    context = where.build(parent=parent)
    context.extensions = {attempt_extension_key(): attempt}
    return context


def quiz_attempt_statements(
    account_name: str,
    where: LearningContext,
    quiz_id: str,
    quiz,
    result: QuizResult,
    attempt: int,
    started_at: datetime,
    competence_levels: dict[str, int] | None = None,
) -> list[Statement]:
    """Build the statements of one quiz attempt.

    One ``answered`` per question, then ``passed`` or ``failed`` and
    ``completed`` for the quiz, with the scaled score and the duration. A
    passed attempt carries ``competence_levels`` (competence IRI to level)
    as the evidence it gives.
    """
    now = timezone.now()
    quiz_object = quiz_activity(where.lesson, quiz_id, quiz)
    questions = {question.id: question for question in quiz["questions"]}
    statements = [
        _statement(
            account_name,
            "answered",
            question_activity(where.lesson, quiz_id, questions[answer.question_id]),
            _attempt_context(where, quiz_object, attempt),
            Result(success=answer.is_correct, response=response_text(answer)),
            now,
        )
        for answer in result.answers
    ]
    outcome = Result(
        score=_scaled(result.scaled_score),
        success=result.is_passed,
        completion=True,
        duration=max(now - started_at, timedelta(0)),
    )
    lesson_parent = lesson_activity(where.lesson)
    verdict = "passed" if result.is_passed else "failed"
    for verb_name in (verdict, "completed"):
        shown = competence_levels if verb_name == "passed" else None
        statements.append(
            _statement(
                account_name,
                verb_name,
                quiz_object,
                _attempt_context(where, lesson_parent, attempt),
                _with_levels(_copy_result(outcome), shown),
                now,
            )
        )
    return statements


def _copy_result(result: Result) -> Result:
    return Result(
        score=result.score,
        success=result.success,
        completion=result.completion,
        duration=result.duration,
        response=result.response,
    )


def assignment_activity(lesson: LessonPage, assignment_id: str, assignment) -> Activity:
    return activity(
        assignment_iri(lesson, assignment_id), "assessment", assignment["title"]
    )


def assignment_submitted(
    account_name: str, where: LearningContext, assignment_id: str, assignment
) -> Statement:
    """Build the statement for handing in evidence for a practical assignment."""
    return _statement(
        account_name,
        "attempted",
        assignment_activity(where.lesson, assignment_id, assignment),
        where.build(parent=lesson_activity(where.lesson)),
    )


def assignment_assessed(
    account_name: str,
    where: LearningContext,
    assignment_id: str,
    assignment,
    scaled_score: Decimal,
    is_passed: bool,
    competence_levels: dict[str, int],
) -> list[Statement]:
    """Build ``passed`` or ``failed`` for an assessed practical assignment.

    The assessor is the context's instructor, the competences of the rubric
    criteria are its other context activities, and the levels the learner
    showed are in the result; a failed assessment shows no level.
    """
    outcome = Result(
        score=_scaled(scaled_score),
        success=is_passed,
        completion=True,
    )
    return [
        _statement(
            account_name,
            "passed" if is_passed else "failed",
            assignment_activity(where.lesson, assignment_id, assignment),
            where.build(parent=lesson_activity(where.lesson)),
            _with_levels(outcome, competence_levels if is_passed else None),
        )
    ]
