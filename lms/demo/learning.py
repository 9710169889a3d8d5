"""Seed who teaches which unit, and a demo learner who has made a start."""

from django.contrib.auth import get_user_model
from django.db import transaction

from curriculum.models import LessonPage, TrackPage, UnitPage

from ..learning import activities
from ..learning.enrolment import enrol
from ..models import Enrolment, UnitStaff
from ..progress.projector import run_projector
from .context import SeedContext

START_TRACK = "START-TECHNIEK"
FIRST_UNIT = "LOB-100"
SUPERVISED_PREFIX = "WTB-"


@transaction.atomic
def seed_learning(context: SeedContext) -> None:
    """Link the demo teacher and supervisor to units; give the learner a start."""
    users = get_user_model().objects.in_bulk(
        ["docent", "gastdocent", "student"], field_name="username"
    )
    if len(users) < 3:
        return
    for unit in UnitPage.objects.all():
        _staff(context, unit, users["docent"], UnitStaff.Role.TEACHER)
        if unit.code.startswith(SUPERVISED_PREFIX):
            _staff(
                context, unit, users["gastdocent"], UnitStaff.Role.WORKPLACE_SUPERVISOR
            )
    _start_learning(context, users["student"])


def _staff(context: SeedContext, unit, user, role) -> None:
    _link, created = UnitStaff.objects.get_or_create(
        unit=unit, user=user, defaults={"role": role}
    )
    if created:
        context.created["UnitStaff"] += 1


def _start_learning(context: SeedContext, student) -> None:
    """Enrol the learner in the start track and finish two lessons."""
    track = TrackPage.objects.filter(code=START_TRACK).first()
    unit = UnitPage.objects.filter(code=FIRST_UNIT).first()
    if track is None or unit is None:
        return
    if Enrolment.objects.filter(learner=student).exists():
        return
    enrol(student, track)
    context.created["Enrolment"] += 1
    for lesson in LessonPage.objects.child_of(unit).live().order_by("path")[:2]:
        activities.open_lesson(student, lesson)
        activities.complete_lesson(student, lesson)
    run_projector()
