"""Fixtures of the browser tests: Debian's Chromium, driven by Playwright."""

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from .support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture
def chromium():
    """Start a headless Chromium for one test."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Close the database connections a browser test opened itself.

    Once Playwright runs, a test's body sees other context variables than its
    fixtures, so the connection it opens is not the one the database fixtures
    close; left open, it keeps PostgreSQL from dropping the test database.
    """
    try:
        return (yield)
    finally:
        if "chromium" in pyfuncitem.fixturenames:
            connections.close_all()
