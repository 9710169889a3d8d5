"""A learner clicks from the catalogue to a lesson in a real browser."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from curriculum.models import TrackPage
from tests import factories

from .support import ARTIFACTS

# The live server needs committed data; serialised rollback restores the
# home page, site and vocabularies that the migrations created.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"desktop": 1280, "mobile": 375}


@pytest.fixture
def demo_track():
    """Build a catalogue with a track, a unit and a Dutch lesson."""
    unit = factories.unit(
        title="Meten en aftekenen",
        summary="Je leert nauwkeurig meten met rolmaat en schuifmaat.",
    )
    factories.practice_session(unit, description="Elke dinsdagmiddag in de werkplaats")
    factories.lesson(
        unit,
        title="Nauwkeurig meten",
        summary="Meten tot op een halve millimeter.",
        body=factories.stream(
            ("paragraph", "<p>Met een schuifmaat meet je tot op 0,05 millimeter.</p>"),
            ("notice", {"kind": "safety", "text": "<p>Draag een veiligheidsbril.</p>"}),
            (
                "video",
                {
                    "url": "https://video.example.org/schuifmaat",
                    "title": "Zo lees je een schuifmaat af",
                    "duration": "3:10",
                    "transcript": "Kijk eerst naar de nul van de nonius.",
                },
            ),
        ),
    )
    factories.lesson(unit, title="Aftekenen op plaatmateriaal")
    return factories.track(
        units=[unit],
        title="Starten in de metaal",
        kind=TrackPage.Kind.START_TRACK,
        intro="Ontdek in zes weken of de metaaltechniek bij je past.",
        duration_weeks=6,
        target_groups=["side-entrant", "status-holder"],
        profiles=["metal"],
    )


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_learner_clicks_from_catalogue_to_lesson(
    live_server, chromium, demo_track, width
):
    context = chromium.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, locale="nl-NL"
    )
    page = context.new_page()
    requested_hosts: set[str] = set()
    page.on(
        "request", lambda request: requested_hosts.add(urlsplit(request.url).netloc)
    )

    page.goto(live_server.url + factories.catalogue().url)
    screenshot(page, f"catalogue-{width}")
    page.get_by_role("link", name="Starten in de metaal").click()
    page.wait_for_url(f"**{demo_track.url}")
    screenshot(page, f"track-{width}")
    page.get_by_role("link", name="Meten en aftekenen").click()
    page.wait_for_load_state()
    screenshot(page, f"unit-{width}")
    page.get_by_role("link", name="Nauwkeurig meten").click()
    page.wait_for_load_state()
    page.locator("summary").click()
    screenshot(page, f"lesson-{width}")

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Nauwkeurig meten"
    assert page.get_by_text(
        "Met een schuifmaat meet je tot op 0,05 millimeter."
    ).is_visible()
    assert page.get_by_text("Kijk eerst naar de nul van de nonius.").is_visible()
    assert requested_hosts == {urlsplit(live_server.url).netloc}
    context.close()
