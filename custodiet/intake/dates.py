"""Dates in text: finding them, knowing how precise they are, and resolving the relative ones.

A ``DateValue`` may be a full day, a month, a year, a day and month whose year is
not stated, or a bare weekday ("on Saturday"). Relative expressions are resolved
against the document's publication date, or, where that is unknown, against the
latest full date the document itself states; every value obtained that way is
marked inferred, with a note that says from what. A weekday or a yearless date
that nothing in the document can anchor stays as it is, unresolved, rather than
being given a guessed year.

Month and weekday names are the language's own (``vocabulary``: its data file
and CLDR; the patterns built from them are in ``datepatterns``); numeric dates (``29.09.2025``, ``2025-09-29``, ``2025年9月29日``) are read
in every language. Where candidate dates overlap, the longest wins ("Protocols
Nos. 1 and 2 of November 4, 1993" is 4 November 1993, not "2 November"). A
publication date may itself be partial ("2025-05"): a day and month are then given
the latest year that puts them on or before its end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from custodiet.intake import notes, vocabulary
from custodiet.intake import relative as relative_words
from custodiet.intake.datepatterns import DIGIT, FULL_KINDS, Patterns, patterns_for, value_of
from custodiet.intake.datepatterns import month_number as month_number
from custodiet.intake.datepatterns import number_value as number_value
from custodiet.intake.datepatterns import weekday_number as weekday_number
from custodiet.intake.datevalue import MAX_YEAR as MAX_YEAR
from custodiet.intake.datevalue import MIN_YEAR as MIN_YEAR
from custodiet.intake.datevalue import MONTH_NAMES as MONTH_NAMES
from custodiet.intake.datevalue import PRECISION_RANK as PRECISION_RANK
from custodiet.intake.datevalue import WEEKDAY_NAMES as WEEKDAY_NAMES
from custodiet.intake.datevalue import DateMention as DateMention
from custodiet.intake.datevalue import DateValue as DateValue
from custodiet.intake.datevalue import Precision as Precision
from custodiet.intake.datevalue import nearest_year as nearest_year
from custodiet.intake.datevalue import next_year as next_year
from custodiet.intake.datevalue import past_year as past_year
from custodiet.intake.datevalue import valid_day

LATER_REACH = 200  # "two years later" refers to a year stated at most this many characters before
LATER_JOIN = 8  # "two years later, on ...": an offset this close before a written date is that date
WEEKDAY_JOIN = re.compile(r"^,?\s*(?:the\s+)?$")  # between a weekday and its date: "Tuesday, May 20"


class _Mentions:
    """The mentions found so far in one text, and the characters they already cover."""

    def __init__(self, text: str, patterns: Patterns) -> None:
        self.text = text
        self.patterns = patterns
        self.taken = bytearray(len(text) + 1)  # 1 for every character a mention covers: linear in the text
        self.found: list[DateMention] = []

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0

    def add(self, mention: DateMention) -> None:
        """Keep a mention, marked ``since`` where the words around it say "since"."""
        self.taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        before = self.text[max(0, mention.start - 40) : mention.start]
        after = self.text[mention.end : mention.end + 30]
        since = bool(self.patterns.since_before.search(before) or self.patterns.since_after.search(after))
        self.found.append(replace(mention, since=since))

    def add_if_free(
        self,
        match: re.Match[str],
        value: DateValue,
        relative: str = "",
        *,
        offset_years: int = 0,
        day: int = 0,
    ) -> None:
        """Keep what ``match`` found unless an earlier, longer mention already covers part of it."""
        if self.free(*match.span()):
            self.add(
                DateMention(
                    match.start(),
                    match.end(),
                    match.group(0),
                    value,
                    relative=relative,
                    offset_years=offset_years,
                    day=day,
                )
            )


def find_dates(text: str, language: str = "en") -> list[DateMention]:
    """Every date expression in ``text`` in a language's words, the longest where they overlap, in order."""
    patterns = patterns_for(language)
    mentions = _Mentions(text, patterns)
    if DIGIT.search(text):
        _find_written(mentions, language)
    _find_partial(mentions, language)
    found = sorted(mentions.found, key=lambda mention: mention.start)
    found = _periods(text, found, patterns)
    return _joined_weekdays(text, _month_of_year_word(text, _explicit_over_later(text, found)))


