"""A company contact supplies a demand; a teacher runs a check and reads the gaps."""

import pytest
from playwright.sync_api import expect

from curriculum.models import CompetenceDemand
from lms import roles
from tests import factories
from tests.curriculum import demand_factories as make

from .support import ARTIFACTS, PASSWORD, watched_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(chromium):
    yield watched_page(chromium, 1400, 1000)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def log_out(page) -> None:
    page.context.clear_cookies()


def test_contact_supplies_a_demand_and_teacher_reads_the_gap(live_server, browser_page):
    page, outside = browser_page
    framework = factories.framework(competence_count=3)
    welding, drawing, _drones = framework.competences.order_by("code")
    factories.track([factories.unit(welding)], title="Metaal basis")
    company = make.company("Installatietechniek Aalsmeer", sector="installation")
    make.contact("inkoper", company)
    factories.user("docent", roles.TEACHER)

    log_in(page, live_server, "inkoper")
    page.goto(f"{live_server.url}/admin/demands/new/")
    page.select_option("#id_competence", str(drawing.pk))
    page.fill("#id_level", "3")
    page.select_option("#id_importance", "must")
    page.select_option("#id_horizon", "2-years")
    page.fill("#id_people_needed", "4")
    page.screenshot(path=ARTIFACTS / "curriculum-demand-form.png", full_page=True)
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/demands/")
    page.screenshot(path=ARTIFACTS / "curriculum-demand-list.png", full_page=True)

    demand = CompetenceDemand.objects.get()
    assert (demand.company, demand.competence, demand.level) == (company, drawing, 3)
    log_out(page)

    log_in(page, live_server, "docent")
    page.goto(f"{live_server.url}/admin/curriculum-checks/")
    page.locator("form[action$='/start/'] button[type=submit]").click()
    gap_table = page.locator("#gap-table")
    expect(gap_table).to_contain_text("Installatietechniek Aalsmeer")
    expect(gap_table).to_contain_text("C2 Competentie 2")
    page.screenshot(path=ARTIFACTS / "curriculum-gap-report.png", full_page=True)

    assert outside == []
