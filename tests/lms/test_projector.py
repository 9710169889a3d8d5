"""The projector: idempotent folds, voiding, unknown activities, rebuilds."""

import gc
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from assessments.statements import ADL_VERB, quiz_iri
from assessments.xapi.services import StatementQuery, query_statements, store_statements
from curriculum.models import UnitPage
from lms.learning import activities
from lms.learning.activities import find_block
from lms.models import (
    ActivityLink,
    ActivityProgress,
    CompetenceEvidence,
    ProjectorCursor,
    UnknownActivity,
)
from lms.progress.accounts import session_actor
from lms.progress.catalogue import EXTERNAL, build_catalogue
from lms.progress.events import COMPLETED, EXPERIENCED, FAILED, PASSED, Event
from lms.progress.projector import (
    PROGRESS_FIELDS,
    PROJECTOR_GC_THRESHOLD,
    Projector,
    fewer_collections,
    fold,
    merge_progress,
    rebuild,
    run_projector,
)
from tests import factories
from tests.lms.learning_factories import learner, learning_unit, teacher

Rule = UnitPage.CompletionRule
PASSING = {"moment": ["49"], "spanning": ["true"]}
FAILING = {"moment": ["12"], "spanning": ["false"]}
SIMULATION = "https://vr.example.org/xapi/activities/lassen-simulatie"
CLIENT = {
    "objectType": "Agent",
    "account": {"homePage": "https://vr.example.org", "name": "vr-werkplaats"},
}
PROJECTIONS = (ActivityProgress, CompetenceEvidence, UnknownActivity)


def rows(model) -> set[tuple]:
    """Return a projection's rows as value tuples, without primary keys."""
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return set(model.objects.values_list(*names))


def snapshot() -> dict[str, set[tuple]]:
    return {model.__name__: rows(model) for model in PROJECTIONS}


def all_statements() -> list[dict]:
    return query_statements(StatementQuery(ascending=True, limit=1000)).statements


def statement_ids(person, verb: str, activity: str) -> list[str]:
    query = StatementQuery(
        agent=session_actor(person), verb=ADL_VERB + verb, activity=activity
    )
    return [statement["id"] for statement in query_statements(query).statements]


def outside(actor: dict, verb: str, at: datetime, iri=SIMULATION, **result) -> dict:
    """Return a statement as an outside simulation would post it."""
    statement = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": ADL_VERB + verb, "display": {"en-US": verb}},
        "object": {
            "id": iri,
            "definition": {"name": {"nl-NL": "Lassimulatie"}},
        },
        "timestamp": at.isoformat(),
    }
    if result:
        statement["result"] = result
    return statement


def post(*statements: dict) -> None:
    store_statements(list(statements), authority=CLIENT)


def void(*statement_ids: str) -> None:
    post(
        *(
            {
                "actor": CLIENT,
                "verb": {"id": ADL_VERB + "voided", "display": {"en-US": "voided"}},
                "object": {"objectType": "StatementRef", "id": statement_id},
            }
            for statement_id in statement_ids
        )
    )


def take_quiz(person, practice, answers) -> None:
    block = find_block(practice, "quiz1", "quiz")
    activities.take_quiz(person, practice, block, answers, timezone.now())


def assess(person, practice, points: list[int]) -> None:
    block = find_block(practice, "opdracht1", "assignment")
    submission = activities.submit_assignment(person, practice, block, "", [])
    assessor = teacher(practice.unit, username=f"docent-{person.pk}")
    activities.assess_submission(submission, assessor, points, "")


def progress(person, iri: str) -> ActivityProgress | None:
    return ActivityProgress.objects.filter(learner=person, activity_iri=iri).first()


@pytest.fixture
def course(db):
    return learning_unit()


def practise(person, reading, practice) -> None:
    """Open and complete both lessons, fail the quiz once and pass it."""
    activities.open_lesson(person, reading)
    activities.complete_lesson(person, reading)
    take_quiz(person, practice, FAILING)
    take_quiz(person, practice, PASSING)
    activities.complete_lesson(person, practice)


@pytest.fixture
def practised(course):
    """Return a learner who practised the course, with progress projected."""
    unit, reading, practice = course
    person = learner(page=unit)
    practise(person, reading, practice)
    run_projector()
    return person


