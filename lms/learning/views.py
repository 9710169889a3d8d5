"""Learner and teacher pages of the learning engine."""

import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from assessments.quiz.grading import AnswerError
from curriculum.models import LessonPage, TrackPage, UnitPage

from ..llo.scans import validate_scan
from ..models import Submission, SubmissionFile
from ..progress.reading import learner_progress
from . import activities
from . import teaching as staff
from .context import FEEDBACK_ATTRIBUTE
from .enrolment import EnrolmentClosed, enrol, may_enrol_others, taught_tracks, teaches
from .forms import AssessmentForm, EnrolGroupForm, LinkActivityForm

logger = logging.getLogger(__name__)


def _posted(request):
    """Return the posted data, also when empty, or None for a GET."""
    return request.POST if request.method == "POST" else None


def _live(model, pk):
    return get_object_or_404(model.objects.live().public(), pk=pk)


@login_required
@require_POST
def enrol_view(request, page_id: int):
    """Enrol the logged-in learner in an open track or unit."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, TrackPage | UnitPage):
        raise Http404
    try:
        enrol(request.user, page)
    except EnrolmentClosed:
        messages.error(request, _("You cannot enrol yourself here. Ask your teacher."))
    else:
        messages.success(request, _("You are enrolled. Good luck!"))
    return redirect(page.url)


@login_required
@require_POST
def lesson_done(request, lesson_id: int):
    """Record that the learner finished a lesson."""
    lesson = _live(LessonPage, lesson_id)
    try:
        with transaction.atomic():
            activities.complete_lesson(request.user, lesson)
    except activities.NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Well done: this lesson is marked as done."))
    next_lesson = lesson.next_lesson()
    return redirect(next_lesson.url if next_lesson else lesson.unit.url)


def _render_with_feedback(request, lesson, block_id: str, feedback: dict):
    """Show the lesson again with the learner's input and what was wrong."""
    setattr(request, FEEDBACK_ATTRIBUTE, {block_id: feedback})
    response = lesson.serve(request)
    response.status_code = 400
    return response


@login_required
@require_POST
def take_quiz(request, lesson_id: int, block_id: str):
    """Grade a quiz attempt, record it and show the result."""
    lesson = _live(LessonPage, lesson_id)
    block = activities.find_block(lesson, block_id, "quiz")
    if block is None:
        raise Http404
    answers = activities.posted_answers(block.value, request.POST)
    try:
        with transaction.atomic():
            result = activities.take_quiz(
                request.user, lesson, block, answers, _started_at(request)
            )
    except AnswerError as error:
        errors = {
            question_id: str(message) for question_id, message in error.errors.items()
        }
        feedback = {"data": request.POST, "errors": errors}
        return _render_with_feedback(request, lesson, block.id, feedback)
    except activities.NotAllowed as refusal:
        return _render_with_feedback(
            request, lesson, block.id, {"data": request.POST, "error": str(refusal)}
        )
    request.session[f"quiz-result-{lesson.pk}-{block.id}"] = {
        "percent": round(result.scaled_score * 100),
        "is_passed": result.is_passed,
        "correct": result.correct_count,
        "total": len(result.answers),
        "outcome": {answer.question_id: answer.is_correct for answer in result.answers},
        # What the learner answered, to show next to the verdicts.
        "answers": {
            name: values
            for name, values in request.POST.lists()
            if name.startswith("q-")
        },
    }
    return redirect(f"{lesson.url}#block-{block.id}")


def _started_at(request) -> datetime.datetime:
    now = timezone.now()
    try:
        started = datetime.datetime.fromtimestamp(
            int(request.POST.get("started_at", "")), tz=datetime.UTC
        )
    except (TypeError, ValueError, OverflowError, OSError):
        return now
    return started if now - datetime.timedelta(days=1) < started <= now else now


def _evidence_files(request, assignment) -> tuple[list, list[str]]:
    """Return the checked uploads and any errors, in Dutch for the learner."""
    files, errors = [], []
    uploads = request.FILES.getlist("files")
    if len(uploads) > activities.MAX_EVIDENCE_FILES:
        errors.append(
            _("Hand in at most %(count)s files.")
            % {"count": activities.MAX_EVIDENCE_FILES}
        )
        return [], errors
    allowed = set(assignment["evidence_types"])
    for upload in uploads:
        try:
            content_type = validate_scan(upload)
        except ValidationError as error:
            errors.extend(f"{upload.name}: {message}" for message in error.messages)
            continue
        if activities.EVIDENCE_TYPES[content_type] not in allowed:
            errors.append(
                _("%(name)s: this assignment does not take this kind of file.")
                % {"name": upload.name}
            )
            continue
        files.append((upload, content_type))
    return files, errors


@login_required
@require_POST
def submit_assignment(request, lesson_id: int, block_id: str):
    """Take in a learner's evidence for a practical assignment."""
    lesson = _live(LessonPage, lesson_id)
    block = activities.find_block(lesson, block_id, "assignment")
    if block is None:
        raise Http404
    text = request.POST.get("text", "").strip()
    files, errors = _evidence_files(request, block.value)
    if not errors and not text and not files:
        errors.append(activities.evidence_wording(block.value["evidence_types"])[1])
    if not errors:
        try:
            with transaction.atomic():
                activities.submit_assignment(request.user, lesson, block, text, files)
        except activities.NotAllowed as refusal:
            errors.append(str(refusal))
    if errors:
        feedback = {"data": {"text": text}, "errors": {"form": errors}}
        return _render_with_feedback(request, lesson, block.id, feedback)
    messages.success(request, _("Handed in. Your assessor will look at it."))
    return redirect(f"{lesson.url}#block-{block.id}")


