"""Step words in a sentence, in its language: which step each names, and who acts.

The words of each step come from the language's vocabulary (``vocabulary``), compiled
once per language (``rules_for``). Where two step words overlap, the one listed first
in ``vocabulary.STEP_ORDER`` wins. A house that ratifies is the house's vote; a house
reaches to its verb; "signed" whose object is a law or a decree is that document's
signing; a court is a step only where the sentence says what it found; a ratification
process that was halted is no ratification. Split from ``extraction``, which pairs
these words with dates.
"""

# ruff: noqa: RUF001, RUF003  # Cyrillic and Turkish letters and typographic dashes and quotes are the point: texts use them

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from custodiet.intake import vocabulary
from custodiet.intake.steps import LASTING_STEPS
from custodiet.intake.vocabulary import Vocabulary

HOUSE_REACH = 60  # "the Verkhovna Rada of Ukraine ratified": a house this close before "ratified" votes  # "signed on", "ratified in late": a step word this close before its date governs it
VERB_REACH = 40  # characters after a house in which its verb ("approved", "a adopté") is looked for
OBJECT_REACH = 70  # characters after "signed" in which its object (a law, a decree, a treaty) is looked for
_SIGNED_ON_TO = re.compile(r"\s+(?:on\s*to|up\s+to)\b", re.IGNORECASE)  # "signed on to", "signed up to"
_FLAGS = re.IGNORECASE | re.UNICODE
CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s")  # a parenthesis is an aside, not a clause


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    attribute: str
    allows_since: bool
    text: str


@dataclass(frozen=True)
class Rules:
    """One language's compiled patterns."""

    triggers: list[tuple[str, re.Pattern[str]]]
    approval: re.Pattern[str]
    # A court's ruling ("ruled", "found ... incompatible"), without which a court is only named.
    ruling: re.Pattern[str]
    halted: re.Pattern[str]  # "the ratification process was suspended": no ratification
    anaphora: re.Pattern[str]  # a sentence opening on the previous one's step ("The decision was made on")
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
    # A relative clause between commas (", por el que se creó la CPI,"): an aside between a step word and
    # its date, like one between dashes.
    relative_aside: re.Pattern[str] | None = None
    # A language whose verb ends its clause (Turkish: "11 Mayıs 2011 tarihinde imzalanan", signed on 11 May
    # 2011): a date right before the step word is the one it governs.
    verb_final: bool = False
    # "an instrument of denunciation ..., dated 6 September 2012": a date that says what a document bears
    # goes to the step word just before it, whatever clause lies between.
    dated: re.Pattern[str] | None = None
    # A cleft sentence ("It was only in 2011 ... that the Philippines became a member", "C'est le 3 mai
    # que ..."): the date before "that" goes to the first step word after it.
    cleft: re.Pattern[str] | None = None
    cleft_that: re.Pattern[str] | None = None


@cache
def rules_for(language: str) -> Rules | None:
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
    return Rules(
        triggers=[(step, re.compile(pattern, _FLAGS)) for step, pattern in lexicon.steps],
        approval=re.compile(words("approval"), _FLAGS),
        ruling=re.compile(words("ruling"), _FLAGS),
        halted=re.compile(words("process_halted"), _FLAGS),
        anaphora=re.compile(rf"^\W*(?:{words('anaphora')})", _FLAGS),
        denouncing=re.compile(words("denouncing"), _FLAGS),
        legislative=re.compile(words("legislative"), _FLAGS),
        when=re.compile(rf"^\s*,?\s*(?:{words('when_words')})\b", _FLAGS),
        documents=documents,
        naming=naming,
        # A script without capitals (Georgian) says "the 1997 treaty" with its own words: the file's pattern.
        named_by_year=re.compile(str(lexicon.data["named_by_year"]), _FLAGS)
        if lexicon.data.get("named_by_year")
        else re.compile(
            # only capitalised names between ("the 1997 Ottawa Convention"), never "in 1998 the treaty"
            rf"\s+(?-i:(?:[^\W\d_a-zа-яё][\w'’-]*\s+){{0,2}}?)(?:{lexicon.group('document_nouns', 'treaty')})",
            _FLAGS,
        ),
        generic_treaty=re.compile(words("generic_treaty"), _FLAGS),
        effect_hint=re.compile(words("effect_hint"), _FLAGS),
        effect=_effect_pattern(lexicon),
        verb_final=bool(lexicon.data.get("verb_final", False)),
        dated=re.compile(rf"(?<!\w)(?:{words('dated_words')})(?:\s+\w{{1,3}})?\s*$", _FLAGS)
        if lexicon.data.get("dated_words")
        else None,
        cleft=re.compile(rf"(?:{words('cleft_before')})\s*$", _FLAGS)
        if lexicon.data.get("cleft_before")
        else None,
        cleft_that=re.compile(rf"(?<!\w)(?:{words('cleft_that')})(?!\w)", _FLAGS),
        relative_aside=re.compile(rf",\s*(?:{words('relative_words')})\s[^,;:—–()]{{1,80}}?,\s", _FLAGS)
        if lexicon.data.get("relative_words")
        else None,
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
    # "The ratification process was suspended in 2004": a process stopped is no ratification; its date is
    # left to what stopped it (a court's ruling) or to nothing.
    found: list[Trigger] = [
        Trigger(m.start(), m.end(), "", False, m.group(0)) for m in rules.halted.finditer(sentence)
    ]
    halted = len(found)
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
    found = found[halted:]
    return _by_parliament(sorted(found, key=lambda trigger: trigger.start), sentence, rules)


def _by_parliament(triggers: list[Trigger], sentence: str, rules: Rules) -> list[Trigger]:
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
                    and not CLAUSE_BREAK.search(sentence[h.end : trigger.start])
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


def _with_verb(trigger: Trigger, triggers: list[Trigger], sentence: str, rules: Rules) -> Trigger:
    """A house reaches to its verb ("El Parlamento de Hungría ha aprobado este martes"): a date right
    after the verb is governed by the house's vote."""
    if trigger.attribute not in ("lower_house_approval", "upper_house_approval"):
        return trigger
    verb = rules.approval.search(sentence, trigger.end, trigger.end + VERB_REACH)
    if verb is None or CLAUSE_BREAK.search(sentence, trigger.end, verb.start()):
        return trigger
    if any(trigger.end <= other.start < verb.end() for other in triggers if other is not trigger):
        return trigger
    return replace(trigger, end=verb.end(), text=sentence[trigger.start : verb.end()])


def _signed_object(sentence: str, start: int, end: int, rules: Rules) -> str:
    """What "signed" signs: "law_signed" for a law, "decree" for a decree, else "signature" (the treaty)."""
    clause_end = CLAUSE_BREAK.search(sentence, end)
    after = sentence[end : min(end + OBJECT_REACH, clause_end.start() if clause_end else len(sentence))]
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    before = sentence[max(clause_start, start - 40) : start]
    order = ((after, True), (before, False))
    if rules.verb_final:
        # The object comes before the verb ("kanunu imzaladı"); after it, only up to the next date, past
        # which another clause begins ("imzalanan 10 Şubat 2012 tarihli ... kararı").
        order = ((before, False), (re.split(r"\d", after, maxsplit=1)[0], True))
    for text, nearest_first in order:
        hits = [(m.start(), kind) for kind, pattern in rules.documents for m in pattern.finditer(text)]
        if not hits:
            continue
        _position, kind = min(hits) if nearest_first else max(hits)
        return {"law": "law_signed", "decree": "decree"}.get(kind, "signature")
    return "signature"
