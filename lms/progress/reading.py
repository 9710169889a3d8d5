"""Progress as dashboards show it, read from the projections only.

A learner's whole picture costs a fixed handful of queries, however many
statements the learner has: one for the enrolments, one for the progress
rows, one for the competence levels and one for the targets.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from assessments.statements import assignment_iri_of
from curriculum.models import LearningOutcome, LessonPage

from ..models import ActivityProgress, CompetenceEvidence, Enrolment, Submission
from .catalogue import TRACK, UNIT, Catalogue, current_catalogue

NOT_STARTED = "not-started"
WAITING = "waiting"
STATUS_LABELS = {
    NOT_STARTED: _("not started"),
    "in-progress": _("in progress"),
    WAITING: _("waiting for assessment"),
    "completed": _("completed"),
    "passed": _("passed"),
    "failed": _("not passed yet"),
}


@dataclass
class ActivityState:
    """One lesson, quiz or assignment as a learner stands on it."""

    iri: str
    kind: str
    title: str
    url: str
    status: str = NOT_STARTED
    best_score: float | None = None
    last_score: float | None = None
    attempts: int = 0
    last_at: datetime | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_done(self) -> bool:
        return self.status in ("completed", "passed")

    @property
    def best_percent(self) -> int | None:
        return None if self.best_score is None else round(self.best_score * 100)


@dataclass
class UnitState:
    """A unit with its lessons and assessments, as a learner stands on it."""

    unit_id: int
    title: str
    url: str
    status: str
    lessons: list[ActivityState]
    assessments: list[ActivityState]
    required_total: int
    required_done: int

    @property
    def percent(self) -> int:
        if self.status == "completed":
            return 100
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def next_lesson(self) -> ActivityState | None:
        return next((lesson for lesson in self.lessons if not lesson.is_done), None)


@dataclass
class EnrolmentState:
    """A track or unit a learner is enrolled in, with its units."""

    title: str
    url: str
    kind: str
    registration: str
    status: str
    units: list[UnitState]

    @property
    def percent(self) -> int:
        if self.status == "completed":
            return 100
        if not self.units:
            return 0
        return round(sum(unit.percent for unit in self.units) / len(self.units))

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class CompetenceState:
    """How far a learner has shown a competence, against the target."""

    code: str
    title: str
    level: int
    target: int
    highest: int
    evidence: int

    @property
    def level_percent(self) -> int:
        return round(100 * self.level / self.highest) if self.highest else 0

    @property
    def target_percent(self) -> int:
        return round(100 * self.target / self.highest) if self.highest else 0


@dataclass
class LearnerProgress:
    """Everything Mijn leren and the progress API show."""

    enrolments: list[EnrolmentState] = field(default_factory=list)
    competences: list[CompetenceState] = field(default_factory=list)
    recent: list[ActivityState] = field(default_factory=list)
    assessments: list[ActivityState] = field(default_factory=list)

    @property
    def next_lesson(self) -> ActivityState | None:
        for enrolment in self.enrolments:
            if enrolment.status == "completed":
                continue
            for unit in enrolment.units:
                if unit.status != "completed" and unit.next_lesson:
                    return unit.next_lesson
        return None


def state_of(
    iri: str, catalogue: Catalogue, rows: dict[str, ActivityProgress]
) -> ActivityState:
    """Return the state of one known activity from the learner's rows."""
    known = catalogue.find(iri)
    state = ActivityState(iri, known.kind, known.title, known.url)
    row = rows.get(iri)
    if row is not None:
        state.status = row.status
        state.best_score = row.best_score
        state.last_score = row.last_score
        state.attempts = row.attempts
        state.last_at = row.last_at
    return state


def unit_state(
    unit_id: int, catalogue: Catalogue, rows: dict[str, ActivityProgress]
) -> UnitState:
    """Return a unit's state for a learner from the learner's rows."""
    rule = catalogue.units[unit_id]
    known = catalogue.find(rule.iri)
    lessons = [state_of(iri, catalogue, rows) for iri in rule.all_lessons]
    assessments = [state_of(iri, catalogue, rows) for iri in rule.all_assessments]
    required = [*rule.lessons, *rule.assessments]
    done = sum(state_of(iri, catalogue, rows).is_done for iri in required)
    if rows.get(rule.iri) is not None and rows[rule.iri].completed_at:
        status = "completed"
    elif any(state.status != NOT_STARTED for state in lessons + assessments):
        status = "in-progress"
    else:
        status = NOT_STARTED
    return UnitState(
        unit_id,
        known.title,
        known.url,
        status,
        lessons,
        assessments,
        len(required),
        done,
    )


