"""Benchmark the learning engine: projector, rebuild and the learner dashboard.

Run with::

    DJANGO_SETTINGS_MODULE=techcampus.settings.dev \\
        .venv/bin/python benchmarks/engine.py [--statements N] \\
        [--database sqlite|postgresql]

It creates a database of its own (a SQLite file under /tmp, or the
PostgreSQL database ``techcampus_engine_bench`` on the server that
``DATABASE_URL`` names, else 127.0.0.1), migrates it, publishes 20 units of
8 lessons with a quiz each in 4 tracks, enrols 2,000 learners and stores
statements made with the platform's statement builders: lessons opened and
completed, quiz answers, passes and fails with the competence levels shown,
and a few voiding statements. One learner, enrolled in every track, makes
10,000 of them. Seeding is not measured. Then it prints:

1. the projector's throughput over the first 200,000 statements, next to the
   speed of reading the same statements through ``query_statements``;
2. ``rebuild`` over all statements (1,000,000 by default; with fewer, the
   time for 1,000,000 is extrapolated and labelled so);
3. ``learner_progress`` and the Mijn leren page for the learner with 10,000
   statements: median and p95 of 50 runs, and their query counts.

Goals: projector ≥ 5,000 statements/s, rebuild of 1,000,000 ≤ 5 minutes,
dashboard ≤ 100 ms and ≤ 15 queries.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techcampus.settings.dev")

SQLITE_PATH = Path("/tmp/techcampus_engine_bench.sqlite3")
POSTGRES_NAME = "techcampus_engine_bench"
UNITS = 20
LESSONS_PER_UNIT = 8
TRACKS = 4
UNITS_PER_TRACK = 7
LEARNERS = 2_000
HEAVY_STATEMENTS = 10_000
PROJECTOR_STATEMENTS = 200_000
FULL_REBUILD = 1_000_000
STORE_BATCH = 2_000
DASHBOARD_RUNS = 50
VOID_SHARE = 0.002
START = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=300)


# -- database -----------------------------------------------------------------


def database_url(kind: str) -> str:
    """Return the URL of the benchmark's own database."""
    if kind == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        given = "postgresql://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(given)
    return urlunsplit(parts._replace(path="/" + POSTGRES_NAME))


def fresh_database(kind: str, url: str) -> None:
    """Drop and create the benchmark database, before Django connects."""
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {POSTGRES_NAME}")


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def relaxed_durability(is_relaxed: bool) -> None:
    """Skip fsync while seeding; the measured part runs with the defaults."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA synchronous = {'OFF' if is_relaxed else 'FULL'}")
        else:
            cursor.execute(f"SET synchronous_commit = {'off' if is_relaxed else 'on'}")


# -- curriculum and learners --------------------------------------------------


@dataclass
class Lesson:
    """A published lesson with the quiz block the statements are about."""

    page: object
    quiz: object


@dataclass
class Curriculum:
    units: list = field(default_factory=list)
    lessons: dict[int, list[Lesson]] = field(default_factory=dict)
    tracks: list = field(default_factory=list)
    competences: dict[int, object] = field(default_factory=dict)


def quiz_body(competence) -> str:
    from tests.lms.learning_factories import quiz_block

    return json.dumps(
        [
            {"type": "paragraph", "value": "<p>Uitleg en voorbeelden.</p>", "id": "p"},
            {"type": "quiz", "value": quiz_block(competence), "id": "toets"},
        ]
    )


def build_curriculum() -> Curriculum:
    """Publish the units, lessons and tracks the statements are about."""
    from tests import factories

    curriculum = Curriculum()
    framework = factories.framework(competence_count=UNITS)
    competences = list(framework.competences.order_by("pk"))
    for number, competence in enumerate(competences, start=1):
        unit = factories.unit(competence, title=f"Module {number}", code=f"M{number}")
        curriculum.units.append(unit)
        curriculum.competences[unit.pk] = competence
        curriculum.lessons[unit.pk] = [
            _lesson(factories.lesson(unit, body=quiz_body(competence)))
            for _ in range(LESSONS_PER_UNIT)
        ]
    for number in range(TRACKS):
        units = [
            curriculum.units[(number * 5 + offset) % UNITS]
            for offset in range(UNITS_PER_TRACK)
        ]
        curriculum.tracks.append(factories.track(units, code=f"TR{number}"))
    return curriculum


def _lesson(page) -> Lesson:
    quiz = next(block for block in page.body if block.block_type == "quiz")
    return Lesson(page, quiz)


@dataclass
class Learner:
    """A learner's account and what the statement stream needs of it."""

    user_id: int
    actor: dict
    registrations: dict[int, tuple[str, object]]
    units: list
    script: Iterator[list[dict]] | None = None
    said: list[str] = field(default_factory=list)


