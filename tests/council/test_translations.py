"""Vietnamese first: every message the code or a template can show has a Vietnamese text.

The catalogue is compiled without fuzzy entries, so a fuzzy or missing translation shows
the English text to a delegate. Messages are extracted here the way `makemessages` finds
them (templates through Django's own `templatize`), without needing GNU gettext.
"""

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
APPS = (
    "council",
    "sessions",
    "documents",
    "annotations",
    "voting",
    "notifications",
    "questioning",
    "followup",
    "records",
)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def _python_sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _messages(path: Path) -> list[tuple[int, str, str | None]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        # templatize writes each message as a one-line repr among filler; the filler's
        # indentation is not Python's, so it is blanked out for the tokenizer.
        text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).split("\n"))
    found = []
    for lineno, message, _comments, context in extract(
        "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.append((lineno, msgid, context))
    return found


@pytest.fixture(scope="module")
def vietnamese() -> Catalog:
    with (ROOT / "locale/vi/LC_MESSAGES/django.po").open("rb") as po_file:
        return read_po(po_file, locale="vi")


def _untranslated(catalog: Catalog, paths: list[Path]) -> list[str]:
    missing = []
    for path in paths:
        for lineno, msgid, context in _messages(path):
            entry = catalog.get(msgid, context=context)
            strings = entry.string if entry else ""
            if isinstance(strings, str):
                strings = (strings,)
            if entry is None or entry.fuzzy or not all(strings):
                missing.append(f"{path}:{lineno}: {msgid!r}")
    return missing


def test_every_message_in_the_code_has_a_vietnamese_translation(vietnamese):
    assert _untranslated(vietnamese, _python_sources()) == []


def test_every_message_in_a_template_has_a_vietnamese_translation(vietnamese):
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates, "no templates found"
    assert _untranslated(vietnamese, templates) == []


def test_the_check_finds_a_message_that_has_no_translation(vietnamese, tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        'from django.utils.translation import gettext as _\n_("Not in any catalogue")\n'
    )
    page = tmp_path / "sample.html"
    page.write_text('{% load i18n %}{% translate "Neither is this" %}')
    missing = _untranslated(vietnamese, [source, page])
    assert [line.rsplit(": ", 1)[1] for line in missing] == [
        "'Not in any catalogue'",
        "'Neither is this'",
    ]


def test_no_message_is_translated_twice():
    """Branches append their entries and merge as a union (.gitattributes): the same message
    added twice would keep whichever translation the catalogue reader met last."""
    text = (ROOT / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    keys = re.findall(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n?)+)msgstr', text, re.MULTILINE)
    twice = sorted({key for key in keys if keys.count(key) > 1})
    assert twice == []
