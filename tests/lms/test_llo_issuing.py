"""Issuing through ``record_completion``: once, also when progress is rebuilt.

The progress projection calls ``record_completion`` for every unit or track
completion it records, again for each completion when it is rebuilt from the
statement stream. Hours, the certificate and its xAPI ``earned`` statement
must each exist exactly once however often that happens.
"""

import datetime

import pytest

from assessments.xapi.services import StatementQuery, query_statements
from curriculum.models import UnitPage
from lms.learning import activities
from lms.llo import services, statements
from lms.models import Certificate, DevelopmentActivity
from lms.progress.projector import rebuild, run_projector
from tests import factories
from tests.lms.learning_factories import learner, learning_unit
from tests.lms.llo_factories import certified, participant

pytestmark = pytest.mark.django_db

COMPLETED_AT = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
REBUILT_AT = datetime.datetime(2026, 3, 10, 14, 0, 5, tzinfo=datetime.UTC)
ACCOUNT_HOME = "https://techcampus.example/"


def resolve_actor(user):
    return {
        "objectType": "Agent",
        "account": {"homePage": ACCOUNT_HOME, "name": f"learner-{user.pk}"},
    }


@pytest.fixture
def actor_resolver(settings):
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"


def earned_statements() -> list[dict]:
    query = StatementQuery(verb=statements.EARNED_VERB, limit=100)
    return query_statements(query).statements


def test_rebuilding_progress_issues_and_states_everything_once(actor_resolver):
    # given a certified unit of 16 hours
    unit = certified(factories.unit(title="Warmtepompen", study_load_hours=16))
    learner = participant("fatima")

    # when the completion is recorded, then recorded again by two rebuilds
    first = services.record_completion(learner, unit, COMPLETED_AT)
    for _rebuild in range(2):
        again = services.record_completion(learner, unit, REBUILT_AT)

    # then there is one certificate, one hours entry and one statement
    assert again == first
    assert Certificate.objects.filter(holder=learner).count() == 1
    assert DevelopmentActivity.objects.filter(user=learner).count() == 1
    found = earned_statements()
    assert [item["id"] for item in found] == [statements.earned_statement_id(first)]
    assert found[0]["actor"]["account"]["name"] == f"learner-{learner.pk}"
    assert found[0]["context"]["contextActivities"]["parent"] == [
        {"id": unit.activity_iri, "objectType": "Activity"}
    ]


def test_rebuild_keeps_the_first_completion_date(actor_resolver):
    # given a certificate issued for a completion
    unit = certified(factories.unit(), validity_months=12)
    learner = participant("daan")
    first = services.record_completion(learner, unit, COMPLETED_AT)

    # when a rebuild reports the completion with a later time
    services.record_completion(learner, unit, REBUILT_AT + datetime.timedelta(days=40))

    # then the certificate keeps its date and validity
    first.refresh_from_db()
    assert first.completed_at == COMPLETED_AT
    assert first.valid_until == datetime.date(2027, 3, 10)


def test_statement_waits_for_an_actor_and_is_stored_once_later(settings):
    # given no way yet to map a user to an xAPI actor
    settings.XAPI_SESSION_ACTOR_RESOLVER = ""
    unit = certified(factories.unit())
    learner = participant("noor")

    # when the completion is recorded
    certificate = services.record_completion(learner, unit, COMPLETED_AT)

    # then the certificate exists but its statement waits
    assert certificate.statement_stored_at is None
    assert earned_statements() == []

    # when a resolver is configured and a rebuild records it twice more
    settings.XAPI_SESSION_ACTOR_RESOLVER = f"{__name__}.resolve_actor"
    services.record_completion(learner, unit, REBUILT_AT)
    services.record_completion(learner, unit, REBUILT_AT)

    # then exactly one statement is stored, and that is remembered
    certificate.refresh_from_db()
    assert certificate.statement_stored_at is not None
    assert len(earned_statements()) == 1


