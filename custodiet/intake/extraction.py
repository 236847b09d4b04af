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

Years of days and months that no publication date anchors are taken from the
document's own dates on its event (the steps of its kind of action), never from
background dates: the text is read twice, the second time with that anchor.
"""

# ruff: noqa: RUF001  # Cyrillic letters and typographic dashes and quotes are the point: texts use them

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import TypeVar

from custodiet.intake import dates as dates_module
from custodiet.intake import vocabulary
from custodiet.intake.counts import find_counts, speaks_of_counts
from custodiet.intake.dates import DateMention, DateValue
from custodiet.intake.entities import Matcher, Mention
from custodiet.intake.sentences import split_sentences as split_sentences
from custodiet.intake.steps import (
    ACTION_STEPS,
    ATTRIBUTES,
    DOCUMENT_STEPS,
    EVENT_STEPS,
    LASTING_STEPS,
)
from custodiet.intake.vocabulary import Vocabulary

MAX_GAP = 90  # characters between a date and the word of its step
CLAUSE_PENALTY = 30  # a comma between a date and a step word counts as this many characters
BEFORE_PENALTY = 15  # a date before its step word ("in 2011 and ratified") binds less than one after it
ENUMERATION_CHARS = (
    40  # "..., in 2000 for Mali and in ...": a listed date follows the previous one this closely
)
GOVERNED_CHARS = 24
HOUSE_REACH = 60  # "the Verkhovna Rada of Ukraine ratified": a house this close before "ratified" votes  # "signed on", "ratified in late": a step word this close before its date governs it
ORGANISATION_WEIGHT = 0.25  # weight of an organisation's name among the names of its statute
VERB_REACH = 40  # characters after a house in which its verb ("approved", "a adopté") is looked for
OBJECT_REACH = 70  # characters after "signed" in which its object (a law, a decree, a treaty) is looked for
NAMING_REACH = 60  # characters before a date in which "<document> ... of" makes it a document's date
_FLAGS = re.IGNORECASE | re.UNICODE
_SIGNED_ON_TO = re.compile(r"\s+(?:on\s*to|up\s+to)\b", re.IGNORECASE)  # "signed on to", "signed up to"
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s")  # a parenthesis is an aside, not a clause
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


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    attribute: str
    allows_since: bool
    text: str


@dataclass(frozen=True)
class _Rules:
    """One language's compiled patterns."""

    triggers: list[tuple[str, re.Pattern[str]]]
    approval: re.Pattern[str]
    ruling: re.Pattern[
        str
    ]  # a court's ruling ("ruled", "found ... incompatible"), without which a court only is named
    denouncing: re.Pattern[str]
    legislative: re.Pattern[str]
    when: re.Pattern[str]
    documents: list[tuple[str, re.Pattern[str]]]
    naming: re.Pattern[str]
    named_by_year: re.Pattern[str]  # after a year: "the 1997 treaty", "the 1951 Refugee Convention"
    generic_treaty: re.Pattern[str]
    effect_hint: re.Pattern[str]
    effect: re.Pattern[str]
    houses: list[tuple[str, re.Pattern[str]]]


@cache
def rules_for(language: str) -> _Rules | None:
    """The compiled rules of a language, or None when it has no vocabulary."""
    lexicon = vocabulary.load(language)
    if lexicon is None:
        return None
    words = lexicon.words
    documents = [
        (kind, re.compile(rf"(?<!\w)(?:{pattern})", _FLAGS))
        for kind, pattern in lexicon.groups("document_nouns").items()
    ]
    all_documents = "|".join(f"(?:{pattern})" for pattern in lexicon.groups("document_nouns").values())
    naming = re.compile(
        rf"(?<!\w)(?:{all_documents or vocabulary.NEVER})(?:\s+[\w.№°'’-]+){{0,5}}?\s+(?:{words('date_of')})\s*$",
        _FLAGS,
    )
    return _Rules(
        triggers=[(step, re.compile(pattern, _FLAGS)) for step, pattern in lexicon.steps],
        approval=re.compile(words("approval"), _FLAGS),
        ruling=re.compile(words("ruling"), _FLAGS),
        denouncing=re.compile(words("denouncing"), _FLAGS),
        legislative=re.compile(words("legislative"), _FLAGS),
        when=re.compile(rf"^\s*,?\s*(?:{words('when_words')})\b", _FLAGS),
        documents=documents,
        naming=naming,
        named_by_year=re.compile(
            # only capitalised names between ("the 1997 Ottawa Convention"), never "in 1998 the treaty"
            rf"\s+(?-i:(?:[^\W\d_a-zа-яё][\w'’-]*\s+){{0,2}}?)(?:{lexicon.group('document_nouns', 'treaty')})",
            _FLAGS,
        ),
        generic_treaty=re.compile(words("generic_treaty"), _FLAGS),
        effect_hint=re.compile(words("effect_hint"), _FLAGS),
        effect=_effect_pattern(lexicon),
        houses=[
            (step, re.compile(pattern, _FLAGS))
            for step, pattern in lexicon.steps
            if step in ("lower_house_approval", "upper_house_approval")
        ],
    )


