"""The classes of failure found on news the intake had never seen (issue 15), each as a rule.

Every test states a class with examples that are not the seed articles: the
cleaning that deleted the verb "signed", treaty names in other languages, the
batch window, the anchor of yearless dates, dates given to the wrong verb,
metadata lines, partial publication dates, truncated copies and wire stories,
and documents in a language without a vocabulary.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custodiet.intake.analysis import analyse
from custodiet.intake.cleaning import METADATA, clean
from custodiet.intake.dates import DateValue
from custodiet.intake.sources import RawDocument, Skipped, read_jsonl, sha256_of


def raw(text: str, *, published: str = "", language: str = "", url: str = "", title: str = "") -> RawDocument:
    return RawDocument(
        origin="test",
        sha256=sha256_of(text.encode()),
        size=len(text),
        format="text",
        body=text,
        url=url,
        title=title,
        published=DateValue.parse(published) if published else None,
        language=language,
    )


def facts(document: RawDocument, matcher: Any) -> list[tuple[str, str]]:
    return [(f.attribute, f.value.iso()) for f in analyse(document, matcher).facts if f.value is not None]


class TestCleaningKeepsTheVerbSigned:
    def test_russian_and_ukrainian_sentences_about_signing_are_kept(self) -> None:
        for text, language in (
            ("Путин подписал закон о денонсации конвенции.\nПодпишитесь на нашу рассылку", "ru"),
            ("Президент підписав закон про вихід з конвенції.\nПідпишіться на нашу розсилку", "uk"),
            ("Путин подписал закон", "ru"),
        ):
            cleaned = clean(text, language)
            assert cleaned.paragraphs[0] == text.split("\n")[0], text
            assert all(
                segment.text.startswith("Под") or segment.text.startswith("Під")
                for segment in cleaned.removed
            )

    def test_the_markers_of_one_language_are_not_applied_to_another(self) -> None:
        # "подпис" is a Russian subscription marker; a Ukrainian text is read with Ukrainian markers only.
        assert clean("Документ підписали вчора в Києві.", "uk").removed == []


class TestInstrumentNames:
    @pytest.mark.parametrize(
        ("text", "language", "code"),
        [
            (
                "Russland kündigt die Antifolterkonvention des Europarats. Der Europarat bedauert den Schritt.",
                "de",
                "ETS-126",
            ),
            (
                "La Russie dénonce la convention européenne contre la torture du Conseil de l'Europe.",
                "fr",
                "ETS-126",
            ),
            (
                "Russia denounces the European Convention against Torture, the Council of Europe said.",
                "en",
                "ETS-126",
            ),
            (
                "Россия вышла из Европейской конвенции по предупреждению пыток, сообщил Совет Европы.",
                "ru",
                "ETS-126",
            ),
            (
                "Росія денонсувала Європейську конвенцію про запобігання катуванням, заявила Рада Європи.",
                "uk",
                "ETS-126",
            ),
            (
                "The UN Convention against Torture binds 170 States; the country ratified it in 1987.",
                "en",
                "UN-CAT",
            ),
            ("Hungary will leave the International Criminal Court, the government said.", "en", "ICC-ROME"),
            ("Lietuva pasitraukia iš Kasetinių šaudmenų konvencijos, nusprendė Seimas.", "lt", "UN-CCM"),
            ("Türkiye, Cumhurbaşkanı kararıyla İstanbul Sözleşmesi'nden resmen çekildi.", "tr", "CETS-210"),
            ("Polska wystąpi z konwencji ottawskiej, zdecydował Sejm.", "pl", "UN-APMBC"),
        ],
    )
    def test_a_treaty_is_recognised_by_its_names_in_each_language(
        self, text: str, language: str, code: str, matcher: Any
    ) -> None:
        assert analyse(raw(text, language=language), matcher).instrument == code

    def test_a_shared_name_follows_the_document_s_other_names(self, matcher: Any) -> None:
        text = (
            "Moskau steigt aus der Antifolterkonvention aus.\n"
            "Das Antifolterkomitee (CPT) hat Russland seit 1998 mehr als 30 Mal besucht."
        )
        assert analyse(raw(text, language="de"), matcher).instrument == "ETS-126"

    def test_the_council_of_europe_alone_is_its_statute(self, matcher: Any) -> None:
        text = "Russia was expelled from the Council of Europe on 16 March 2022 after 26 years of membership."
        assert analyse(raw(text, language="en"), matcher).instrument == "ETS-001"


class TestDatesAndTheirSteps:
    def test_a_date_naming_a_document_is_not_a_signature(self, matcher: Any) -> None:
        text = (
            "Russia joined the European Convention for the Prevention of Torture and the protocols "
            "of 4 November 1993, signed on 28 February 1996, and ratified them in 1998."
        )
        found = facts(raw(text, language="en"), matcher)
        assert ("signature", "1996-02-28") in found and ("signature", "1993-11-04") not in found

    def test_the_longest_date_wins_where_two_overlap(self, matcher: Any) -> None:
        from custodiet.intake.dates import find_dates

        found = find_dates("Protocols No. 1 and 2 of November 4, 1993, entered into force in 2002.", "en")
        assert [m.value.iso() for m in found] == ["1993-11-04", "2002"]

    def test_signing_a_decree_or_a_law_is_not_signing_the_treaty(self, matcher: Any) -> None:
        text = (
            "The prime minister signed on 23 August a decree proposing to denounce the European Convention "
            "for the Prevention of Torture. The president signed the law on 29 September 2025."
        )
        found = facts(raw(text, language="en", published="2025-09-30"), matcher)
        assert ("decree", "2025-08-23") in found and ("law_signed", "2025-09-29") in found
        assert not [value for attribute, value in found if attribute == "signature"]

    def test_without_a_publication_date_a_yearless_date_takes_the_year_of_the_event_not_a_background_date(
        self, matcher: Any
    ) -> None:
        text = (
            "Russia signed the European Convention for the Prevention of Torture on 28 February 1996. "
            "The State Duma approved the law on its denunciation on 17 September, and the Federation "
            "Council approved it on 24 September 2025."
        )
        found = dict(facts(raw(text, language="en"), matcher))
        assert found["lower_house_approval"] == "2025-09-17"
        assert found["signature"] == "1996-02-28"

    def test_with_no_date_on_its_event_a_yearless_date_stays_yearless(self, matcher: Any) -> None:
        text = "Russia signed the ECPT on 28 February 1996. The State Duma approved its denunciation on 17 September."
        found = dict(facts(raw(text, language="en"), matcher))
        assert found["lower_house_approval"] == "--09-17"  # never 1995-09-17 or 1996-09-17

    def test_a_partial_publication_date_gives_the_year(self, matcher: Any) -> None:
        text = "The Sejm approved the withdrawal from the Ottawa Convention on 20 February, lawmakers said."
        found = dict(facts(raw(text, language="en", published="2025-05"), matcher))
        assert found["lower_house_approval"] == "2025-02-20"


class TestMetadataAndPartialDates:
    def test_a_metadata_line_at_the_top_is_not_article_text(self) -> None:
        cleaned = clean(
            " date 2025-09-25 source example.org lang en\nTitle\nThe Duma approved the bill today."
        )
        assert cleaned.removed[0].reason == METADATA and cleaned.metadata_date == "2025-09-25"
        assert cleaned.paragraphs == ["Title", "The Duma approved the bill today."]

    def test_a_partial_publication_date_is_kept_with_its_precision(self) -> None:
        line = json.dumps({"text": "Some article text about a treaty.", "published": "2025-05"}).encode()
        [item] = list(read_jsonl(line, "x"))
        assert not isinstance(item, Skipped) and item.published == DateValue(2025, 5)
        line = json.dumps({"text": "t", "published": "2025-05-14", "published_precision": "year"}).encode()
        [item] = list(read_jsonl(line, "x"))
        assert not isinstance(item, Skipped) and item.published == DateValue(2025)

    def test_a_line_holding_a_nul_character_is_skipped_and_the_rest_goes_on(self) -> None:
        """PostgreSQL refuses a NUL in a text: one such line once stopped the whole batch after it."""
        lines = [
            json.dumps({"text": "A first article about a treaty."}),
            json.dumps({"text": "A second\u0000 article."}),
            json.dumps({"text": "A third article.", "title": "Bad\u0000title"}),
            json.dumps({"text": "A fourth article about a treaty."}),
        ]
        items = list(read_jsonl("\n".join(lines).encode(), "batch.jsonl"))
        assert [isinstance(item, Skipped) for item in items] == [False, True, True, False]
        assert "NUL character" in items[1].reason and items[1].origin == "batch.jsonl:2"

    def test_a_publication_date_that_is_not_a_date_is_refused(self) -> None:
        for bad in ("yesterday", "2025-13", "2025-02-30"):
            line = json.dumps({"text": "t", "published": bad}).encode()
            [item] = list(read_jsonl(line, "x"))
            assert isinstance(item, Skipped) and "not an ISO date" in item.reason


class TestLanguages:
    def test_a_language_without_a_vocabulary_is_named_and_given_no_other_rules(self, matcher: Any) -> None:
        text = (
            "Republika Slovenija je Konvencijo o kasetnem strelivu podpisala 3. decembra 2008 v Oslu "
            "in jo ratificirala leta 2009, je sporočilo ministrstvo za zunanje zadeve."
        )
        analysis = analyse(raw(text), matcher)
        assert analysis.language == "sl" and not analysis.readable
        assert analysis.facts == [] and analysis.action == ""

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Magyarország kilép a Nemzetközi Büntetőbíróságból, döntött az Országgyűlés kedden.", "hu"),
            ("Lietuvos Seimas nubalsavo pasitraukti iš Kasetinių šaudmenų konvencijos.", "lt"),
            ("Eduskunta hyväksyi Suomen eroamisen Ottawan sopimuksesta torstaina.", "fi"),
            ("Riigikogu kiitis heaks Eesti lahkumise Ottawa konventsioonist.", "et"),
            ("Saeima nobalsoja par izstāšanos no Otavas konvencijas.", "lv"),
            ("Venezuela denunció la Convención Americana sobre Derechos Humanos en septiembre.", "es"),
        ],
    )
    def test_languages_outside_the_first_five_are_identified(
        self, text: str, code: str, matcher: Any
    ) -> None:
        analysis = analyse(raw(text), matcher)
        assert analysis.language == code and analysis.readable


pytestmark_db = pytest.mark.django_db


@pytest.mark.django_db
class TestGroupingAndSources:
    def jsonl(self, tmp_path: Path, records: list[dict[str, str]]) -> Path:
        path = tmp_path / "batch.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
        return path

    def test_within_one_batch_articles_years_apart_do_not_merge(
        self, reference_data: Any, tmp_path: Path
    ) -> None:
        from custodiet.intake.models import Document
        from custodiet.intake.services import intake_add

        story = (
            "Russia announced its withdrawal from the European Convention on Human Rights, officials said {}."
        )
        path = self.jsonl(
            tmp_path,
            [
                {"text": story.format("in March"), "published": "2022-03-15"},
                {"text": story.format("in June"), "published": "2022-06-01"},
                {"text": story.format("again"), "published": "2025-03-01"},
            ],
        )
        intake_add(paths=[path])
        events = list(Document.objects.order_by("pk").values_list("event", flat=True))
        assert events[0] == events[1] != events[2]

    def test_a_truncated_copy_under_another_header_counts_once(
        self, reference_data: Any, tmp_path: Path
    ) -> None:
        from custodiet.intake.models import Document, Event
        from custodiet.intake.services import intake_add

        body = " ".join(
            f"Sentence {i} of the report says that the Hungarian parliament voted to leave the International "
            f"Criminal Court and that the withdrawal takes effect one year later."
            for i in range(12)
        )
        truncated = "Our correspondent reports.\n" + body[: len(body) // 2]
        path = self.jsonl(
            tmp_path,
            [
                {"text": body, "published": "2025-05-20", "url": "https://one.example/a"},
                {"text": truncated, "published": "2025-05-21", "url": "https://two.example/b"},
            ],
        )
        intake_add(paths=[path])
        first, copy = Document.objects.order_by("pk")
        assert copy.duplicate_of == first and copy.source_key == first.source_key
        assert Event.objects.get().source_count == 1

    def test_a_wire_story_run_by_two_outlets_counts_once(self, reference_data: Any, tmp_path: Path) -> None:
        from custodiet.intake.models import Document, Event
        from custodiet.intake.services import intake_add

        path = self.jsonl(
            tmp_path,
            [
                {
                    "text": "BUDAPEST, May 20 (Reuters) - Hungary's parliament voted on Tuesday to withdraw from the "
                    "International Criminal Court, the first EU member to do so.",
                    "published": "2025-05-20",
                    "url": "https://one.example/news/1",
                },
                {
                    "text": "BUDAPEST (Reuters) - Lawmakers in Hungary approved the country's exit from the ICC "
                    "on Tuesday in a vote of 134 to 37, a step the government announced in April.",
                    "published": "2025-05-20",
                    "url": "https://two.example/world/2",
                },
                {
                    "text": "Hungary's National Assembly approved leaving the International Criminal Court, our "
                    "reporter in Budapest writes; the opposition voted against the withdrawal.",
                    "published": "2025-05-21",
                    "url": "https://three.example/3",
                },
            ],
        )
        intake_add(paths=[path])
        assert set(Document.objects.values_list("wire", flat=True)) == {"Reuters", ""}
        event = Event.objects.get()
        assert (event.document_count, event.source_count) == (3, 2)

    def test_the_raw_bytes_are_kept_under_their_hash(self, reference_data: Any, tmp_path: Path) -> None:
        from custodiet.intake import rawstore
        from custodiet.intake.models import Document
        from custodiet.intake.services import intake_add

        path = tmp_path / "a.txt"
        path.write_text("The Sejm voted to leave the Ottawa Convention on 20 February 2025, lawmakers said.")
        intake_add(paths=[path])
        document = Document.objects.get()
        assert rawstore.get(document.sha256) == path.read_bytes()
