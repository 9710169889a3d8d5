"""Fixtures of the browser tests: Debian's Chromium, driven by Playwright."""

import pytest
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
