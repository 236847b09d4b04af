"""Extracting dated facts and counts from an article's cleaned text, in the article's language.

Facts are the steps of a treaty's life and of the legislative process (see
``steps``), plus the counts articles report. The words of each step are the
language's own (``vocabulary``); a document in a language without a vocabulary
yields no fact, rather than facts read with another language's rules.

Within a sentence each date goes to the step whose word governs it: a date right
after a step word ("signed on 28 February 1996") is bound to it; otherwise to the
nearest step word, a comma counting as a clause's distance. A date that names a
document ("the Protocols of 4 November 1993", "the decree of 23 August") goes only
to a step of a document (its adoption, the decree, the law), never to a signature
or a ratification. "Signed" whose object is a law or a decree is the law's or the
decree's signing, not the treaty's. A date introduced by "since" only goes to a
lasting state ("a signatory since 1996") or to a clause that names the moment.
A date that says what a document bears ("an instrument of denunciation ..., dated
6 September 2012") goes to the step word just before it, and the date of a cleft
sentence ("It was only in 2011 ... that the Philippines became a member") to the
first step word after its "that", whatever clauses lie between.

Years of days and months that no publication date anchors are taken from the
document's own dates on its event (the steps of its kind of action), never from
background dates: the text is read twice, the second time with that anchor.
"""

# ruff: noqa: RUF001, RUF002  # Cyrillic and Turkish letters and typographic dashes and quotes are the point: texts use them

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, TypeVar

from custodiet.intake import dates as dates_module
from custodiet.intake import notes
from custodiet.intake.counts import find_counts, speaks_of_counts
from custodiet.intake.dates import DateMention, DateValue
from custodiet.intake.entities import Matcher, Mention
from custodiet.intake.sentences import split_sentences as split_sentences
from custodiet.intake.steps import (
    ACTION_STEPS,
    ATTRIBUTES,
    DOCUMENT_STEPS,
    EVENT_STEPS,
)
from custodiet.intake.triggers import CLAUSE_BREAK, Rules, Trigger, find_triggers, rules_for

MAX_GAP = 90  # characters between a date and the word of its step
CLAUSE_PENALTY = 30  # a comma between a date and a step word counts as this many characters
BEFORE_PENALTY = 15  # a date before its step word ("in 2011 and ratified") binds less than one after it
ENUMERATION_CHARS = (
    40  # "..., in 2000 for Mali and in ...": a listed date follows the previous one this closely
)
GOVERNED_CHARS = 24
CLAUSE_CHARS = (
    200  # a date ending the clause of a step word with no date of its own: at most this far from it
)
ORGANISATION_WEIGHT = 0.25  # weight of an organisation's name among the names of its statute
NAMING_REACH = 60  # characters before a date in which "<document> ... of" makes it a document's date
_FLAGS = re.IGNORECASE | re.UNICODE
# An aside between dashes ("signed the Rome Statute, a dash, the court's founding document, a dash, in 2000") is
# not a clause between a step word and its date: it counts as one space.
_ASIDE = re.compile(r"\s[–—]\s[^–—;:]{1,80}?\s[–—]\s")


@dataclass(frozen=True)
class EffectClaim:
    """When a text says a denunciation takes effect: a date, or an offset from a step."""

    anchor: str = ""  # an attribute key ("lower_house_approval", "notification"), or "" if none found
    anchor_text: str = ""
    years: int = 0
    months: int = 0
    date: DateValue | None = None

    def describe(self) -> str:
        if self.date is not None:
            return f"takes effect on {self.date.label()}"
        span = " and ".join(
            part
            for part in (
                f"{self.years} year{'s' if self.years != 1 else ''}" if self.years else "",
                f"{self.months} month{'s' if self.months != 1 else ''}" if self.months else "",
            )
            if part
        )
        what = ATTRIBUTES.get(self.anchor, "an unrecognised step").lower()
        return f"takes effect {span} after the {what} ('{self.anchor_text}')"


