"""Dates, facts, counts, near-duplicates, claims and the legal check: the pure rules."""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from custodiet.intake import dedup
from custodiet.intake.analysis import analyse
from custodiet.intake.claims import Claim, compare
from custodiet.intake.counts import find_counts
from custodiet.intake.dates import DateValue, anchor_of, find_dates, resolve
from custodiet.intake.extraction import EffectClaim, split_sentences
from custodiet.intake.language import detect
from custodiet.intake.legal import check_effect
from custodiet.intake.sources import read_paths
from custodiet.treaties.reference import load_instruments

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def facts_of(name: str, matcher: Any) -> dict[str, str]:
    [raw] = [item for item in read_paths([FIXTURES / name]) if hasattr(item, "body")][:1]
    analysis = analyse(raw, matcher)  # type: ignore[arg-type]
    return {f.attribute: (f.value.iso() if f.value else str(f.count)) for f in analysis.facts}


class TestDates:
    def test_it_reads_dates_in_five_languages(self) -> None:
        for text, language, expected in [
            ("on September 29, 2025", "en", "2025-09-29"),
            ("29 сентября 2025 года", "ru", "2025-09-29"),
            ("29 вересня 2025 року", "uk", "2025-09-29"),
            ("am 29. September 2025", "de", "2025-09-29"),
            ("le 29 septembre 2025", "fr", "2025-09-29"),
            ("in February 1996", "en", "1996-02"),
            ("в 1998 году", "ru", "1998"),
            ("29.09.2025", "en", "2025-09-29"),
        ]:
            assert [m.value.iso() for m in find_dates(text, language)] == [expected], text

    def test_a_weekday_resolves_to_the_one_before_the_publication_date(self) -> None:
        found = resolve(
            find_dates("signed on Saturday, made public on Monday"), published=date(2025, 8, 26), anchor=None
        )
        assert [m.value.iso() for m in found] == ["2025-08-23", "2025-08-25"]
        assert all(m.inferred for m in found)

    def test_without_a_publication_date_a_yearless_date_takes_the_year_of_a_stated_date(self) -> None:
        mentions = find_dates("approved on September 17; signed on September 29, 2025")
        found = resolve(mentions, published=None, anchor=anchor_of(mentions))
        assert found[0].value.iso() == "2025-09-17" and found[0].inferred and "2025-09-29" in found[0].note

    def test_with_nothing_to_anchor_it_a_weekday_stays_a_weekday(self) -> None:
        [mention] = resolve(find_dates("on Saturday"), published=None, anchor=None)
        assert mention.value == DateValue(weekday=5) and not mention.inferred

    def test_n_years_later_counts_from_the_year_just_stated(self) -> None:
        found = resolve(
            find_dates("signed in February 1996 and ratified two years later"), published=None, anchor=None
        )
        assert [m.value.iso() for m in found] == ["1996-02", "1998"] and found[1].inferred

    def test_compatibility(self) -> None:
        assert DateValue(2025, 8, 25).compatible(DateValue(month=8, day=25))
        assert not DateValue(2025, 8, 25).compatible(DateValue(weekday=5))  # a Monday is not a Saturday
        assert DateValue(1996, 2).compatible(DateValue(1996))


class TestSentencesAndCounts:
    def test_abbreviations_and_initials_do_not_end_a_sentence(self) -> None:
        sentences = [
            s for _o, s in split_sentences("Protocols No. 1 and No. 2 were signed. Prof. A. Smith said so.")
        ]
        assert sentences == ["Protocols No. 1 and No. 2 were signed.", "Prof. A. Smith said so."]

    def test_counts_in_several_languages(self) -> None:
        assert find_counts("made 30 visits and drafted 27 reports, only four of which were published") == [
            ("reports_published", 4, "four of which were published"),
            ("visits_made", 30, "30 visits"),
            ("reports_written", 27, "27 reports"),
        ]
        assert ("visits_made", 30, "30 визитов") in find_counts("комитет совершил 30 визитов", "ru")
        assert ("reports_published", 4, "оприлюднено лише 4") in find_counts("оприлюднено лише 4", "uk")

    def test_years_are_not_counts(self) -> None:
        assert find_counts("during its 27 years in the convention") == []


