"""The projector: statements in, progress and competence evidence out.

It reads the LRS's statements in ``stored`` order after its cursor and
folds them into ``ActivityProgress`` rows (earliest, latest, maximum, any),
``CompetenceEvidence`` rows (one per statement and competence) and
``UnknownActivity`` rows. Every fold gives the same result however often a
statement is applied, so reading a statement twice changes nothing, and
``rebuild`` can drop everything and replay the stream.
"""

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q

from assessments.xapi.services import StatementQuery, get_statement, query_statements

from ..models import (
    ActivityProgress,
    CompetenceEvidence,
    Enrolment,
    LearnerAccount,
    ProjectorCursor,
    UnknownActivity,
)
from .catalogue import UNIT, Catalogue, build_catalogue
from .completion import CompletionRules, RuleRow, rule_flags
from .events import (
    EXPERIENCED,
    Event,
    activity_name,
    read_event,
    statement_time,
    voided_target,
)

logger = logging.getLogger(__name__)

CURSOR_NAME = "progress"
# SELECTs per UNION ALL; SQLite allows 500 by default.
UNION_PARTS = 200
PAGE_SIZE = 1000
# Statements are stamped before their transaction commits, so one stored a
# moment earlier can become visible after a later one was read. Re-reading
# this window each run catches it; the folds make the repeat harmless.
OVERLAP = timedelta(seconds=5)
PROGRESS_FIELDS = [
    "first_at",
    "last_at",
    "is_experienced",
    "completed_at",
    "passed_at",
    "failed_at",
    "best_score",
    "last_score",
    "last_result_key",
    "attempts",
]


# Objects allocated between two collections of the youngest generation
# while the projector runs; CPython's default is 700.
PROJECTOR_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the garbage collector run less often while pages are applied.

    A page of statements allocates hundreds of thousands of short-lived
    objects (decoded statements, events, rows), freed by reference counting
    and not in cycles. At CPython's default threshold the collector runs
    every 700 allocations and regularly walks every object of the process;
    measured late in a 200,000-statement stream that took a quarter of the
    projector's time. Cycles are still collected, only less often.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], PROJECTOR_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def fold(progress: ActivityProgress, event: Event) -> None:
    """Fold one event into a progress row; folding it again changes nothing."""
    progress.first_at = min(progress.first_at, event.at)
    progress.last_at = max(progress.last_at, event.at)
    if event.verb == EXPERIENCED:
        progress.is_experienced = True
    if event.is_completion:
        progress.completed_at = _earliest(progress.completed_at, event.at)
    if event.is_pass:
        progress.passed_at = _earliest(progress.passed_at, event.at)
    if event.is_fail:
        progress.failed_at = _earliest(progress.failed_at, event.at)
    if event.score is not None:
        if progress.best_score is None or event.score > progress.best_score:
            progress.best_score = event.score
        if event.key > progress.last_result_key:
            progress.last_score = event.score
            progress.last_result_key = event.key
        progress.attempts = max(progress.attempts, event.attempt, 1)


def _earliest(current, moment):
    return moment if current is None else min(current, moment)


