"""The employer overview: who sees whom, expiry colours, filters and exports."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lms.models import ExternalCertificate, HoursTarget
from tests import factories
from tests.lms.llo_factories import (
    company_contact,
    coordinator,
    external_certificate,
    participant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OVERVIEW = "/llo/overzicht/"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def two_companies():
    """Two companies with staff: a VCA that is valid, expiring or expired."""
    heat = factories.company("Warmtewerk Hoofddorp")
    metal = factories.company("Vennep Precisiemetaal")
    valid = participant("eva", heat, first_name="Eva", last_name="Smit")
    expiring = participant("omar", heat, first_name="Omar", last_name="Bakir")
    elsewhere = participant("lars", metal, first_name="Lars", last_name="Vos")
    external_certificate(valid, expires_on=in_days(400))
    external_certificate(expiring, expires_on=in_days(20))
    external_certificate(
        expiring, kind=ExternalCertificate.Kind.BHV, expires_on=in_days(-3)
    )
    external_certificate(elsewhere, expires_on=in_days(10))
    return {"heat": heat, "metal": metal, "valid": valid, "expiring": expiring}


def csv_lines(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_contact_sees_only_the_staff_of_his_own_company(client, two_companies):
    # given the contact person of the heat pump company
    client.force_login(company_contact("baas", two_companies["heat"]))

    # when the overview and both exports are opened
    page = client.get(OVERVIEW).content.decode()
    lines = csv_lines(client.get(OVERVIEW + "export.csv"))
    workbook = load_workbook(io.BytesIO(client.get(OVERVIEW + "export.xlsx").content))

    # then only his two employees appear, nowhere the other company's
    names = sorted(line[0] for line in lines[1:])
    assert names == ["Eva Smit", "Omar Bakir"]
    sheet_names = sorted(
        row[0] for row in workbook.active.iter_rows(2, values_only=True)
    )
    assert sheet_names == names
    assert "Eva Smit" in page and "Omar Bakir" in page
    assert "Lars Vos" not in page
    assert "Vennep Precisiemetaal" not in page


def test_hours_stand_next_to_the_names_before_the_certificates(client, two_companies):
    client.force_login(coordinator())

    page = client.get(OVERVIEW).content.decode()

    head = page[page.index("<thead>") : page.index("</thead>")]
    assert head.index("Company") < head.index("Hours this year") < head.index("VCA")


def test_cells_carry_the_expiry_colour_of_their_status(client, two_companies):
    client.force_login(company_contact("baas", two_companies["heat"]))

    page = client.get(OVERVIEW).content.decode()

    assert page.count("matrix-cell--valid") == 1
    assert page.count("matrix-cell--expiring") == 1
    assert page.count("matrix-cell--expired") == 1
    assert "matrix-cell--none" in page


def test_filter_keeps_people_with_a_certificate_expiring_within_n_days(
    client, two_companies
):
    # given a coordinator, who sees everyone
    client.force_login(coordinator())

    # when the overview is filtered on 30 days, and exported so
    page = client.get(OVERVIEW, {"days": "30"}).content.decode()
    lines = csv_lines(client.get(OVERVIEW + "export.csv", {"days": "30"}))

    # then only people with a certificate expiring within 30 days remain
    assert sorted(line[0] for line in lines[1:]) == ["Lars Vos", "Omar Bakir"]
    assert "Omar Bakir" in page and "Lars Vos" in page
    assert "Eva Smit" not in page


def test_export_gives_dates_statuses_hours_and_target(client, two_companies):
    HoursTarget.objects.create(
        user=two_companies["valid"], year=timezone.localdate().year, hours=40
    )
    client.force_login(company_contact("baas", two_companies["heat"]))

    lines = csv_lines(client.get(OVERVIEW + "export.csv"))

    header, *rows = lines
    assert header[:2] == ["Name", "Company"]
    eva = next(row for row in rows if row[0] == "Eva Smit")
    vca = header.index("VCA basic safety")
    assert eva[vca] == f"{in_days(400).isoformat()} (valid)"
    assert eva[-2:] == ["0.0", "40"]


def test_coordinator_filters_on_one_company(client, two_companies):
    client.force_login(coordinator())

    company = two_companies["metal"].pk
    lines = csv_lines(client.get(OVERVIEW + "export.csv", {"company": company}))

    assert [line[0] for line in lines[1:]] == ["Lars Vos"]


def test_wrong_days_filter_explains_itself(client, two_companies):
    client.force_login(coordinator())

    response = client.get(OVERVIEW, {"days": "veel"})

    assert response.status_code == 200
    assert "whole number from 0 to 3650" in response.content.decode()


@pytest.mark.parametrize("url", [OVERVIEW, OVERVIEW + "export.csv"])
def test_participants_and_learners_may_not_open_the_overview(client, url):
    for person in (participant("deelnemer"), factories.user("leerling")):
        client.force_login(person)

        assert client.get(url).status_code == 403


def test_contact_sets_targets_of_own_staff_only(client, two_companies):
    # given the heat pump company's contact
    client.force_login(company_contact("baas", two_companies["heat"]))
    year = timezone.localdate().year
    own = two_companies["valid"]
    other = participant("vreemd", two_companies["metal"])

    # when he sets the target of his employee and of someone elsewhere
    own_response = client.post(f"{OVERVIEW}{own.pk}/doel/", {"year": year, "hours": 32})
    other_response = client.post(
        f"{OVERVIEW}{other.pk}/doel/", {"year": year, "hours": 32}
    )

    # then only his employee's target is set, by him
    assert own_response.status_code == 302
    assert other_response.status_code == 404
    target = HoursTarget.objects.get()
    assert (target.user, target.hours, target.set_by.username) == (own, 32, "baas")


def test_people_are_ordered_by_surname_without_prefixes(client):
    company = factories.company("Kruisweg Elektrotechniek")
    for username, first, last in [
        ("pieter", "Pieter", "Mulder"),
        ("joost", "Joost", "van Dijk"),
        ("lisa", "Lisa", "de Boer"),
    ]:
        participant(username, company, first_name=first, last_name=last)
    client.force_login(coordinator())

    lines = csv_lines(client.get(OVERVIEW + "export.csv"))

    assert [line[0] for line in lines[1:]] == [
        "Lisa de Boer",
        "Joost van Dijk",
        "Pieter Mulder",
    ]


def test_filter_stays_out_of_the_site_search_box(client, two_companies):
    client.force_login(coordinator())

    page = client.get(OVERVIEW, {"days": "30"}).content.decode()

    assert 'value="days=30"' not in page
    assert "export.csv?days=30" in page
