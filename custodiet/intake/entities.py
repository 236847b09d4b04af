"""Finding the states and treaties a text names, from names given as data, in the text's own language.

Treaty names come from ``data/instruments.json``: every name says its language,
and a text is matched only against the names of its language and the
language-neutral ones (acronyms, codes). A name two treaties share ("the
convention against torture", "Antifolterkonvention") is told apart by what
makes them different: a European qualifier near it (European, Council of
Europe's, европейская) makes it the ECPT, a UN one (UN, ООН, Vereinte Nationen)
UNCAT; without either, the document's other names decide (the CPT and the
Council of Europe against the UN Committee against Torture), and failing those
the name's default. An organisation's name (the Council of Europe) counts little
towards its statute, so that an article about the ECPT is not taken for one
about the Council's membership. State names are CLDR's (Babel) in each language.

Matching is by tokens, tolerant of inflection (``Россия``/``России``,
``Hungary``/``Hungarian``); acronyms (ICC, CPT, CAT) match only in capitals.
Treaties the data does not know are still noticed when a text names them in
capitals ("the UN Convention Against Torture"), so that a fact about another
treaty is not taken for one about the treaty of the event.
"""

# ruff: noqa: RUF001, RUF002  # Cyrillic letters and typographic dashes and quotes are the point: texts use them

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from custodiet.intake.vocabulary import DATA, IDENTIFIED_LANGUAGES, languages

Kind = Literal["instrument", "state"]
UNKNOWN_PREFIX = "?"  # code of a treaty named in the text but unknown to the data
QUALIFIER_BEFORE, QUALIFIER_AFTER = 60, 40  # characters around a shared name searched for a qualifier
# A word; a Han, kana or hangul character is a word by itself (those scripts do not space words).
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", re.UNICODE
)
_VOWELS = set("aeiouyаеёиоуыэюяіїєйьაეიოუ")
_SUFFIX = 4  # letters a token may add to an alias's stem ("Statut" -> "Statutes")
# Georgian adds postpositions to the noun ("კონვენციიდან", from the convention; "სასამართლოსთვის")
_LONG_SUFFIX = 6
_LONG_SUFFIX_SCRIPT = re.compile(r"[\u10d0-\u10ff]")
_SHORT = 5  # tokens shorter than this must match exactly
_ACRONYM = 6  # an all-capitals name this short matches only in capitals
_NAMED_TREATY = re.compile(
    r"(?:(?:[A-Z][\w’'-]*|UN|EU)\s+){0,5}(?:Convention|Treaty|Covenant|Charter|Protocol|Konvention|Übereinkommen"
    r"|Vertrag|Pakt|Traité|Pacte|Charte)"
    r"(?:\s+(?:on|for|against|of|the|and|to|relating|in|sur|pour|contre|de|la|du|des|et|über|zur|zum|gegen"
    r"|die|der|den)\b|\s+[A-Z][\w’'-]*|\s+No\.?\s*\d+)*",
    re.UNICODE,
)
_TRAILING_STOP = re.compile(
    r"(?:\s+(?:on|for|against|of|the|and|to|relating|in|sur|pour|contre|de|la|du|des|et|über|zur|zum|gegen"
    r"|die|der|den))+$"
)


@dataclass(frozen=True)
class Entity:
    code: str
    kind: Kind
    label: str
    names: tuple[str, ...]
    weight: float = 1.0  # how much a mention counts towards what a text is about
    language: str = ""  # the language of the names; "" for names of any language (codes, acronyms)
    family: str = ""  # "coe", "un": what tells two treaties with a shared name apart
    candidates: tuple[str, ...] = ()  # for a shared name, the treaties it may be


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    kind: Kind
    text: str
    weight: float = 1.0
    family: str = ""
    candidates: tuple[str, ...] = ()  # a shared name no qualifier resolved: the treaties it may be


def normal(token: str) -> str:
    return token.lower().replace("ё", "е").replace("\u0307", "")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), normal(m.group(0))) for m in _TOKEN.finditer(text)]


def stem(token: str) -> str:
    if len(token) < _SHORT:
        return token
    end = len(token)
    while end > 4 and token[end - 1] in _VOWELS:
        end -= 1
    return token[:end]


