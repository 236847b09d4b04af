"""The standards pages in the reader's language (issue 16): the interface in French, Russian and Ukrainian, the
values of the field table named in the reader's language, dates and counts as each language writes them;
the committee's own words (a standard's title, threshold and source) and the texts generated from them stay
as written, marked ``lang="en"``."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the pages in Russian and Ukrainian

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from custodiet.standards.field_words import WORDS
from custodiet.standards.measures import FIELDS_FILE
from custodiet.standards.models import Measurement
from custodiet.standards.tests.base import StandardsTestCase


class FieldWordsTests(SimpleTestCase):
    def test_every_word_of_the_field_table_is_listed_for_the_catalogue_and_translated(self) -> None:
        table = json.loads(FIELDS_FILE.read_text(encoding="utf-8"))
        words = set()
        for fields in table["kinds"].values():
            for field in fields:
                words |= {field["label"], *([field["help"]] if field.get("help") else [])}
                words |= {choice["label"] for choice in field.get("choices", ())}
                words |= {field["short"]} if field.get("short") else set()
                words |= {choice["short"] for choice in field.get("choices", ()) if choice.get("short")}
        self.assertEqual(words - set(WORDS), set())
        for language in ("fr", "ru", "uk"):
            with translation.override(language):
                untranslated = [word for word in WORDS if translation.gettext(word) == word]
            self.assertEqual(untranslated, [], language)


class PagesInOtherLanguagesTests(StandardsTestCase):
    def tearDown(self) -> None:
        translation.deactivate()  # a request leaves its language active in the thread: not for the next test
        super().tearDown()

    def get(self, url: str, language: str) -> str:
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Language"], language)
        return response.content.decode()

    def test_the_catalogue_in_ukrainian_keeps_the_committees_words_as_written(self) -> None:
        body = self.get(reverse("standards:standard_list"), "uk")
        self.assertIn('<html lang="uk"', body)
        self.assertIn("Стандарти, з якими звіряються вимірювання", body)
        self.assertIn("Площа підлоги (без санітарного вузла)", body)  # a value of the field table
        self.assertIn("Камера: житлова площа й кількість утримуваних", body)  # a kind of measurement
        self.assertIn(">тяжке</span>", body)  # a severity
        self.assertIn(
            '<strong lang="en">Minimum living space per person in a multiple-occupancy cell</strong>', body
        )
        self.assertNotIn("Every type of place", body)
        self.assertNotIn("Floor area", body)

    def test_the_measurement_form_in_french_asks_for_the_day_in_french(self) -> None:
        self.client.force_login(self.monitor)
        url = reverse("standards:measurement_create", args=[self.visit.pk])
        body = self.get(url, "fr")
        for words in (
            "Enregistrer une mesure",
            "Où et quand",
            "Surface au sol (annexe sanitaire exclue) (m²)",
        ):
            self.assertIn(words, body)
        self.assertIn("Annexe pas entièrement cloisonnée", body)
        self.assertNotIn("Floor area", body)
        form = {"kind": "cell_space", "place": self.sizo.pk, "area_m2": "10", "occupants": "4"}
        response = self.client.post(url, {**form, "sanitary_annex": "none"}, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(response, "Indiquez le jour de la mesure", status_code=400)
        day = self.yesterday.isoformat()
        response = self.client.post(
            url, {**form, "area_m2": "-10", "occupants": "121", "measured_on": day}, HTTP_ACCEPT_LANGUAGE="fr"
        )
        for refusal in (
            "Surface au sol (annexe sanitaire exclue) doit être supérieur à 0 m² ; reçu -10 m²",
            "Annexe sanitaire : valeur obligatoire",
            "121 personnes dans une seule cellule",
        ):
            self.assertContains(response, refusal, status_code=400)
        self.assertEqual(Measurement.objects.count(), 0)

    def test_a_visits_findings_in_russian_with_counts_and_dates_as_russian_writes_them(self) -> None:
        self.client.force_login(self.monitor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        form: dict[str, Any] = {
            "kind": "cell_space",
            "place": self.sizo.pk,
            "location": "Камера 12",
            "measured_on": self.yesterday.isoformat(),
            "area_m2": "10",
            "occupants": "4",
            "sanitary_annex": "unpartitioned",
        }
        response = self.client.post(reverse("standards:measurement_create", args=[self.visit.pk]), form)
        self.assertEqual(response.status_code, 302)
        body = self.client.get(reverse("standards:visit_record", args=[self.visit.pk])).content.decode()
        self.assertIn('<html lang="ru"', body)
        self.assertIn("Камера: жилая площадь и число содержащихся: измерение записано (Камера 12).", body)
        self.assertIn("<strong>1</strong> измерение", body)
        self.assertIn("<strong>3</strong> вывода", body)
        self.assertIn("21 ноября 2026 г.", body)  # the day measured, as Russian writes it
        self.assertIn('<div lang="en">', body)  # the finding's text, generated in the committee's words
        for english in ("Measurements and findings", "measurement,", "Latest", "2026-11-21"):
            self.assertNotIn(english, body)


class MeasurementSummaryTests(SimpleTestCase):
    """The summary of a stored measurement on a page is said in the reader's language, numbers written as
    the language writes them; in English it reads as the API gives it."""

    def test_a_cell_and_a_check_list_in_four_languages(self) -> None:
        from custodiet.standards.measures import describe

        cell = {"area_m2": "10.5", "occupants": 4, "sanitary_annex": "partitioned", "ceiling_height_m": "2.5"}
        said = {
            "en": "4 people in 10.5 m² (annex partitioned), ceiling 2.5 m",
            "fr": "4 personnes dans 10,5 m² (annexe cloisonnée), plafond à 2,5 m",
            "ru": "4 человека на 10,5 м² (санузел отгорожен), потолок 2,5 м",
            "uk": "4 особи на 10,5 м² (санвузол відгороджений), стеля 2,5 м",
        }
        for language, expected in said.items():
            with translation.override(language):
                self.assertEqual(describe("cell_space", cell), expected)
        with translation.override("ru"):
            self.assertEqual(
                describe("solitary_confinement", {"days": 21}),
                "21 день одиночного заключения в качестве наказания",
            )
        self.assertEqual(
            describe("solitary_confinement", {"days": 1}), "1 day of solitary confinement as a punishment"
        )
