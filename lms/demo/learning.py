"""Seed who teaches which unit, a demo learner who has made a start, one
who has not been seen for weeks, and a result reported by outside content."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assessments.xapi.services import get_statement, store_statements
from curriculum.models import LessonPage, TrackPage, UnitPage

from ..learning import activities
from ..learning.enrolment import enrol
from ..models import Enrolment, UnitStaff
from ..progress.accounts import session_actor
from ..progress.projector import run_projector
from ..roles import LEARNER
from .context import SeedContext
from .llo import DOMAIN

START_TRACK = "START-TECHNIEK"
FIRST_UNIT = "LOB-100"
SUPERVISED_PREFIX = "WTB-"
# A learner enrolled weeks ago and never active since, so that the teacher's
# list of learners to follow up is not empty.
QUIET_LEARNER = {"username": "noah", "first_name": "Noah", "last_name": "de Vries"}
QUIET_DAYS = 20
# An H5P exercise that reported the demo learner's result to the LRS and that
# no lesson links to yet: the teacher finds it among the outside activities.
OUTSIDE_STATEMENT_ID = "0b7e3c1a-5d2f-4c8e-9a61-3f0d2b8e7c45"
OUTSIDE_ACTIVITY = {
    "objectType": "Activity",
    "id": "https://h5p.techcampus-haarlemmermeer.example/oefening/stroomkring-bouwen",
    "definition": {
        "name": {"nl-NL": "Stroomkring bouwen (H5P)", "en-US": "Build a circuit (H5P)"},
        "type": "http://adlnet.gov/expapi/activities/assessment",
    },
}


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
    _quiet_learner(context, users["docent"])
    _outside_result(context, users["student"])


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


def _quiet_learner(context: SeedContext, teacher) -> None:
    """Enrol a learner in the start track weeks ago, with no activity since."""
    track = TrackPage.objects.filter(code=START_TRACK).first()
    if track is None:
        return
    model = get_user_model()
    if model.objects.filter(username=QUIET_LEARNER["username"]).exists():
        return
    learner = model.objects.create_user(
        email=f"{QUIET_LEARNER['username']}@{DOMAIN}",
        password=settings.TECHCAMPUS_DEMO_PASSWORD,
        **QUIET_LEARNER,
    )
    learner.groups.add(Group.objects.get(name=LEARNER))
    context.record(learner)
    enrolment = enrol(learner, track, by=teacher)
    long_ago = timezone.now() - timedelta(days=QUIET_DAYS)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=long_ago)
    context.created["Enrolment"] += 1


def _outside_result(context: SeedContext, student) -> None:
    """Store a result that outside content reported for the demo learner."""
    if get_statement(OUTSIDE_STATEMENT_ID) is not None:
        return
    statement = {
        "id": OUTSIDE_STATEMENT_ID,
        "actor": session_actor(student),
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/passed",
            "display": {"nl-NL": "behaald", "en-US": "passed"},
        },
        "object": OUTSIDE_ACTIVITY,
        "result": {"score": {"scaled": 0.8}, "success": True, "completion": True},
        "timestamp": (timezone.now() - timedelta(days=2)).isoformat(),
    }
    store_statements([statement])
    run_projector()
    context.created["outside results"] += 1