@dataclass(frozen=True)
class Fact:
    attribute: str
    subject: str  # the treaty's code ("ETS-126", "?un convention against torture"), or "" for the event
    sentence: str
    paragraph: int
    quote: str  # the words that give the value
    value: DateValue | None = None
    count: int | None = None
    inferred: bool = False
    note: str = ""
    effect: EffectClaim | None = None

    @property
    def label(self) -> str:
        return ATTRIBUTES[self.attribute]


def distance(
    sentence: str, a: tuple[int, int], b: tuple[int, int], aside: re.Pattern[str] | None = None
) -> int:
    """Characters between two spans, plus a clause's worth for each comma, semicolon or dash between them;
    an aside between dashes, or a relative clause between commas (``aside``), counts as one space."""
    (first, second) = (a, b) if a[0] <= b[0] else (b, a)
    between = _ASIDE.sub(" ", sentence[first[1] : second[0]])
    if aside is not None:
        between = aside.sub(" ", between)
    return len(between) + CLAUSE_PENALTY * len(CLAUSE_BREAK.findall(between))


# Between two listed dates: a comma or one short word ("2014 and 2015", "2014, 2015", "2014 и 2015").
_LISTED = re.compile(r"^\s*(?:,\s*)?(?:\w{1,3}\s+)?$", re.UNICODE)
_OPENING = re.compile(r"^\W*(?:\w+\s+){0,2}$", re.UNICODE)


def _opens(sentence: str, mention: DateMention) -> bool:
    """True for a date that opens its sentence ("On 6 September 2012, ...", "W marcu 2025 r. Polska ...")."""
    return bool(_OPENING.match(sentence[: mention.start]))


def _governs(sentence: str, trigger: Trigger, mention: DateMention, verb_final: bool = False) -> bool:
    """True when the step word comes right before the date, with no clause between ("signed on"); in a
    language whose verb ends its clause, right after it ("11 Mayıs 2011 tarihinde imzalanan")."""
    if verb_final and mention.end <= trigger.start:
        between = sentence[mention.end : trigger.start]
    elif mention.start < trigger.end:
        return False
    else:
        between = sentence[trigger.end : mention.start]
    return len(between) <= GOVERNED_CHARS and not CLAUSE_BREAK.search(between) and len(between.split()) <= 3


def pair(
    triggers: list[Trigger], mentions: list[DateMention], sentence: str, rules: Rules
) -> list[tuple[Trigger, DateMention]]:
    """Each date with the step word that governs it, else the nearest; one date per step and one step per date."""
    candidates: list[tuple[int, int, int]] = []
    usable = [m for m in mentions if m.value != DateValue()]
    naming = [
        bool(rules.naming.search(sentence[max(0, m.start - NAMING_REACH) : m.start]))
        or (m.value.precision == "year" and bool(rules.named_by_year.match(sentence, m.end)))
        for m in usable
    ]
    dated = [_dated(sentence, m, triggers, usable, rules) for m in usable]
    clefts = [_cleft(sentence, m, triggers, rules) for m in usable]
    opening = next((i for i, m in enumerate(usable) if _opens(sentence, m)), None)
    first_after = next(  # the first step word after the opening date, which it goes to
        (i for i, t in enumerate(triggers) if opening is not None and t.start >= usable[opening].end), None
    )
    for t_index, trigger in enumerate(triggers):
        for d_index, mention in enumerate(usable):
            between = sentence[mention.end : trigger.start] if mention.end <= trigger.start else ""
            if mention.since and not trigger.allows_since and not (between and rules.when.match(between)):
                continue
            if naming[d_index] and trigger.attribute not in DOCUMENT_STEPS:
                continue  # "the Protocols of 4 November 1993, signed on ...": the date names the protocols
            if _governs(sentence, trigger, mention, rules.verb_final):
                gap = 0
            elif dated[d_index] == t_index or clefts[d_index] == t_index:
                gap = 1  # "an instrument of denunciation of the Convention ..., dated 6 September 2012"
            elif d_index == opening and t_index == first_after:
                gap = 1  # "On 6 September 2012, the Government of ... gave notice": the opening date is its verb's
            else:
                aside = rules.relative_aside if trigger.end <= mention.start else None
                gap = distance(sentence, (trigger.start, trigger.end), (mention.start, mention.end), aside)
                gap += BEFORE_PENALTY if (mention.end <= trigger.start) != rules.verb_final else 0
            candidates.append((gap, t_index, d_index))
    pairs: list[tuple[Trigger, DateMention]] = []
    used_t: set[int] = set()
    used_d: set[int] = set()
    for gap, t_index, d_index in sorted(candidates):
        if gap > MAX_GAP or t_index in used_t or d_index in used_d:
            continue
        used_t.add(t_index)
        used_d.add(d_index)
        pairs.append((triggers[t_index], usable[d_index]))
    if not rules.verb_final:
        pairs += _clause_end(triggers, usable, naming, used_t, used_d, sentence, rules)
    # A date that names a document ("the 1997 treaty") is never one of a step's listed dates.
    used_d.update(index for index, names in enumerate(naming) if names)
    return pairs + _enumerated(pairs, triggers, usable, used_d, sentence)


