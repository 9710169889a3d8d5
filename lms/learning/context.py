"""A learner's state on track, unit and lesson pages.

Registered as the curriculum's ``construct_learning_context`` hook: the
pages render as they always do, and this adds enrolment, progress and the
interactive quiz and assignment forms for a logged-in learner.
"""

import json
import time
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from curriculum.models import LessonPage, TrackPage, UnitPage

from ..models import ActivityProgress, Enrolment, Submission
from ..progress.accounts import session_actor
from ..progress.catalogue import current_catalogue
from ..progress.reading import state_of, unit_state
from .activities import evidence_wording, open_lesson
from .enrolment import enrolment_for_unit, teaches
from .quizview import question_views

# Opening the same lesson again within this time records nothing new.
REOPEN_SECONDS = 30 * 60
FEEDBACK_ATTRIBUTE = "learning_feedback"


def learning_context(request, page) -> dict | None:
    """Return the ``learning`` context for a track, unit or lesson page."""
    user = request.user
    if isinstance(page, LessonPage):
        return {"learning": _lesson(request, page)}
    if isinstance(page, UnitPage):
        return {"learning": _unit(request, page)}
    if isinstance(page, TrackPage) and user.is_authenticated:
        enrolment = Enrolment.objects.filter(learner=user, page=page).first()
        return {"learning": _enrol_panel(request, page, enrolment)}
    return None


def _enrol_panel(request, page, enrolment) -> dict:
    panel = {
        "enrolment": enrolment,
        "can_enrol": enrolment is None and page.is_open_for_enrolment,
        "enrol_url": reverse("learning:enrol", args=[page.pk]),
        "my_learning_url": reverse("learning:my_learning"),
        "page": page,
    }
    panel["panel"] = render_to_string(
        "lms/learning/enrol_panel.html", panel, request=request
    )
    return panel


def _rows(user, iris: list[str]) -> dict[str, ActivityProgress]:
    rows = ActivityProgress.objects.filter(learner=user, activity_iri__in=iris)
    return {row.activity_iri: row for row in rows}


def _unit(request, unit: UnitPage) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    enrolment = enrolment_for_unit(user, unit)
    panel = _enrol_panel(request, unit, enrolment)
    panel["is_teacher"] = teaches(user, unit)
    if enrolment is not None:
        catalogue = current_catalogue()
        if unit.pk in catalogue.units:
            rule = catalogue.units[unit.pk]
            iris = [rule.iri, *rule.all_lessons, *rule.all_assessments]
            panel["progress"] = unit_state(unit.pk, catalogue, _rows(user, iris))
    panel["panel"] = render_to_string(
        "lms/learning/unit_panel.html", panel, request=request
    )
    return panel


def _lesson(request, lesson: LessonPage) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    enrolment = enrolment_for_unit(user, lesson.unit)
    if enrolment is not None and request.method == "GET":
        _record_opening(request, lesson)
    catalogue = current_catalogue()
    iris = [lesson.activity_iri] + [
        iri
        for iri, known in catalogue.activities.items()
        if known.page_id == lesson.pk and known.kind != "lesson"
    ]
    rows = _rows(user, iris)
    feedback = getattr(request, FEEDBACK_ATTRIBUTE, {})
    state = {
        "lesson": lesson,
        "enrolment": enrolment,
        "unit": lesson.unit,
        "can_enrol": enrolment is None and lesson.unit.is_open_for_enrolment,
        "enrol_url": reverse("learning:enrol", args=[lesson.unit.pk]),
        "done_url": reverse("learning:lesson_done", args=[lesson.pk]),
        "state": state_of(lesson.activity_iri, catalogue, rows)
        if catalogue.find(lesson.activity_iri)
        else None,
    }
    state["body"] = [
        (block, _render_block(request, lesson, block, state, rows, feedback))
        for block in lesson.body
    ]
    state["panel"] = render_to_string(
        "lms/learning/lesson_panel.html", state, request=request
    )
    return state


