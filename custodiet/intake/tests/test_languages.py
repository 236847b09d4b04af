"""The intake in French, Russian and Ukrainian: the pages, their forms and messages, and dates as precise as
their source written the way each language writes them, with what no source stated still said."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the abbreviations of "year" after a date

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, translation

from custodiet.intake.datevalue import DateValue
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.jobs import api_enqueue
from custodiet.intake.models import Document, Event
from custodiet.intake.shown import shown_value
from custodiet.intake.templatetags.intake_i18n import effect_said, language_label
from custodiet.ops.models import Job
from custodiet.ops.testing import run_queued_jobs

DAY, MONTH, YEAR = DateValue(2025, 9, 17), DateValue(2025, 5), DateValue(2025)
NO_YEAR, NO_YEAR_SATURDAY, SATURDAY = DateValue(None, 5, 20), DateValue(None, 5, 20, 5), DateValue(weekday=5)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        (
            "en",
            [
                "17 September 2025",
                "May 2025",
                "2025",
                "20 May (year not stated)",
                "Saturday, 20 May (year not stated)",
                "a Saturday (date not stated)",
            ],
        ),
        (
            "fr",
            [
                "17 septembre 2025",
                "mai 2025",
                "2025",
                "20 mai (année non indiquée)",
                "samedi 20 mai (année non indiquée)",
                "un samedi (date non indiquée)",
            ],
        ),
        (
            "ru",
            [
                "17 сентября 2025 г.",
                "Май 2025 г.",
                "2025",
                "20 мая (год не указан)",
                "Суббота, 20 мая (год не указан)",
                "Суббота (дата не указана)",
            ],
        ),
        (
            "uk",
            [
                "17 вересня 2025 р.",
                "Травень 2025 р.",
                "2025",
                "20 травня (рік не зазначено)",
                "Субота, 20 травня (рік не зазначено)",
                "Субота (дату не зазначено)",
            ],
        ),
    ],
)
def test_a_date_is_written_as_precisely_as_stated_in_each_language(language: str, written: list[str]) -> None:
    with translation.override(language):
        assert [
            shown_value(value) for value in (DAY, MONTH, YEAR, NO_YEAR, NO_YEAR_SATURDAY, SATURDAY)
        ] == written


def test_a_date_nobody_stated_is_never_written_as_a_full_date() -> None:
    """A month, a year or a day without its year is never given a day or a year it did not have."""
    for language in ("en", "fr", "ru", "uk"):
        with translation.override(language):
            assert shown_value(MONTH) == formats.date_format(date(2025, 5, 1), "YEAR_MONTH_FORMAT")
            assert shown_value(YEAR) == "2025"
            assert "2000" not in shown_value(NO_YEAR) and "2025" not in shown_value(NO_YEAR)
            assert shown_value(None) == ""


def test_what_a_source_says_of_legal_effect_is_a_sentence_of_the_language() -> None:
    span = EffectClaim(anchor="notification", anchor_text="the notification", years=1, months=6)
    on = EffectClaim(date=DateValue(2026, 3, 16))
    with translation.override("ru"):
        assert "через 1 год и 6 месяцев после этого этапа" in effect_said(span)
        assert effect_said(on).endswith("16 марта 2026 г.")
    with translation.override("uk"):
        assert "через 1 рік і 6 місяців" in effect_said(span)
    with translation.override("fr"):
        assert effect_said(on) == "La source indique qu'elle prend effet le 16 mars 2026."


def test_a_documents_language_is_named_in_the_readers_language() -> None:
    expected = {"en": "Russian", "fr": "russe", "ru": "русский", "uk": "російська"}
    for language, name in expected.items():
        with translation.override(language):
            assert language_label("ru") == name
    assert language_label("") == ""


def _page(client: Any, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html: str = response.content.decode()
    assert f'<html lang="{language}"' in html
    return html


@pytest.mark.django_db
def test_the_timeline_in_french_russian_and_ukrainian(seeded: Any, analyst_client: Any) -> None:
    url = reverse("intake:event_detail", args=[Event.objects.get().pk])
    english = analyst_client.get(url).content.decode()
    assert "17 September 2025" in english and "a Saturday (date not stated)" in english
    expected = {
        "fr": (
            "17 septembre 2025",
            "un samedi (date non indiquée)",
            "Chronologie",
            "corroboré",
            "Enregistrer",
        ),
        "ru": (
            "17 сентября 2025 г.",
            "Суббота (дата не указана)",
            "Хронология",
            "2 противоречия",
            "Сохранить",
        ),
        "uk": (
            "17 вересня 2025 р.",
            "Субота (дату не зазначено)",
            "Хронологія",
            "2 суперечності",
            "Зберегти",
        ),
    }
    plurals = {  # 5 documents from 5 sources: the plural form each language takes after five
        "fr": "5 documents\n  provenant de 5 sources indépendantes",
        "ru": "5 документов\n  из 5 независимых источников",
        "uk": "5 документів\n  з 5 незалежних джерел",
    }
    for language, words in expected.items():
        html = _page(analyst_client, url, language)
        assert plurals[language] in html, language
        for word in words:
            assert word in html, (language, word)
        for english_word in ("17 September 2025", "What the sources say", "single source", "Save</button>"):
            assert english_word not in html, (language, english_word)
    # The legal-effect check's reasons are said in the reader's language (custodiet/intake/notes.py), dates in words.
    html = _page(analyst_client, url, "uk")
    reasons = html.split('<ul class="reasons">', 1)[1].split("</ul>", 1)[0]
    assert "17 вересня 2026 р." in reasons and "2026-09-17" not in reasons


@pytest.mark.django_db
def test_the_event_list_and_a_document_in_ukrainian_and_russian(seeded: Any, analyst_client: Any) -> None:
    html = _page(analyst_client, reverse("intake:event_list"), "uk")
    assert "Хронології за відкритими джерелами" in html and "Незалежні джерела" in html
    assert "Timelines from open sources" not in html
    document = Document.objects.filter(language="ru").first() or Document.objects.first()
    assert document is not None
    html = _page(analyst_client, reverse("intake:document_detail", args=[document.pk]), "ru")
    assert "Извлечённые факты" in html and "SHA-256 исходных байтов" in html
    with translation.override("ru"):
        assert language_label(document.language) in html
    assert f'<div class="card" lang="{document.language}">' in html  # the text is in its own language
    assert "Facts extracted" not in html and "Where it came from" not in html


@pytest.mark.django_db
def test_a_missing_document_says_so_in_french(reference_data: Any, analyst_client: Any) -> None:
    response = analyst_client.get(reverse("intake:document_detail", args=[999999]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Aucun document de ce numéro" in html and "Retour aux chronologies" in html


@pytest.mark.django_db
def test_the_import_form_refuses_in_russian_and_changes_nothing(
    reference_data: Any, analyst_client: Any
) -> None:
    url = reverse("intake:import")
    html = _page(analyst_client, url, "ru")
    assert "Импорт новостей и докладов" in html and "Или вставьте текст статьи" in html
    assert "2\xa0000\xa0000" in html  # the limit, grouped as Russian writes a number
    response = analyst_client.post(url, {"text": "  "}, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Выберите файлы для загрузки или вставьте текст статьи." in response.content.decode()
    response = analyst_client.post(
        url, {"text": "A few words here.", "published": "soon"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "«soon» — не дата ISO" in response.content.decode()
    assert Job.objects.count() == 0 and Document.objects.count() == 0


@pytest.mark.django_db
def test_an_import_started_in_french_speaks_french_on_its_job_page(
    reference_data: Any, analyst_client: Any
) -> None:
    upload = SimpleUploadedFile("vide.txt", b"   \n")
    analyst_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = analyst_client.post(reverse("intake:import"), {"uploads": [upload]})
    job = Job.objects.get()
    assert job.title == "Import de vide.txt dans la collecte"
    assert run_queued_jobs() == 1
    html = analyst_client.get(response["Location"]).content.decode()
    assert "ajoutés : 0, déjà présents : 0, écartés : 1 (upload:vide.txt: vide)." in html
    assert Job.objects.get().arguments["language"] == "fr"


@pytest.mark.django_db
def test_an_import_posted_to_the_api_stays_english(reference_data: Any, make_user: Any) -> None:
    """The API answers in English whatever the language: its jobs' titles and summaries too."""
    with translation.override("fr"):
        job = api_enqueue(line=b'{"text": "   "}', by=make_user("analyst"))
    assert job.title == "Import of a document posted to the API" and job.arguments["language"] == "en"
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.result is not None and job.result["summary"].startswith("0 added, 0 already there, 1 skipped")