def _dated(
    sentence: str, mention: DateMention, triggers: list[Trigger], usable: list[DateMention], rules: Rules
) -> int | None:
    """The index of the step word a "dated" date belongs to: the nearest before it, no other date between."""
    if rules.dated is None or not rules.dated.search(sentence, max(0, mention.start - 24), mention.start):
        return None
    before = [i for i, t in enumerate(triggers) if t.end <= mention.start]
    if not before or any(triggers[before[-1]].end <= m.start < mention.start for m in usable):
        return None
    return before[-1]


CLEFT_REACH = 30  # characters before a date in which "it was (only) in" is looked for
CLEFT_CHARS = 160  # the "that" of a cleft sentence comes at most this far after its date


def _cleft(sentence: str, mention: DateMention, triggers: list[Trigger], rules: Rules) -> int | None:
    """The index of the step word a cleft sentence's date belongs to: the first after its "that"."""
    if rules.cleft is None or rules.cleft_that is None:
        return None
    if not rules.cleft.search(sentence, max(0, mention.start - CLEFT_REACH), mention.start):
        return None
    that = rules.cleft_that.search(sentence, mention.end, mention.end + CLEFT_CHARS)
    if that is None:
        return None
    return next((i for i, t in enumerate(triggers) if t.start >= that.end()), None)


def _clause_end(
    triggers: list[Trigger],
    usable: list[DateMention],
    naming: list[bool],
    used_t: set[int],
    used_d: set[int],
    sentence: str,
    rules: Rules,
) -> list[tuple[Trigger, DateMention]]:
    """A date that ends the clause of a step word left without one, however long the clause ("the instrument
    was deposited by the deputy head of the Office and the permanent representative to the UN in October
    2024"): no comma, dash, other date or other step word between them, at most ``CLAUSE_CHARS``."""
    found: list[tuple[Trigger, DateMention]] = []
    for d_index, mention in enumerate(usable):
        if d_index in used_d or naming[d_index] or mention.since:
            continue
        before = [i for i, t in enumerate(triggers) if t.end <= mention.start]
        if not before or before[-1] in used_t:
            continue  # only the step word nearest before the date, and only when it has no date yet
        trigger = triggers[before[-1]]
        between = sentence[trigger.end : mention.start]
        if (
            len(between) > CLAUSE_CHARS
            or CLAUSE_BREAK.search(between)
            or any(trigger.end <= m.start < mention.start for m in usable)
        ):
            continue
        used_t.add(before[-1])
        used_d.add(d_index)
        found.append((trigger, mention))
    return found


