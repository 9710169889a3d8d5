"""Dutch is the default language; English comes through the switch only."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_dutch(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_the_language_switch_chooses_english(client, home):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")

    assert response.headers["Content-Language"] == "en"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_cookie_falls_back_to_dutch(client, home):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get("/")

    assert response.headers["Content-Language"] == "nl"
