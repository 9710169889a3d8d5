"""Run the curriculum tests in English, the language of the message ids.

The Dutch catalogue translates what these tests read; they check behaviour,
so they read the untranslated text.
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