def test_recorded_statements_are_projected_once_the_transaction_commits(
    course, django_capture_on_commit_callbacks
):
    unit, reading, _practice = course
    person = learner(page=unit)

    with django_capture_on_commit_callbacks(execute=True):
        activities.complete_lesson(person, reading)
        assert progress(person, reading.activity_iri) is None

    assert progress(person, reading.activity_iri).completed_at is not None
    assert ProjectorCursor.objects.get().stored_at is not None


def test_applying_the_same_statements_twice_changes_nothing(course):
    unit, reading, practice = course
    person = learner(page=unit)
    practise(person, reading, practice)
    post(outside(session_actor(person), "completed", timezone.now()))
    statements = all_statements()

    Projector().apply(statements)
    first = snapshot()
    Projector().apply(statements)

    assert snapshot() == first
    assert len(first["ActivityProgress"]) == 4
    assert len(first["CompetenceEvidence"]) == 1
    assert len(first["UnknownActivity"]) == 1


def test_reading_the_stream_again_from_the_start_changes_nothing(practised):
    first = snapshot()

    ProjectorCursor.objects.all().delete()
    read = run_projector()

    assert read == len(all_statements())
    assert snapshot() == first


def test_the_overlap_window_is_read_again_without_change(practised):
    first = snapshot()
    cursor = ProjectorCursor.objects.get()

    read = run_projector()

    assert read > 0
    assert snapshot() == first
    assert ProjectorCursor.objects.get().stored_at == cursor.stored_at


def test_progress_folds_experienced_completed_passed_and_scores(course, practised):
    unit, reading, practice = course
    person = practised

    lesson = progress(person, reading.activity_iri)
    assert lesson.is_experienced and lesson.completed_at is not None
    assert lesson.status == "completed"
    quiz = progress(person, quiz_iri(practice, "quiz1"))
    assert quiz.status == "passed"
    assert quiz.failed_at < quiz.passed_at
    assert (quiz.best_score, quiz.last_score, quiz.attempts) == (1.0, 1.0, 2)
    [evidence] = CompetenceEvidence.objects.filter(learner=person)
    assert evidence.level == 2
    assert evidence.activity_iri == quiz_iri(practice, "quiz1")
    assert evidence.competence == unit.outcomes.first().competence


def test_voiding_a_passed_attempt_undoes_its_pass_and_its_evidence(course, practised):
    _unit, _reading, practice = course
    person = practised
    quiz = quiz_iri(practice, "quiz1")
    passed = statement_ids(person, "passed", quiz)
    second_completed = statement_ids(person, "completed", quiz)[0]

    void(*passed, second_completed)
    run_projector()

    row = progress(person, quiz)
    assert row.passed_at is None
    assert row.status == "failed"
    assert (row.best_score, row.last_score, row.attempts) == (0.0, 0.0, 1)
    assert not CompetenceEvidence.objects.filter(learner=person).exists()


def test_voiding_the_passed_statement_withdraws_its_competence_evidence(course):
    unit, reading, practice = course
    person = learner(page=unit)
    take_quiz(person, practice, PASSING)
    run_projector()
    [passed] = statement_ids(person, "passed", quiz_iri(practice, "quiz1"))
    assert CompetenceEvidence.objects.filter(statement_id=passed).exists()

    void(passed)
    run_projector()

    assert not CompetenceEvidence.objects.exists()


def test_statements_about_unknown_activities_are_kept(course):
    unit, _reading, _practice = course
    person = learner(page=unit)
    earlier = timezone.now() - timedelta(hours=2)
    later = timezone.now() - timedelta(hours=1)
    stranger = {"objectType": "Agent", "mbox_sha1sum": "a" * 40}

    post(
        outside(session_actor(person), "passed", later, score={"scaled": 0.8}),
        outside(stranger, "attempted", earlier),
    )
    run_projector()

    [unknown] = UnknownActivity.objects.all()
    assert unknown.activity_iri == SIMULATION
    assert unknown.name == "Lassimulatie"
    assert (unknown.first_seen_at, unknown.last_seen_at) == (earlier, later)
    [row] = ActivityProgress.objects.all()
    assert row.learner == person
    assert (row.passed_at, row.best_score) == (later, 0.8)