def _find_written(mentions: _Mentions, language: str) -> None:
    """Full dates with digits ("29 September 2025", "2025-09-29"), then years standing alone."""
    text, patterns = mentions.text, mentions.patterns
    candidates: list[tuple[int, int, str, DateValue]] = []
    for kind in FULL_KINDS:
        for match in patterns.full[kind].finditer(text):
            value = value_of(kind, match, language)
            if value is not None:
                candidates.append((match.start(), match.end(), match.group(0), value))
    # The longest candidate wins where two overlap; then the one with a year; then the first.
    for start, end, written, value in sorted(
        candidates, key=lambda c: (-(c[1] - c[0]), c[3].year is None, c[0])
    ):
        if mentions.free(start, end):
            relative = "day_month" if value.precision == "day_month" else ""
            mentions.add(DateMention(start, end, written, value, relative=relative))
    for match in patterns.year.finditer(text):
        mentions.add_if_free(match, DateValue(int(match.group("y"))))


def _find_partial(mentions: _Mentions, language: str) -> None:
    """What a text says of a date without a full one: a day or month alone, a weekday, "yesterday",
    "last year", "two years later"; each resolved later against what the document states."""
    text, patterns = mentions.text, mentions.patterns
    if patterns.day_alone is not None:
        for match in patterns.day_alone.finditer(text):
            if 1 <= int(match.group("d")) <= 31:
                mentions.add_if_free(match, DateValue(), relative="day_only", day=int(match.group("d")))
    for match in patterns.month_alone.finditer(text):
        month = month_number(match.group("m"), language)
        start, end = match.span("m")
        if (
            month is not None
            and mentions.free(start, end)
            and not (language == "en" and match.group("m").islower())
        ):
            mentions.add(
                DateMention(start, end, match.group("m"), DateValue(), relative="month", month=month)
            )
    if patterns.weekday is not None:
        for match in patterns.weekday.finditer(text):
            weekday = weekday_number(match.group("w"), language)
            if weekday is not None and mentions.free(*match.span()):
                mentions.add(
                    DateMention(
                        match.start(),
                        match.end(),
                        match.group(0),
                        DateValue(weekday=weekday),
                        relative="weekday",
                        strictly_before=bool(match.group("last")),
                    )
                )
    spans = relative_words.find(text, language)
    # "That same day", "the next day" may hold the word for "today" (Georgian "იმავე დღეს", "მეორე დღეს"):
    # the longer phrase is kept, and counted from the date before it, not from the publication.
    for span in spans:
        if span.kind == "days_later" and mentions.free(span.start, span.end):
            mentions.add(
                DateMention(
                    span.start, span.end, span.text, DateValue(), relative=span.kind, offset_days=span.offset
                )
            )
    if patterns.day_word is not None:
        for match in patterns.day_word.finditer(text):
            mentions.add_if_free(match, DateValue(), relative="day_word")
    for span in spans:
        if span.kind != "days_later" and mentions.free(span.start, span.end):
            mentions.add(
                DateMention(
                    span.start,
                    span.end,
                    span.text,
                    DateValue(),
                    relative=span.kind,
                    offset_years=span.offset,
                    month=span.month,
                )
            )
    if patterns.later is not None:
        for match in patterns.later.finditer(text):
            count = number_value(match.group("n"), language)
            if count:
                mentions.add_if_free(match, DateValue(), relative="later", offset_years=count)