def enrol_learners(curriculum: Curriculum) -> tuple[list[Learner], Learner]:
    """Create the learners with accounts and enrolments; return them all.

    The last one, enrolled in every track, is the heavy learner.
    """
    from django.contrib.auth import get_user_model

    from lms.models import Enrolment, LearnerAccount

    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"cursist{number:05}", password="!")
        for number in range(LEARNERS + 1)
    )
    accounts = LearnerAccount.objects.bulk_create(
        LearnerAccount(user=user) for user in users
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(learner=user, page=curriculum.tracks[number % TRACKS])
            for number, user in enumerate(users[:-1])
        ]
        + [Enrolment(learner=users[-1], page=track) for track in curriculum.tracks]
    )
    learners = [
        _learner(account, [enrolment], curriculum)
        for account, enrolment in zip(accounts[:-1], enrolments, strict=False)
    ]
    heavy = _learner(accounts[-1], enrolments[LEARNERS:], curriculum)
    return learners, heavy


def _learner(account, enrolments, curriculum: Curriculum) -> Learner:
    from django.conf import settings

    from curriculum.models import TrackUnit

    registrations: dict[int, tuple[str, object]] = {}
    units = []
    for enrolment in enrolments:
        links = TrackUnit.objects.filter(track_id=enrolment.page_id).order_by(
            "sort_order"
        )
        for link in links:
            if link.unit_id not in registrations:
                registrations[link.unit_id] = (str(enrolment.registration), enrolment)
                units.append(next(u for u in curriculum.units if u.pk == link.unit_id))
    actor = {
        "objectType": "Agent",
        "account": {"homePage": settings.TECHCAMPUS_BASE_IRI, "name": account.name},
    }
    return Learner(account.user_id, actor, registrations, units)


# -- statements ---------------------------------------------------------------


class Templates:
    """Statements built once per lesson and track, then copied per learner."""

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self.made: dict[tuple, list[dict]] = {}

    def get(self, kind: str, lesson: Lesson, enrolment, attempt: int = 1):
        key = (kind, lesson.page.pk, enrolment.page_id, attempt)
        if key not in self.made:
            self.made[key] = self._build(kind, lesson, enrolment, attempt)
        return self.made[key]

    def _build(self, kind: str, lesson: Lesson, enrolment, attempt: int):
        from assessments import statements as build

        where = self._where(lesson, enrolment)
        if kind == "experienced":
            made = [build.lesson_experienced("template", where)]
        elif kind == "completed":
            made = [build.lesson_completed("template", where)]
        else:
            made = self._quiz(lesson, where, kind == "passed", attempt)
        return [json.loads(statement.to_json()) for statement in made]

    def _where(self, lesson: Lesson, enrolment):
        from assessments.statements import LearningContext

        unit = lesson.page.get_parent().specific
        competence = self.curriculum.competences[unit.pk]
        return LearningContext(
            registration=enrolment.registration,
            unit=unit,
            lesson=lesson.page,
            track=enrolment.page.specific,
            competences=[competence],
        )

    def _quiz(self, lesson: Lesson, where, is_passed: bool, attempt: int):
        from assessments import statements as build
        from assessments.quiz.grading import grade_quiz

        answers = {"moment": ["49"], "spanning": ["true"]}
        if not is_passed:
            answers = {"moment": ["12"], "spanning": ["false"]}
        result = grade_quiz(lesson.quiz.value, answers)
        levels = {competence.activity_iri: 2 for competence in where.competences}
        return build.quiz_attempt_statements(
            "template",
            where,
            lesson.quiz.id,
            lesson.quiz.value,
            result,
            attempt=attempt,
            started_at=START,
            competence_levels=levels,
        )


