"""What a learner does in a lesson, turned into statements.

Each function checks that the learner may do it, builds the statements with
the assessment engine's builders and records them in one go, so a refused
or failing action stores nothing.
"""

import math
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import statements as build
from assessments.quiz.grading import QuizResult, grade_quiz, matching_ids
from assessments.xapi.services import StatementQuery, query_statements
from curriculum.models import LessonPage, TrackPage

from ..models import Enrolment, Submission, SubmissionFile
from ..progress.accounts import account_name, session_actor
from .enrolment import enrolment_for_unit
from .recording import record


class NotAllowed(PermissionError):
    """The learner may not do this; the message says why, for the learner."""


def find_block(lesson: LessonPage, block_id: str, block_type: str):
    """Return a block of the lesson by its id and type, or None."""
    for block in lesson.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    return None


def learning_context(
    enrolment: Enrolment, lesson: LessonPage, competences=(), instructor=None
) -> build.LearningContext:
    """Return where a learning event happens, for the statement builders."""
    track = enrolment.page.specific
    return build.LearningContext(
        registration=enrolment.registration,
        unit=lesson.unit,
        lesson=lesson,
        track=track if isinstance(track, TrackPage) else None,
        competences=list(competences),
        instructor_name=account_name(instructor) if instructor else None,
    )


def require_enrolment(learner: AbstractBaseUser, lesson: LessonPage) -> Enrolment:
    """Return the learner's enrolment for the lesson's unit, or refuse."""
    enrolment = enrolment_for_unit(learner, lesson.unit)
    if enrolment is None:
        raise NotAllowed(_("Enrol in this unit first."))
    return enrolment


def open_lesson(learner: AbstractBaseUser, lesson: LessonPage) -> None:
    """Record that an enrolled learner opened a lesson."""
    enrolment = require_enrolment(learner, lesson)
    where = learning_context(enrolment, lesson)
    record([build.lesson_experienced(account_name(learner), where)])


def complete_lesson(learner: AbstractBaseUser, lesson: LessonPage) -> None:
    """Record that an enrolled learner marked a lesson done."""
    enrolment = require_enrolment(learner, lesson)
    where = learning_context(enrolment, lesson)
    record([build.lesson_completed(account_name(learner), where)])


def posted_answers(quiz, data) -> dict[str, list[str]]:
    """Read a quiz form's answers: ``q-<question>`` or ``q-<question>-<pair>``."""
    answers = {}
    for question in quiz["questions"]:
        name = f"q-{question.id}"
        if question.block_type == "matching":
            answers[question.id] = [
                data.get(f"{name}-{pair}", "") for pair in matching_ids(question)
            ]
        else:
            answers[question.id] = [value for value in data.getlist(name) if value]
    return answers


def attempts_used(learner: AbstractBaseUser, lesson: LessonPage, block_id) -> int:
    """Count the learner's finished attempts at a quiz, from the LRS."""
    query = StatementQuery(
        agent=session_actor(learner),
        verb=build.ADL_VERB + "completed",
        activity=build.quiz_iri(lesson, block_id),
        limit=1000,
    )
    return len(query_statements(query).statements)


def competence_levels(lesson: LessonPage, competences) -> dict[str, int]:
    """Return the level a passed assessment shows for each competence.

    That is the target level of the unit's learning outcome for the
    competence, or the first level when the unit sets none.
    """
    targets = {
        outcome.competence_id: outcome.target_level
        for outcome in lesson.unit.outcomes.all()
    }
    return {
        competence.activity_iri: targets.get(competence.pk, 1)
        for competence in competences
        if competence is not None
    }


def take_quiz(
    learner: AbstractBaseUser,
    lesson: LessonPage,
    block,
    answers: dict[str, list[str]],
    started_at: datetime,
) -> QuizResult:
    """Grade an attempt and record its statements; return the result.

    Raises ``AnswerError`` for an unreadable answer and ``NotAllowed`` when
    no attempts are left; nothing is recorded then.
    """
    enrolment = require_enrolment(learner, lesson)
    quiz = block.value
    used = attempts_used(learner, lesson, block.id)
    if quiz["max_attempts"] and used >= quiz["max_attempts"]:
        raise NotAllowed(_("You have used all your attempts at this quiz."))
    result = grade_quiz(quiz, answers)
    competences = [competence for competence in quiz["competences"] if competence]
    where = learning_context(enrolment, lesson, competences)
    record(
        build.quiz_attempt_statements(
            account_name(learner),
            where,
            block.id,
            quiz,
            result,
            attempt=used + 1,
            started_at=started_at,
            competence_levels=competence_levels(lesson, competences),
        )
    )
    return result


