"""The LLO pages are reachable from the navigation of one's own pages."""

import pytest
from django.contrib.auth.models import Group

from lms import roles
from tests import factories
from tests.lms.llo_factories import company_contact, coordinator, participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = "/verify/"
MY_LLO = '<a href="/llo/"'
OVERVIEW = '<a href="/llo/overzicht/"'


def navigation(client) -> str:
    html = client.get(PAGE).content.decode()
    if 'class="account-nav"' not in html:
        return ""
    start = html.index('class="account-nav"')
    return html[start : html.index("</nav>", start)]


def test_participant_finds_my_llo_in_the_menu(client):
    client.force_login(participant("anouk"))

    menu = navigation(client)

    assert MY_LLO in menu
    assert "My LLO" in menu
    assert OVERVIEW not in menu


@pytest.mark.parametrize("make_user", [coordinator, None])
def test_overview_people_without_portfolio_find_the_overview(client, make_user):
    company = factories.company("Warmtewerk Hoofddorp")
    person = make_user() if make_user else company_contact("bedrijf", company)
    client.force_login(person)

    menu = navigation(client)

    assert OVERVIEW in menu
    assert MY_LLO not in menu


def test_learners_and_visitors_see_no_llo_link(client):
    anonymous_menu = navigation(client)
    client.force_login(factories.user("leerling"))
    learner_menu = navigation(client)

    for menu in (anonymous_menu, learner_menu):
        assert "/llo/" not in menu


def test_participant_who_is_also_a_contact_finds_the_overview_on_my_llo(client):
    company = factories.company("Kruisweg Elektrotechniek")
    person = participant("teamleider", company)
    person.groups.add(Group.objects.get(name=roles.COMPANY_CONTACT))
    company.contacts.add(person)
    client.force_login(person)

    page = client.get("/llo/").content.decode()

    assert OVERVIEW in page
    assert MY_LLO in navigation(client)