def test_a_date_read_to_the_month_is_never_given_a_day() -> None:
    with translation.override("fr"):
        assert shown_value(DateValue.parse("2025-09-17")) == "17 septembre 2025"
        assert shown_value(DateValue.parse("2025-09-17", "month")) == "septembre 2025"
        assert shown_value(DateValue.parse("2025-09-17", "year")) == "2025"


PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("locale", "language", "heading"), [("uk-UA", "uk", "Хронології за відкритими джерелами")]
)
def test_the_intake_in_ukrainian_fits_a_phone(
    live_server: Any, browser: Any, seeded: Any, make_user: Any, locale: str, language: str, heading: str
) -> None:
    """In a real browser at 390 px, in the language the browser asks for: the event list, the timeline, a
    document and the import page say ``lang``, hold no English heading, and do not scroll sideways."""
    make_user("analyst", username="ana-phone")
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/intake/")
    page.fill("input[name=username]", "ana-phone")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/intake/")
    assert page.locator("h1").inner_text() == heading
    document = Document.objects.filter(segments__reason="donation appeal").first() or Document.objects.first()
    assert document is not None
    wide, english = [], []
    for url in (
        reverse("intake:event_list"),
        reverse("intake:event_detail", args=[Event.objects.get().pk]),
        reverse("intake:document_detail", args=[document.pk]),
        reverse("intake:import"),
    ):
        page.goto(f"{live_server.url}{url}")
        assert page.get_attribute("html", "lang") == language, url
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/intake-390-{language}{url.replace('/', '_')}.png", full_page=True)
        if (extra := int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))) > 0:
            wide.append(f"{url}: {extra} px wider than the screen")
        # Not the h1: an event's or a document's title is data, in the language it was written in.
        headings = page.locator("main h2, main th, main dt, main label").all_inner_texts()
        english.extend(
            f"{url}: {text}" for text in headings if text.isascii() and any(c.isalpha() for c in text)
        )
    context.close()
    assert wide == [], "\n".join(wide)
    assert english == [], "\n".join(english)