def _effect_pattern(lexicon: Vocabulary) -> re.Pattern[str]:
    numbers = "|".join(sorted((re.escape(w) for w in lexicon.numbers), key=len, reverse=True))
    count = rf"\d+{'|' + numbers if numbers else ''}"
    return re.compile(
        rf"(?:(?P<n>{count}|a|an)\s+|(?:{lexicon.words('after_prefix')})\s+(?:(?P<n2>{count})\s+)?)"
        rf"(?:(?P<year>{lexicon.words('year_words')})|(?P<month>{lexicon.words('month_unit_words')}))\s+"
        rf"(?:{lexicon.words('after_words')})\s+(?P<anchor>[^.;:!?]{{1,90}})",
        _FLAGS,
    )


def find_triggers(sentence: str, language: str = "en") -> list[Trigger]:
    """Words of steps in a sentence; where two overlap, the one listed first in STEP_ORDER wins."""
    rules = rules_for(language)
    if rules is None:
        return []
    has_approval = bool(rules.approval.search(sentence))
    has_denouncing = bool(rules.denouncing.search(sentence))
    has_legislative = bool(rules.legislative.search(sentence))
    has_ruling: bool | None = None  # searched for only in a sentence that names a court
    found: list[Trigger] = []
    for attribute, pattern in rules.triggers:
        if attribute in ("upper_house_approval", "lower_house_approval") and not has_approval:
            continue
        if attribute == "adoption" and has_legislative:
            continue  # "adopted by the Duma" is a house's approval, not a treaty's adoption
        if attribute == "court_ruling":
            # A court named in a caption or as a place ("the sign above the Constitutional Court") rules
            # on nothing: its name is a step only in a sentence that says what it found.
            if has_ruling is None:
                has_ruling = bool(rules.ruling.search(sentence))
            if not has_ruling:
                continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(not (end <= t.start or start >= t.end) for t in found):
                continue
            name = attribute
            if name == "takes_effect" and not has_denouncing:
                name = "entry_into_force"  # "enters into force" of a treaty, not of a withdrawal
            elif name == "deposit" and has_denouncing:
                name = "notification"  # a notification of withdrawal deposited with the depositary
            elif name == "signature" and _SIGNED_ON_TO.match(sentence, end):
                name = "joined"  # "signed on to the treaty": joined it, by whatever act
            elif name == "signature":
                name = _signed_object(sentence, start, end, rules)
            found.append(Trigger(start, end, name, name in LASTING_STEPS, match.group(0)))
    return _by_parliament(sorted(found, key=lambda trigger: trigger.start), sentence, rules)


def _by_parliament(triggers: list[Trigger], sentence: str, rules: _Rules) -> list[Trigger]:
    """ "The Verkhovna Rada ratified ...": a house that ratifies or accedes is the house's vote, not the
    deposit of the instrument."""
    houses = [t for t in triggers if t.attribute in ("lower_house_approval", "upper_house_approval")]
    if not houses:
        # A house inside another step's words ("sent the Statute to the Parliament for ratification")
        # is what the step goes to, not who acts.
        houses = [
            Trigger(m.start(), m.end(), step, False, m.group(0))
            for step, pattern in rules.houses
            for m in pattern.finditer(sentence)
            if not any(t.start <= m.start() and m.end() <= t.end for t in triggers)
        ]
    result: list[Trigger] = []
    for trigger in triggers:
        # "The Seimas voted to withdraw": a house's vote on the withdrawal, not an announcement.
        voted = trigger.attribute == "announcement" and bool(rules.approval.match(trigger.text))
        if trigger.attribute in ("ratification", "accession") or voted:
            house = next(
                (
                    h
                    for h in houses
                    if 0 <= trigger.start - h.end <= HOUSE_REACH
                    and not _CLAUSE_BREAK.search(sentence[h.end : trigger.start])
                ),
                None,
            )
            if house is not None:
                result.append(Trigger(trigger.start, trigger.end, house.attribute, False, trigger.text))
                continue
        result.append(trigger)
    kept = [
        t
        for t in result
        if t not in houses
        or t.attribute not in ("lower_house_approval", "upper_house_approval")
        or t in triggers
    ]
    return [_with_verb(t, kept, sentence, rules) for t in kept]


def _with_verb(trigger: Trigger, triggers: list[Trigger], sentence: str, rules: _Rules) -> Trigger:
    """A house reaches to its verb ("El Parlamento de Hungría ha aprobado este martes"): a date right
    after the verb is governed by the house's vote."""
    if trigger.attribute not in ("lower_house_approval", "upper_house_approval"):
        return trigger
    verb = rules.approval.search(sentence, trigger.end, trigger.end + VERB_REACH)
    if verb is None or _CLAUSE_BREAK.search(sentence, trigger.end, verb.start()):
        return trigger
    if any(trigger.end <= other.start < verb.end() for other in triggers if other is not trigger):
        return trigger
    return replace(trigger, end=verb.end(), text=sentence[trigger.start : verb.end()])