def _record_opening(request, lesson: LessonPage) -> None:
    key = f"lesson-opened-{lesson.pk}"
    now = time.time()
    if now - request.session.get(key, 0) < REOPEN_SECONDS:
        return
    open_lesson(request.user, lesson)
    request.session[key] = now


def _render_block(request, lesson, block, state, rows, feedback) -> str | None:
    if block.block_type == "quiz":
        return _render_quiz(request, lesson, block, state, rows, feedback)
    if block.block_type == "assignment":
        return _render_assignment(request, lesson, block, state, feedback)
    if block.block_type == "external_activity" and state["enrolment"]:
        return _render_external(request, block, state["enrolment"])
    return None


def launch_url(request, block, enrolment) -> str:
    """Return the activity's address with the xAPI launch parameters.

    The parameters follow the common launch convention for xAPI content:
    where the LRS is, who the learner is (the pseudonymous account), the
    registration and the activity, so the content's statements count for
    this learner and enrolment.
    """
    parameters = urlencode(
        {
            "endpoint": request.build_absolute_uri(reverse("xapi:about"))[
                : -len("about")
            ],
            "actor": json.dumps(session_actor(request.user)),
            "registration": str(enrolment.registration),
            "activity_id": block.value["activity_iri"],
        }
    )
    address = block.value["launch_url"]
    return f"{address}{'&' if '?' in address else '?'}{parameters}"


def _render_external(request, block, enrolment) -> str:
    value = type(block.value)(block.block, list(block.value.items()))
    value["launch_url"] = launch_url(request, block, enrolment)
    return block.block.render(value, context={"id": block.id, "request": request})


def _render_quiz(request, lesson, block, state, rows, feedback) -> str:
    from assessments.statements import quiz_iri

    mine = feedback.get(block.id, {})
    last = request.session.get(f"quiz-result-{lesson.pk}-{block.id}")
    row = rows.get(quiz_iri(lesson, block.id))
    quiz = block.value
    used = row.attempts if row else 0
    context = {
        **state,
        "block": block,
        "quiz": quiz,
        "row": row,
        "best_percent": round(row.best_score * 100) if row and row.best_score else 0,
        "attempts_left": max(quiz["max_attempts"] - used, 0)
        if quiz["max_attempts"]
        else None,
        "last": last,
        "error": mine.get("error", ""),
        "questions": question_views(
            quiz,
            data=mine.get("data") or _last_answers(last),
            errors=mine.get("errors"),
            outcome=(last or {}).get("outcome") if not mine else None,
        ),
        # Back at the quiz, not the top of the lesson, when answers are refused.
        "action": reverse("learning:quiz", args=[lesson.pk, block.id])
        + f"#block-{block.id}",
        "started_at": int(time.time()),
    }
    return render_to_string("lms/learning/quiz.html", context, request=request)


def _last_answers(last: dict | None) -> MultiValueDict | None:
    """Return the answers of the learner's last attempt as posted data."""
    if not last or "answers" not in last:
        return None
    return MultiValueDict(last["answers"])


def _render_assignment(request, lesson, block, state, feedback) -> str:
    mine = feedback.get(block.id, {})
    submissions = Submission.objects.filter(
        learner=request.user, lesson=lesson, block_id=block.id
    ).order_by("-submitted_at")
    accepts = {
        "photo": "image/jpeg,image/png",
        "pdf": "application/pdf",
    }
    context = {
        **state,
        "block": block,
        "assignment": block.value,
        "submissions": submissions,
        "errors": mine.get("errors", {}),
        "text": (mine.get("data") or {}).get("text", ""),
        "accept": ",".join(
            accepts[kind] for kind in block.value["evidence_types"] if kind in accepts
        ),
        "files_label": evidence_wording(block.value["evidence_types"])[0],
        "action": reverse("learning:assignment", args=[lesson.pk, block.id])
        + f"#block-{block.id}",
    }
    return render_to_string("lms/learning/assignment.html", context, request=request)