def _token_matches(alias_token: str, token: str) -> bool:
    if len(alias_token) < _SHORT:
        return token == alias_token
    root = stem(alias_token)
    allowed = _LONG_SUFFIX if _LONG_SUFFIX_SCRIPT.match(root) else _SUFFIX
    return token.startswith(root) and len(token) - len(root) <= allowed


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]
    entity: Entity
    capitals: bool  # an acronym: the text's token must be in capitals too


@dataclass
class Matcher:
    """Finds mentions of known entities; build it once per vocabulary and reuse it."""

    entities: list[Entity]
    families: dict[str, re.Pattern[str]] = field(default_factory=dict)
    _index: dict[str, list[_Alias]] = field(default_factory=dict, init=False)
    _by_code: dict[str, Entity] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for entity in self.entities:
            self._by_code.setdefault(entity.code, entity)
            for name in entity.names:
                alias = tuple(token for _s, _e, token in tokens(name))
                if not alias or len("".join(alias)) < 2:
                    continue
                capitals = name.isupper() and len(name) <= _ACRONYM
                self._index.setdefault(alias[0][:4], []).append(_Alias(alias, entity, capitals))

    def by_code(self, code: str) -> Entity | None:
        return self._by_code.get(code)

    def find(self, text: str, language: str = "") -> list[Mention]:
        """Mentions of known entities in the names of ``language``, longest first, not overlapping."""
        found: list[Mention] = []
        words = tokens(text)
        index = 0
        while index < len(words):
            best: tuple[int, Entity] | None = None
            for alias in self._index.get(words[index][2][:4], ()):
                size = len(alias.tokens)
                entity = alias.entity
                if index + size > len(words) or (best is not None and size <= best[0]):
                    continue
                if entity.language and language and entity.language != language:
                    continue
                if alias.capitals and not text[words[index][0] : words[index + size - 1][1]].isupper():
                    continue
                if all(_token_matches(alias.tokens[k], words[index + k][2]) for k in range(size)):
                    best = (size, entity)
            if best is None:
                index += 1
                continue
            size, entity = best
            start, end = words[index][0], words[index + size - 1][1]
            mention = Mention(
                start,
                end,
                entity.code,
                entity.kind,
                text[start:end],
                entity.weight,
                entity.family,
                entity.candidates,
            )
            found.append(self._qualified(mention, text) if entity.candidates else mention)
            index += size
        return found

    def _qualified(self, mention: Mention, text: str) -> Mention:
        """A shared name resolved by a qualifier next to it ("European", "UN"), if one is there."""
        window = text[max(0, mention.start - QUALIFIER_BEFORE) : mention.end + QUALIFIER_AFTER]
        fitting = [
            code
            for code in mention.candidates
            if (entity := self.by_code(code)) is not None
            and entity.family in self.families
            and self.families[entity.family].search(window)
        ]
        if len(fitting) == 1:
            entity = self.by_code(fitting[0])
            assert entity is not None
            return replace(mention, code=fitting[0], family=entity.family, candidates=())
        return mention

    def find_all(self, text: str, language: str = "", chosen: dict[str, str] | None = None) -> list[Mention]:
        """Known mentions (shared names as ``chosen`` says), and treaties named in capitals the data does not know."""
        known = [
            replace(m, code=chosen[m.code], candidates=())
            if m.candidates and chosen and m.code in chosen
            else m
            for m in self.find(text, language)
        ]
        extra: list[Mention] = []
        starts = [m.start for m in known]  # known mentions do not overlap and are in order
        for match in _NAMED_TREATY.finditer(text):
            name = _TRAILING_STOP.sub("", match.group(0)).strip()
            start = match.start()
            end = start + len(name)
            after = bisect_right(starts, start)
            if (after > 0 and known[after - 1].end > start) or (after < len(known) and starts[after] < end):
                continue
            key = " ".join(token for _s, _e, token in tokens(name))
            if len(key.split()) < 2:
                continue  # a bare "Convention" refers to a treaty already named
            extra.append(Mention(start, end, UNKNOWN_PREFIX + key, "instrument", name, 0.5))
        return sorted(known + extra, key=lambda mention: mention.start)


