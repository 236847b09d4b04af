"""The pipeline's notes: written in English from one template each, stored and exported as written, and
said again on the pages in the reader's language (custodiet/intake/notes.py, the ``note`` filter)."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from custodiet.core.dates import shown_date
from custodiet.intake import cleaning, notes, vocabulary
from custodiet.intake.models import Document, Fact

# A value for every kind of placeholder the templates use: a new placeholder needs one here.
SAMPLES = {
    "year": "2024",
    "years": "2",
    "day": "22",
    "number": "3",
    "days": "14",
    "weekday": "Thursday",
    "words": "вчера",
    "published": "2025-06-03",
    "anchor": "2025-05",
    "domestic": "2025-05-20",
    "effect": "2026-06-01",
    "first": "2025-05-20",
    "last": "2025-06-19",
    "claimed": "2026-06-01",
    "treaty": "ECPT",
    "notify": "Secretary General of the Council of Europe",
    "article": "Article 22",
    "step": "law signed",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")

ARTICLE = (
    "Russia leaves the torture convention\n\n"
    "On 20 May the State Duma approved the law on the denunciation of the European Convention for the "
    "Prevention of Torture, the speaker said.\n\n"
    "The Federation Council is expected to vote next week.\n\n"
    "Comments\n\n"
    "This is a disgrace and everybody knows it, said a reader of this page."
)
NOTE = "year 2025 inferred from the publication date (2025-06-03)"


@pytest.mark.parametrize("template", notes.NOTES)
def test_every_template_round_trips(template: str) -> None:
    params = {name: SAMPLES[name] for name in PLACEHOLDER.findall(template)}
    written = template % params
    parsed = notes.parse(written)
    assert parsed is not None, written
    assert (parsed.template, parsed.params) == (template, params)


def test_the_templates_are_distinct_and_a_sentence_of_no_template_is_not_parsed() -> None:
    assert len(set(notes.NOTES)) == len(notes.NOTES)
    for stored in ("year 2025 inferred from the moon", "reader comments, twice", ""):
        assert notes.parse(stored) is None
        assert notes.said_again(stored) == (stored, False)


def test_every_kind_of_boilerplate_of_every_language_has_a_template() -> None:
    for path in sorted(Path(vocabulary.__file__).parent.glob("data/languages/*.json")):
        lexicon = vocabulary.load(path.stem)
        assert lexicon is not None, path
        boilerplate = lexicon.data.get("boilerplate") or {}
        for kind in {*boilerplate.get("strong", {}), *boilerplate.get("weak", {})}:
            assert notes.parse(kind) is not None, (path.stem, kind)


def test_the_cleaning_writes_reasons_the_templates_read() -> None:
    repeated = "The parliament voted on the bill about the convention today in the capital."
    text = f"date 2025-06-03 source example.org\n\n{repeated}\n\nA second paragraph.\n\n{repeated}\n\nComments\n\nA reader."
    reasons = [segment.reason for segment in cleaning.clean(text, "en").segments if segment.reason]
    assert "repeated paragraph (repeats paragraph 2)" in reasons and notes.METADATA in reasons
    for reason in reasons:
        assert notes.parse(reason) is not None, reason


def test_a_note_is_said_again_in_the_readers_language_with_its_date_in_words() -> None:
    with translation.override("ru"):
        said, again = notes.said_again(NOTE)
        assert again
        assert said == gettext(notes.YEAR_FROM_PUBLICATION) % {"year": "2025", "published": "3 июня 2025 г."}  # noqa: RUF001
        assert "3 июня 2025" in said and "2025-06-03" not in said
    with translation.override("fr"):
        said, _again = notes.said_again("the Thursday on or before the publication date (2025-06-03)")
        assert "jeudi" in said and "3 juin 2025" in said
    with translation.override("en"):
        assert notes.said_again(NOTE) == (NOTE, True)


@pytest.fixture
def imported(reference_data: Any, tmp_path: Path) -> Document:
    from custodiet.intake.services import intake_add

    path = tmp_path / "article.jsonl"
    record = {
        "text": ARTICLE,
        "published": "2025-06-03",
        "title": "Russia leaves",
        "url": "https://example.org/a",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    intake_add(paths=[path])
    return Document.objects.get()


@pytest.mark.django_db
def test_the_note_is_stored_and_exported_in_english_whatever_the_language(imported: Document) -> None:
    fact = Fact.objects.get(document=imported, inferred=True)
    assert fact.note == NOTE
    assert imported.segments.filter(reason="reader comments").exists()
    out = StringIO()
    with translation.override("ru"):
        call_command("intake", "export", "--json", stdout=out)
    exported = out.getvalue()
    assert NOTE in exported and "июня" not in exported


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "day"),
    [("ru", "3 июня 2025"), ("fr", "3 juin 2025"), ("uk", "3 червня 2025")],
)
def test_the_document_page_says_the_note_in_the_readers_language(
    imported: Document, analyst_client: Any, language: str, day: str
) -> None:
    html = analyst_client.get(
        reverse("intake:document_detail", args=[imported.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    with translation.override(language):
        said = gettext(notes.YEAR_FROM_PUBLICATION) % {
            "year": "2025",
            "published": shown_date_of("2025-06-03"),
        }
        comments = gettext(notes.COMMENTS)
        inferred = gettext("inferred:")
    assert day in said and NOTE not in html
    # said in the page's language: no longer inside an element marked English
    assert f"{escape(inferred)} {escape(said)}</span>" in html
    assert f'<span class="badge warn">{escape(comments)}</span>' in html


@pytest.mark.django_db
def test_the_english_page_says_the_note_as_before_and_an_unknown_note_stays_marked_english(
    imported: Document, analyst_client: Any
) -> None:
    url = reverse("intake:document_detail", args=[imported.pk])
    html = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{NOTE}</span>" in html and '<span lang="en">' not in html
    assert '<span class="badge warn">reader comments</span>' in html
    Fact.objects.filter(document=imported, inferred=True).update(note="a note of an older kind")
    html = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<span lang="en">a note of an older kind</span>' in html


def shown_date_of(iso: str) -> str:
    return shown_date(date.fromisoformat(iso))


@pytest.mark.django_db
def test_the_legal_effect_checks_reasons_are_said_in_the_readers_language(
    seeded: Any, analyst_client: Any
) -> None:
    from custodiet.intake.models import Event

    url = reverse("intake:event_detail", args=[Event.objects.get().pk])
    english = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reasons = re.findall(
        r"<li>([^<]*)</li>", english.split('<ul class="reasons">', 1)[1].split("</ul>", 1)[0]
    )
    counted = "Counted that way, the denunciation would take effect on 2026-09-17."
    assert counted in reasons and all(notes.parse(unescape(reason)) for reason in reasons)
    russian = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    with translation.override("ru"):
        said = gettext(notes.COUNTED_THAT_WAY) % {"effect": shown_date_of("2026-09-17")}
        step = gettext("Lower house approval").lower()
    assert f"<li>{escape(said)}</li>" in russian and "17 сентября 2026" in said
    assert counted not in russian and "2026-09-17" not in russian.split('<ul class="reasons">', 1)[1]
    assert step in russian.split('<ul class="reasons">', 1)[1]


@pytest.mark.django_db
def test_the_timeline_command_says_the_reasons_in_its_language(seeded: Any) -> None:
    from custodiet.intake.models import Event

    pk = str(Event.objects.get().pk)
    english, russian = StringIO(), StringIO()
    call_command("intake", "timeline", pk, stdout=english)
    with translation.override("ru"):
        call_command("intake", "timeline", pk, stdout=russian)
        said = gettext(notes.COUNTED_THAT_WAY) % {"effect": shown_date_of("2026-09-17")}
    assert "- Counted that way, the denunciation would take effect on 2026-09-17." in english.getvalue()
    flat = " ".join(russian.getvalue().split())
    assert said in flat and "2026-09-17" not in flat