def test_track_certificate_counts_only_the_hours_of_its_units(actor_resolver):
    # given a certified track of two units of 10 and 30 hours
    first_unit = factories.unit(study_load_hours=10)
    second_unit = factories.unit(study_load_hours=30)
    track = certified(factories.track([first_unit, second_unit]), None)
    learner = participant("mees")

    # when the projection records both units and the track, twice over
    for _run in range(2):
        for page in (first_unit, second_unit, track):
            services.record_completion(learner, page, COMPLETED_AT)

    # then 40 hours are counted and one track certificate is issued
    hours = DevelopmentActivity.objects.filter(user=learner)
    assert sorted(hours.values_list("hours", flat=True)) == [10, 30]
    certificate = Certificate.objects.get(holder=learner)
    assert certificate.achievement_kind == Certificate.Kind.TRACK
    assert certificate.study_load_hours == 40
    assert len(earned_statements()) == 1


def test_completed_lesson_records_no_hours_and_no_certificate(actor_resolver):
    # given a lesson inside a unit
    unit = certified(factories.unit())
    lesson = factories.lesson(unit)
    learner = participant("sem")

    # when a lesson completion reaches record_completion
    result = services.record_completion(learner, lesson, COMPLETED_AT)

    # then nothing is recorded
    assert result is None
    assert not DevelopmentActivity.objects.filter(user=learner).exists()
    assert not Certificate.objects.exists()


def test_revoked_certificate_is_not_issued_again_by_a_rebuild(actor_resolver):
    # given a certificate that a coordinator revoked
    unit = certified(factories.unit())
    learner = participant("jesse")
    certificate = services.record_completion(learner, unit, COMPLETED_AT)
    services.revoke_certificate(certificate, participant("beheer"), "Fraude")

    # when a rebuild records the completion again
    again = services.record_completion(learner, unit, REBUILT_AT)

    # then the revoked certificate is the one and only
    assert again == certificate
    assert again.is_revoked
    assert Certificate.objects.filter(holder=learner).count() == 1


def test_projector_and_its_rebuilds_issue_through_the_stream_once(settings):
    # given a certified unit completed by reading its two lessons
    settings.XAPI_SESSION_ACTOR_RESOLVER = "lms.progress.accounts.session_actor"
    unit, reading, practice = learning_unit(
        completion_rule=UnitPage.CompletionRule.LESSONS
    )
    certified(unit, validity_months=24)
    person = learner(page=unit)
    activities.complete_lesson(person, reading)
    activities.complete_lesson(person, practice)

    # when the projector runs, runs again, and the projections are rebuilt twice
    run_projector()
    run_projector()
    rebuild()
    rebuild()

    # then one certificate, one hours entry and one earned statement exist
    certificate = Certificate.objects.get(holder=person)
    assert certificate.page_id == unit.pk
    assert DevelopmentActivity.objects.filter(user=person, page=unit).count() == 1
    found = earned_statements()
    assert [item["id"] for item in found] == [
        statements.earned_statement_id(certificate)
    ]


def test_a_batch_of_completions_counts_and_certifies_each_once(actor_resolver):
    # given a certified unit, an uncertified one and two learners
    heat_pumps = factories.unit(title="Warmtepompen", study_load_hours=16)
    certified_unit = certified(heat_pumps)
    plain_unit = factories.unit(title="Zonnepanelen", study_load_hours=8)
    fatima, joost = participant("fatima"), participant("joost")
    services.record_completion(joost, plain_unit, COMPLETED_AT)

    # when one batch holds repeated and already recorded completions
    services.record_completions(
        [
            services.Completion(fatima.pk, certified_unit, COMPLETED_AT),
            services.Completion(fatima.pk, certified_unit, REBUILT_AT),
            services.Completion(fatima.pk, plain_unit, REBUILT_AT),
            services.Completion(joost.pk, plain_unit, REBUILT_AT),
        ]
    )

    # then hours count once per person and unit, dated by the first completion
    hours = DevelopmentActivity.objects.order_by("user__username", "hours")
    assert [(a.user.username, a.title, a.hours, a.happened_on) for a in hours] == [
        ("fatima", "Zonnepanelen", 8, REBUILT_AT.date()),
        ("fatima", "Warmtepompen", 16, COMPLETED_AT.date()),
        ("joost", "Zonnepanelen", 8, COMPLETED_AT.date()),
    ]
    # and only the certified unit gives a certificate, once, with one statement
    certificates = Certificate.objects.all()
    assert [(c.holder.username, c.achievement_title) for c in certificates] == [
        ("fatima", "Warmtepompen")
    ]
    assert len(earned_statements()) == 1
