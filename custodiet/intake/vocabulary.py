"""The intake's vocabularies: one data file per language, read once, as regular-expression alternatives.

Each file in ``data/languages/<code>.json`` says which language it is for and
holds the words any news text in that language uses: the steps of a treaty's
life and of a legislative process, approval and withdrawal words, the nouns of
documents (a law, a decree, a treaty), relative day words, number words, the
markers of what is not an article (donation appeals, newsletter prompts, "read
more" blocks, comments). Month and weekday names come from the file and, where
it says so, from CLDR through Babel, with a stem that tolerates inflection
("martā", "maaliskuussa"). Nothing here names an outlet, an article or a fact.

A language without a file has no vocabulary: ``load`` returns None, and no rule
of another language is ever applied to its documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

DATA = Path(__file__).resolve().parent / "data"
NEVER: Final = r"(?!x)x"  # an alternative that matches nothing, for a list the file leaves empty

# Languages the identification chooses among: the official languages of the Council of Europe's
# member States that lingua knows (not Maltese, Luxembourgish, Romansh), Russian, and the six UN
# languages. lingua's codes: Norwegian is nb/nn.
# lingua's other languages are identified too, so that an Indonesian or a Japanese article is called
# what it is rather than the nearest of these.
IDENTIFIED_LANGUAGES: Final = (
    "ar bg bs ca cs da de el en es et fi fr ga hr hu hy is it ka lt lv mk nb nl nn pl pt ro ru sk sl "
    "sq sr sv tr uk zh az"
).split()
# The steps whose words a vocabulary lists, in the order in which they win where two overlap.
STEP_ORDER: Final = (
    "security_council",
    "court_ruling",
    "jurisdiction_accepted",
    "procedure_started",
    "proposal_published",
    "government_proposal",
    "bill_submitted",
    "upper_house_approval",
    "lower_house_approval",
    "law_published",
    "law_signed",
    "decree",
    "referendum",
    "announcement",
    "notification",
    "deposit",
    "takes_effect",
    "entry_into_force",
    "denunciation",
    "ratification",
    "accession",
    "signature",
    "joined",
    "adoption",
)


def alternatives(patterns: list[str] | tuple[str, ...]) -> str:
    """One regular expression that matches any of ``patterns`` (never, for none)."""
    return "|".join(f"(?:{pattern})" for pattern in patterns) if patterns else NEVER


@dataclass(frozen=True)
class Vocabulary:
    """One language's words, as the rules use them (each value a regular-expression alternative)."""

    code: str
    name: str
    data: dict[str, Any]

    def words(self, key: str) -> str:
        value = self.data.get(key) or []
        return alternatives(value)

    def group(self, key: str, name: str) -> str:
        return alternatives((self.data.get(key) or {}).get(name) or [])

    def groups(self, key: str) -> dict[str, str]:
        return {name: alternatives(patterns) for name, patterns in (self.data.get(key) or {}).items()}

    @property
    def no_spaces(self) -> bool:
        """True for a language written without spaces between words (Chinese, Japanese)."""
        return bool(self.data.get("no_spaces", False))

    @property
    def numbers(self) -> dict[str, int]:
        return {word.lower(): int(value) for word, value in (self.data.get("numbers") or {}).items()}

    @property
    def relative_days(self) -> dict[str, int]:
        return {word.lower(): int(value) for word, value in (self.data.get("relative_days") or {}).items()}

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(step, alternative) for every step the language lists, in STEP_ORDER."""
        listed = self.data.get("steps") or {}
        return [(step, alternatives(listed[step])) for step in STEP_ORDER if listed.get(step)]

    @property
    def months(self) -> dict[int, str]:
        return _calendar_words(self, "months")

    @property
    def weekdays(self) -> dict[int, str]:
        return _calendar_words(self, "weekdays")


def _cldr_names(code: str, what: str) -> dict[int, list[str]]:
    """Month (1-12) or weekday (0 = Monday) names of a language in CLDR, wide and abbreviated."""
    from babel import Locale  # lazily: start-up speed
    from babel.core import UnknownLocaleError

    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    table = locale.months if what == "months" else locale.days
    names: dict[int, list[str]] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in (table.get(context, {}).get(width) or {}).items():
                names.setdefault(int(number), []).append(str(name).lower())
    return names


def _name_pattern(name: str, stem: int, wide: bool) -> str:
    """A CLDR name as a pattern: abbreviations with an optional dot; long names as a stem and an ending."""
    bare = name.rstrip(".")
    if not wide:
        return re.escape(bare) + r"\.?" if len(bare) >= 3 else NEVER
    if stem and len(bare) >= 5:
        root = bare[: max(3, len(bare) - stem)]
        return re.escape(root) + r"\w{0,5}"
    return re.escape(bare)


def _calendar_words(vocabulary: Vocabulary, what: str) -> dict[int, str]:
    given: dict[str, list[str]] = vocabulary.data.get(what) or {}
    result: dict[int, list[str]] = {int(number): list(words) for number, words in given.items()}
    if vocabulary.data.get("cldr_months", False):
        stem = int(vocabulary.data.get("month_stem", 0))
        wide_names = _cldr_wide(vocabulary.code, what)
        for number, names in _cldr_names(vocabulary.code, what).items():
            for name in names:
                pattern = _name_pattern(name, stem if what == "months" else 0, name in wide_names)
                if pattern != NEVER:
                    result.setdefault(number, []).append(pattern)
    # Longest alternatives first, so that "sept" wins over "sep".
    return {
        number: alternatives(sorted(set(words), key=len, reverse=True)) for number, words in result.items()
    }


def _cldr_wide(code: str, what: str) -> set[str]:
    from babel import Locale  # lazily: start-up speed

    try:
        table = Locale.parse(code).months if what == "months" else Locale.parse(code).days
    except ValueError:
        return set()
    return {
        str(name).lower()
        for context in ("format", "stand-alone")
        for name in (table.get(context, {}).get("wide") or {}).values()
    }


@cache
def languages() -> tuple[str, ...]:
    """The codes of the languages that have a vocabulary file."""
    return tuple(sorted(path.stem for path in (DATA / "languages").glob("*.json")))


@cache
def load(code: str) -> Vocabulary | None:
    """The vocabulary of a language, or None when it has none."""
    if code not in languages():
        return None
    data = json.loads((DATA / "languages" / f"{code}.json").read_text(encoding="utf-8"))
    if data.get("language") != code:
        raise ValueError(f"{code}.json says it is for {data.get('language')!r}")
    return Vocabulary(code=code, name=str(data.get("name", code)), data=data)


def language_name(code: str) -> str:
    """The English name of a language code, for pages and messages."""
    vocabulary = load(code)
    if vocabulary is not None:
        return vocabulary.name
    from babel import Locale  # lazily: start-up speed

    try:
        return str(Locale("en").languages.get(code, code))
    except ValueError:
        return code
