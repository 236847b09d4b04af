"""The four interface languages: every user-facing string of a template is marked for translation, every
catalogue translates every message (none fuzzy), and the compiled .mo committed beside each .po says the
same as it (a fresh install needs no gettext tools).

The scanner reads each template with Django's own lexer: what is inside ``{% translate %}``,
``{% blocktranslate %}``, a variable or a tag is not the template's own text; what is left is read as HTML,
and any text node (outside <script> and <style>) or any user-facing attribute (title, alt, placeholder,
aria-label) that still holds a letter, outside <pre>, <code>, <kbd> and <samp> (what a machine reads) and
outside an element that declares its own language (``lang="en"``: a report shown in the language it was
written in), is a string nobody can translate.
"""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.template.base import Lexer, TokenType

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
TRANSLATED = ("fr", "ru", "uk")  # English is the source language: its catalogue is the msgids themselves

# Text a template may write as it is, in every language, and why.
ALLOWED_TEXT = {
    "Custodiet",  # the product's name
    "API",  # an acronym every language of the interface writes so
    "OpenAPI",  # the name of a specification
    "Swagger UI",  # the name of a program
    "PDF",  # names of file formats
    "DOCX",
}

# Templates not yet marked (apps, or single files, relative to the package): the scanner skips them. The list
# only shrinks: these were being rewritten by other issues while the catalogues were made (docs/translation.md).
NOT_YET_MARKED: tuple[str, ...] = ()
# Templates of those apps already marked: the scanner reads them all the same.
MARKED: tuple[str, ...] = ()

# Not text to translate: programs, and samples of what a machine reads (a CSV file's columns).
RAW = ("script", "style", "pre", "code", "kbd", "samp")
PUNCTUATION = " ·›»«‹,;:()/|-–—"  # noqa: RUF001  # typographic marks are the point
ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
LETTER = re.compile(r"[^\W\d_]")
HOLE = " \x01 "  # where a variable, a tag or a translated string was (spaced: it may sit inside an HTML tag)


def template_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.glob("**/templates/**/*.html")
        if str(path.relative_to(PACKAGE)) in MARKED
        or not str(path.relative_to(PACKAGE)).startswith(NOT_YET_MARKED)
    )


def own_text(source: str) -> str:
    """The template with everything but its literal text replaced by a hole."""
    pieces: list[str] = []
    inside_block = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans"):
                inside_block += 1
            elif name in ("endblocktranslate", "endblocktrans"):
                inside_block -= 1
            elif name in ("comment", "endcomment"):
                inside_block += 1 if name == "comment" else -1
            pieces.append(HOLE)
        elif token.token_type == TokenType.TEXT and not inside_block:
            pieces.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            pieces.append(HOLE)
    return "".join(pieces)


