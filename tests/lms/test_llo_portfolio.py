"""Mijn LLO: hours against targets, forms, exports and privacy of scans."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from lms.llo import portfolio
from lms.models import ExternalCertificate, HoursTarget
from tests import factories
from tests.lms.llo_factories import (
    activity,
    coordinator,
    dutch,
    external_certificate,
    participant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _form(**changes) -> dict:
    today = timezone.localdate()
    return {
        "kind": "vca-basis",
        "other_kind": "",
        "issuer": "SSVV",
        "number": "123456",
        "issued_on": (today - datetime.timedelta(days=30)).isoformat(),
        "expires_on": (today + datetime.timedelta(days=3000)).isoformat(),
        "hours": "8",
    } | changes


def test_hours_this_year_add_activities_and_certificates_against_target():
    # given activities and a certificate this year, one last year, and a target
    person = participant("eva")
    today = timezone.localdate()
    activity(person, "6")
    activity(person, "2.5")
    activity(person, "10", happened_on=today.replace(year=today.year - 1))
    external_certificate(person, issued_on=today, hours=Decimal("8"))
    HoursTarget.objects.create(user=person, year=today.year, hours=40)

    # when the year's hours are computed
    year = portfolio.year_hours(person, today.year)

    # then this year's hours are summed against the target
    assert year.hours == Decimal("16.5")
    assert year.target == 40
    assert year.percentage == 41
    assert year.is_reached is False
    history = {item.year: item.hours for item in portfolio.history(person, today.year)}
    assert history[today.year - 1] == Decimal("10")


def test_target_reached_caps_the_bar_at_100():
    person = participant("mo")
    activity(person, "50")
    year = timezone.localdate().year
    portfolio.set_target(person, year, 40, by=coordinator())

    result = portfolio.year_hours(person, year)

    assert result.is_reached is True
    assert result.percentage == 100


def test_my_llo_lists_certificates_with_their_status(client):
    # given a valid, an expiring and an expired certificate
    person = participant("lisa")
    today = timezone.localdate()
    external_certificate(person, kind="bhv", expires_on=today + datetime.timedelta(30))
    external_certificate(
        person, kind="f-gassen", expires_on=today - datetime.timedelta(3)
    )
    external_certificate(
        person, kind="vca-vol", expires_on=today + datetime.timedelta(400)
    )
    client.force_login(person)

    # when Mijn LLO opens
    response = client.get("/llo/")

    # then each shows its status
    assert response.status_code == 200
    statuses = {row.title: row.status for row in response.context["rows"]}
    assert statuses == {
        "company emergency response (BHV)": "expiring",
        "F-gases": "expired",
        "VCA VOL (safety for supervisors)": "valid",
    }
    assert response.context["counts"]["expired"] == 1


def test_adding_a_certificate_with_a_scan_stores_it_privately(client, private_root):
    # given a participant
    person = participant("youssef")
    client.force_login(person)

    # when a certificate with a PNG scan is added
    scan = SimpleUploadedFile("mijn paspoort.png", PNG, content_type="image/png")
    response = client.post("/llo/certificaten/nieuw/", _form(scan=scan))

    # then it is stored, with the scan under the private root and renamed
    assert response.status_code == 302
    certificate = ExternalCertificate.objects.get(holder=person)
    assert certificate.scan_content_type == "image/png"
    assert "paspoort" not in certificate.scan.name
    assert (private_root / certificate.scan.name).read_bytes() == PNG


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "other"}, "other_kind", "Write the name of the certificate"),
        ({"issuer": ""}, "issuer", ""),
        ({"expires_on": "2000-01-01"}, "expires_on", "must be after the date of issue"),
        ({"issued_on": "2999-01-01"}, "issued_on", "cannot be in the future"),
        ({"hours": "-3"}, "hours", "from 0 to 1000"),
        ({"issued_on": "31-31-2020"}, "issued_on", ""),
    ],
)
def test_bad_certificate_input_explains_and_stores_nothing(
    client, changes, field, message
):
    # given a participant
    person = participant("tess")
    client.force_login(person)

    # when a form with a mistake is sent
    response = client.post("/llo/certificaten/nieuw/", _form(**changes))

    # then it is shown again with the error, and nothing is stored
    form = response.context["form"]
    assert response.status_code == 400
    assert form.has_error(field)
    assert any(message in error for error in form.errors[field])
    assert not ExternalCertificate.objects.filter(holder=person).exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a scan", "scan.pdf", "not a PDF, JPEG or PNG"),
        (b"<svg></svg>", "scan.png", "not a PDF, JPEG or PNG"),
    ],
)
def test_scan_type_is_checked_by_content(client, private_root, content, name, message):
    # given a participant
    person = participant("bas")
    client.force_login(person)

    # when a file whose content is no PDF or image is uploaded under a good name
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post("/llo/certificaten/nieuw/", _form(scan=upload))

    # then it is refused and nothing is stored
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["scan"])
    assert not ExternalCertificate.objects.exists()
    assert not list(private_root.rglob("*.*")) if private_root.exists() else True


def test_too_large_scan_is_refused(client, settings, private_root):
    settings.LLO_SCAN_MAX_BYTES = 100
    person = participant("nina")
    client.force_login(person)
    upload = SimpleUploadedFile("scan.pdf", PDF + b" " * 200)

    response = client.post("/llo/certificaten/nieuw/", _form(scan=upload))

    assert response.status_code == 400
    assert "too large" in " ".join(response.context["form"].errors["scan"])
    assert not ExternalCertificate.objects.exists()


def test_scan_is_served_to_owner_and_coordinator_only(client, private_root):
    # given a certificate with a scan
    owner = participant("owner")
    client.force_login(owner)
    upload = SimpleUploadedFile("scan.pdf", PDF)
    client.post("/llo/certificaten/nieuw/", _form(scan=upload))
    certificate = ExternalCertificate.objects.get(holder=owner)
    url = f"/llo/certificaten/{certificate.pk}/scan/"
    company = factories.company("Bouwbedrijf Nieuw-Vennep")
    owner.llo_participant.company = company
    owner.llo_participant.save()
    from tests.lms.llo_factories import company_contact

    # when the owner, a coordinator, a colleague and the employer ask for it
    owner_response = client.get(url)
    client.force_login(coordinator())
    coordinator_response = client.get(url)
    client.force_login(participant("colleague", company=company))
    colleague_response = client.get(url)
    client.force_login(company_contact("baas", company))
    employer_response = client.get(url)
    client.logout()
    anonymous_response = client.get(url)

    # then only the owner and the coordinator get the file
    assert owner_response.status_code == 200
    assert b"".join(owner_response.streaming_content) == PDF
    assert owner_response["Content-Type"] == "application/pdf"
    assert coordinator_response.status_code == 200
    assert colleague_response.status_code == 404
    assert employer_response.status_code == 404
    assert anonymous_response.status_code == 302


def test_participant_cannot_change_someone_elses_certificate(client):
    other = external_certificate(participant("anna"))
    client.force_login(participant("piet"))

    response = client.post(f"/llo/certificaten/{other.pk}/wijzigen/", _form())

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.number == "VCA-123"


def test_people_without_portfolio_role_are_refused(client):
    client.force_login(factories.user("learner"))

    response = client.get("/llo/")

    assert response.status_code == 403


def test_adding_an_activity_counts_its_hours(client):
    person = participant("joost")
    client.force_login(person)
    data = {
        "kind": "guest-lecture",
        "title": "Gastles zonnepanelen",
        "organisation": "Installatiebedrijf Hoofddorp",
        "happened_on": timezone.localdate().isoformat(),
        "hours": "3",
        "notes": "",
    }

    response = client.post("/llo/activiteiten/nieuw/", data)

    assert response.status_code == 302
    assert portfolio.year_hours(person, timezone.localdate().year).hours == 3


def test_activity_with_zero_hours_is_refused(client):
    person = participant("roos")
    client.force_login(person)
    data = {
        "kind": "knowledge-session",
        "title": "Kennissessie",
        "happened_on": timezone.localdate().isoformat(),
        "hours": "0",
    }

    response = client.post("/llo/activiteiten/nieuw/", data)

    assert response.status_code == 400
    assert "more than 0 hours" in response.context["form"].errors["hours"][0]


def test_portfolio_exports_as_json_and_pdf(client):
    # given a portfolio with a certificate and an activity
    person = participant("jan", first_name="Jan", last_name="Bakker")
    external_certificate(person, number="NEN-777", kind="nen3140-vp")
    activity(person, "5", title="Docentstage bij Schiphol Technik")
    client.force_login(person)

    # when both exports are downloaded
    data = json.loads(client.get("/llo/export/portfolio.json").content)
    pdf_content = client.get("/llo/export/portfolio.pdf").content
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf_content)).pages
    )

    # then both hold the certificate and the activity
    assert data["person"]["name"] == "Jan Bakker"
    assert data["certificates"][0]["number"] == "NEN-777"
    assert data["activities"][0]["title"] == "Docentstage bij Schiphol Technik"
    assert "Jan Bakker" in text
    assert dutch("NEN 3140 skilled person") in text
    assert "Docentstage bij Schiphol Technik" in text


def test_portfolio_pdf_writes_hours_and_open_expiry_in_dutch(client):
    person = participant("fleur")
    external_certificate(person, expires_on=None)
    activity(person, "2.5", title="Kennissessie waterstof")
    client.force_login(person)

    content = client.get("/llo/export/portfolio.pdf").content
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    assert "Kennissessie waterstof" in text
    assert "2,5" in text
    assert "2.5" not in text
    assert dutch("does not expire") in text