def instance(template: dict, learner: Learner, registration: str, at: str) -> dict:
    """Return a copy of a template statement made by a learner at a moment."""
    context = dict(template["context"], registration=registration)
    return dict(
        template,
        id=str(uuid.uuid4()),
        actor=learner.actor,
        timestamp=at,
        context=context,
    )


def learner_script(
    learner: Learner, templates: Templates, curriculum: Curriculum, chance
) -> Iterator[tuple[str, list[tuple[dict, int]]]]:
    """Yield the learner's sessions: a lesson's templates, again and again.

    The first pass follows the track in order; after it the learner revises
    lessons at random, which is what keeps long-term learners busy.
    """
    lessons = [
        (lesson, learner.registrations[unit.pk])
        for unit in learner.units
        for lesson in curriculum.lessons[unit.pk]
    ]
    for lesson, (registration, enrolment) in lessons:
        yield registration, _session(lesson, enrolment, templates, chance, True)
    while True:
        lesson, (registration, enrolment) = chance.choice(lessons)
        yield registration, _session(lesson, enrolment, templates, chance, False)


def _session(lesson, enrolment, templates: Templates, chance, is_first: bool):
    made = list(templates.get("experienced", lesson, enrolment))
    if chance.random() < 0.3:
        made += templates.get("experienced", lesson, enrolment)
    if is_first or chance.random() < 0.3:
        is_passed = chance.random() < 0.7
        made += templates.get("passed" if is_passed else "failed", lesson, enrolment)
        if not is_passed:
            made += templates.get("passed", lesson, enrolment, attempt=2)
    if is_first and chance.random() < 0.9:
        made += templates.get("completed", lesson, enrolment)
    return made


def statement_stream(
    learners: list[Learner], heavy: Learner, total: int, make: Callable
) -> Iterator[dict]:
    """Yield ``total`` statements, interleaved over learners in time order.

    The heavy learner gets a share of turns that gives exactly 10,000
    statements by the end of the stream.
    """
    chance = random.Random(2026)
    order = learners[:]
    emitted, heavy_emitted, turn = 0, 0, 0
    step = SPAN / total
    while True:
        if heavy_emitted < HEAVY_STATEMENTS * emitted / total or emitted >= (
            total - HEAVY_STATEMENTS + heavy_emitted
        ):
            learner = heavy
        else:
            if turn % len(order) == 0:
                chance.shuffle(order)
            learner = order[turn % len(order)]
            turn += 1
        for statement in make(learner, chance, START + step * emitted):
            if learner is heavy:
                if heavy_emitted >= HEAVY_STATEMENTS:
                    break
                heavy_emitted += 1
            yield statement
            emitted += 1
            if emitted >= total:
                return


def session_maker(
    templates: Templates, curriculum: Curriculum, heavy: Learner
) -> Callable:
    """Return a function making one learner's next session of statements.

    Now and then a teacher voids one of the learner's earlier statements;
    never the heavy learner's, whose 10,000 statements all count.
    """
    from django.conf import settings

    teacher = {
        "objectType": "Agent",
        "account": {"homePage": settings.TECHCAMPUS_BASE_IRI, "name": "docent-1"},
    }

    def make(learner: Learner, chance, at: datetime) -> list[dict]:
        if learner.script is None:
            learner.script = learner_script(learner, templates, curriculum, chance)
        registration, session = next(learner.script)
        moment = at.isoformat(timespec="milliseconds")
        made = [instance(item, learner, registration, moment) for item in session]
        earlier, learner.said = learner.said, [item["id"] for item in made[-3:]]
        is_voiding = learner is not heavy and chance.random() < VOID_SHARE * len(made)
        if earlier and is_voiding:
            made.append(voiding(teacher, earlier[-1], moment))
        return made

    return make