PASS_SHARE = Decimal("0.55")
EVIDENCE_TYPES = {
    "application/pdf": "pdf",
    "image/png": "photo",
    "image/jpeg": "photo",
}
MAX_EVIDENCE_FILES = 5


def evidence_wording(kinds) -> tuple[str | None, str]:
    """Return the upload field's label and the message for work with nothing.

    Both name only the kinds of file the assignment takes; the label is
    None when it takes no files at all.
    """
    photo, pdf = "photo" in kinds, "pdf" in kinds
    count = {"count": MAX_EVIDENCE_FILES}
    if photo and pdf:
        return (
            _("Photos or PDF (at most %(count)s files)") % count,
            _("Write an explanation or add a photo or PDF."),
        )
    if photo:
        return (
            _("Photos (at most %(count)s files)") % count,
            _("Write an explanation or add a photo."),
        )
    if pdf:
        return (
            _("PDF files (at most %(count)s files)") % count,
            _("Write an explanation or add a PDF."),
        )
    return None, _("Write an explanation.")


def rubric_outcome(
    assignment, lesson: LessonPage, points: list[int]
) -> tuple[Decimal, bool, dict[str, int]]:
    """Score a rubric: scaled score, passed or not, and the levels shown.

    ``points`` holds the points per criterion, in rubric order. The
    assignment is passed with at least 55 % of all points and a point on
    every criterion. A criterion's competence is shown at its target level
    times the share of points, rounded up.
    """
    rubric = list(assignment["rubric"])
    total = sum(criterion["max_points"] for criterion in rubric)
    scaled = (Decimal(sum(points)) / total).quantize(Decimal("0.0001"))
    is_passed = scaled >= PASS_SHARE and all(points)
    targets = competence_levels(lesson, [c["competence"] for c in rubric])
    levels: dict[str, int] = {}
    for criterion, scored in zip(rubric, points, strict=True):
        competence = criterion["competence"]
        if competence is None or not scored:
            continue
        iri = competence.activity_iri
        share = Decimal(scored) / criterion["max_points"]
        level = math.ceil(share * targets[iri])
        levels[iri] = max(levels.get(iri, 0), level)
    return scaled, is_passed, levels


def submit_assignment(
    learner: AbstractBaseUser, lesson: LessonPage, block, text: str, files
) -> Submission:
    """Store a learner's evidence and record the attempt.

    ``files`` are uploads whose type was checked already, as pairs of
    upload and content type.
    """
    enrolment = require_enrolment(learner, lesson)
    submission = Submission.objects.create(
        learner=learner,
        lesson=lesson,
        block_id=block.id,
        registration=enrolment.registration,
        text=text,
    )
    for upload, content_type in files:
        SubmissionFile.objects.create(
            submission=submission, file=upload, content_type=content_type
        )
    where = learning_context(enrolment, lesson)
    record(
        [
            build.assignment_submitted(
                account_name(learner), where, block.id, block.value
            )
        ]
    )
    return submission


def assess_submission(
    submission: Submission, assessor: AbstractBaseUser, points: list[int], feedback
) -> Submission:
    """Score a submission by its rubric and record the result."""
    lesson = submission.lesson.specific
    block = find_block(lesson, submission.block_id, "assignment")
    enrolment = (
        Enrolment.objects.filter(registration=submission.registration)
        .select_related("page")
        .first()
    )
    scaled, is_passed, levels = rubric_outcome(block.value, lesson, points)
    submission.points = points
    submission.feedback = feedback
    submission.is_passed = is_passed
    submission.assessor = assessor
    submission.assessed_at = timezone.now()
    submission.state = Submission.State.ASSESSED
    submission.save()
    competences = [c["competence"] for c in block.value["rubric"] if c["competence"]]
    where = learning_context(enrolment, lesson, competences, instructor=assessor)
    record(
        build.assignment_assessed(
            account_name(submission.learner),
            where,
            block.id,
            block.value,
            scaled,
            is_passed,
            levels,
        )
    )
    return submission