def _enumerated(
    pairs: list[tuple[Trigger, DateMention]],
    triggers: list[Trigger],
    usable: list[DateMention],
    used: set[int],
    sentence: str,
) -> list[tuple[Trigger, DateMention]]:
    """Dates listed after a step's date ("ratified ... in 2004 for Burkina Faso, in 2000 for Mali and in
    2002 for Niger", "respectively on ..., on ... and on ...") belong to the same step."""
    extra: list[tuple[Trigger, DateMention]] = []
    for trigger, first in pairs:
        if first.end <= trigger.start:
            # "In 2014 and 2015, Ukraine accepted ...": dates listed before the step word belong to it too.
            before = first
            for index, mention in enumerate(usable):
                if index in used or mention.start < before.end or mention.end > trigger.start:
                    continue
                if not _LISTED.match(sentence[before.end : mention.start]):
                    break
                used.add(index)
                extra.append((trigger, mention))
                before = mention
        previous = first if first.start >= trigger.end else replace(first, end=max(first.end, trigger.end))
        for index, mention in enumerate(usable):
            if index in used or mention.start <= previous.end:
                continue
            between = sentence[previous.end : mention.start]
            if len(between) > ENUMERATION_CHARS or any(
                previous.end <= t.start < mention.start for t in triggers
            ):
                break
            used.add(index)
            extra.append((trigger, mention))
            previous = mention
    return extra


def read_effect(
    sentence: str, trigger: Trigger, mentions: list[DateMention], language: str
) -> EffectClaim | None:
    """The claim a sentence makes on when a denunciation takes effect, if it makes one."""
    rules = rules_for(language)
    assert rules is not None
    match = rules.effect.search(sentence, trigger.start)
    if match is not None:
        count = dates_module.number_value(match.group("n") or match.group("n2") or "1", language) or 1
        anchor_text = match.group("anchor").strip()
        steps = [
            t.attribute
            for t in find_triggers(anchor_text, language)
            if t.attribute in EVENT_STEPS or t.attribute == "ratification"
        ]
        if not steps and rules.approval.search(anchor_text) and rules.legislative.search(anchor_text):
            steps = ["lower_house_approval"]
        return EffectClaim(
            anchor=steps[0] if steps else "",
            anchor_text=anchor_text,
            years=count if match.group("year") else 0,
            months=count if match.group("month") else 0,
        )
    following = [m for m in mentions if m.start >= trigger.start and m.value.precision in ("day", "month")]
    if following:
        return EffectClaim(date=following[0].value)
    return None


def extract(
    paragraphs: list[str],
    *,
    matcher: Matcher,
    main_instrument: str,
    published: DateValue | date | None = None,
    language: str = "en",
    action: str = "",
    chosen: dict[str, str] | None = None,
    found: list[list[Mention]] | None = None,
) -> list[Fact]:
    """Facts from a document's cleaned paragraphs; none for a language without a vocabulary.

    Relative dates are resolved against the publication date; without one, against the latest
    date the document states for a step of its own action (``steps.ACTION_STEPS``).
    """
    if rules_for(language) is None:
        return []
    dates_found = [dates_module.find_dates(paragraph, language) for paragraph in paragraphs]
    named = (
        found if found is not None else [matcher.find_all(paragraph, language) for paragraph in paragraphs]
    )
    treaties = [
        [
            replace(m, code=chosen[m.code], candidates=())
            if m.candidates and chosen and m.code in chosen
            else m
            for m in mentions
            if m.kind == "instrument"
        ]
        for mentions in named
    ]
    facts = _facts(paragraphs, dates_found, treaties, main_instrument, published, None, language)
    has_year = isinstance(published, date) or (
        isinstance(published, DateValue) and published.year is not None
    )
    if not has_year and any(m.relative for mentions in dates_found for m in mentions):
        anchor, year = event_anchor(facts, action, main_instrument)
        if anchor is not None or year is not None:
            facts = _facts(
                paragraphs, dates_found, treaties, main_instrument, published, anchor, language, year
            )
    return facts


def event_anchor(facts: list[Fact], action: str, main_instrument: str) -> tuple[date | None, int | None]:
    """The latest date the document states (not inferred) for a step of its own action: a day (the
    15th of a month stated without one), or else only a year; (None, None) when it states none."""
    wanted = ACTION_STEPS.get(action, frozenset())
    values = [
        fact.value
        for fact in facts
        if fact.value is not None
        and fact.value.year is not None
        and not fact.inferred
        and fact.attribute in wanted
        and (fact.attribute in EVENT_STEPS or fact.subject == main_instrument)
    ]
    days = [date(v.year, v.month, v.day or 15) for v in values if v.year is not None and v.month is not None]
    if days:
        return max(days), None
    years = [v.year for v in values if v.year is not None]
    return None, (max(years) if years else None)