def _signed_object(sentence: str, start: int, end: int, rules: _Rules) -> str:
    """What "signed" signs: "law_signed" for a law, "decree" for a decree, else "signature" (the treaty)."""
    clause_end = _CLAUSE_BREAK.search(sentence, end)
    after = sentence[end : min(end + OBJECT_REACH, clause_end.start() if clause_end else len(sentence))]
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    before = sentence[max(clause_start, start - 40) : start]
    for text, nearest_first in ((after, True), (before, False)):
        hits = [(m.start(), kind) for kind, pattern in rules.documents for m in pattern.finditer(text)]
        if not hits:
            continue
        _position, kind = min(hits) if nearest_first else max(hits)
        return {"law": "law_signed", "decree": "decree"}.get(kind, "signature")
    return "signature"


def distance(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans, plus a clause's worth for each comma, semicolon or dash between them."""
    (first, second) = (a, b) if a[0] <= b[0] else (b, a)
    between = _ASIDE.sub(" ", sentence[first[1] : second[0]])
    return len(between) + CLAUSE_PENALTY * len(_CLAUSE_BREAK.findall(between))


_OPENING = re.compile(r"^\W*(?:\w+\s+){0,2}$", re.UNICODE)


def _opens(sentence: str, mention: DateMention) -> bool:
    """True for a date that opens its sentence ("On 6 September 2012, ...", "W marcu 2025 r. Polska ...")."""
    return bool(_OPENING.match(sentence[: mention.start]))


def _governs(sentence: str, trigger: Trigger, mention: DateMention) -> bool:
    """True when the step word comes right before the date, with no clause between ("signed on")."""
    if mention.start < trigger.end:
        return False
    between = sentence[trigger.end : mention.start]
    return len(between) <= GOVERNED_CHARS and not _CLAUSE_BREAK.search(between) and len(between.split()) <= 3


def pair(
    triggers: list[Trigger], mentions: list[DateMention], sentence: str, rules: _Rules
) -> list[tuple[Trigger, DateMention]]:
    """Each date with the step word that governs it, else the nearest; one date per step and one step per date."""
    candidates: list[tuple[int, int, int]] = []
    usable = [m for m in mentions if m.value != DateValue()]
    naming = [
        bool(rules.naming.search(sentence[max(0, m.start - NAMING_REACH) : m.start]))
        or (m.value.precision == "year" and bool(rules.named_by_year.match(sentence, m.end)))
        for m in usable
    ]
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
            if _governs(sentence, trigger, mention):
                gap = 0
            elif d_index == opening and t_index == first_after:
                gap = 1  # "On 6 September 2012, the Government of ... gave notice": the opening date is its verb's
            else:
                gap = distance(sentence, (trigger.start, trigger.end), (mention.start, mention.end))
                gap += BEFORE_PENALTY if mention.end <= trigger.start else 0
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
    # A date that names a document ("the 1997 treaty") is never one of a step's listed dates.
    used_d.update(index for index, names in enumerate(naming) if names)
    return pairs + _enumerated(pairs, triggers, usable, used_d, sentence)


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
    for number, paragraph in enumerate(paragraphs):
        mentions = dates_module.resolve(
            found[number], published=published, anchor=anchor, language=language, anchor_year=anchor_year
        )
        date_starts = [m.start for m in mentions]
        treaty_starts = [m.start for m in treaties[number]]
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
            facts.extend(here.facts(local, local_treaties))
    return [_ahead(fact, published) for fact in facts]


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


def _ahead(fact: Fact, published: DateValue | date | None) -> Fact:
    """A day and month that will take effect is the first such day on or after the publication date,
    not the last one before it ("the withdrawal takes effect on July 1", published in April)."""
    if fact.attribute != "takes_effect" or not fact.inferred or fact.value is None or published is None:
        return fact
    day = published if isinstance(published, date) else published.earliest_day()
    value = fact.value
    if day is None or value.month is None or value.year is None:
        return fact
    if date(value.year, value.month, value.day or 28) >= day:
        return fact
    year = dates_module.next_year(value.month, value.day or 28, day)
    ahead = DateValue(year, value.month, value.day)
    return replace(
        fact,
        value=ahead,
        effect=EffectClaim(date=ahead),
        note=f"year {year}: the first such {'day' if value.day else 'month'} on or after the publication date "
        f"({day.isoformat()})",
    )


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a document, where its paragraph is, the treaty of its event and its language."""

    text: str
    paragraph: int
    main_instrument: str
    language: str

    def facts(self, dates: list[DateMention], treaties: list[Mention]) -> list[Fact]:
        """The sentence's dated steps, its claims on legal effect and its counts (positions are its own)."""
        rules = rules_for(self.language)
        assert rules is not None
        sentence, number = self.text, self.paragraph
        wanted = bool(dates) or bool(rules.effect_hint.search(sentence))
        triggers = find_triggers(sentence, self.language) if wanted else []
        pairs = pair(triggers, dates, sentence, rules)
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


def _subject(
    trigger: Trigger, treaties: list[Mention], main_instrument: str, sentence: str, rules: _Rules
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