def voiding(teacher: dict, statement_id: str, at: str) -> dict:
    """Return a statement voiding an earlier one, as a teacher would."""
    return {
        "id": str(uuid.uuid4()),
        "actor": teacher,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": statement_id},
        "timestamp": at,
    }


def store(stream: Iterator[dict], count: int) -> int:
    """Store the next ``count`` statements of the stream; return how many."""
    from assessments.xapi.services import store_validated_statements

    stored = 0
    while stored < count:
        batch = list(itertools.islice(stream, min(STORE_BATCH, count - stored)))
        if not batch:
            break
        store_validated_statements(batch)
        stored += len(batch)
    return stored


# -- measurements -------------------------------------------------------------


def read_speed(count: int) -> tuple[int, float]:
    """Read the first ``count`` statements in pages, as the projector does."""
    from assessments.xapi.services import StatementQuery, query_statements
    from lms.progress.projector import PAGE_SIZE

    read, after = 0, None
    started = time.perf_counter()
    while read < count:
        query = StatementQuery(ascending=True, after=after, limit=PAGE_SIZE)
        page = query_statements(query)
        read += len(page.statements)
        if page.next_after is None:
            break
        after = page.next_after
    return read, time.perf_counter() - started


def timed(function: Callable, *args) -> tuple[object, float]:
    started = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - started


def dashboard(user) -> tuple[list[float], int, int]:
    """Time ``learner_progress``; return timings, warm and cold queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.progress.catalogue import invalidate_catalogue
    from lms.progress.reading import learner_progress

    invalidate_catalogue()
    with CaptureQueriesContext(connection) as cold:
        learner_progress(user)
    with CaptureQueriesContext(connection) as warm:
        learner_progress(user)
    timings = []
    for _ in range(DASHBOARD_RUNS):
        started = time.perf_counter()
        learner_progress(user)
        timings.append(time.perf_counter() - started)
    return timings, len(warm), len(cold)


def dashboard_page(user) -> tuple[list[float], int] | str:
    """Time the rendered Mijn leren page, or say why it was not measured."""
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("learning:my_learning")
    except NoReverseMatch:
        return "not measured: the URL learning:my_learning does not resolve"
    client = Client()
    client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        return f"not measured: {url} answered {response.status_code}"
    # The test client clears the query log when a request starts, so the
    # queries are counted as they run instead.
    queries: list[str] = []
    with connection.execute_wrapper(counting(queries)):
        client.get(url)
    timings = []
    for _ in range(DASHBOARD_RUNS):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return timings, len(queries)


def counting(queries: list[str]) -> Callable:
    """Return a database execute wrapper that notes every query it runs."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def verdict(is_met: bool) -> str:
    return "goal met" if is_met else "GOAL MISSED"


# -- the run ------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=FULL_REBUILD)
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="sqlite"
    )
    return parser.parse_args()


def conditions(kind: str) -> str:
    from django.db import connection

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return (
        f"{kind} {version}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores, load average {load}"
    )


def seed(total: int) -> tuple[Iterator[dict], Learner, int]:
    """Publish the curriculum, enrol learners; return the statement stream."""
    curriculum = build_curriculum()
    learners, heavy = enrol_learners(curriculum)
    make = session_maker(Templates(curriculum), curriculum, heavy)
    return statement_stream(learners, heavy, total, make), heavy, len(learners) + 1


def main() -> None:
    arguments = parse_arguments()
    url = database_url(arguments.database)
    fresh_database(arguments.database, url)
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    # One line per stored batch and completed unit would bury the figures.
    logging.disable(logging.INFO)
    from django.conf import settings

    # Production runs without DEBUG; with it every query is logged too.
    settings.DEBUG = False
    run(arguments)