class Projector:
    """Applies pages of statements to the projections."""

    def __init__(self, *, emit: bool = True) -> None:
        self.catalogue: Catalogue = build_catalogue()
        self.emit = emit
        self.users: dict[str, int] = {}
        self.pages: dict = {}

    def run(self, on_page: Callable[[int], None] | None = None) -> int:
        """Apply every statement stored after the cursor; return how many."""
        applied, is_first_page = 0, True
        with fewer_collections():
            while True:
                with transaction.atomic():
                    count = self._next_page(overlap=is_first_page)
                applied += count
                is_first_page = False
                if on_page is not None:
                    on_page(count)
                if count < PAGE_SIZE:
                    break
        if applied:
            logger.info("Projected %d statements", applied)
        return applied

    def _next_page(self, overlap: bool) -> int:
        cursor, _created = ProjectorCursor.objects.select_for_update().get_or_create(
            name=CURSOR_NAME
        )
        after = None
        if cursor.stored_at is not None:
            after = (cursor.stored_at, cursor.position)
            if overlap:
                after = (cursor.stored_at - OVERLAP, 0)
        query = StatementQuery(ascending=True, after=after, limit=PAGE_SIZE)
        page = query_statements(query)
        if not page.statements:
            return 0
        self.apply(page.statements)
        stored_at, position = page.last_position
        if cursor.stored_at is None or (stored_at, position) > (
            cursor.stored_at,
            cursor.position,
        ):
            cursor.stored_at, cursor.position = stored_at, position
            cursor.save()
        return len(page.statements)

    def apply(self, statements: list[dict]) -> None:
        """Apply a list of statements, in order, to the projections."""
        events, voided = [], []
        for statement in statements:
            target = voided_target(statement)
            if target is not None:
                voided.append(target)
            elif (event := read_event(statement)) is not None:
                events.append(event)
        events = self._with_known_users(events)
        self._fold_progress(events)
        self._add_evidence(events)
        self._note_unknown(statements)
        for target in voided:
            self._undo(target)
        # Only the live projector checks the rules, so only it preloads.
        checked = events if self.emit else []
        rules = PreloadedRules(
            self.catalogue, self._user_ids_to_names(), checked, self.pages
        )
        rules.record_completions(events)
        if self.emit:
            # What the rules complete is applied at once, so that a later
            # page cannot complete the same unit again before the new
            # statement is read back from the stream.
            made = rules.complete_units_and_tracks(events)
            if made:
                self.apply(made)

    def _with_known_users(self, events: list[Event]) -> list[Event]:
        missing = {event.account for event in events} - self.users.keys()
        if missing:
            rows = LearnerAccount.objects.filter(name__in=missing)
            self.users.update(rows.values_list("name", "user_id"))
        return [event for event in events if event.account in self.users]

    def _user_ids_to_names(self) -> dict[int, str]:
        return {user_id: name for name, user_id in self.users.items()}

    def _tracked(self, event: Event) -> bool:
        """Tell whether an event's activity gets a progress row."""
        if self.catalogue.find(event.iri) is not None:
            return True
        return not self.catalogue.is_known(event.iri)

    def _fold_progress(self, events: list[Event]) -> None:
        """Fold the events per learner and activity, then merge the rows in.

        The page's events are folded into fresh rows here; the database
        merges each into the stored row, if any, with the same folds. No
        row is read first.
        """
        grouped: dict[tuple[int, str], list[Event]] = defaultdict(list)
        for event in events:
            if self._tracked(event):
                grouped[(self.users[event.account], event.iri)].append(event)
        rows = []
        for key, group in grouped.items():
            progress = _new_progress(key, group[0])
            for event in group:
                fold(progress, event)
            rows.append(progress)
        merge_progress(rows)

    def _add_evidence(self, events: list[Event]) -> None:
        evidence = []
        for event in events:
            if event.success is False or not isinstance(event.levels, dict):
                continue
            for iri, level in event.levels.items():
                competence_id = self.catalogue.competences.get(iri)
                if competence_id is None or not isinstance(level, int):
                    continue
                evidence.append(
                    CompetenceEvidence(
                        learner_id=self.users[event.account],
                        competence_id=competence_id,
                        level=level,
                        statement_id=event.statement_id,
                        activity_iri=event.iri,
                        achieved_at=event.at,
                    )
                )
        CompetenceEvidence.objects.bulk_create(
            evidence, ignore_conflicts=True, batch_size=500
        )

    def _note_unknown(self, statements: list[dict]) -> None:
        seen: dict[str, UnknownActivity] = {}
        for statement in statements:
            target = statement["object"]
            iri = target.get("id")
            if target.get("objectType", "Activity") != "Activity":
                continue
            if not self.catalogue.is_known(iri):
                _widen(seen, iri, activity_name(target), statement_time(statement))
        if seen:
            _save_unknown(seen)

    def _undo(self, statement_id: str) -> None:
        """Recompute what a voided statement contributed, from the LRS."""
        CompetenceEvidence.objects.filter(statement_id=statement_id).delete()
        found = get_statement(statement_id, voided=True)
        if found is None:
            return
        self._note_unknown_again(found[0]["object"])
        event = read_event(found[0])
        if event is None or not self._with_known_users([event]):
            return
        self._recompute(self.users[event.account], event.iri, found[0]["actor"])

    def _note_unknown_again(self, target: dict) -> None:
        """Widen an unknown activity's row anew from the statements left."""
        iri = target.get("id")
        if target.get("objectType", "Activity") != "Activity":
            return
        if self.catalogue.is_known(iri):
            return
        UnknownActivity.objects.filter(activity_iri=iri).delete()
        self._note_unknown(list(_all_statements(None, iri)))

    def _recompute(self, user_id: int, iri: str, actor: dict) -> None:
        ActivityProgress.objects.filter(learner_id=user_id, activity_iri=iri).delete()
        events = [
            event
            for statement in _all_statements(actor, iri)
            if (event := read_event(statement)) is not None
        ]
        self._fold_progress(events)


