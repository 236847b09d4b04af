"""Extracting dated facts and counts from an article's cleaned text.

Facts are the steps of a treaty's life (adoption, signature, ratification, entry
into force, joining, denunciation, taking effect) and of the legislative process
(government proposal, its publication, bill submitted, lower and upper house
approval, law signed, law published, notification), plus the counts articles
report (visits made, reports written, reports published). Each fact keeps the
sentence it comes from.

Within a sentence, each date goes to the nearest word of a step ("approved by
the State Duma on 17 September"), at most one date per step; a date introduced
by "since" only goes to a lasting state ("a signatory since 1996") or to a
clause that names the moment ("since 1996, when Russia signed"). Claims about
when a denunciation takes effect are read with their anchor ("one year after
the State Duma's approval") so that they can be checked against the treaty.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date as date_type
from functools import cache

from custodiet.intake import dates as dates_module
from custodiet.intake import vocabulary
from custodiet.intake.dates import DateMention, DateValue
from custodiet.intake.entities import Matcher, Mention

MAX_GAP = 90  # characters between a date and the word of its step
CLAUSE_PENALTY = 30  # a comma between a date and a step word counts as this many characters
ORGANISATION_WEIGHT = 0.25  # weight of an organisation's name among the names of its statute
_FLAGS = re.IGNORECASE | re.UNICODE

ATTRIBUTES: dict[str, str] = {
    "adoption": "Treaty adopted",
    "signature": "Signature",
    "ratification": "Ratification",
    "entry_into_force": "Entry into force",
    "joined": "Joined (act not specified: signature, ratification or accession)",
    "government_proposal": "Government proposal",
    "proposal_published": "Government proposal made public",
    "bill_submitted": "Bill submitted to parliament",
    "lower_house_approval": "Lower house approval",
    "upper_house_approval": "Upper house approval",
    "law_signed": "Law signed",
    "law_published": "Law published",
    "notification": "Notification to the depositary",
    "denunciation": "Denunciation (as reported)",
    "takes_effect": "Denunciation takes effect",
    "visits_made": "Visits made",
    "reports_written": "Reports written",
    "reports_published": "Reports published",
}
COUNT_ATTRIBUTES = ("visits_made", "reports_written", "reports_published")
# The domestic procedure of a denunciation, in order (the legal-effect check reads them too).
DOMESTIC_STEPS = (
    "government_proposal",
    "proposal_published",
    "bill_submitted",
    "lower_house_approval",
    "upper_house_approval",
    "law_signed",
    "law_published",
)
# Steps that belong to the event itself, whatever treaty the sentence names.
EVENT_STEPS = frozenset({*DOMESTIC_STEPS, "notification", "denunciation", "takes_effect"})

_W = r"(?:[\w’'-]+\s+)"  # one word and its space
_APPROVAL = (
    r"approv\w*|adopt\w*|pass(?:ed|es)?|vot\w*|одобр\w*|принял\w*|принят\w*|утверд\w*|проголосова\w*"
    r"|схвал\w*|ухвал\w*|прийня\w*|затверд\w*|проголосува\w*|billig\w*|verabschied\w*|angenommen|stimmt\w*"
    r"|beschloss\w*|approuv\w*|adopté\w*|vot\w*"
)
_DENOUNCING = (
    r"denounc\w*|denunciation|withdraw\w*|exit\w*|денонс\w*|выход\w*|вихід\w*|виход\w*|kündig\w*|austritt\w*"
    r"|dénonc\w*|retrait\w*"
)
# (attribute, pattern, needs an approval word in the sentence, allows "since")
TRIGGERS: list[tuple[str, str, bool, bool]] = [
    (
        "proposal_published",
        rf"\b(?:decree|resolution|proposal|order)\s+{_W}{{0,2}}(?:first\s+)?(?:made public|published|released)"
        r"|постановлени\w*\s+(?:\w+\s+){0,2}?опубликова\w*|опубликова\w*\s+(?:\w+\s+){0,2}?постановлени\w*"
        r"|постанов\w*\s+(?:\w+\s+){0,2}?оприлюдн\w*|оприлюдн\w*\s+(?:\w+\s+){0,2}?постанов\w*"
        r"|(?:verordnung|erlass)\s+(?:\w+\s+){0,2}?veröffentlicht|décret\s+(?:\w+\s+){0,2}?publié\w*",
        False,
        False,
    ),
    (
        "government_proposal",
        rf"\bsign(?:ed|s)\s+(?:a|the)\s+(?:government\s+)?(?:decree|resolution|order)\b"
        rf"|\b(?:decree|resolution)\s+{_W}{{0,3}}propos\w*|\bpropos(?:al|ed|ing)\b"
        r"|предложени\w*|предложил\w*|постановлени\w*\s+(?:\w+\s+){0,3}?предлаг\w*"
        r"|пропозиці\w*|запропонува\w*|постанов\w*\s+(?:\w+\s+){0,3}?пропон\w*"
        r"|vorschlag\w*|vorgeschlagen|schlug\s+(?:\w+\s+){0,3}?vor|proposition\w*|propos[ée]\w*",
        False,
        False,
    ),
    (
        "bill_submitted",
        rf"\bsubmit(?:ted|s)?\s+{_W}{{0,3}}(?:bill|draft law|draft|legislation)\b"
        rf"|\b(?:bill|draft law)\s+{_W}{{0,3}}(?:was\s+)?(?:submitted|introduced|tabled)\b"
        rf"|\bintroduced\s+{_W}{{0,3}}bill\b"
        r"|внес\w*\s+(?:\w+\s+){0,3}?законопроект\w*|законопроект\w*\s+(?:\w+\s+){0,3}?внес\w*"
        r"|вніс\w*\s+(?:\w+\s+){0,3}?законопро[еє]кт\w*|законопро[еє]кт\w*\s+(?:\w+\s+){0,3}?внес\w*"
        r"|gesetzentwurf\w*\s+(?:\w+\s+){0,3}?eingebracht|brachte\s+(?:\w+\s+){0,3}?gesetzentwurf"
        r"|projet de loi\s+(?:\w+\s+){0,3}?déposé\w*|déposé\w*\s+(?:\w+\s+){0,3}?projet de loi",
        False,
        False,
    ),
    (
        "upper_house_approval",
        r"\bfederation council\b|\bupper house\b|\bsenate\b|совет\w*\s+федерации|совфед\w*|верхн\w+\s+палат\w*"
        r"|рад\w*\s+федераці\w*|föderationsrat\w*|\bbundesrat\w*|\boberhaus\w*|conseil de la fédération"
        r"|\bsénat\b|chambre haute",
        True,
        False,
    ),
    (
        "lower_house_approval",
        r"\b(?:state\s+)?duma\b|\blower house\b|\bhouse of representatives\b|\bnational assembly\b"
        r"|\bbundestag\b|госдум\w*|государственн\w+\s+дум\w*|нижн\w+\s+палат\w*|держдум\w*|державн\w+\s+дум\w*"
        r"|\bstaatsduma\b|\bunterhaus\w*|\bdouma\b|assemblée nationale|chambre basse",
        True,
        False,
    ),
    (
        "law_published",
        rf"\b(?:law|legislation)\s+{_W}{{0,3}}(?:was\s+)?(?:officially\s+)?published\b"
        r"|закон\w*\s+(?:\w+\s+){0,3}?опубликова\w*|опубликова\w*\s+(?:\w+\s+){0,3}?закон\w*"
        r"|закон\w*\s+(?:\w+\s+){0,3}?(?:оприлюдн|опублікова)\w*|(?:оприлюдн|опублікова)\w*\s+(?:\w+\s+){0,3}?закон\w*"
        r"|gesetz\w*\s+(?:\w+\s+){0,3}?veröffentlicht|loi\s+(?:\w+\s+){0,3}?publiée",
        False,
        False,
    ),
    (
        "law_signed",
        rf"\bsign(?:ed|s|ing)?\s+{_W}{{0,3}}?(?:law|legislation|bill)\b"
        rf"|\b(?:law|legislation|bill)\s+{_W}{{0,2}}(?:was\s+)?signed\b"
        r"|подписал\w*\s+(?:\w+\s+){0,3}?закон\w*|закон\w*\s+(?:\w+\s+){0,3}?подписа\w*"
        r"|підписа\w*\s+(?:\w+\s+){0,3}?закон\w*|закон\w*\s+(?:\w+\s+){0,3}?підписа\w*"
        r"|unterzeichne\w*\s+(?:\w+\s+){0,3}?gesetz\w*|gesetz\w*\s+(?:\w+\s+){0,3}?unterzeichnet"
        r"|sign[ée]\w*\s+(?:\w+\s+){0,3}?loi\b|loi\s+(?:\w+\s+){0,3}?sign[ée]\w*|promulgu\w*",
        False,
        False,
    ),
    (
        "notification",
        r"\bnotif(?:ied|ication|ies|y)\b|\bdeposited\b|уведом\w*|нотифика\w*|нотифіка\w*|повідомлен\w*"
        r"|notifizier\w*|hinterleg\w*|notifi[ée]\w*",
        False,
        False,
    ),
    (
        "takes_effect",
        r"\btak(?:e|es|ing|en)\s+(?:full\s+)?effect\b|\bcome(?:s)?\s+into\s+effect\b|\bbecome(?:s)?\s+effective\b"
        r"|\beffective\s+(?:from|as of)\b|вступ\w*\s+в\s+(?:законную\s+)?силу|набуд\w*\s+чинност\w*"
        r"|набира\w*\s+чинност\w*|wirksam\w*|in\s+kraft\s+(?:tritt|treten)|prend\w*\s+effet"
        r"|entrer\w*\s+en\s+vigueur|entrera\s+en\s+vigueur",
        False,
        False,
    ),
    (
        "entry_into_force",
        r"\bent(?:ered|ering|ers|ry)\s+into\s+force\b|\bcame\s+into\s+force\b|\bin\s+force\s+(?:for|since)\b"
        r"|вступил\w*\s+в\s+силу|вступлени\w*\s+в\s+силу|набра\w*\s+чинност\w*|набул\w*\s+чинност\w*"
        r"|in\s+kraft\s+getreten|trat\s+(?:\w+\s+){0,3}?in\s+kraft|inkrafttreten|entré\w*\s+en\s+vigueur",
        False,
        True,
    ),
    (
        "denunciation",
        r"\bdenounc(?:ed|es)\b|денонсировал\w*|денонсирова\w*|денонсува\w*|денонсувал\w*|kündigte\w*|gekündigt"
        r"|a\s+dénoncé|dénonça\w*",
        False,
        False,
    ),
    (
        "ratification",
        r"\bratif\w*|ратифиц\w*|ратификаци\w*|ратифік\w*|ratifizi\w*|ratifikation\w*",
        False,
        True,
    ),
    (
        "signature",
        r"\bsign(?:ed|ing)\b|\bsignator(?:y|ies)\b|\bsignature\b|подписал\w*|подписан\w*|подписани\w*"
        r"|підписа\w*|unterzeichn\w*|signiert\w*|\bsign[ée]\w*|\bsignataire\w*",
        False,
        True,
    ),
    (
        "joined",
        r"\bjoin(?:ed|ing|s)?\b|\bacceded\b|\baccession\b|\bbecame\s+a\s+party\b|присоедин\w*|приєдна\w*"
        r"|beigetreten|beitritt\w*|\badhér\w*|\badhésion\b|\brejoint\b",
        False,
        True,
    ),
    (
        "adoption",
        r"\badopted\b|\bopened\s+for\s+signature\b|\badoptée?\b",
        False,
        False,
    ),
]
_LEGISLATIVE = re.compile(
    r"\b(?:law|legislation|bill|parliament|duma|federation council|upper house|lower house|senate)\b"
    r"|закон\w*|дум\w*|парламент\w*|gesetz\w*|\bloi\b",
    _FLAGS,
)
_WHEN_CLAUSE = re.compile(r"^\s*,?\s*(?:when|когда|коли|als|lorsque|quand)\b", _FLAGS)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|no|nos|st|art|arts|para|vol|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|gen|col|lt|sen|rep|gov|inc|ltd|co|vs|etc|approx|nr|abs|г|гг|ст|им|тыс|млн|млрд|ім|бл)"
    r"|\b[A-ZА-ЯІЇЄ]|\b(?:U\.S|U\.K|e\.g|i\.e))\.$",
    re.UNICODE | re.IGNORECASE,
)


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


@cache
def _compiled_triggers() -> list[tuple[str, re.Pattern[str], bool, bool]]:
    return [
        (name, re.compile(pattern, _FLAGS), approval, since) for name, pattern, approval, since in TRIGGERS
    ]


@cache
def _approval() -> re.Pattern[str]:
    return re.compile(_APPROVAL, _FLAGS)


@cache
def _denouncing() -> re.Pattern[str]:
    return re.compile(_DENOUNCING, _FLAGS)


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """Sentences of a paragraph with their offsets; abbreviations and initials do not end one."""
    sentences: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"'”»’)]*\s+(?=[\"'“«„‘(]?[A-ZА-ЯЁІЇЄҐ0-9])", paragraph):
        head = paragraph[start : match.start() + 1]
        if _ABBREVIATIONS.search(head.rstrip()):
            continue
        sentences.append((start, paragraph[start : match.end()].strip()))
        start = match.end()
    if paragraph[start:].strip():
        sentences.append((start, paragraph[start:].strip()))
    return sentences


def find_triggers(sentence: str) -> list[Trigger]:
    """Words of steps in a sentence; where two overlap, the one listed first in TRIGGERS wins."""
    has_approval = bool(_approval().search(sentence))
    has_denouncing = bool(_denouncing().search(sentence))
    has_legislative = bool(_LEGISLATIVE.search(sentence))
    found: list[Trigger] = []
    for attribute, pattern, needs_approval, since in _compiled_triggers():
        if needs_approval and not has_approval:
            continue
        if attribute == "adoption" and has_legislative:
            continue  # "adopted by the Duma" is a house's approval, not a treaty's adoption
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(not (end <= t.start or start >= t.end) for t in found):
                continue
            name = attribute
            if (
                attribute == "takes_effect"
                and not has_denouncing
                and re.search(r"в\s+силу|чинност|kraft|vigueur", match.group(0), _FLAGS)
            ):
                name, since = "entry_into_force", True
            found.append(Trigger(start, end, name, since, match.group(0)))
    return sorted(found, key=lambda trigger: trigger.start)


@cache
def _count_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    numbers = "|".join(sorted((re.escape(w) for w in vocabulary.NUMBER_WORDS), key=len, reverse=True))
    number = rf"(?P<n>\d{{1,4}}|{numbers})"
    nouns = (
        r"(?P<noun>visits?|reports?|визит\w*|посещени\w*|доклад\w*|отч[её]т\w*|візит\w*|відвідуван\w*"
        r"|доповід\w*|звіт\w*|besuch\w*|bericht\w*|visites?|rapports?)"
    )
    published = r"(?:published|publish\w*|made public|опубликова\w*|оприлюдн\w*|опублікова\w*|veröffentlich\w*|publi[ée]\w*)"
    counted = re.compile(rf"(?<![\w-]){number}\s+(?:[\w-]+\s+)?{nouns}(?![\w])", _FLAGS)
    after = re.compile(
        rf"(?<![\w-]){number}\s+(?:of\s+(?:which|them|these)\s+|из\s+них\s+|з\s+них\s+|davon\s+|d'entre\s+eux\s+)?"
        rf"(?:[\w’'-]+\s+){{0,3}}?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+|wurden\s+|ont\s+été\s+|были\s+|було\s+)?"
        rf"{published}",
        _FLAGS,
    )
    before = re.compile(
        rf"{published}\s+(?:(?:only|just|лишь|только|лише|тільки|nur|seulement)\s+)?{number}(?![\w])", _FLAGS
    )
    return counted, after, before


def _count_value(word: str) -> int | None:
    return dates_module.number_value(word)


def find_counts(sentence: str) -> list[tuple[str, int, str]]:
    """(attribute, number, quote) for each count of visits or reports in a sentence."""
    counted, after, before = _count_patterns()
    results: list[tuple[str, int, str]] = []
    used: list[tuple[int, int]] = []
    for pattern in (after, before):
        for match in pattern.finditer(sentence):
            value = _count_value(match.group("n"))
            if value is not None and value < 1000:
                results.append(("reports_published", value, match.group(0)))
                used.append(match.span("n"))
    for match in counted.finditer(sentence):
        if any(s <= match.start("n") < e for s, e in used):
            continue
        value = _count_value(match.group("n"))
        if value is None or value >= 1000:
            continue
        noun = match.group("noun").lower()
        tail = sentence[match.end() : match.end() + 40]
        if re.match(rf"^\s*(?:were|have been|had been)\s+{'published|made public'}", tail, _FLAGS):
            attribute = "reports_published"
        elif noun[:3] in ("vis", "виз", "пос", "віз", "від", "bes"):
            attribute = "visits_made"
        else:
            attribute = "reports_written"
        results.append((attribute, value, match.group(0)))
    return results


@cache
def _effect_hint() -> re.Pattern[str]:
    """A cheap test for sentences that may say when something takes effect (they need no date)."""
    return re.compile(r"effect|effective|силу|чинн|wirksam|kraft|effet|vigueur", _FLAGS)


@cache
def _count_hint() -> re.Pattern[str]:
    return re.compile(
        r"visit|report|визит|посещ|доклад|отч|візит|відвід|доповід|звіт|besuch|bericht|rapport", _FLAGS
    )


@cache
def _effect_pattern() -> re.Pattern[str]:
    numbers = "|".join(sorted((re.escape(w) for w in vocabulary.NUMBER_WORDS), key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<n>\d+|{numbers}|a|an)\s+|через\s+(?:(?P<n2>\d+|{numbers})\s+)?)"
        rf"(?:(?P<year>{vocabulary.YEAR_WORDS})|(?P<month>{vocabulary.MONTH_UNIT_WORDS}))\s+"
        rf"(?:{vocabulary.AFTER_WORDS})\s+(?P<anchor>[^.;:!?]{{1,90}})",
        _FLAGS,
    )


def read_effect(sentence: str, trigger: Trigger, mentions: list[DateMention]) -> EffectClaim | None:
    """The claim a sentence makes on when a denunciation takes effect, if it makes one."""
    match = _effect_pattern().search(sentence, trigger.start)
    if match is not None:
        count = dates_module.number_value(match.group("n") or match.group("n2") or "1") or 1
        anchor_text = match.group("anchor").strip()
        steps = [
            t.attribute
            for t in find_triggers(anchor_text)
            if t.attribute in EVENT_STEPS or t.attribute == "ratification"
        ]
        if not steps and _approval().search(anchor_text):
            steps = ["lower_house_approval"] if re.search(r"lower|нижн|дум", anchor_text, _FLAGS) else []
        anchor = steps[0] if steps else ""
        return EffectClaim(
            anchor=anchor,
            anchor_text=anchor_text,
            years=count if match.group("year") else 0,
            months=count if match.group("month") else 0,
        )
    following = [m for m in mentions if m.start >= trigger.start and m.value.precision in ("day", "month")]
    if following:
        return EffectClaim(date=following[0].value)
    return None


def distance(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans, plus a clause's worth for each comma, semicolon or dash between them."""
    (first, second) = (a, b) if a[0] <= b[0] else (b, a)
    between = sentence[first[1] : second[0]]
    return max(0, second[0] - first[1]) + CLAUSE_PENALTY * len(re.findall(r"[,;:()—–]|\s-\s", between))