def _periods(text: str, found: list[DateMention], patterns: Patterns) -> list[DateMention]:
    """ "Between 2020 and 2023", "from 2014 to 2016": both ends of a period are marked like a "since"
    date, for a lasting state only, never the day of a step. Only years: "from 1 July" is a day."""
    if patterns.range_before is None or patterns.range_and is None:
        return found
    marked = list(found)
    for index in range(len(found) - 1):
        first, second = found[index], found[index + 1]
        if (
            first.value.precision == "year"
            and second.value.precision == "year"
            and patterns.range_and.match(text[first.end : second.start])
            and patterns.range_before.search(text[max(0, first.start - 30) : first.start])
        ):
            marked[index], marked[index + 1] = replace(first, since=True), replace(second, since=True)
    return marked


def _month_of_year_word(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "In July of last year", "w marcu tego roku", "keçən ilin iyulu": a month and its year word are
    one mention."""
    kept: list[DateMention] = []
    for mention in found:
        previous = kept[-1] if kept else None
        pair = _month_and_year_word(text, previous, mention) if previous is not None else None
        if pair is None:
            kept.append(mention)
            continue
        assert previous is not None
        month, year_word = pair
        kept[-1] = replace(
            month,
            month=month.month or (month.value.month or 0),
            start=previous.start,
            end=mention.end,
            text=text[previous.start : mention.end],
            relative="month_year_word",
            offset_years=year_word.offset_years,
        )
    return kept


def _month_and_year_word(
    text: str, first: DateMention, second: DateMention
) -> tuple[DateMention, DateMention] | None:
    """The month and the year word of two neighbouring mentions that are one date ("July of last year";
    Azerbaijani writes the year word first: "keçən ilin iyulu"), else None."""
    between = text[first.end : second.start]
    if first.relative in ("month", "day_month") and second.relative == "year_word":
        return (first, second) if relative_words.MONTH_JOIN.match(between) else None
    if first.relative == "year_word" and second.relative in ("month", "day_month") and not between.strip():
        return second, first
    return None


def _explicit_over_later(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "one year later, on September 6, 2013": the date written out says it; the offset is dropped."""
    kept: list[DateMention] = []
    for index, mention in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            mention.relative == "later"
            and following is not None
            and following.value.year is not None
            and len(text[mention.end : following.start]) <= LATER_JOIN
        ):
            continue
        kept.append(mention)
    return kept


def _joined_weekdays(text: str, found: list[DateMention]) -> list[DateMention]:
    """A weekday right before a date is part of it ("Tuesday, May 20"): one mention that knows its weekday."""
    joined: list[DateMention] = []
    skip = False
    for index, here in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if skip:
            skip = False
            continue
        if (
            following is not None
            and here.relative == "weekday"
            and following.value.day is not None
            and WEEKDAY_JOIN.match(text[here.end : following.start])
        ):
            value = following.value
            if value.year is None:
                value = DateValue(None, value.month, value.day, here.value.weekday)
            joined.append(
                replace(following, start=here.start, text=text[here.start : following.end], value=value)
            )
            skip = True
            continue
        joined.append(here)
    return joined


def anchor_of(mentions: list[DateMention]) -> date | None:
    """The latest full date among ``mentions`` stated explicitly (not inferred)."""
    days = [m.value.as_date() for m in mentions if not m.relative and not m.inferred]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def _month_alone(
    mention: DateMention, published: DateValue | None, latest: date | None, anchor: date | None
) -> DateMention:
    """A month named alone: the last such month on or before the publication date, else the one
    nearest to the date the document states for its event; unresolved (and unused) otherwise."""
    month = mention.month
    if latest is not None and published is not None and published.year is not None:
        year = latest.year if month <= latest.month else latest.year - 1
        note = notes.YEAR_FROM_PUBLICATION % {"year": year, "published": published.iso()}
    elif anchor is not None:
        year = nearest_year(month, 15, anchor) or anchor.year
        note = notes.YEAR_FROM_EVENT_DATE % {"year": year, "anchor": anchor.isoformat()}
    else:
        return mention
    return _inferred(mention, DateValue(year, month), note)


def _inferred(mention: DateMention, value: DateValue, note: str) -> DateMention:
    """The mention resolved to ``value``, marked inferred with a note that says from what."""
    return replace(mention, value=value, relative="", inferred=True, note=note)


