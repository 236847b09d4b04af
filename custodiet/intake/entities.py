"""Finding the states and treaties a text names, from names given as data.

The names come from the database (``treaties.State`` and ``treaties.Instrument``),
from the treaty reference's aliases, and from CLDR country names in the
supported languages (Babel). Matching is by tokens, tolerant of inflection
(``Россия``/``России``, ``Russia``/``Russian``). Treaties the data does not know
are still noticed when a text names them in capitals ("the UN Convention Against
Torture"), so that a fact about another treaty is not taken for one about the
treaty of the event.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from custodiet.intake.vocabulary import SUPPORTED_LANGUAGES

Kind = Literal["instrument", "state"]
UNKNOWN_PREFIX = "?"  # code of a treaty named in the text but unknown to the data
_TOKEN = re.compile(r"\w+", re.UNICODE)
_VOWELS = set("aeiouyаеёиоуыэюяіїєйь")
_SHORT = 5  # tokens shorter than this must match exactly
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


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    kind: Kind
    text: str
    weight: float = 1.0


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower().replace("ё", "е")) for m in _TOKEN.finditer(text)]


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
    return token.startswith(root) and len(token) - len(root) <= 4


@dataclass
class Matcher:
    """Finds mentions of known entities; build it once per vocabulary and reuse it."""

    entities: list[Entity]
    _index: dict[str, list[tuple[tuple[str, ...], Entity]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for entity in self.entities:
            for name in entity.names:
                alias = tuple(token for _s, _e, token in tokens(name))
                if not alias or len("".join(alias)) < 2:
                    continue
                self._add(alias, entity)
                # "European Convention for the Prevention of Torture" is also written
                # "Europe's convention for the prevention of torture": index long names without the first word.
                if entity.kind == "instrument" and len(alias) >= 5 and len(alias[1]) > 3:
                    self._add(alias[1:], entity)

    def _add(self, alias: tuple[str, ...], entity: Entity) -> None:
        self._index.setdefault(alias[0][:4], []).append((alias, entity))

    def by_code(self, code: str) -> Entity | None:
        return next((entity for entity in self.entities if entity.code == code), None)

    def find(self, text: str) -> list[Mention]:
        """Mentions of known entities, longest first, not overlapping, in text order."""
        found: list[Mention] = []
        words = tokens(text)
        index = 0
        while index < len(words):
            best: tuple[int, Entity] | None = None
            for alias, entity in self._index.get(words[index][2][:4], ()):
                size = len(alias)
                if index + size > len(words) or (best is not None and size <= best[0]):
                    continue
                if all(_token_matches(alias[k], words[index + k][2]) for k in range(size)):
                    best = (size, entity)
            if best is None:
                index += 1
                continue
            size, entity = best
            start, end = words[index][0], words[index + size - 1][1]
            found.append(Mention(start, end, entity.code, entity.kind, text[start:end], entity.weight))
            index += size
        return found

    def find_all(self, text: str) -> list[Mention]:
        """Known mentions, and treaties named in capitals that the vocabulary does not know."""
        known = self.find(text)
        extra: list[Mention] = []
        for match in _NAMED_TREATY.finditer(text):
            name = _TRAILING_STOP.sub("", match.group(0)).strip()
            start = match.start()
            end = start + len(name)
            if any(not (end <= m.start or start >= m.end) for m in known):
                continue
            key = " ".join(token for _s, _e, token in tokens(name))
            if len(key.split()) < 2:
                continue  # a bare "Convention" refers to a treaty already named
            extra.append(Mention(start, end, UNKNOWN_PREFIX + key, "instrument", name, 0.5))
        return sorted(known + extra, key=lambda mention: mention.start)


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


def state_names(code: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """A state's names in the supported languages (CLDR through Babel), plus ``extra``."""
    from babel import Locale  # lazily: ~30 ms to import (start-up speed), only an import needs it

    names = [name for name in extra if name]
    for language in SUPPORTED_LANGUAGES:
        name = Locale(language).territories.get(code.upper())
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))