def pair(
    triggers: list[Trigger], mentions: list[DateMention], sentence: str
) -> list[tuple[Trigger, DateMention]]:
    """Each date with the nearest step word in the sentence; one date per step and one step per date."""
    candidates: list[tuple[int, int, int]] = []
    usable = [m for m in mentions if m.value != DateValue()]
    for t_index, trigger in enumerate(triggers):
        if trigger.attribute == "takes_effect":
            continue
        for d_index, mention in enumerate(usable):
            between = sentence[mention.end : trigger.start] if mention.end <= trigger.start else ""
            if mention.since and not trigger.allows_since and not (between and _WHEN_CLAUSE.match(between)):
                continue
            gap = distance(sentence, (trigger.start, trigger.end), (mention.start, mention.end))
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
    return pairs


@dataclass
class Extracted:
    facts: list[Fact] = field(default_factory=list)
    mentions: list[tuple[Mention, int]] = field(default_factory=list)  # (mention, paragraph)


def extract(
    paragraphs: list[str],
    *,
    matcher: Matcher,
    main_instrument: str,
    published: object = None,
    language: str = "en",
) -> list[Fact]:
    """Facts from a document's cleaned paragraphs, dates resolved as ``dates.resolve`` says."""
    published_on = published if isinstance(published, date_type) else None
    per_paragraph = [dates_module.find_dates(paragraph, language) for paragraph in paragraphs]
    anchor = dates_module.anchor_of([m for mentions in per_paragraph for m in mentions])
    facts: list[Fact] = []
    for number, (paragraph, found) in enumerate(zip(paragraphs, per_paragraph, strict=True)):
        mentions = dates_module.resolve(found, published=published_on, anchor=anchor, language=language)
        treaties = [m for m in matcher.find_all(paragraph) if m.kind == "instrument"]
        for offset, sentence in split_sentences(paragraph):
            end = offset + len(sentence)
            local = [
                replace(m, start=m.start - offset, end=m.end - offset)
                for m in mentions
                if offset <= m.start and m.end <= end
            ]
            local_treaties = [
                replace(m, start=m.start - offset, end=m.end - offset)
                for m in treaties
                if offset <= m.start and m.end <= end
            ]
            here = _Sentence(sentence, number, main_instrument)
            facts.extend(here.facts(local, local_treaties))
    return facts


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a document, where its paragraph is, and the treaty of the document's event."""

    text: str
    paragraph: int
    main_instrument: str

    def facts(self, dates: list[DateMention], treaties: list[Mention]) -> list[Fact]:
        """The sentence's dated steps, its claims on legal effect and its counts (positions are its own)."""
        sentence, number = self.text, self.paragraph
        wanted = bool(dates) or bool(_effect_hint().search(sentence))
        triggers = find_triggers(sentence) if wanted else []
        facts = [
            Fact(
                attribute=trigger.attribute,
                subject=_subject(trigger, treaties, self.main_instrument, sentence),
                sentence=sentence,
                paragraph=number,
                quote=mention.text,
                value=mention.value,
                inferred=mention.inferred,
                note=mention.note,
            )
            for trigger, mention in pair(triggers, dates, sentence)
        ]
        for trigger in triggers:
            if trigger.attribute != "takes_effect":
                continue
            claim = read_effect(sentence, trigger, dates)
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
        counts = find_counts(sentence) if _count_hint().search(sentence) else []
        facts.extend(
            Fact(
                attribute=attribute,
                subject=self.main_instrument,
                sentence=sentence,
                paragraph=number,
                quote=quote,
                count=value,
            )
            for attribute, value, quote in counts
        )
        return facts