class PreloadedRules(CompletionRules):
    """Completion rules that read what a page needs in a few queries.

    The rules look at every lesson and assessment of each unit a page
    touched, and at the units and enrolment of each track a completed unit
    belongs to; asking per learner and unit cost a query each.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        account_names: dict[int, str],
        events: list[Event],
        pages: dict | None = None,
    ) -> None:
        super().__init__(catalogue, account_names, pages)
        self.loaded: set[tuple[int, str]] = set()
        self.rows: dict[tuple[int, str], RuleRow] = {}
        self.enrolments: dict[tuple[int, int], Enrolment] = {}
        self.enrolments_loaded: set[tuple[int, int]] = set()
        self._preload(events)

    def _preload(self, events: list[Event]) -> None:
        learners_by_iris: dict[tuple[str, ...], set[int]] = defaultdict(set)
        learners_by_track: dict[int, set[int]] = defaultdict(set)
        for event in events:
            known = self.catalogue.find(event.iri)
            if known is None or known.unit_id is None:
                continue
            user_id = self.account_names[event.account]
            if known.kind != UNIT:
                rule = self.catalogue.units[known.unit_id]
                iris = (rule.iri, *rule.lessons, *rule.assessments)
                learners_by_iris[iris].add(user_id)
            elif event.is_completion:
                for track_id in self.catalogue.units[known.unit_id].track_ids:
                    learners_by_track[track_id].add(user_id)
        for track_id, user_ids in learners_by_track.items():
            rule = self.catalogue.tracks[track_id]
            units = (self.catalogue.units[unit].iri for unit in rule.units)
            learners_by_iris[(rule.iri, *units)] |= user_ids
        self._load_rows(learners_by_iris)
        self._load_enrolments(learners_by_track)

    def _load_rows(self, learners_by_iris: dict[tuple[str, ...], set[int]]) -> None:
        """Load the rows of each group's learners and activities.

        One SELECT per group, joined with UNION ALL: each is an index scan,
        where the same conditions joined with OR made PostgreSQL scan the
        whole table, slower as it grew.
        """
        parts = []
        for iris, user_ids in learners_by_iris.items():
            rows = ActivityProgress.objects.filter(
                learner_id__in=user_ids, activity_iri__in=iris
            )
            parts.append(rule_flags(rows.order_by()))
            self.loaded.update((user, iri) for user in user_ids for iri in iris)
        for start in range(0, len(parts), UNION_PARTS):
            first, *rest = parts[start : start + UNION_PARTS]
            for row in map(RuleRow._make, first.union(*rest, all=True)):
                self.rows[(row.learner_id, row.activity_iri)] = row

    def _load_enrolments(self, learners_by_track: dict[int, set[int]]) -> None:
        wanted = Q()
        for track_id, user_ids in learners_by_track.items():
            wanted |= Q(page_id=track_id, learner_id__in=user_ids)
            self.enrolments_loaded.update((user, track_id) for user in user_ids)
        if not learners_by_track:
            return
        for enrolment in Enrolment.objects.filter(wanted):
            key = (enrolment.learner_id, enrolment.page_id)
            self.enrolments.setdefault(key, enrolment)

    def _rows(self, user_id: int, iris: list[str]) -> dict[str, RuleRow]:
        if not all((user_id, iri) in self.loaded for iri in iris):
            return super()._rows(user_id, iris)
        found = (self.rows.get((user_id, iri)) for iri in iris)
        return {row.activity_iri: row for row in found if row is not None}

    def _enrolment(self, user_id: int, page_id: int) -> Enrolment | None:
        if (user_id, page_id) not in self.enrolments_loaded:
            return super()._enrolment(user_id, page_id)
        return self.enrolments.get((user_id, page_id))


def _new_progress(key: tuple[int, str], event: Event) -> ActivityProgress:
    user_id, iri = key
    return ActivityProgress(
        learner_id=user_id,
        activity_iri=iri,
        first_at=event.at,
        last_at=event.at,
    )


MERGED_COLUMNS = ["learner_id", "activity_iri", *PROGRESS_FIELDS]


def _merge_sql(rows_sql: str) -> str:
    """Return the upsert that folds new rows into stored ones.

    Every assignment is one of the folds of ``fold``, written so that
    PostgreSQL and SQLite agree on NULLs: earliest, latest, any, maximum,
    and the score with the greatest result key.
    """
    table = ActivityProgress._meta.db_table
    # Result keys sort by code point, as Python compares them.
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""

    def pick(name: str, comparison: str) -> str:
        old, new = f"{table}.{name}", f"excluded.{name}"
        return (
            f"{name} = CASE WHEN {new} IS NULL THEN {old} "
            f"WHEN {old} IS NULL OR {new} {comparison} {old} THEN {new} "
            f"ELSE {old} END"
        )

    newer = f"excluded.last_result_key{collate} > {table}.last_result_key{collate}"
    assignments = [
        pick("first_at", "<"),
        pick("last_at", ">"),
        f"is_experienced = {table}.is_experienced OR excluded.is_experienced",
        pick("completed_at", "<"),
        pick("passed_at", "<"),
        pick("failed_at", "<"),
        pick("best_score", ">"),
        f"last_score = CASE WHEN {newer} THEN excluded.last_score "
        f"ELSE {table}.last_score END",
        f"last_result_key = CASE WHEN {newer} THEN excluded.last_result_key "
        f"ELSE {table}.last_result_key END",
        pick("attempts", ">"),
    ]
    return (
        f"INSERT INTO {table} ({', '.join(MERGED_COLUMNS)}) {rows_sql} "
        "ON CONFLICT (learner_id, activity_iri) DO UPDATE SET " + ", ".join(assignments)
    )


def _merged_fields() -> list:
    return [ActivityProgress._meta.get_field(name) for name in MERGED_COLUMNS]


def merge_progress(rows: list[ActivityProgress]) -> None:
    """Insert new progress rows and fold the others into the stored ones.

    The database applies the folds, so no row is read first; the result
    equals folding the same events into the stored rows in Python.
    PostgreSQL takes every row in one statement, as one array per column;
    other databases take batches of VALUES.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        _merge_as_arrays(rows)
    else:
        _merge_as_values(rows)


