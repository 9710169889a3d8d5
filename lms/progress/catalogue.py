"""What the platform knows about activity IRIs: which page each belongs to.

The projector reads IRIs from statements; this catalogue tells it which are
units, tracks, lessons, quizzes, assignments, linked outside activities and
competences, and what a unit needs before it counts as completed.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from assessments.statements import assignment_iri, quiz_iri
from curriculum.iris import activity_namespace
from curriculum.models import Competence, LessonPage, TrackPage, TrackUnit, UnitPage

from ..models import ActivityLink

UNIT = "unit"
TRACK = "track"
LESSON = "lesson"
QUIZ = "quiz"
ASSIGNMENT = "assignment"
EXTERNAL = "external"


@dataclass(frozen=True)
class KnownActivity:
    """A platform activity and the unit it belongs to, when it has one."""

    kind: str
    page_id: int
    unit_id: int | None = None
    block_id: str = ""
    title: str = ""
    url: str = ""


@dataclass
class UnitRule:
    """What one unit requires: the IRIs to complete and the ones to pass."""

    unit_id: int
    iri: str
    rule: str
    lessons: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    track_ids: list[int] = field(default_factory=list)
    # Every lesson and assessment in page order, required or not.
    all_lessons: list[str] = field(default_factory=list)
    all_assessments: list[str] = field(default_factory=list)


@dataclass
class TrackRule:
    """The required units of a track."""

    track_id: int
    iri: str
    units: list[int] = field(default_factory=list)
    # Every live unit of the track in its order, required or elective.
    all_units: list[int] = field(default_factory=list)


@dataclass
class Catalogue:
    """Lookups from activity IRI to platform pages, built once per run."""

    activities: dict[str, KnownActivity] = field(default_factory=dict)
    competences: dict[str, int] = field(default_factory=dict)
    units: dict[int, UnitRule] = field(default_factory=dict)
    tracks: dict[int, TrackRule] = field(default_factory=dict)

    def find(self, iri: str) -> KnownActivity | None:
        return self.activities.get(iri)

    def is_known(self, iri: str) -> bool:
        """Tell whether the IRI is the platform's own, not outside content.

        Besides pages, blocks and competences, that is everything under
        the platform's activity namespace: quiz questions, certificates,
        and lessons deleted since.
        """
        if iri in self.activities or iri in self.competences:
            return True
        return iri.startswith(activity_namespace())


def build_catalogue() -> Catalogue:
    """Read the live units, tracks and lessons into a catalogue."""
    catalogue = Catalogue()
    _add_lessons(catalogue, _add_units(catalogue))
    _add_links(catalogue)
    _add_tracks(catalogue)
    catalogue.competences = {
        competence.activity_iri: competence.pk
        for competence in Competence.objects.select_related("framework")
    }
    return catalogue


def _add_units(catalogue: Catalogue) -> dict[str, int]:
    """Add the live units; return their ids by tree path."""
    paths = {}
    units = UnitPage.objects.live().only(
        "pk", "path", "url_path", "title", "code", "completion_rule"
    )
    for unit in units:
        catalogue.activities[unit.activity_iri] = KnownActivity(
            UNIT, unit.pk, unit.pk, title=unit.title, url=unit.get_url() or ""
        )
        catalogue.units[unit.pk] = UnitRule(
            unit.pk, unit.activity_iri, unit.completion_rule
        )
        paths[unit.path] = unit.pk
    return paths


def _add_lessons(catalogue: Catalogue, unit_paths: dict[str, int]) -> None:
    for lesson in LessonPage.objects.live().public().order_by("path"):
        unit_id = unit_paths.get(lesson.path[: -lesson.steplen])
        if unit_id is None:
            continue
        rule = catalogue.units[unit_id]
        catalogue.activities[lesson.activity_iri] = KnownActivity(
            LESSON, lesson.pk, unit_id, title=lesson.title, url=lesson.get_url() or ""
        )
        rule.all_lessons.append(lesson.activity_iri)
        if lesson.is_required:
            rule.lessons.append(lesson.activity_iri)
        _add_blocks(catalogue, lesson, rule)


def _add_blocks(catalogue: Catalogue, lesson: LessonPage, rule: UnitRule) -> None:
    # The raw block data holds every field needed here; turning the blocks
    # into values would load each quiz's competences, a query per lesson.
    for block in lesson.body.raw_data:
        block_type, block_id, value = block["type"], block["id"], block["value"]
        if block_type == "quiz":
            iri = quiz_iri(lesson, block_id)
            kind = QUIZ
        elif block_type == "assignment":
            iri = assignment_iri(lesson, block_id)
            kind = ASSIGNMENT
        elif block_type == "external_activity":
            iri = value["activity_iri"]
            kind = EXTERNAL
        else:
            continue
        catalogue.activities[iri] = KnownActivity(
            kind,
            lesson.pk,
            rule.unit_id,
            block_id,
            title=value.get("title", ""),
            url=f"{lesson.get_url() or ''}#block-{block_id}",
        )
        if kind != EXTERNAL:
            rule.all_assessments.append(iri)
        if lesson.is_required and kind != EXTERNAL:
            rule.assessments.append(iri)


def _add_links(catalogue: Catalogue) -> None:
    links = ActivityLink.objects.select_related("lesson")
    for link in links:
        known = catalogue.activities.get(link.lesson.activity_iri)
        if known is None:
            continue
        catalogue.activities[link.activity_iri] = KnownActivity(
            EXTERNAL, link.lesson_id, known.unit_id, title=known.title, url=known.url
        )
        if link.counts_as_assessment and link.lesson.is_required:
            catalogue.units[known.unit_id].assessments.append(link.activity_iri)


def _add_tracks(catalogue: Catalogue) -> None:
    links = TrackUnit.objects.order_by("sort_order", "pk")
    tracks = TrackPage.objects.live().prefetch_related(
        Prefetch("track_units", queryset=links)
    )
    for track in tracks:
        catalogue.activities[track.activity_iri] = KnownActivity(
            TRACK, track.pk, title=track.title, url=track.get_url() or ""
        )
        rule = TrackRule(track.pk, track.activity_iri)
        for link in track.track_units.all():
            unit_rule = catalogue.units.get(link.unit_id)
            if unit_rule is None:
                continue
            unit_rule.track_ids.append(track.pk)
            rule.all_units.append(link.unit_id)
            if link.is_required:
                rule.units.append(link.unit_id)
        catalogue.tracks[track.pk] = rule


VERSION_KEY = "lms:catalogue-version"
# Without a shared cache another process's publish goes unseen; the age
# limit bounds how long.
MAX_AGE_SECONDS = 60
_cached: dict[str, object] = {}


def current_catalogue() -> Catalogue:
    """Return the catalogue, rebuilt after pages or links changed."""
    version = cache.get_or_set(VERSION_KEY, 1)
    is_old = time.monotonic() - _cached.get("built", 0) > MAX_AGE_SECONDS
    if _cached.get("version") != version or is_old:
        _cached["catalogue"] = build_catalogue()
        _cached["version"] = version
        _cached["built"] = time.monotonic()
    return _cached["catalogue"]


def invalidate_catalogue(**kwargs) -> None:
    """Make every process rebuild its catalogue on next use."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2)


page_published.connect(invalidate_catalogue)
page_unpublished.connect(invalidate_catalogue)
post_delete.connect(invalidate_catalogue, sender=Page)
post_save.connect(invalidate_catalogue, sender=ActivityLink)
post_delete.connect(invalidate_catalogue, sender=ActivityLink)
