"""Every string marked for translation in the code has a Dutch translation.

The catalogue test checks the entries the catalogue holds; this one reads the
code itself, so a string marked after the catalogue was last refreshed is
found too (``make messages`` adds it, then it needs a translation).
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["cms", "curriculum", "assessments", "lms", "techcampus"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
TEMPLATE_LITERAL = re.compile(r"""_\((["'])(.+?)\1\)""")


def source_files(pattern: str) -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob(pattern)
        if "migrations" not in path.parts
    ]


def python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[-1] if name.startswith("pgettext") else node.args[0]
        if name in GETTEXT_NAMES and isinstance(first, ast.Constant):
            if isinstance(first.value, str):
                found.add(first.value)
    return found


def template_msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = {match.group(2) for match in TRANSLATE_TAG.finditer(text)}
    found |= {match.group(2) for match in TEMPLATE_LITERAL.finditer(text)}
    return found


def dutch() -> dict[str, bool]:
    catalogue = polib.pofile(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    return {
        entry.msgid: bool(entry.msgstr or any(entry.msgstr_plural.values()))
        for entry in catalogue
        if not entry.obsolete and not entry.fuzzy
    }


@pytest.mark.parametrize("kind", ["python", "templates"])
def test_every_marked_string_is_translated_to_dutch(kind):
    if kind == "python":
        msgids = set().union(*(python_msgids(p) for p in source_files("*.py")))
    else:
        files = source_files("*.html") + source_files("*.txt")
        msgids = set().union(*(template_msgids(p) for p in files))
    translated = dutch()

    missing = sorted(msgid for msgid in msgids if not translated.get(msgid))

    assert len(msgids) > 50
    assert missing == []
