"""A participant adds a VCA certificate and finds it on Mijn LLO."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lms.models import ExternalCertificate
from tests.lms.llo_factories import participant

from .support import ARTIFACTS, PASSWORD, PHONE, fits_the_width, watched_page

SCAN = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(chromium):
    yield watched_page(chromium, 1280, 900)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/llo/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/llo/")


def fill_certificate(page, issued_on: datetime.date, expires_on: datetime.date):
    page.select_option("#id_kind", "vca-basis")
    page.fill("#id_issuer", "VCA-examencentrum Haarlemmermeer")
    page.fill("#id_number", "VCA-2026-551")
    page.fill("#id_issued_on", issued_on.isoformat())
    page.fill("#id_expires_on", expires_on.isoformat())
    page.fill("#id_hours", "16")


def test_participant_adds_a_vca_certificate(
    live_server, browser_page, settings, tmp_path
):
    page, outside = browser_page
    settings.LLO_PRIVATE_ROOT = tmp_path / "private"
    person = participant("anouk", first_name="Anouk", last_name="Verhoeven")
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=3600)
    expires_on = today + datetime.timedelta(days=40)

    # given a participant on Mijn LLO, reached through the menu of own pages
    log_in(page, live_server, "anouk")
    page.click(".account-nav a[href='/llo/']")
    expect(page.locator(".empty-state").first).to_be_visible()
    page.click("a[href='/llo/certificaten/nieuw/']")

    # when the expiry date comes before the date of issue
    fill_certificate(page, issued_on, issued_on - datetime.timedelta(days=1))
    page.click(".llo-form button[type=submit]")

    # then the form explains the error and nothing is stored
    expect(page.locator("#id_expires_on")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=ARTIFACTS / "llo-certificate-error.png", full_page=True)
    assert not ExternalCertificate.objects.exists()

    # when the dates are corrected and a scan is attached
    fill_certificate(page, issued_on, expires_on)
    page.set_input_files(
        "#id_scan",
        files=[{"name": "vca.pdf", "mimeType": "application/pdf", "buffer": SCAN}],
    )
    page.click(".llo-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/llo/")

    # then Mijn LLO lists it as expiring soon, with its number and scan
    row = page.locator("tr.llo-row", has_text="VCA-2026-551")
    expect(row).to_have_count(1)
    expect(row).to_have_class("llo-row llo-row--expiring")
    expect(row.locator("a[href$='/scan/']")).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "llo-my-llo.png", full_page=True)
    certificate = ExternalCertificate.objects.get(holder=person)
    assert (certificate.kind, certificate.expires_on) == ("vca-basis", expires_on)
    assert certificate.scan_content_type == "application/pdf"

    # and on a phone the page does not scroll sideways
    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_the_width(page)
    page.screenshot(path=ARTIFACTS / "llo-my-llo-phone.png", full_page=True)
    assert outside == []