@pytest.mark.django_db
def test_a_published_timeline_writes_its_dates_in_the_readers_language(seeded: Any, client: Any) -> None:
    """The public page of a timeline (the portal) writes the intake's dates as each language does."""
    from custodiet.portal.services import timeline_publish

    published = timeline_publish(event=Event.objects.get(), summary="")
    url = reverse("portal:timeline_detail", args=[published.event_id])
    english = client.get(url).content.decode()
    assert "17 September 2025" in english and "a Saturday (date not stated)" in english
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "17 вересня 2025 р." in html and "Субота (дату не зазначено)" in html
    assert "17 September 2025" not in html and "(date not stated)" not in html


def test_an_imports_title_names_what_it_imports_in_the_pages_language() -> None:
    from custodiet.intake.jobs import _import_title

    names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    with translation.override("fr"):
        assert _import_title(names, pasted=True) == (
            "Import de a.txt, b.txt, c.txt et 2 autres et d'un texte collé dans la collecte"
        )
    with translation.override("ru"):
        assert _import_title(names[:4], pasted=False) == "Импорт a.txt, b.txt, c.txt и ещё 1 в сбор сведений"
    with translation.override("uk"):
        assert _import_title([], pasted=True) == "Імпорт вставленого тексту до збору відомостей"
    assert _import_title(names[:2], pasted=False) == "Import of a.txt, b.txt into the intake"


def test_every_kind_of_step_has_its_label_in_each_language() -> None:
    """A kind of step added to ``steps.ATTRIBUTES`` needs its label in ``shown.STEP_LABELS`` and the catalogue."""
    from custodiet.intake.shown import STEP_LABELS, step_label
    from custodiet.intake.steps import ATTRIBUTES

    assert {str(label) for label in ATTRIBUTES.values()} <= STEP_LABELS
    with translation.override("uk"):
        translated = {attribute: step_label(attribute) for attribute in ATTRIBUTES}
    assert [attribute for attribute, label in translated.items() if label == ATTRIBUTES[attribute]] == []
    with translation.override("fr"):
        assert step_label("takes_effect") == "Prise d'effet de la dénonciation"
        assert step_label("no_such_kind") == "no_such_kind"