def _relative_day(word: str, base: date, language: str) -> date | None:
    """'yesterday', 'вчера', 'tegnap' ...: the language's offset in days from ``base``."""
    lexicon = vocabulary.load(language)
    offset = lexicon.relative_days.get(word.lower()) if lexicon is not None else None
    return base + timedelta(days=offset) if offset is not None else None


def resolve(
    mentions: list[DateMention],
    *,
    published: DateValue | date | None,
    anchor: date | None,
    language: str = "en",
    anchor_year: int | None = None,
    carried_year: tuple[int, int] | None = None,
) -> list[DateMention]:
    """Resolve relative mentions against the publication date, else the anchor the caller gives.

    ``carried_year``: the last year the previous paragraph states and how many characters before this
    paragraph it ends, so that "in the same year", "two years later" opening a paragraph refer to it
    (within ``LATER_REACH`` characters, counted across the break as within a paragraph).

    ``published`` may be partial (a month, a year): a day and month then take the latest year
    that puts them on or before its end; weekdays and day words need a full day. ``anchor`` is a
    date the document states on its own event (see ``extraction``), never a background date.
    Mentions that neither can anchor are returned unchanged (still relative).
    """
    if isinstance(published, date):
        published = DateValue(published.year, published.month, published.day)
    published_day = published.as_date() if published is not None else None
    latest = published.latest_day() if published is not None else None
    resolved: list[DateMention] = []
    # (year, end offset) of the last mention with a year; one in the previous paragraph ends before 0
    previous: tuple[int, int] | None = (carried_year[0], -carried_year[1]) if carried_year else None
    previous_day: tuple[date, int] | None = None  # (day, end offset) of the last mention of a full day
    for mention in mentions:
        if mention.relative == "days_later":
            mention = _days_later(mention, previous_day)
        mention = _resolved(mention, previous, published, published_day, latest, anchor, language)
        if mention.relative in ("month", "season") and anchor is None and anchor_year is not None:
            mention = _inferred(
                mention,
                DateValue(anchor_year, mention.month if mention.relative == "month" else None),
                notes.YEAR_FROM_EVENT_YEAR % {"year": anchor_year},
            )
        if mention.relative == "day_month" and anchor is None and anchor_year is not None:
            assert mention.value.month is not None and mention.value.day is not None
            if valid_day(anchor_year, mention.value.month, mention.value.day):
                mention = _inferred(
                    mention,
                    DateValue(anchor_year, mention.value.month, mention.value.day),
                    notes.YEAR_FROM_EVENT_YEAR % {"year": anchor_year},
                )
        if mention.value.year is not None:
            previous = (mention.value.year, mention.end)
        if mention.value.as_date() is not None:
            previous_day = (mention.value.as_date() or date.min, mention.end)
        resolved.append(mention)
    return resolved


