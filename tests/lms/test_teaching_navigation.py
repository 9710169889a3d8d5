"""The Teaching link is for those whose Teaching page opens; others get a 403."""

import pytest
from django.urls import reverse

from lms import roles
from lms.learning.teaching import is_staff
from lms.models import UnitStaff
from tests import factories
from tests.lms.learning_factories import learner
from tests.lms.llo_factories import company_contact

pytestmark = pytest.mark.django_db

TEACHING_LINK = '<a href="/leren/docent/"'


def supervisor():
    """Return a guest lecturer who supervises the work of one unit."""
    person = factories.user("gastdocent", roles.GUEST_LECTURER)
    UnitStaff.objects.create(unit=factories.unit(), user=person)
    return person


def account_menu(client) -> str:
    html = client.get(reverse("learning:my_learning")).content.decode()
    start = html.index('class="account-nav"')
    return html[start : html.index("</nav>", start)]


STAFF = {
    "teacher": lambda: factories.user("docent", roles.TEACHER),
    "supervisor of a unit": supervisor,
    "coordinator": lambda: factories.user("programma", roles.COORDINATOR),
}
OTHERS = {
    "company contact": lambda: company_contact(
        "bedrijf", factories.company("Warmtewerk")
    ),
    "learner": lambda: learner("samira"),
    "guest lecturer without a unit": lambda: factories.user(
        "gast", roles.GUEST_LECTURER
    ),
}


@pytest.mark.parametrize("who", [*STAFF, *OTHERS])
def test_teaching_is_in_the_menu_of_exactly_those_it_opens_for(client, home, who):
    client.force_login({**STAFF, **OTHERS}[who]())

    menu = account_menu(client)
    page = client.get(reverse("learning:teaching"))

    html = page.content.decode()
    if who in STAFF:
        assert TEACHING_LINK in menu
        assert page.status_code == 200
    else:
        # the others get no link, and a page in Dutch when they follow one
        assert TEACHING_LINK not in menu
        assert page.status_code == 403
        assert "<h1>Geen toegang</h1>" in html
        assert 'class="skip-link"' in html
        assert 'href="/leren/"' in html


@pytest.mark.parametrize("who", [*STAFF, *OTHERS])
def test_the_menu_rule_costs_at_most_two_queries(
    home, who, django_assert_max_num_queries
):
    person = {**STAFF, **OTHERS}[who]()

    with django_assert_max_num_queries(2):
        shown = is_staff(person)

    assert shown is (who in STAFF)
