"""Unit and track completion: the teacher's rule, checked against progress.

When the projection shows that a learner meets a unit's completion rule,
the platform records ``completed`` for the unit as a statement of its own;
the same for a track whose required units are all completed. Those
statements come back through the projector like any other, which is where
hours and certificates are recorded.
"""

import json
import logging
import uuid
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from wagtail.models import Page

from assessments.statements import LearningContext, track_completed, unit_completed
from assessments.xapi.services import store_statements
from curriculum.models import UnitPage

from ..models import ActivityProgress, Enrolment
from .catalogue import TRACK, UNIT, Catalogue, UnitRule
from .events import Event

logger = logging.getLogger(__name__)


class RuleRow(NamedTuple):
    """What the completion rules read of a progress row."""

    learner_id: int
    activity_iri: str
    is_completed: bool
    is_passed: bool


def rule_flags(rows: QuerySet[ActivityProgress]) -> QuerySet:
    """Select what the rules read of progress rows, without their timestamps."""
    return rows.annotate(
        is_completed=ExpressionWrapper(Q(completed_at__isnull=False), BooleanField()),
        is_passed=ExpressionWrapper(Q(passed_at__isnull=False), BooleanField()),
    ).values_list(*RuleRow._fields)


def rule_rows(rows: QuerySet[ActivityProgress]) -> Iterator[RuleRow]:
    """Read progress rows as the rules need them, without their timestamps."""
    return map(RuleRow._make, rule_flags(rows))


def is_done(progress: RuleRow | None) -> bool:
    return progress is not None and progress.is_completed


def is_passed(progress: RuleRow | None) -> bool:
    return progress is not None and progress.is_passed


def meets_rule(rule: UnitRule, rows: dict[str, RuleRow]) -> bool:
    """Tell whether a learner's progress rows satisfy a unit's rule."""
    lessons_done = all(is_done(rows.get(iri)) for iri in rule.lessons)
    assessments_passed = all(is_passed(rows.get(iri)) for iri in rule.assessments)
    if rule.rule == UnitPage.CompletionRule.LESSONS:
        return lessons_done
    if rule.rule == UnitPage.CompletionRule.ASSESSMENTS:
        return assessments_passed
    return lessons_done and assessments_passed


class CompletionRules:
    """Checks rules after a page of events and records what they complete."""

    def __init__(
        self,
        catalogue: Catalogue,
        account_names: dict[int, str],
        pages: dict[int, Page] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.account_names = {name: user for user, name in account_names.items()}
        self.names = account_names
        # Pages by id, kept by the caller across pages of statements: a
        # rebuild completes the same few units thousands of times.
        self.pages = {} if pages is None else pages

    def _page(self, page_id: int) -> Page:
        if page_id not in self.pages:
            self.pages[page_id] = Page.objects.get(pk=page_id).specific
        return self.pages[page_id]

    def record_completions(self, events: list[Event]) -> None:
        """Hand completed units and tracks to LLO for hours and certificates."""
        from ..llo.services import Completion, record_completions

        completions = []
        for event in events:
            known = self.catalogue.find(event.iri)
            if known is None or known.kind not in (UNIT, TRACK):
                continue
            if not event.is_completion:
                continue
            user_id = self.account_names[event.account]
            page = self._page(known.page_id)
            completions.append(Completion(user_id, page, event.at))
        if completions:
            record_completions(completions)

    def complete_units_and_tracks(self, events: list[Event]) -> list[dict]:
        """Record ``completed`` for what learners now meet; return the statements.

        Activities within a unit may complete the unit; a unit's completion
        may complete the tracks the learner is enrolled in.
        """
        made = []
        touched: dict[tuple[int, int], str | None] = {}
        for event in events:
            known = self.catalogue.find(event.iri)
            if known is None or known.unit_id is None:
                continue
            user_id = self.account_names[event.account]
            if known.kind != UNIT:
                touched[(user_id, known.unit_id)] = event.registration
            elif event.is_completion:
                made += self._complete_tracks(user_id, known.unit_id)
        for (user_id, unit_id), registration in touched.items():
            made += self._complete_unit(user_id, unit_id, registration)
        if made:
            store_statements(made)
        return made

    def _rows(self, user_id: int, iris: list[str]) -> dict[str, RuleRow]:
        rows = ActivityProgress.objects.filter(
            learner_id=user_id, activity_iri__in=iris
        )
        return {row.activity_iri: row for row in rule_rows(rows)}

    def _enrolment(self, user_id: int, page_id: int) -> Enrolment | None:
        return Enrolment.objects.filter(learner_id=user_id, page_id=page_id).first()

    def _complete_unit(self, user_id: int, unit_id: int, registration) -> list[dict]:
        rule = self.catalogue.units[unit_id]
        rows = self._rows(user_id, [rule.iri, *rule.lessons, *rule.assessments])
        if is_done(rows.get(rule.iri)) or not meets_rule(rule, rows):
            return []
        unit = self._page(unit_id)
        where = LearningContext(
            registration=_registration(user_id, unit_id, registration), unit=unit
        )
        logger.info("Unit %s completed by user %s", unit_id, user_id)
        return [_as_data(unit_completed(self.names[user_id], where))]

    def _complete_tracks(self, user_id: int, unit_id: int) -> list[dict]:
        made = []
        for track_id in self.catalogue.units[unit_id].track_ids:
            enrolment = self._enrolment(user_id, track_id)
            if enrolment is None:
                continue
            rule = self.catalogue.tracks[track_id]
            unit_iris = [self.catalogue.units[unit].iri for unit in rule.units]
            rows = self._rows(user_id, [rule.iri, *unit_iris])
            if is_done(rows.get(rule.iri)):
                continue
            if not all(is_done(rows.get(iri)) for iri in unit_iris):
                continue
            track = self._page(track_id)
            logger.info("Track %s completed by user %s", track_id, user_id)
            made.append(
                _as_data(
                    track_completed(self.names[user_id], track, enrolment.registration)
                )
            )
        return made


def _as_data(statement) -> dict:
    """Return a statement the platform made as the LRS stores it."""
    return json.loads(statement.to_json())


def _registration(user_id: int, unit_id: int, registration: str | None) -> uuid.UUID:
    """Return the registration the unit is followed under."""
    if registration:
        return uuid.UUID(registration)
    enrolment = Enrolment.objects.filter(learner_id=user_id, page_id=unit_id).first()
    return enrolment.registration if enrolment else uuid.uuid4()
