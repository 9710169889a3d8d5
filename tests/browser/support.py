"""What the browser tests share: Chromium's settings and a watched page."""

import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; Django refuses
# database access from such a thread unless told that it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "wachtwoord-test"
PHONE = {"width": 375, "height": 740}
LOCAL = ("http://localhost", "data:")


def watched_page(browser, width: int, height: int, **options):
    """Return a new page and the list of requests it makes off the site."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, **options
    )
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOCAL) else outside.append(request.url)
        ),
    )
    return page, outside


def fits_the_width(page) -> bool:
    """Tell whether the page fits its viewport without scrolling sideways."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