def _facts(
    paragraphs: list[str],
    found: list[list[DateMention]],
    treaties: list[list[Mention]],
    main_instrument: str,
    published: DateValue | date | None,
    anchor: date | None,
    language: str,
    anchor_year: int | None = None,
) -> list[Fact]:
    facts: list[Fact] = []
    carried: tuple[int, int] | None = None  # the previous paragraph's last year, and how far before it ends
    for number, paragraph in enumerate(paragraphs):
        mentions = dates_module.resolve(
            found[number],
            published=published,
            anchor=anchor,
            language=language,
            anchor_year=anchor_year,
            carried_year=carried,
        )
        carried = _last_year(mentions, len(paragraph))
        date_starts = [m.start for m in mentions]
        treaty_starts = [m.start for m in treaties[number]]
        undated = ""  # the previous sentence of the paragraph, when it states no date
        for offset, sentence in split_sentences(paragraph, language):
            end = offset + len(sentence)
            local = [
                replace(m, start=m.start - offset, end=m.end - offset)
                for m in within(mentions, date_starts, offset, end)
            ]
            local_treaties = [
                replace(m, start=m.start - offset, end=m.end - offset)
                for m in within(treaties[number], treaty_starts, offset, end)
            ]
            here = _Sentence(sentence, number, main_instrument, language)
            facts.extend(here.facts(local, local_treaties, undated))
            undated = "" if local else sentence
    return [_ahead(fact, published) for fact in facts]


def _last_year(mentions: list[DateMention], length: int) -> tuple[int, int] | None:
    """The last year a paragraph states (stated or inferred) and the characters from it to the
    paragraph's end, counting the break as one; None when it states none."""
    last = next((m for m in reversed(mentions) if m.value.year is not None), None)
    if last is None or last.value.year is None:
        return None
    return last.value.year, length - last.end + 1


_Spanned = TypeVar("_Spanned", DateMention, Mention)


def within(items: list[_Spanned], starts: list[int], start: int, end: int) -> list[_Spanned]:
    """The items (sorted by start; ``starts`` their starts) that lie inside [start, end), found by
    bisection, so that splitting a paragraph into sentences stays linear in its length."""
    chosen: list[_Spanned] = []
    for index in range(bisect_left(starts, start), len(items)):
        item = items[index]
        if item.start >= end:
            break
        if item.end <= end:
            chosen.append(item)
    return chosen


# A day of effect at most this many days before the publication date is the one just passed, not next
# year's: news report a withdrawal taking effect on or soon after the day.
JUST_PASSED: Final = 31
# Dates whose words place them on or before the publication date ("yesterday", "on Tuesday", "the 22nd"):
# moving them a year ahead would turn "officially left yesterday" into a day a year after the page.
_PLACED_BY_WORDS: Final = frozenset(
    {
        notes.WORDS_FROM_PUBLICATION,
        notes.WORDS_FROM_DAY_BEFORE,
        notes.WEEKDAY_BEFORE_PUBLICATION,
        notes.DAY_OF_MONTH_BEFORE_PUBLICATION,
    }
)