class _Strings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw = 0
        self._own_language: list[Any] = []  # the tag that declared its language, and how deep it is nested

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW:
            self._raw += 1
        if self._own_language:
            self._own_language[1] += tag == self._own_language[0]
        elif any(name == "lang" and value and HOLE.strip() not in value for name, value in attrs):
            # An element that says its language (a report in the language it was written in) is not the
            # interface: its text is not translated.
            self._own_language = [tag, 1]
        for name, value in attrs:
            if name in ATTRIBUTES and value and not self._own_language:
                self._keep(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in RAW:
            self._raw = max(0, self._raw - 1)
        if self._own_language and tag == self._own_language[0]:
            self._own_language[1] -= 1
            if not self._own_language[1]:
                self._own_language = []

    def handle_data(self, data: str) -> None:
        if not self._raw and not self._own_language:
            self._keep(data)

    def _keep(self, text: str) -> None:
        for part in text.split(HOLE.strip()):
            words = " ".join(part.split()).strip(PUNCTUATION)
            if LETTER.search(words) and words not in ALLOWED_TEXT:
                self.found.append(words)


def untranslatable(source: str) -> list[str]:
    parser = _Strings()
    parser.feed(own_text(source))
    parser.close()
    return parser.found


def test_the_scanner_finds_text_outside_translate_and_nothing_inside() -> None:
    source = (
        '{% load i18n %}<h1 title="A title">{% translate "Places" %}</h1><p>Plain {{ x }} words</p>'
        "{% blocktranslate %}On {{ day }}{% endblocktranslate %}<script>var a = 1;</script>"
        '<a aria-label="{% translate "Main" %}">{{ name }}</a> · {# a comment #}'
        '<article lang="ru"><p>Доклад</p><article>nested</article></article><p lang="{{ code }}">Left</p>'
    )
    assert untranslatable(source) == ["A title", "Plain", "words", "Left"]


def test_every_user_facing_string_in_a_template_is_marked_for_translation() -> None:
    unmarked = {
        str(path.relative_to(PACKAGE)): found
        for path in template_files()
        if (found := untranslatable(path.read_text(encoding="utf-8")))
    }
    assert unmarked == {}, "text not marked for translation: " + "; ".join(
        f"{path}: {found!r}" for path, found in unmarked.items()
    )


def test_the_catalogues_are_the_settings_languages() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["en", *TRANSLATED]
    assert settings.LOCALE_PATHS == [LOCALE]


def catalogues(language: str) -> list[Path]:
    """The project's catalogue and those of the apps that carry their own (``<app>/locale``: Django reads
    them after the project's)."""
    found = sorted(PACKAGE.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    return [LOCALE / language / "LC_MESSAGES" / "django.po", *found]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    for po in catalogues(language):
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        assert len(catalogue) > 10, po
        missing = [
            message.id
            for message in catalogue
            if message.id
            and (
                message.fuzzy
                or not (all(message.string) if isinstance(message.string, tuple) else message.string)
            )
        ]
        assert missing == [], f"{po}: {len(missing)} messages untranslated or fuzzy, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_says_what_its_source_says(language: str) -> None:
    for po in catalogues(language):
        _compiled_as_written(po, po.with_suffix(".mo"), language)


def test_the_project_catalogue_is_large_and_app_catalogues_are_found() -> None:
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        assert len(read_po(handle, locale="fr")) > 100
    assert catalogues("fr")[0] == LOCALE / "fr" / "LC_MESSAGES" / "django.po"


def _compiled_as_written(po: Path, mo: Path, language: str) -> None:
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected: dict[object, str] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        context = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, form in enumerate(message.string):
                expected[(context + message.id[0], index)] = form
        else:
            expected[context + message.id] = message.string
    actual = {key: value for key, value in compiled._catalog.items() if key != ""}  # type: ignore[attr-defined]
    assert actual == expected, (
        f"{mo} differs from {po}: run `custodiet compilemessages` (docs/translation.md)"
    )


def test_every_template_compiles() -> None:
    """A misplaced ``{% plural %}`` or an unclosed ``{% blocktranslate %}`` breaks a page only when it is
    opened: every template is compiled here."""
    from django.template.loader import get_template

    broken = {}
    for path in PACKAGE.glob("**/templates/**/*.html"):
        name = "/".join(path.parts[path.parts.index("templates") + 1 :])
        try:
            get_template(name)
        except Exception as problem:  # any error of any template is reported with its name
            broken[name] = str(problem)
    assert broken == {}


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_sentence_ending_on_a_date_ends_on_the_dates_own_point(language: str) -> None:
    """Russian and Ukrainian write a date with a point of its own (an abbreviated "year"): a sentence that ends
    on it takes no second full stop (a doubled point is a typo a reader sees)."""
    ends_twice = re.compile(r"%\((?:day|date)\)s\.$")
    doubled = []
    for po in catalogues(language):
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                doubled += [
                    f"{po.parent.parent.parent.parent.name}: {text}"
                    for text in strings
                    if ends_twice.search(text)
                ]
    assert doubled == []
