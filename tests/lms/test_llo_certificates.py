"""Issuing platform certificates: once, with validity, competences, PDF."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lms.llo import pdf, services
from lms.models import Certificate, DevelopmentActivity
from lms.tasks import render_certificate_pdf_task
from tests import factories
from tests.lms.llo_factories import certified, dutch, participant

pytestmark = pytest.mark.django_db

COMPLETED_AT = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_issuing_twice_returns_the_same_certificate():
    # given a certified unit and a learner who completed it
    unit = certified(factories.unit(title="Lassen MIG/MAG"))
    learner = participant("joris")

    # when the completion is recorded twice, as in a projection rebuild
    first = services.issue_certificate(learner, unit, COMPLETED_AT)
    second = services.issue_certificate(learner, unit, COMPLETED_AT)

    # then there is exactly one certificate
    assert first.pk == second.pk
    assert Certificate.objects.filter(holder=learner).count() == 1


def test_database_refuses_a_second_certificate_for_the_same_achievement():
    # given an issued certificate
    unit = certified(factories.unit())
    learner = participant("anouk")
    first = services.issue_certificate(learner, unit, COMPLETED_AT)

    # when a second row is forced in for the same holder and page
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            holder=learner,
            page=unit,
            achievement_kind="unit",
            achievement_title="dubbel",
            achievement_iri=first.achievement_iri,
            completed_at=COMPLETED_AT,
            status_index=first.status_index + 1,
        )

    # then the original is still the only one
    assert Certificate.objects.filter(holder=learner, page=unit).count() == 1


def test_certificate_carries_validity_competences_and_code():
    # given a unit valid for 24 months with a competence
    framework = factories.framework(competence_count=1)
    competence = framework.competences.first()
    unit = certified(factories.unit(competence=competence), validity_months=24)
    learner = participant("femke")

    # when the certificate is issued
    certificate = services.issue_certificate(learner, unit, COMPLETED_AT)

    # then it expires 24 months after completion and names the competence
    assert certificate.valid_until == datetime.date(2028, 3, 10)
    assert list(certificate.competences.all()) == [competence]
    assert certificate.verification_code.startswith("TC-")
    assert certificate.achievement_iri == unit.activity_iri


def test_track_certificate_collects_the_competences_of_its_units():
    # given a certified track of two units with different competences
    first, second = factories.unit(), factories.unit()
    track = certified(factories.track(units=[first, second]), validity_months=None)
    learner = participant("daan")

    # when it is issued
    certificate = services.issue_certificate(learner, track, COMPLETED_AT)

    # then both units' competences are on it and it does not expire
    codes = {c.pk for c in certificate.competences.all()}
    expected = {o.competence_id for u in (first, second) for o in u.outcomes.all()}
    assert codes == expected
    assert certificate.achievement_kind == Certificate.Kind.TRACK
    assert certificate.valid_until is None


def test_uncertified_page_is_refused():
    # given a unit without a certificate setting
    unit = factories.unit()

    # when issuing is attempted, then it is refused
    with pytest.raises(services.NotCertified):
        services.issue_certificate(participant("kees"), unit, COMPLETED_AT)


def test_record_completion_counts_hours_once_and_issues_once():
    # given a certified unit of 20 hours
    unit = certified(factories.unit(study_load_hours=20))
    learner = participant("lotte")

    # when the projection records the completion three times
    for _ in range(3):
        certificate = services.record_completion(learner, unit, COMPLETED_AT)

    # then the hours are counted once and one certificate exists
    activities = DevelopmentActivity.objects.filter(user=learner)
    assert [a.hours for a in activities] == [20]
    assert activities.get().kind == DevelopmentActivity.Kind.PLATFORM_COURSE
    assert Certificate.objects.filter(holder=learner).get() == certificate


def test_record_completion_of_uncertified_unit_only_counts_hours():
    # given a unit without a certificate
    unit = factories.unit(study_load_hours=12)
    learner = participant("ruben")

    # when it is completed
    result = services.record_completion(learner, unit, COMPLETED_AT)

    # then there is no certificate, but the hours count
    assert result is None
    assert DevelopmentActivity.objects.get(user=learner).hours == 12


def test_certificate_pdf_shows_name_achievement_competences_and_verification():
    # given an issued certificate
    framework = factories.framework(competence_count=1)
    competence = framework.competences.first()
    unit = certified(
        factories.unit(competence=competence, title="Droneoperaties A2"),
        validity_months=12,
    )
    learner = participant("noor", first_name="Noor", last_name="El Amrani")
    certificate = services.issue_certificate(learner, unit, COMPLETED_AT)

    # when its PDF is rendered
    text = _pdf_text(pdf.certificate_pdf(certificate))

    # then the text holds everything a reader needs to check it
    flat = " ".join(text.split())
    assert "Noor El Amrani" in flat
    assert "Droneoperaties A2" in flat
    assert competence.title in flat
    assert certificate.verification_code in flat
    assert f"/verify/{certificate.verification_code}/" in flat
    assert "10 maart 2027" in flat


def test_revoked_certificate_pdf_is_stamped():
    # given a revoked certificate
    unit = certified(factories.unit())
    learner = participant("bram")
    certificate = services.issue_certificate(learner, unit, COMPLETED_AT)
    services.revoke_certificate(certificate, factories.user("pm"), "Fraude")

    # when rendered, then the stamp is in the text
    content = pdf.certificate_pdf(certificate)
    assert dutch("REVOKED") in _pdf_text(content)


def test_render_task_stores_the_pdf_privately(private_root):
    # given an issued certificate
    unit = certified(factories.unit())
    certificate = services.issue_certificate(participant("ilse"), unit, COMPLETED_AT)

    # when the task renders it
    name = render_certificate_pdf_task.delay(certificate.pk).get()

    # then the file is under the private root, not under MEDIA_ROOT
    certificate.refresh_from_db()
    path = private_root / name
    assert path.read_bytes().startswith(b"%PDF-")
    assert certificate.pdf.name == name
    with pytest.raises(ValueError):
        _ = certificate.pdf.url


def test_issuing_schedules_the_pdf_after_commit(
    private_root, django_capture_on_commit_callbacks
):
    # given a certified unit
    unit = certified(factories.unit())

    # when a certificate is issued and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(
            participant("tim"), unit, timezone.now()
        )

    # then its PDF exists
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(".pdf")