class TestDocuments:
    def test_a_russian_article(self, matcher: Any) -> None:
        facts = facts_of("ru_denunciation.txt", matcher)
        assert facts["lower_house_approval"] == "2025-09-17"
        assert facts["upper_house_approval"] == "2025-09-24"
        assert facts["bill_submitted"] == "2025-09-08"
        assert facts["signature"] == "1996-02" and facts["ratification"] == "1998"
        assert facts["visits_made"] == "30" and facts["reports_written"] == "27"

    def test_a_ukrainian_html_page(self, matcher: Any) -> None:
        facts = facts_of("uk_denunciation.html", matcher)
        assert facts["law_signed"] == "2025-09-29"
        assert facts["lower_house_approval"] == "2025-09-17"
        assert facts["upper_house_approval"] == "2025-09-24"
        assert facts["reports_published"] == "4"

    def test_languages_are_told_apart(self) -> None:
        assert detect("Государственная дума единогласно одобрила закон о денонсации конвенции.") == "ru"
        assert (
            detect("Державна дума схвалила закон про денонсацію конвенції, повідомляють правозахисники.")
            == "uk"
        )
        assert (
            detect("The State Duma unanimously approved the law on the denunciation of the convention.")
            == "en"
        )
        assert (
            detect("Die Staatsduma hat das Gesetz über die Kündigung des Übereinkommens gebilligt.") == "de"
        )
        assert (
            detect("La Douma d'État a approuvé la loi portant dénonciation de la convention européenne.")
            == "fr"
        )