def _resolved(
    mention: DateMention,
    previous: tuple[int, int] | None,
    published: DateValue | None,
    published_day: date | None,
    latest: date | None,
    anchor: date | None,
    language: str,
) -> DateMention:
    value = mention.value
    if mention.relative == "month_year_word" and (published is None or published.year is None):
        # "21 listopada br." with no publication date: the year word has nothing to count from; the day
        # and month are read as if it were not there (from a date the document states on its event).
        mention = replace(mention, relative="day_month" if value.day is not None else "month")
    if mention.relative in RELATIVE_KINDS:
        return _relative_resolved(mention, previous, published, latest, anchor)
    # "On Thursday", "yesterday": counted from the day the article speaks from, its publication day;
    # never from another date it states, which is not the article's "now".
    day_base = published_day
    if mention.relative == "later":
        if previous is not None and mention.start - previous[1] <= LATER_REACH:
            year = previous[0] + mention.offset_years
            return _inferred(
                mention,
                DateValue(year),
                notes.YEARS_AFTER % {"years": mention.offset_years, "year": previous[0]},
            )
        return mention
    if mention.relative == "month":
        return _month_alone(mention, published, latest, anchor)
    if mention.relative == "day_month":
        assert value.month is not None and value.day is not None
        if latest is not None and published is not None and published.year is not None:
            past = past_year(value.month, value.day, latest)
            if past is None:
                return mention  # no plausible year before the publication: left without one
            year = past
            note = notes.YEAR_FROM_PUBLICATION % {"year": year, "published": published.iso()}
        elif anchor is not None:
            found = nearest_year(value.month, value.day, anchor, value.weekday)
            if found is None:
                return mention
            year = found
            note = notes.YEAR_FROM_EVENT_DATE % {"year": year, "anchor": anchor.isoformat()}
        else:
            return mention
        return _inferred(mention, DateValue(year, value.month, value.day), note)
    if day_base is None:
        return mention
    if mention.relative == "weekday":
        assert value.weekday is not None
        latest = day_base - timedelta(days=1) if mention.strictly_before else day_base
        day = latest - timedelta(days=(latest.weekday() - value.weekday) % 7)
        return _inferred(
            mention,
            DateValue(day.year, day.month, day.day),
            (
                notes.WEEKDAY_STRICTLY_BEFORE_PUBLICATION
                if mention.strictly_before
                else notes.WEEKDAY_BEFORE_PUBLICATION
            )
            % {"weekday": WEEKDAY_NAMES[value.weekday], "published": day_base.isoformat()},
        )
    if mention.relative == "day_only":
        found_day = relative_words.day_of_month(mention.day, day_base)
        if found_day is not None:
            return _inferred(
                mention,
                DateValue(found_day.year, found_day.month, found_day.day),
                notes.DAY_OF_MONTH_BEFORE_PUBLICATION
                % {"day": mention.day, "published": day_base.isoformat()},
            )
    if mention.relative == "day_word":
        found_day = _relative_day(mention.text, day_base, language)
        if found_day is not None:
            return _inferred(
                mention,
                DateValue(found_day.year, found_day.month, found_day.day),
                notes.WORDS_FROM_PUBLICATION % {"words": mention.text, "published": day_base.isoformat()},
            )
    return mention


RELATIVE_KINDS = frozenset({"year_word", "month_word", "month_year_word", "season", "same_year"})


def _relative_resolved(
    mention: DateMention,
    previous: tuple[int, int] | None,
    published: DateValue | None,
    latest: date | None,
    anchor: date | None,
) -> DateMention:
    """ "Last year", "this month", "in July of last year", "in the autumn", "the same year"."""
    near = previous is not None and mention.start - previous[1] <= LATER_REACH
    found = relative_words.resolve_span(
        mention.relative,
        mention.offset_years,
        mention.month,
        previous_year=previous[0] if previous is not None and near else None,
        published_iso=published.iso() if published is not None else "",
        latest=latest if published is not None and published.year is not None else None,
        anchor=anchor,
    )
    if found is None:
        return mention
    year, month, note = found
    day = mention.value.day  # "21 listopada br.": a day and month in the year the word names
    if day is not None and month is not None and not valid_day(year, month, day):
        return mention
    value = DateValue(year, month, day if month is not None else None)
    return _inferred(mention, value, note)


def _days_later(mention: DateMention, previous_day: tuple[date, int] | None) -> DateMention:
    """ "A week later", "tydzień później", "le lendemain": counted from the full date stated just before
    (at most ``LATER_REACH`` characters before); unresolved otherwise. "That day", "the same day",
    "aznap" (no days) point back to the last full day the paragraph states, however far before."""
    if previous_day is None:
        return mention
    if mention.offset_days and mention.start - previous_day[1] > LATER_REACH:
        return mention
    day = previous_day[0] + timedelta(days=mention.offset_days)
    return _inferred(
        mention,
        DateValue(day.year, day.month, day.day),
        notes.WORDS_FROM_DAY_BEFORE % {"words": mention.text, "anchor": previous_day[0].isoformat()},
    )