def run(arguments: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model

    from lms.progress.projector import rebuild, run_projector

    total = arguments.statements
    first = min(PROJECTOR_STATEMENTS, total)
    migrate()
    print("conditions:", conditions(arguments.database))
    relaxed_durability(True)
    seeding_started = time.perf_counter()
    stream, heavy, learners = seed(total)
    store(stream, first)
    relaxed_durability(False)
    print(
        f"seeded {first:,} statements of {learners:,} learners in "
        f"{time.perf_counter() - seeding_started:.0f} s (not measured)"
    )

    read, reading = read_speed(first)
    applied, projecting = timed(run_projector)
    report_projector(applied, projecting, read, reading)

    if total > first:
        catch_up(stream, total - first)

    replayed, rebuilding = timed(rebuild)
    report_rebuild(replayed, rebuilding)

    user = get_user_model().objects.get(pk=heavy.user_id)
    report_dashboard(user)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average at the end: {load}")


def catch_up(stream: Iterator[dict], count: int) -> None:
    """Store the rest of the stream, then let the projector catch up on it."""
    from lms.progress.projector import run_projector

    relaxed_durability(True)
    seeding_started = time.perf_counter()
    store(stream, count)
    relaxed_durability(False)
    print(
        f"seeded {count:,} more statements in "
        f"{time.perf_counter() - seeding_started:.0f} s (not measured)"
    )
    caught_up, seconds = timed(run_projector)
    print(
        f"   projector catching up on them: {caught_up:,} statements in "
        f"{seconds:.1f} s = {caught_up / seconds:,.0f} statements/s"
    )


def report_projector(applied: int, seconds: float, read: int, reading: float):
    speed = applied / seconds
    print(
        f"1. projector: {applied:,} statements in {seconds:.1f} s = "
        f"{speed:,.0f} statements/s ({verdict(speed >= 5_000)}: ≥ 5,000/s)"
    )
    print(
        f"   raw read of the same statements through query_statements pages: "
        f"{read:,} in {reading:.1f} s = {read / reading:,.0f} statements/s "
        f"(the ceiling; projector at {100 * speed / (read / reading):.0f} % of it)"
    )


def report_rebuild(replayed: int, seconds: float) -> None:
    print(
        f"2. rebuild_progress: {replayed:,} statements in {seconds:.1f} s = "
        f"{replayed / seconds:,.0f} statements/s"
    )
    if replayed >= FULL_REBUILD:
        print(f"   measured on {replayed:,}: {verdict(seconds <= 300)} (≤ 5 min)")
        return
    estimate = seconds * FULL_REBUILD / replayed
    print(
        f"   EXTRAPOLATED, not measured: 1,000,000 statements would take about "
        f"{estimate / 60:.1f} min ({verdict(estimate <= 300)}: ≤ 5 min)"
    )


def report_dashboard(user) -> None:
    from assessments.xapi.services import StatementQuery, query_statements
    from lms.progress.accounts import session_actor

    count, after = 0, None
    while True:
        query = StatementQuery(agent=session_actor(user), after=after, limit=1000)
        page = query_statements(query)
        count += len(page.statements)
        if page.next_after is None:
            break
        after = page.next_after
    timings, warm, cold = dashboard(user)
    median, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(
        f"3. learner_progress for a learner with {count:,} statements: "
        f"median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms over "
        f"{len(timings)} runs ({verdict(p95 <= 0.1)}: ≤ 100 ms); "
        f"{warm} queries ({verdict(warm <= 15)}: ≤ 15), {cold} with the "
        f"catalogue rebuilt"
    )
    page = dashboard_page(user)
    if isinstance(page, str):
        print(f"   Mijn leren page: {page}")
        return
    timings, queries = page
    print(
        f"   Mijn leren page rendered: median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 "
        f"{percentile(timings, 0.95) * 1000:.1f} ms, {queries} queries"
    )


if __name__ == "__main__":
    main()