def choose_shared(mentions: Iterable[Mention], matcher: Matcher) -> dict[str, str]:
    """For each shared name left unresolved, the treaty the document's other names point to.

    The evidence for a candidate is the weight of the document's resolved mentions of its family
    (the CPT and the Council of Europe for the ECPT; the UN Committee against Torture for UNCAT);
    with none, the name's default (its first code, as the data gives it).
    """
    listed = list(mentions)
    evidence: Counter[str] = Counter()
    for mention in listed:
        if mention.kind == "instrument" and not mention.candidates and mention.family:
            evidence[mention.family] += mention.weight  # type: ignore[assignment]
    chosen: dict[str, str] = {}
    for mention in listed:
        if not mention.candidates or mention.code in chosen:
            continue
        scored = [
            (evidence[entity.family], -rank, code)
            for rank, code in enumerate(mention.candidates)
            if (entity := matcher.by_code(code)) is not None
        ]
        best = max(scored) if scored else None
        chosen[mention.code] = best[2] if best is not None and best[0] > 0 else mention.code
    return chosen


def salient(mentions: Iterable[tuple[Mention, float]], kind: Kind) -> str:
    """The code most weighted among mentions of one kind; known entities before unknown ones."""
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    for position, (mention, weight) in enumerate(mentions):
        if mention.kind != kind:
            continue
        scores[mention.code] += weight * mention.weight  # type: ignore[assignment]
        first.setdefault(mention.code, position)
    if not scores:
        return ""
    return max(scores, key=lambda code: (scores[code], -first[code]))


@cache
def _instrument_data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "instruments.json").read_text(encoding="utf-8"))
    return loaded


def known_instruments() -> dict[str, str]:
    """Code and label of every instrument the intake's data names."""
    labels: dict[str, str] = {}
    for entry in _instrument_data()["instruments"]:
        labels.setdefault(entry["code"], entry["label"])
    return labels


def _split_by_language(names: dict[str, list[str]]) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Names grouped by language; acronyms and codes ("ICC", "ETS 126") are for every language."""
    for language, listed in names.items():
        neutral = tuple(n for n in listed if n.isupper() or any(c.isdigit() for c in n))
        own = tuple(n for n in listed if n not in neutral)
        if own:
            yield language, own
        if neutral:
            yield "", neutral


@cache
def instrument_entities() -> tuple[Entity, ...]:
    """Entities of the treaties the intake's data names, in every language it gives."""
    data = _instrument_data()
    entities: list[Entity] = []
    for entry in data["instruments"]:
        for language, names in _split_by_language(entry["names"]):
            entities.append(
                Entity(
                    entry["code"],
                    "instrument",
                    entry["label"],
                    names,
                    float(entry.get("weight", 1.0)),
                    language,
                    entry.get("family", ""),
                )
            )
    for shared in data.get("shared", []):
        candidates = tuple(shared["candidates"])
        ordered = (shared["default"], *(code for code in candidates if code != shared["default"]))
        for language, names in _split_by_language(shared["names"]):
            entities.append(
                Entity(shared["default"], "instrument", "", names, 1.0, language, "", candidates=ordered)
            )
    return tuple(entities)


@cache
def family_qualifiers() -> dict[str, re.Pattern[str]]:
    return {
        family: re.compile("|".join(spec["qualifiers"]), re.IGNORECASE | re.UNICODE)
        for family, spec in _instrument_data().get("families", {}).items()
    }


@cache
def _state_data() -> dict[str, dict[str, list[str]]]:
    loaded: dict[str, dict[str, list[str]]] = json.loads((DATA / "states.json").read_text(encoding="utf-8"))[
        "names"
    ]
    return loaded


def state_names(code: str, extra: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
    """A state's names by language (CLDR through Babel, and ``data/states.json``), for every language
    the intake reads or identifies; ``extra`` names are the register's English and French names."""
    from babel import Locale  # lazily: ~30 ms to import (start-up speed)

    names: dict[str, list[str]] = {}
    for language, name in zip(("en", "fr"), extra, strict=False):
        if name:
            names.setdefault(language, []).append(name)
    for language, listed in _state_data().get(code.upper(), {}).items():
        names.setdefault(language, []).extend(listed)
    for language in sorted(set(languages()) | set(IDENTIFIED_LANGUAGES)):
        try:
            cldr = Locale.parse(language).territories.get(code.upper())
        except ValueError:
            continue
        if cldr:
            names.setdefault(language, []).append(str(cldr))
    return {language: tuple(dict.fromkeys(listed)) for language, listed in names.items()}


def state_entities(states: Iterable[tuple[str, str, Iterable[str]]]) -> list[Entity]:
    """Entities of states given as (code, label, (English name, French name))."""
    entities: list[Entity] = []
    for code, label, extra in states:
        for language, names in state_names(code, extra).items():
            entities.append(Entity(code, "state", label, names, 1.0, language))
    return entities