def test_a_linked_activity_becomes_known_and_counts_as_an_assessment(db):
    unit, reading, practice = learning_unit(completion_rule=Rule.ASSESSMENTS)
    person = learner(page=unit)
    post(outside(session_actor(person), "attempted", timezone.now()))
    run_projector()

    ActivityLink.objects.create(activity_iri=SIMULATION, lesson=practice)
    take_quiz(person, practice, PASSING)
    assess(person, practice, [4, 2])
    run_projector()

    catalogue = build_catalogue()
    known = catalogue.find(SIMULATION)
    assert (known.kind, known.unit_id, known.page_id) == (
        EXTERNAL,
        unit.pk,
        practice.pk,
    )
    assert SIMULATION in catalogue.units[unit.pk].assessments
    assert progress(person, unit.activity_iri) is None

    post(outside(session_actor(person), "passed", timezone.now()))
    run_projector()

    assert progress(person, unit.activity_iri).completed_at is not None


def test_a_linked_activity_that_does_not_count_is_not_needed(db):
    unit, reading, practice = learning_unit(completion_rule=Rule.ASSESSMENTS)
    person = learner(page=unit)
    ActivityLink.objects.create(
        activity_iri=SIMULATION, lesson=practice, counts_as_assessment=False
    )

    take_quiz(person, practice, PASSING)
    assess(person, practice, [4, 2])
    run_projector()

    catalogue = build_catalogue()
    assert catalogue.find(SIMULATION).kind == EXTERNAL
    assert SIMULATION not in catalogue.units[unit.pk].assessments
    assert progress(person, unit.activity_iri).completed_at is not None


def test_the_last_score_is_the_latest_in_time_whatever_the_time_zone(course):
    unit, _reading, _practice = course
    person = learner(page=unit)
    actor = session_actor(person)
    summer = timezone.get_fixed_timezone(120)
    first = datetime(2026, 6, 1, 10, 0, tzinfo=summer)
    second = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    post(
        outside(actor, "failed", first, score={"scaled": 0.9}),
        outside(actor, "failed", second, score={"scaled": 0.3}),
    )
    run_projector()

    row = progress(person, SIMULATION)
    assert (row.first_at, row.last_at) == (first, second)
    assert (row.best_score, row.last_score) == (0.9, 0.3)


@pytest.mark.parametrize("scores", [(0.0, -0.5), (-0.5, 0.0)])
def test_the_best_score_is_the_highest_in_either_order(course, scores):
    unit, _reading, _practice = course
    person = learner(page=unit)
    start = timezone.now() - timedelta(minutes=10)

    post(
        *(
            outside(
                session_actor(person),
                "failed",
                start + timedelta(minutes=index),
                score={"scaled": score},
            )
            for index, score in enumerate(scores)
        )
    )
    run_projector()

    assert progress(person, SIMULATION).best_score == 0.0


@pytest.fixture
def stream(db):
    """Record a realistic stream, projecting after every step as in use."""
    first = learning_unit()
    second = learning_unit(completion_rule=Rule.LESSONS)
    track = factories.track([first[0], second[0]])
    people = {
        "samira": learner("samira", page=track),
        "daan": learner("daan", page=first[0]),
        "femke": learner("femke", page=second[0]),
    }
    steps = [
        lambda: practise(people["samira"], first[1], first[2]),
        lambda: assess(people["samira"], first[2], [4, 2]),
        lambda: activities.complete_lesson(people["samira"], second[1]),
        lambda: activities.complete_lesson(people["samira"], second[2]),
        lambda: take_quiz(people["daan"], first[2], PASSING),
        lambda: assess(people["daan"], first[2], [1, 1]),
        lambda: activities.open_lesson(people["femke"], second[1]),
        lambda: post_simulation_attempts(people["femke"]),
        lambda: void_daans_pass(people["daan"], first[2]),
        lambda: void_first_simulation_attempt(people["femke"]),
    ]
    for step in steps:
        step()
        run_projector()
    return people, first, second, track


