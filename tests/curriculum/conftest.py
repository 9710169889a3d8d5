"""Run the curriculum tests in English, the language of the message ids.

The Dutch catalogue translates what these tests read; they check behaviour,
so they read the untranslated text. The site's default language stays Dutch,
so pages keep their Dutch locale; only the text shown switches.
"""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def english(client):
    # The language switch's cookie: the site ignores the browser's
    # Accept-Language header and speaks Dutch unless English was chosen.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
