"""What teachers see: their units, cohorts, dropouts and the assessment queue."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from curriculum.models import UnitPage

from ..models import ActivityLink, ActivityProgress, Submission, UnknownActivity
from ..progress.catalogue import current_catalogue
from ..progress.reading import ActivityState, state_of, unit_state
from ..roles import COORDINATOR, TEACHER
from .enrolment import taught_units, unit_enrolments, unit_learners

DROPOUT_DAYS = 14


def is_staff(user: AbstractBaseUser) -> bool:
    """Tell whether a user teaches, supervises or coordinates at all.

    It decides both who opens the Teaching pages and who gets their link in
    the menu on every page, so it costs two queries at most.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = set(user.groups.values_list("name", flat=True))
    return bool(roles & {COORDINATOR, TEACHER}) or user.taught_units.exists()


@dataclass
class UnitSummary:
    unit: UnitPage
    learners: int
    waiting: int


def unit_summaries(user: AbstractBaseUser) -> list[UnitSummary]:
    """Return the user's units with their number of learners and submissions."""
    summaries = []
    units = taught_units(user).live().order_by("title")
    waiting = dict(
        Submission.objects.filter(state=Submission.State.SUBMITTED)
        .values_list("lesson__path")
        .annotate(count=Count("id"))
        .values_list("lesson__path", "count")
    )
    for unit in units:
        learners = unit_learners(unit).distinct().count()
        count = sum(n for path, n in waiting.items() if path.startswith(unit.path))
        summaries.append(UnitSummary(unit, learners, count))
    return summaries


def waiting_for(user: AbstractBaseUser) -> QuerySet[Submission]:
    """Return submissions waiting for assessment in the user's units."""
    paths = [unit.path for unit in taught_units(user).only("path")]
    if not paths:
        return Submission.objects.none()
    within = Q()
    for path in paths:
        within |= Q(lesson__path__startswith=path)
    return (
        Submission.objects.filter(state=Submission.State.SUBMITTED)
        .filter(within)
        .select_related("learner", "lesson")
        .order_by("submitted_at")
    )


@dataclass
class CohortRow:
    learner: AbstractBaseUser
    status: str
    percent: int
    cells: list[ActivityState]
    last_at: datetime | None
    enrolled_at: datetime
    is_inactive: bool = False


@dataclass
class CohortTable:
    columns: list[ActivityState] = field(default_factory=list)
    rows: list[CohortRow] = field(default_factory=list)

    @property
    def inactive(self) -> list[CohortRow]:
        return [row for row in self.rows if row.is_inactive]


def cohort_table(unit: UnitPage) -> CohortTable:
    """Return learners × lessons and assessments of a unit, from projections."""
    catalogue = current_catalogue()
    table = CohortTable()
    if unit.pk not in catalogue.units:
        return table
    rule = catalogue.units[unit.pk]
    iris = [*rule.all_lessons, *rule.all_assessments]
    table.columns = [state_of(iri, catalogue, {}) for iri in iris]
    enrolled = _first_enrolments(unit)
    learners = (
        get_user_model()
        .objects.filter(pk__in=enrolled)
        .order_by("last_name", "first_name", "username")
    )
    rows_by_learner: dict[int, dict[str, ActivityProgress]] = {}
    for row in ActivityProgress.objects.filter(
        learner__in=learners, activity_iri__in=[rule.iri, *iris]
    ):
        rows_by_learner.setdefault(row.learner_id, {})[row.activity_iri] = row
    limit = timezone.now() - timedelta(days=DROPOUT_DAYS)
    for learner in learners:
        rows = rows_by_learner.get(learner.pk, {})
        state = unit_state(unit.pk, catalogue, rows)
        last_at = max((row.last_at for row in rows.values()), default=None)
        table.rows.append(
            CohortRow(
                learner=learner,
                status=state.status,
                percent=state.percent,
                cells=[state_of(iri, catalogue, rows) for iri in iris],
                last_at=last_at,
                enrolled_at=enrolled[learner.pk],
                is_inactive=state.status != "completed"
                and (last_at or enrolled[learner.pk]) < limit,
            )
        )
    return table


def _first_enrolments(unit: UnitPage) -> dict[int, datetime]:
    first: dict[int, datetime] = {}
    for learner_id, created_at in unit_enrolments(unit).values_list(
        "learner_id", "created_at"
    ):
        first[learner_id] = min(first.get(learner_id, created_at), created_at)
    return first


def unlinked() -> QuerySet[UnknownActivity]:
    """Return outside activities that statements mention and no lesson has."""
    linked = ActivityLink.objects.values("activity_iri")
    return UnknownActivity.objects.exclude(activity_iri__in=linked).order_by(
        "-last_seen_at"
    )