@login_required
@require_GET
def my_learning(request):
    """Show the learner's tracks, units, results and competences."""
    progress = learner_progress(request.user)
    return render(request, "lms/learning/my_learning.html", {"progress": progress})


def _api_activity(state) -> dict:
    return {
        "id": state.iri,
        "title": state.title,
        "kind": state.kind,
        "status": state.status,
        "score": state.best_score,
        "attempts": state.attempts,
        "last_activity": state.last_at.isoformat() if state.last_at else None,
    }


@login_required
@require_GET
def api_my_progress(request):
    """Return the logged-in learner's progress as JSON (read only)."""
    progress = learner_progress(request.user)
    data = {
        "enrolments": [
            {
                "title": enrolment.title,
                "kind": enrolment.kind,
                "registration": enrolment.registration,
                "status": enrolment.status,
                "percent": enrolment.percent,
                "units": [
                    {
                        "title": unit.title,
                        "status": unit.status,
                        "percent": unit.percent,
                        "lessons": [_api_activity(item) for item in unit.lessons],
                        "assessments": [
                            _api_activity(item) for item in unit.assessments
                        ],
                    }
                    for unit in enrolment.units
                ],
            }
            for enrolment in progress.enrolments
        ],
        "competences": [
            {
                "code": competence.code,
                "title": competence.title,
                "level": competence.level,
                "target": competence.target,
                "highest": competence.highest,
            }
            for competence in progress.competences
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _require_teacher(request, unit: UnitPage) -> None:
    if not teaches(request.user, unit):
        raise PermissionDenied


@login_required
@require_GET
def teaching_view(request):
    """Show a teacher's units, the assessment queue and unlinked activities."""
    if not staff.is_staff(request.user):
        raise PermissionDenied
    units = staff.unit_summaries(request.user)
    return render(
        request,
        "lms/learning/teaching.html",
        {
            "units": units,
            "tracks": taught_tracks(request.user).live().order_by("title"),
            "queue": staff.waiting_for(request.user),
            "unknown_count": staff.unlinked().count(),
        },
    )


@login_required
@require_GET
def unit_cohort(request, unit_id: int):
    """Show learners × lessons and assessments of one unit, and dropouts."""
    unit = get_object_or_404(UnitPage, pk=unit_id)
    _require_teacher(request, unit)
    return render(
        request,
        "lms/learning/cohort.html",
        {"unit": unit, "table": staff.cohort_table(unit)},
    )


@login_required
def enrol_group(request, page_id: int):
    """Let a teacher enrol several learners in a track or unit at once."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, TrackPage | UnitPage):
        raise Http404
    if not may_enrol_others(request.user, page):
        raise PermissionDenied
    form = EnrolGroupForm(page, _posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for learner in form.cleaned_data["learners"]:
                enrol(learner, page, by=request.user)
        count = len(form.cleaned_data["learners"])
        messages.success(request, _("%(count)s learners enrolled.") % {"count": count})
        if isinstance(page, UnitPage):
            return redirect("learning:cohort", unit_id=page.pk)
        return redirect("learning:teaching")
    return render(
        request,
        "lms/learning/enrol_group.html",
        {"page": page, "form": form, "is_unit": isinstance(page, UnitPage)},
    )


@login_required
def assess(request, submission_id: int):
    """Let the unit's teacher or workplace supervisor score a submission."""
    submission = get_object_or_404(
        Submission.objects.select_related("lesson", "learner"), pk=submission_id
    )
    lesson = submission.lesson.specific
    _require_teacher(request, lesson.unit)
    block = activities.find_block(lesson, submission.block_id, "assignment")
    if block is None:
        raise Http404
    form = AssessmentForm(block.value, _posted(request))
    if request.method == "POST" and submission.state == Submission.State.ASSESSED:
        messages.error(request, _("This submission has been assessed already."))
        return redirect("learning:teaching")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            activities.assess_submission(
                submission, request.user, form.points(), form.cleaned_data["feedback"]
            )
        messages.success(request, _("The assessment is saved."))
        return redirect("learning:teaching")
    return render(
        request,
        "lms/learning/assess.html",
        {
            "submission": submission,
            "lesson": lesson,
            "assignment": block.value,
            "form": form,
        },
    )


@login_required
@require_GET
def submission_file(request, file_id: int):
    """Serve handed-in evidence to its learner and the unit's assessors."""
    evidence = get_object_or_404(
        SubmissionFile.objects.select_related("submission__lesson"), pk=file_id
    )
    submission = evidence.submission
    is_owner = submission.learner_id == request.user.pk
    if not is_owner and not teaches(request.user, submission.lesson.specific.unit):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type
    )
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def unlinked_activities(request):
    """List outside activities no lesson knows, and link one to a lesson."""
    if not staff.is_staff(request.user):
        raise PermissionDenied
    form = LinkActivityForm(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity is linked to the lesson."))
        return redirect("learning:unlinked")
    return render(
        request,
        "lms/learning/unlinked.html",
        {"activities": staff.unlinked(), "form": form},
    )