def learner_progress(learner: AbstractBaseUser) -> LearnerProgress:
    """Return a learner's enrolments, results, competences and recent work."""
    catalogue = current_catalogue()
    rows = {
        row.activity_iri: row
        for row in ActivityProgress.objects.filter(learner=learner)
    }
    progress = LearnerProgress()
    unit_ids: list[int] = []
    for enrolment in Enrolment.objects.filter(learner=learner).order_by("created_at"):
        state = _enrolment_state(enrolment, catalogue, rows)
        if state is not None:
            progress.enrolments.append(state)
            unit_ids += [unit.unit_id for unit in state.units]
    waiting = _waiting_assignments(learner)
    progress.assessments = []
    for enrolment in progress.enrolments:
        for unit in enrolment.units:
            for assessment in unit.assessments:
                if assessment.iri in waiting and not assessment.is_done:
                    assessment.status = WAITING
                if assessment.status != NOT_STARTED:
                    progress.assessments.append(assessment)
    progress.recent = _recent(catalogue, rows)
    progress.competences = competence_states(learner, unit_ids)
    return progress


def _waiting_assignments(learner: AbstractBaseUser) -> set[str]:
    """Return the IRIs of the assignments with work waiting for an assessor."""
    handed_in = Submission.objects.filter(
        learner=learner, state=Submission.State.SUBMITTED
    ).values_list("lesson__activity_uuid", "block_id")
    return {
        assignment_iri_of(LessonPage.iri_of(lesson_uuid), block_id)
        for lesson_uuid, block_id in handed_in
    }


def _enrolment_state(
    enrolment: Enrolment, catalogue: Catalogue, rows
) -> EnrolmentState | None:
    track = catalogue.tracks.get(enrolment.page_id)
    if track is not None:
        units = [unit_state(unit_id, catalogue, rows) for unit_id in track.all_units]
        iri, kind = track.iri, TRACK
    elif enrolment.page_id in catalogue.units:
        units = [unit_state(enrolment.page_id, catalogue, rows)]
        iri, kind = catalogue.units[enrolment.page_id].iri, UNIT
    else:
        return None
    known = catalogue.find(iri)
    row = rows.get(iri)
    if row is not None and row.completed_at:
        status = "completed"
    elif any(unit.status != NOT_STARTED for unit in units):
        status = "in-progress"
    else:
        status = NOT_STARTED
    return EnrolmentState(
        known.title, known.url, kind, str(enrolment.registration), status, units
    )


def _recent(catalogue: Catalogue, rows) -> list[ActivityState]:
    latest = sorted(rows.values(), key=lambda row: row.last_at, reverse=True)
    recent = []
    for row in latest:
        if catalogue.find(row.activity_iri) is None:
            continue
        recent.append(state_of(row.activity_iri, catalogue, rows))
        if len(recent) == 8:
            break
    return recent


def competence_states(learner, unit_ids: list[int]) -> list[CompetenceState]:
    """Return the learner's level and target per competence of the units."""
    outcomes = (
        LearningOutcome.objects.filter(unit_id__in=unit_ids)
        .select_related("competence__scale", "competence__framework__default_scale")
        .prefetch_related(
            "competence__scale__levels", "competence__framework__default_scale__levels"
        )
    )
    reached = {
        row["competence_id"]: row
        for row in CompetenceEvidence.objects.filter(learner=learner)
        .values("competence_id")
        .annotate(level=Max("level"), evidence=Count("id"))
    }
    states: dict[int, CompetenceState] = {}
    for outcome in outcomes:
        competence = outcome.competence
        found = reached.get(competence.pk, {})
        state = states.get(competence.pk)
        if state is None:
            states[competence.pk] = CompetenceState(
                competence.code,
                competence.title,
                found.get("level", 0),
                outcome.target_level,
                _highest(competence),
                found.get("evidence", 0),
            )
        else:
            state.target = max(state.target, outcome.target_level)
    return sorted(states.values(), key=lambda state: state.code)


def _highest(competence) -> int:
    scale = competence.proficiency_scale
    return scale.highest_level if scale else 4