def _ahead(fact: Fact, published: DateValue | date | None) -> Fact:
    """A day and month that will take effect is the first such day on or after the publication date,
    not the last one before it ("the withdrawal takes effect on July 1", published in April), unless it
    is at most ``JUST_PASSED`` days before it. A day its words count back from the publication date
    ("left yesterday", "on Tuesday") stays where it is."""
    if fact.attribute != "takes_effect" or not fact.inferred or fact.value is None or published is None:
        return fact
    parsed = notes.parse(fact.note)
    if parsed is not None and parsed.template in _PLACED_BY_WORDS:
        return fact
    day = published if isinstance(published, date) else published.earliest_day()
    value = fact.value
    if day is None or value.month is None or value.year is None:
        return fact
    read = date(value.year, value.month, value.day or 28)
    if read >= day or (day - read).days <= JUST_PASSED:
        return fact  # ahead already, or just passed: "left on 27 December", published on the 28th
    year = dates_module.next_year(value.month, value.day or 28, day)
    if year is None:
        return fact  # no plausible year after the publication: kept as read
    ahead = DateValue(year, value.month, value.day)
    return replace(
        fact,
        value=ahead,
        effect=EffectClaim(date=ahead),
        note=(notes.FIRST_DAY_AFTER_PUBLICATION if value.day else notes.FIRST_MONTH_AFTER_PUBLICATION)
        % {"year": year, "published": day.isoformat()},
    )


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a document, where its paragraph is, the treaty of its event and its language."""

    text: str
    paragraph: int
    main_instrument: str
    language: str

    def facts(self, dates: list[DateMention], treaties: list[Mention], before: str = "") -> list[Fact]:
        """The sentence's dated steps, its claims on legal effect and its counts (positions are its own).
        ``before``: the previous sentence, when it states no date: a sentence that opens on its step ("The
        Parliament ratified the Statute. The decision was made on October 3.") gives that step its date."""
        rules = rules_for(self.language)
        assert rules is not None
        sentence, number = self.text, self.paragraph
        wanted = bool(dates) or bool(rules.effect_hint.search(sentence))
        triggers = find_triggers(sentence, self.language) if wanted else []
        pairs = pair(triggers, dates, sentence, rules)
        if not pairs and before and dates and rules.anaphora.match(sentence):
            pairs = _carried(before, dates, self.language)
        facts = [
            Fact(
                attribute=trigger.attribute,
                subject=_subject(trigger, treaties, self.main_instrument, sentence, rules),
                sentence=sentence,
                paragraph=number,
                quote=mention.text,
                value=mention.value,
                inferred=mention.inferred,
                note=mention.note,
                effect=EffectClaim(date=mention.value) if trigger.attribute == "takes_effect" else None,
            )
            for trigger, mention in pairs
        ]
        dated = {trigger.start for trigger, _mention in pairs}
        for trigger in triggers:
            if trigger.attribute != "takes_effect" or trigger.start in dated:
                continue
            claim = read_effect(sentence, trigger, dates, self.language)
            if claim is not None:
                facts.append(
                    Fact(
                        attribute="takes_effect",
                        subject=self.main_instrument,
                        sentence=sentence,
                        paragraph=number,
                        quote=claim.anchor_text or (claim.date.label() if claim.date else ""),
                        value=claim.date,
                        effect=claim,
                    )
                )
        facts.extend(
            Fact(
                attribute=attribute,
                subject=self.main_instrument,
                sentence=sentence,
                paragraph=number,
                quote=quote,
                count=value,
            )
            for attribute, value, quote in (
                find_counts(sentence, self.language) if speaks_of_counts(sentence, self.language) else []
            )
        )
        return facts


def _carried(before: str, dates: list[DateMention], language: str) -> list[tuple[Trigger, DateMention]]:
    """The last step the previous sentence states, with the first date of a sentence that opens on it. Only
    the event's own steps are carried: their subject is the event's treaty, whatever either sentence names."""
    steps = [t for t in find_triggers(before, language) if t.attribute in EVENT_STEPS]
    carried = next((m for m in dates if m.value != DateValue() and not m.since), None)
    return [(steps[-1], carried)] if steps and carried is not None else []


def _subject(
    trigger: Trigger, treaties: list[Mention], main_instrument: str, sentence: str, rules: Rules
) -> str:
    """The treaty a fact is about: the event's, or the treaty named nearest to the step word."""
    if trigger.attribute in EVENT_STEPS:
        return main_instrument
    # An organisation's name ("adopted by the Council of Europe") names an actor, not the treaty.
    candidates = [(m.start, m.end, m.code) for m in treaties if m.weight >= ORGANISATION_WEIGHT * 2]
    candidates += [
        (g.start(), g.end(), main_instrument)
        for g in rules.generic_treaty.finditer(sentence)
        if all(g.end() <= m.start or g.start() >= m.end for m in treaties)
    ]
    if not candidates:
        return main_instrument
    nearest = min(
        candidates, key=lambda c: (distance(sentence, (trigger.start, trigger.end), (c[0], c[1])), c[0])
    )
    return nearest[2]