class TestNearDuplicates:
    story = " ".join(f"word{i} about the convention and the committee visits" for i in range(60))

    def test_the_same_story_with_a_different_ending_is_a_near_duplicate(self) -> None:
        groups = dedup.group_pairs(
            [
                ("a", self.story),
                ("b", self.story + " Read the full story on our site."),
                ("c", "A different story entirely, about a prison inspection in another country."),
            ]
        )
        assert groups == {"a": "a", "b": "a", "c": "c"}

    def test_a_truncated_copy_under_another_header_is_a_near_duplicate(self) -> None:
        words = self.story.split()
        truncated = "Breaking news from our correspondent. " + " ".join(words[: len(words) // 3])
        assert dedup.group_pairs([("a", self.story), ("b", truncated)])["b"] == "a"
        mine, theirs = set(dedup.fingerprints(self.story)), set(dedup.fingerprints(truncated))
        assert dedup.containment(len(mine & theirs), len(mine), len(theirs)) >= dedup.CONTAINMENT

    def test_two_stories_on_one_event_that_share_a_quote_are_not_copies(self) -> None:
        quote = "the law on the denunciation of the convention was signed by the president today"
        first = f"{quote}. " + " ".join(f"alpha{i} reported from the capital" for i in range(40))
        second = f"{quote}. " + " ".join(f"beta{i} wrote from another city" for i in range(40))
        assert dedup.group_pairs([("a", first), ("b", second)])["b"] == "b"

    def test_fingerprints_stored_by_earlier_versions_are_read_the_same(self) -> None:
        # Eight bytes each, big-endian: the layout documents already in a database carry.
        stored = bytes.fromhex("000000000000000100000000000000ff7fffffffffffffff")
        assert dedup.unpack(stored) == (1, 255, (1 << 63) - 1)
        assert dedup.pack([1, 255, (1 << 63) - 1]) == stored
        prints = dedup.fingerprints(self.story)
        assert dedup.unpack(dedup.pack(prints)) == tuple(prints)

    def test_shared_fingerprints_are_counted_from_the_stored_bytes(self) -> None:
        words = self.story.split()
        truncated = " ".join(words[: len(words) // 3])
        mine, theirs = set(dedup.fingerprints(truncated)), dedup.fingerprints(self.story)
        assert dedup.shared(mine, dedup.pack(theirs)) == (len(mine & set(theirs)), len(theirs))
        assert dedup.shared(mine, dedup.pack([])) == (0, 0)


def claim(
    source: str, value: DateValue | None = None, count: int | None = None, attribute: str = "a"
) -> Claim:
    return Claim(attribute, "X", source, int(source), "s", "q", value=value, count=count)


class TestClaims:
    def test_the_same_value_from_two_sources_is_corroborated_once_per_source(self) -> None:
        [finding] = compare([claim("1", count=30), claim("2", count=30), claim("2", count=30)])
        assert finding.corroborated and finding.readings[0].sources == 2

    def test_different_values_are_a_contradiction(self) -> None:
        [finding] = compare([claim("1", count=27), claim("2", count=30)])
        assert finding.contradiction and len(finding.readings) == 2

    def test_a_yearless_day_takes_the_year_another_source_gives(self) -> None:
        [finding] = compare([claim("1", DateValue(month=9, day=17)), claim("2", DateValue(2025, 9, 17))])
        assert finding.corroborated and finding.value == DateValue(2025, 9, 17)

    def test_a_weekday_against_a_date_on_another_weekday_is_a_contradiction(self) -> None:
        [finding] = compare([claim("1", DateValue(weekday=5)), claim("2", DateValue(2025, 8, 25))])
        assert finding.contradiction


class TestLegalEffect:
    spec = load_instruments()["ETS-126"]
    steps = {"lower_house_approval": date(2025, 9, 17), "law_signed": date(2025, 9, 29)}

    def test_counting_from_a_domestic_step_is_inconsistent(self) -> None:
        check = check_effect(
            EffectClaim(anchor="lower_house_approval", anchor_text="the Duma's approval", years=1),
            self.spec,
            steps=self.steps,
        )
        assert check.verdict == "inconsistent" and check.article == "Article 22"
        assert check.claimed_on == date(2026, 9, 17) and check.rule_on == date(2026, 10, 1)

    def test_a_date_the_rule_can_give_is_consistent(self) -> None:
        check = check_effect(EffectClaim(date=DateValue(2026, 11, 1)), self.spec, steps=self.steps)
        assert check.verdict == "consistent"

    def test_a_date_the_rule_cannot_give_is_inconsistent(self) -> None:
        check = check_effect(EffectClaim(date=DateValue(2026, 9, 29)), self.spec, steps=self.steps)
        assert check.verdict == "inconsistent"

    def test_one_year_after_the_notification_is_approximately_the_rule(self) -> None:
        check = check_effect(
            EffectClaim(anchor="notification", anchor_text="notification", years=1), self.spec, steps={}
        )
        assert check.verdict == "approximate"


@pytest.mark.parametrize("text", ["", "   \n", "\x00\x01binary"])
def test_inputs_without_text_are_skipped(text: str) -> None:
    from custodiet.intake.sources import Skipped, read_bytes

    [item] = list(read_bytes(text.encode(), "x"))
    assert isinstance(item, Skipped)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_text_with_its_mark_is_read_not_taken_for_binary(encoding: str) -> None:
    """Windows saves "Unicode" text as UTF-16 with a byte-order mark: every other byte is a NUL."""
    import codecs

    from custodiet.intake.sources import RawDocument, read_bytes

    text = "Государственная Дума приняла закон о денонсации Конвенции 29 сентября 2025 года."
    data = text.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own mark; the others need one
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    [item] = list(read_bytes(data, "x.txt"))
    assert isinstance(item, RawDocument) and item.body == text


class TestDatesAtTheEdgeOfThePlausibleYears:
    """A day and month resolved against a publication date at the edge of the years the intake reads
    (1800 to 2100) has no year to take: it stays without one. The search for one once never ended, and a
    single document stalled a worker."""

    def test_no_year_before_1800_or_after_2100_is_searched_for(self) -> None:
        from custodiet.intake.datevalue import next_year, past_year

        assert past_year(5, 5, date(1800, 1, 1)) is None
        assert next_year(7, 1, date(2100, 12, 31)) is None
        assert past_year(2, 29, date(2025, 3, 1)) == 2024
        assert past_year(2, 29, date(1904, 2, 28)) == 1896
        assert next_year(2, 29, date(2097, 3, 1)) is None  # 2100 is not a leap year
        assert next_year(7, 1, date(2025, 7, 2)) == 2026

    @pytest.mark.parametrize(
        ("published", "text"),
        [
            ("1800-01-01", "On 5 May the State Duma approved the law on the denunciation of the ECPT."),
            ("1800-01", "On 5 May the State Duma approved the law on the denunciation of the ECPT."),
            ("2100-12-31", "The denunciation of the ECPT by Russia takes effect on 1 July."),
        ],
    )
    def test_a_document_dated_at_the_edge_is_analysed_and_its_day_left_without_a_year(
        self, published: str, text: str, matcher: Any
    ) -> None:
        from custodiet.intake.sources import RawDocument

        raw = RawDocument(
            origin="edge",
            sha256="0" * 64,
            size=len(text),
            format="text",
            body=text,
            published=DateValue.parse(published),
            language="en",
        )
        analysis = analyse(raw, matcher)
        assert all(fact.value is None or 1800 <= (fact.value.year or 1800) <= 2100 for fact in analysis.facts)
