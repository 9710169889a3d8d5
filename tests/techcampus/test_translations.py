"""The Dutch catalogue is complete, compiled and used; English stays the source.

The msgids are English, so the English catalogue may leave every msgstr empty
and fall back to them; the Dutch one must translate every entry.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests import factories

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
DUTCH_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# printf-style placeholders as Python formats them (%(name)s, %s, %d, %%) and
# str.format() fields ({name}).
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^{}]*\}")


def dutch_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(DUTCH_PO) if not entry.obsolete]


def entry_name(entry: polib.POEntry) -> str:
    return f"{entry.occurrences[0][0] if entry.occurrences else ''}: {entry.msgid}"


def message_set(catalogue: polib._BaseFile) -> dict:
    """Return the translations of a catalogue, keyed by context and msgids."""
    messages = {}
    for entry in catalogue.translated_entries():
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        if entry.msgid_plural:
            messages[key] = tuple(sorted(entry.msgstr_plural.items()))
        else:
            messages[key] = entry.msgstr
    messages.pop((None, "", ""), None)
    return messages


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_dutch_entry_is_translated_and_not_fuzzy():
    entries = dutch_entries()

    untranslated = [entry_name(entry) for entry in entries if not is_filled(entry)]
    fuzzy = [entry_name(entry) for entry in entries if entry.fuzzy]

    assert len(entries) > 100
    assert untranslated == []
    assert fuzzy == []


def is_filled(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return sorted(forms) == [0, 1] and all(form.strip() for form in forms.values())
    return bool(entry.msgstr.strip())


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_is_usable(language):
    catalogue = polib.pofile(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")

    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == language
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    polib.pofile(folder / "django.po").save_as_mofile(fresh)

    committed = message_set(polib.mofile(folder / "django.mo"))

    assert committed == message_set(polib.mofile(fresh))


def test_dutch_translations_keep_every_placeholder():
    mismatches = []
    for entry in dutch_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            if placeholders(source) != placeholders(translated):
                mismatches.append(f"{entry_name(entry)} -> {translated}")

    assert mismatches == []


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 traject"), (2, "2 trajecten"), (0, "0 trajecten")]
)
def test_dutch_plurals_follow_the_count(count, expected):
    with translation.override("nl"):
        text = translation.ngettext(
            "%(counter)s track", "%(counter)s tracks", count
        ) % {"counter": count}

    assert text == expected


@pytest.mark.django_db
def test_catalogue_page_is_dutch_by_default(client, home):
    catalogue = factories.catalogue()

    html = client.get(catalogue.url).content.decode()

    assert '<html lang="nl">' in html
    assert "Wie ben je?" in html
    assert "Naar de inhoud" in html
    assert "Who are you?" not in html


@pytest.mark.django_db
def test_language_switch_turns_the_catalogue_english(client, home):
    catalogue = factories.catalogue()

    response = client.post(
        reverse("set_language"), {"language": "en", "next": catalogue.url}
    )
    html = client.get(catalogue.url).content.decode()

    assert response.status_code == 302
    assert '<html lang="en">' in html
    assert "Who are you?" in html
    assert "Skip to content" in html
    assert "Wie ben je?" not in html