_GENERIC_TREATY = re.compile(
    r"\b(?:the|this|that|its)\s+(?:convention|treaty|protocol|agreement)\b|\bконвенци\w*|\bдоговор\w*|\bконвенці\w*"
    r"|\bdie\s+konvention\b|\bdas\s+übereinkommen\b|\bla\s+convention\b|\ble\s+traité\b",
    _FLAGS,
)


def _subject(trigger: Trigger, treaties: list[Mention], main_instrument: str, sentence: str) -> str:
    """The treaty a fact is about: the event's, or the treaty named nearest to the step word."""
    if trigger.attribute in EVENT_STEPS:
        return main_instrument
    # An organisation's name ("adopted by the Council of Europe") names an actor, not the treaty.
    candidates = [(m.start, m.end, m.code) for m in treaties if m.weight >= ORGANISATION_WEIGHT * 2]
    candidates += [
        (g.start(), g.end(), main_instrument)
        for g in _GENERIC_TREATY.finditer(sentence)
        if all(g.end() <= m.start or g.start() >= m.end for m in treaties)
    ]
    if not candidates:
        return main_instrument
    nearest = min(
        candidates, key=lambda c: (distance(sentence, (trigger.start, trigger.end), (c[0], c[1])), c[0])
    )
    return nearest[2]
