"""A learner enrols, passes a quiz and finds the result on Mijn leren; a
teacher reaches the work to assess on a phone."""

import pytest
from playwright.sync_api import expect

from lms.learning import activities
from lms.models import ActivityProgress, Enrolment
from lms.roles import LEARNER
from tests import factories
from tests.lms.learning_factories import learner, learning_unit, teacher

from .support import ARTIFACTS, PASSWORD, PHONE, fits_the_width, watched_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(chromium):
    page, _outside = watched_page(chromium, 1280, 900, locale="nl-NL")
    yield page


def screenshot(page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"learning-{name}.png", full_page=True)


def test_learner_enrols_passes_the_quiz_and_sees_the_progress(
    live_server, browser_page
):
    page = browser_page
    unit, _reading, lesson = learning_unit(title="Flenzen monteren")
    person = factories.user("samira", LEARNER, first_name="Samira")

    # given a learner who logs in on the way to a unit
    page.goto(f"{live_server.url}/accounts/login/?next={unit.url}")
    page.fill("#id_username", "samira")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{unit.url}")

    # when the learner enrols on the unit page
    page.click(".learning-panel form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{unit.url}")

    # then the panel confirms it and shows the unit's progress
    panel = page.locator(".learning-panel")
    expect(panel.locator(".llo-message--success")).to_have_text(
        "Je bent ingeschreven. Veel succes!"
    )
    expect(panel.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "0")
    screenshot(page, "unit-enrolled")
    assert Enrolment.objects.filter(learner=person, page=unit).exists()

    # when the learner opens the lesson and answers the quiz
    page.click(f".unit-lessons a[href='{lesson.url}'], main a[href='{lesson.url}']")
    page.wait_for_url(f"{live_server.url}{lesson.url}")
    quiz = page.locator("#block-quiz1")
    quiz.locator("#q-moment").fill("49")
    quiz.locator("input[name=q-spanning][value=true]").check()
    screenshot(page, "lesson-quiz-filled")
    quiz.locator(".quiz-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{lesson.url}#block-quiz1")

    # then the result shows in the quiz, with every answer marked right
    result = page.locator("#block-quiz1 .quiz-result--passed")
    expect(result).to_be_visible()
    expect(result.locator(".quiz-result__score")).to_contain_text("100%")
    expect(page.locator("#block-quiz1 .quiz-question--correct")).to_have_count(2)
    screenshot(page, "lesson-quiz-passed")

    # when the learner opens Mijn leren from the menu
    page.click("a[href='/leren/']")
    page.wait_for_url(f"{live_server.url}/leren/")

    # then the unit shows progress and the quiz its score among the results
    card = page.locator("article.enrolment", has_text="Flenzen monteren")
    meter = card.locator("[role=progressbar]")
    assert int(meter.get_attribute("aria-valuenow")) > 0
    row = page.locator(".learning-table tbody tr", has_text="Toets aanhaalmoment")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("100%")
    expect(row.locator("td").nth(2)).to_have_text("1")
    screenshot(page, "my-learning")
    quiz_row = ActivityProgress.objects.get(
        learner=person, activity_iri__endswith="quiz1"
    )
    assert quiz_row.best_score == 1.0

    # and on a phone neither Mijn leren nor the lesson scrolls sideways
    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_the_width(page)
    screenshot(page, "my-learning-phone")
    page.goto(f"{live_server.url}{lesson.url}")
    assert fits_the_width(page)
    screenshot(page, "lesson-phone")


def test_teacher_reaches_the_assess_button_on_a_phone(live_server, browser_page):
    page = browser_page
    unit, _reading, lesson = learning_unit(title="Flenzen monteren")
    block = activities.find_block(lesson, "opdracht1", "assignment")
    activities.submit_assignment(
        learner("samira", page=unit), lesson, block, "Klaar.", []
    )
    teacher(unit, "joost")

    # given a teacher on a phone with handed-in work waiting
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/?next=/leren/docent/")
    page.fill("#id_username", "joost")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/leren/docent/")

    # then the page fits and the assess button is within the screen's width,
    # not in a part of the table that has to be scrolled sideways
    box = page.locator("a.button", has_text="Beoordelen").bounding_box()
    assert fits_the_width(page)
    assert box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "teaching-phone")