def _merge_as_arrays(rows: list[ActivityProgress]) -> None:
    fields = _merged_fields()
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    sql = _merge_sql(f"SELECT * FROM unnest({arrays})")
    columns = [[getattr(row, field.attname) for row in rows] for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)


def _merge_as_values(rows: list[ActivityProgress]) -> None:
    fields = _merged_fields()
    most = connection.features.max_query_params or 500 * len(fields)
    size = max(1, min(500, most // len(fields)))
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [
                field.get_db_prep_save(getattr(row, field.attname), connection)
                for row in batch
                for field in fields
            ]
            values = "VALUES " + ", ".join([placeholders] * len(batch))
            cursor.execute(_merge_sql(values), params)


def _widen(seen: dict, iri: str, name: str, at) -> None:
    known = seen.get(iri)
    if known is None:
        seen[iri] = UnknownActivity(
            activity_iri=iri, name=name, first_seen_at=at, last_seen_at=at
        )
        return
    known.first_seen_at = min(known.first_seen_at, at)
    known.last_seen_at = max(known.last_seen_at, at)
    known.name = known.name or name


def _save_unknown(seen: dict[str, UnknownActivity]) -> None:
    stored = UnknownActivity.objects.in_bulk(seen.keys(), field_name="activity_iri")
    changed = []
    for iri, row in stored.items():
        new = seen.pop(iri)
        before = (row.first_seen_at, row.last_seen_at, row.name)
        row.first_seen_at = min(row.first_seen_at, new.first_seen_at)
        row.last_seen_at = max(row.last_seen_at, new.last_seen_at)
        row.name = row.name or new.name
        if before != (row.first_seen_at, row.last_seen_at, row.name):
            changed.append(row)
    UnknownActivity.objects.bulk_create(seen.values())
    UnknownActivity.objects.bulk_update(
        changed, ["first_seen_at", "last_seen_at", "name"]
    )


def _all_statements(actor: dict | None, iri: str):
    """Yield every statement, not voided, of an actor (or anyone) about an IRI."""
    query = StatementQuery(agent=actor, activity=iri, ascending=True, limit=PAGE_SIZE)
    while True:
        page = query_statements(query)
        yield from page.statements
        if page.next_after is None:
            return
        query.after = page.next_after


def run_projector() -> int:
    """Bring the projections up to date with the LRS; return statements read."""
    return Projector().run()


def rebuild(on_page: Callable[[int], None] | None = None) -> int:
    """Drop the projections and replay every statement; return how many.

    Completion statements are not made during a rebuild: the ones made
    before are in the stream already, and making them again would add
    duplicates.
    """
    with transaction.atomic():
        ActivityProgress.objects.all().delete()
        CompetenceEvidence.objects.all().delete()
        UnknownActivity.objects.all().delete()
        ProjectorCursor.objects.filter(name=CURSOR_NAME).delete()
    return Projector(emit=False).run(on_page)
