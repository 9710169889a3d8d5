"""The site shell renders: home, information pages, search, login, errors."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from cms.models import SiteSettings
from tests import factories
from tests.support.html import external_resources

pytestmark = pytest.mark.django_db


def in_english(client):
    """Choose English the way the language switch does, by its cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def every_base_block() -> str:
    return factories.stream(
        ("paragraph", "<p>Meet twee keer, zaag één keer.</p>"),
        (
            "image",
            {
                "image": {
                    "image": factories.image().pk,
                    "alt_text": "Een werkbank met gereedschap",
                    "decorative": False,
                },
                "caption": "De werkbank in Hoofddorp",
            },
        ),
        (
            "video",
            {
                "url": "https://www.youtube.com/watch?v=abc123",
                "title": "Veilig werken met de kolomboor",
                "duration": "4:30",
                "transcript": "Zet altijd een veiligheidsbril op.",
            },
        ),
        (
            "document",
            {"document": factories.document().pk, "description": "Lees dit eerst."},
        ),
        ("notice", {"kind": "safety", "text": "<p>Draag gehoorbescherming.</p>"}),
    )


def test_home_page_shows_intro_and_menu_pages(client, home):
    home.intro = "Techniek leren in de Haarlemmermeer."
    home.save_revision().publish()
    catalogue = factories.catalogue()

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>TechCampus Haarlemmermeer</h1>" in html
    assert "Techniek leren in de Haarlemmermeer." in html
    assert f'href="{catalogue.url}"' in html


def test_content_page_renders_every_base_block(client, home):
    page = factories.content_page(title="Over ons", body=every_base_block())

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Meet twee keer, zaag één keer." in html
    assert 'alt="Een werkbank met gereedschap"' in html
    assert "De werkbank in Hoofddorp" in html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "4:30" in html
    assert "<details" in html and "Zet altijd een veiligheidsbril op." in html
    assert "<iframe" not in html
    assert "Veiligheidsinstructie" in html and "PDF" in html and "KB" in html
    assert "notice--safety" in html and "Draag gehoorbescherming." in html


def test_image_block_uses_an_800_pixel_rendition(client, home):
    page = factories.content_page(body=every_base_block())

    html = client.get(page.url).content.decode()

    # The test image is smaller than 800 pixels, so the rendition keeps it.
    assert re.search(r'<img[^>]+src="/media/images/[^"]+width-800', html)


def test_search_finds_a_unit_by_a_word_in_its_summary(client):
    unit = factories.unit(summary="Je leert een draaibank instellen.")
    factories.unit(summary="Je leert een drone besturen.")

    response = client.get(reverse("search"), {"q": "draaibank"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{unit.url}"' in html
    assert "drone" not in html


def test_search_reports_when_nothing_is_found(client, home):
    response = in_english(client).get(reverse("search"), {"q": "onvindbaarwoord"})

    assert response.status_code == 200
    assert "0 results for" in response.content.decode()


def test_pages_are_dutch_by_default(client, home):
    response = client.get("/")

    assert '<html lang="nl">' in response.content.decode()


def test_language_switch_turns_the_page_english(client, home):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get("/")

    assert '<html lang="en">' in response.content.decode()


def test_language_switch_is_a_post_form_with_both_languages(client, home):
    html = client.get("/").content.decode()

    form = re.search(r'<form class="language-form"[^>]*>.*?</form>', html, re.S)
    assert form and 'method="post"' in form.group(0)
    assert f'action="{reverse("set_language")}"' in form.group(0)
    assert 'value="nl"' in form.group(0) and 'value="en"' in form.group(0)


def test_anonymous_visitor_sees_a_login_link(client, home):
    html = client.get("/").content.decode()

    assert 'href="/accounts/login/?next=/"' in html


def test_logged_in_user_logs_out_with_a_post_form(client, home):
    client.force_login(factories.user("leerling"))

    html = client.get("/").content.decode()

    assert re.search(
        r'<form class="logout-form" action="/accounts/logout/" method="post"', html
    )


def test_login_page_labels_every_field(client, home):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    for field_id in ("id_username", "id_password"):
        assert f'<label for="{field_id}">' in html
        assert f'id="{field_id}"' in html


def test_login_page_shows_an_error_for_a_wrong_password(client, home):
    factories.user("leerling")

    response = client.post(
        reverse("login"), {"username": "leerling", "password": "fout"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_footer_shows_the_site_settings(client, home):
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.email = "info@techcampus.example"
    site_settings.phone = "023 123 45 67"
    site_settings.footer_text = "<p>Samen voor techniek.</p>"
    site_settings.save()

    html = client.get("/").content.decode()

    footer = html[html.index("<footer") :]
    assert "mailto:info@techcampus.example" in footer
    assert 'href="tel:0231234567"' in footer
    assert "Samen voor techniek." in footer


def test_home_page_names_the_site_once_and_has_an_icon(client, home):
    html = client.get("/").content.decode()

    assert "<title>TechCampus Haarlemmermeer</title>" in html
    assert '<link rel="icon" href="/static/img/favicon.svg"' in html


def test_unknown_address_shows_the_site_404_page(client, home):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert 'class="skip-link"' in response.content.decode()


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "<h1>" in html
    assert "/static/css/site.css" in html


@pytest.mark.parametrize(
    "path",
    ["/", "/zoeken/?q=module", "/accounts/login/", "/bestaat-niet/"],
)
def test_shell_pages_load_nothing_from_other_hosts(client, home, path):
    factories.unit()

    html = client.get(path).content.decode()

    assert external_resources(html) == []


def test_content_page_with_external_media_loads_nothing_from_other_hosts(client, home):
    page = factories.content_page(body=every_base_block())

    html = client.get(page.url).content.decode()

    assert external_resources(html) == []