def post_simulation_attempts(person) -> None:
    start = timezone.now() - timedelta(hours=1)
    post(
        outside(session_actor(person), "failed", start, score={"scaled": 0.4}),
        outside(
            session_actor(person),
            "passed",
            start + timedelta(minutes=5),
            score={"scaled": 0.7},
        ),
        outside(CLIENT, "experienced", start + timedelta(minutes=2)),
    )


def void_daans_pass(person, practice) -> None:
    quiz = quiz_iri(practice, "quiz1")
    void(
        *statement_ids(person, "passed", quiz),
        *statement_ids(person, "completed", quiz),
    )


def void_first_simulation_attempt(person) -> None:
    void(*statement_ids(person, "failed", SIMULATION))


def test_a_rebuild_gives_the_projections_built_step_by_step(stream):
    people, first, second, track = stream
    built = snapshot()

    rebuild()

    assert snapshot() == built
    samira = people["samira"]
    for page in (first[0], second[0], track):
        assert progress(samira, page.activity_iri).completed_at is not None
    quiz = progress(people["daan"], quiz_iri(first[2], "quiz1"))
    assert quiz is None
    assert not CompetenceEvidence.objects.filter(learner=people["daan"]).exists()
    assert CompetenceEvidence.objects.filter(learner=samira).count() == 2
    simulation = progress(people["femke"], SIMULATION)
    assert (simulation.failed_at, simulation.best_score) == (None, 0.7)
    [unknown] = UnknownActivity.objects.all()
    assert unknown.first_seen_at == simulation.first_at - timedelta(minutes=3)


def random_event(rng, iri: str) -> Event:
    """Return an event with random time, verb, score and attempt."""
    at = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(0, 500), microseconds=rng.choice([0, 500_000])
    )
    verb = rng.choice([EXPERIENCED, COMPLETED, PASSED, FAILED])
    return Event(
        statement_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        account="learner",
        iri=iri,
        verb=verb,
        at=at,
        registration=None,
        score=rng.choice([None, 0.1, 0.55, 0.8, 1.0]),
        success=rng.choice([None, True, False]),
        completion=rng.choice([None, True]),
        attempt=rng.randrange(1, 4),
        levels={},
        name="",
    )


def folded(user_id: int, iri: str, events: list[Event]) -> ActivityProgress:
    """Fold events into a fresh row in Python, as the projector's fold does."""
    first = events[0].at
    progress = ActivityProgress(
        learner_id=user_id, activity_iri=iri, first_at=first, last_at=first
    )
    for event in events:
        fold(progress, event)
    return progress


def test_merging_pages_in_the_database_equals_folding_in_python(db):
    # Given a learner and random streams of events about three activities
    user = factories.user("samira")
    rng = random.Random(4)
    iris = [f"https://example.org/activities/{n}" for n in range(3)]
    for _trial in range(15):
        ActivityProgress.objects.all().delete()
        streams = {iri: [random_event(rng, iri) for _ in range(12)] for iri in iris}

        # When each stream is merged in three pages of varying size
        cuts = sorted(rng.sample(range(1, 12), 2))
        for start, end in zip([0, *cuts], [*cuts, 12], strict=True):
            merge_progress(
                [folded(user.pk, iri, part[start:end]) for iri, part in streams.items()]
            )

        # Then every stored row equals the whole stream folded in Python
        for iri, events in streams.items():
            expected = folded(user.pk, iri, events)
            stored = ActivityProgress.objects.get(learner=user, activity_iri=iri)
            assert [getattr(stored, name) for name in PROGRESS_FIELDS] == [
                getattr(expected, name) for name in PROGRESS_FIELDS
            ]


def test_the_collector_runs_less_often_only_while_pages_are_applied():
    # Given the process's own collector thresholds
    before = gc.get_threshold()

    # When the projector's setting is used, and left by an error
    with pytest.raises(RuntimeError), fewer_collections():
        during = gc.get_threshold()
        raise RuntimeError

    # Then it raised the youngest generation's threshold, and restored it
    assert during[0] == max(before[0], PROJECTOR_GC_THRESHOLD) > 700
    assert during[1:] == before[1:]
    assert gc.get_threshold() == before
