"""The date patterns of a language, and the date a match of one states.

Full dates (a day, a month and a year, in any of the orders languages write them: numeric, ISO, CJK,
with a month's name, year first) and the words of partial ones (a month alone, a weekday, "yesterday",
"two years later"), built once per language from its vocabulary (``vocabulary``) and CLDR. ``dates``
finds and resolves the mentions these patterns match.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from custodiet.intake import vocabulary
from custodiet.intake.datevalue import MAX_YEAR, MIN_YEAR, DateValue, valid_day

_YEAR = r"(?P<y>(?:18|19|20)\d\d)"
DIGIT = re.compile(r"\d")
FULL_KINDS = ("iso", "dmy_numeric", "cjk", "dmy", "mdy", "ymd", "ydm", "ygdm", "my", "ym")


@dataclass(frozen=True)
class Patterns:
    full: dict[str, re.Pattern[str]]
    year: re.Pattern[str]
    weekday: re.Pattern[str] | None
    day_word: re.Pattern[str] | None
    later: re.Pattern[str] | None
    since_before: re.Pattern[str]
    since_after: re.Pattern[str]
    month_alone: re.Pattern[str]
    day_alone: re.Pattern[str] | None  # "22日": the language's pattern, with its group "d"
    range_before: re.Pattern[str] | None  # "between" right before a year: a period, not a day of events
    range_and: re.Pattern[str] | None  # "and", "to" between the two ends of a period


def _months_alternative(words: dict[int, str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in words.values()) or vocabulary.NEVER


def _full_patterns(
    months: str,
    year_tail: str,
    *,
    infix: str = vocabulary.NEVER,
    year_genitive: str = vocabulary.NEVER,
    first_day: str = vocabulary.NEVER,
    day_suffix: str = vocabulary.NEVER,
) -> dict[str, re.Pattern[str]]:
    """The patterns of a full date, by kind (``FULL_KINDS``): numeric ones, and those with a month's name.

    Languages that write the year first say so in their vocabulary. ``infix`` is the word between a
    year and its month (Armenian "2023 թվականի հոկտեմբերի 3-ին"): it may stand in a year-month-day
    date, and a year and a month joined by it ("2023 թվականի նոյեմբերին") are a month ("ym").
    ``year_genitive`` is the word for "of the year" after a year followed by the day and the month
    (Georgian "2024 წლის 15 მაისს", "2024 წლის მაისში"): kind ``ygdm``, whose first day may be a word
    (``first_day``: "2017 წლის პირველი სექტემბრიდან") or the day carry an ordinal ending
    (``day_suffix``: "1-ლი"). A language without these words has neither kind.
    """
    flags = re.IGNORECASE | re.UNICODE
    day = r"(?P<d>[0-3]?\d)"
    return {
        "iso": re.compile(r"(?<![\w./-])(?P<y>(?:18|19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)"),
        "dmy_numeric": re.compile(
            r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>\. ?|/)(?P<b>[01]?\d)(?P=sep)(?P<y>(?:18|19|20)\d\d)(?![\w/-]|\.\d)"
        ),
        "cjk": re.compile(r"(?P<y>(?:18|19|20)\d\d)\s*年\s*(?P<m>[01]?\d)\s*月(?:\s*(?P<d>[0-3]?\d)\s*日)?"),
        "dmy": re.compile(
            rf"(?<![\w-]){day}(?:st|nd|rd|th|er|re|ης|η|\.|-?го|-?е)?\s*(?:of\s+|de\s+)?(?P<m>{months})(?![\w])"
            rf"(?:,?\s+(?:de\s+|del\s+|του\s+)?{_YEAR}(?!\d){year_tail})?",
            flags,
        ),
        "mdy": re.compile(
            rf"(?<![\w-])(?P<m>{months})\s+{day}(?:st|nd|rd|th|\.)?(?![\d\w])(?:,?\s+{_YEAR}(?!\d))?", flags
        ),
        "ymd": re.compile(
            rf"(?<![\w./-]){_YEAR}\.?\s*(?:m\.|metų|gada|年|{infix})?\s+(?P<m>{months})\s+{day}(?:\.|\s*d\.)?(?![\d])",
            flags,
        ),
        "ydm": re.compile(
            rf"(?<![\w./-]){_YEAR}\.?\s*(?:gada|g\.)\s+{day}\.\s*(?P<m>{months})(?![\w])", flags
        ),
        "ygdm": re.compile(
            rf"(?<![\w./-]){_YEAR}\s+(?:{year_genitive})\s+(?:(?:{day}(?:-?(?:{day_suffix}))?|(?P<first>{first_day}))\s+)?"
            rf"(?P<m>{months})(?![\w])",
            flags,
        ),
        "my": re.compile(
            rf"(?<![\w-])(?P<m>{months})\s+(?:of\s+|de\s+|del\s+|του\s+)?{_YEAR}(?!\d){year_tail}", flags
        ),
        "ym": re.compile(
            rf"(?<![\w./-]){_YEAR}\s*(?:{infix})\s+(?P<m>{months})(?![\w])(?!\s+[0-3]?\d(?!\d))", flags
        ),
    }


@cache
def patterns_for(code: str) -> Patterns:
    """The date patterns of one language (numeric ones for every language)."""
    flags = re.IGNORECASE | re.UNICODE
    lexicon = vocabulary.load(code)
    months = _months_alternative(lexicon.months) if lexicon else vocabulary.NEVER
    tail = lexicon.words("year_tail") if lexicon else vocabulary.NEVER
    year_tail = rf"(?:\s*(?:{tail}))?"
    full = _full_patterns(
        months,
        year_tail,
        infix=lexicon.words("year_infix") if lexicon else vocabulary.NEVER,
        year_genitive=lexicon.words("year_genitive") if lexicon else vocabulary.NEVER,
        first_day=lexicon.words("first_day") if lexicon else vocabulary.NEVER,
        day_suffix=lexicon.words("day_suffix") if lexicon else vocabulary.NEVER,
    )
    # A word the language writes on the year itself ("2022թ."), which a letter after the year does not stop.
    glued = lexicon.words("year_glued") if lexicon else vocabulary.NEVER
    year = re.compile(
        # Arabic writes "and" and "in" on the number itself ("و2023", "ب2020").
        rf"(?:(?<![\w./-])|(?<=[\u0600-\u06ff])){_YEAR}"
        rf"(?:(?=(?:{glued}))|(?![\w]|[./-]\d|\s*(?:billion|million|%|euros?|dollars?))){year_tail}",
        flags,
    )
    # A month named alone ("in April", "heinäkuussa"); in English only after a preposition,
    # since "May" and "March" are words too.
    # Chinese and Japanese write words without spaces: a word's edge is not a letter's absence there.
    left, right = ("", "") if lexicon is not None and lexicon.no_spaces else (r"(?<![\w-])", r"(?![\w])")
    before = r"\b(?:in|since|until|by|early|late|mid|last|this|next|of)\s+" if code == "en" else left
    month_alone = re.compile(rf"{before}(?P<m>{months}){right}", flags)
    weekday = later = day_word = None
    since_before = since_after = re.compile(vocabulary.NEVER)
    if lexicon is not None:
        weekday_words = _months_alternative(lexicon.weekdays)
        # "last Friday", "minulý piatok", "vergangenen Freitag": the weekday before the publication date
        last_words = lexicon.words("last_words") if lexicon.data.get("last_words") else vocabulary.NEVER
        weekday = re.compile(rf"{left}(?:(?P<last>{last_words})\s+)?(?P<w>{weekday_words}){right}", flags)
        if lexicon.relative_days:
            words = "|".join(re.escape(word) for word in sorted(lexicon.relative_days, key=len, reverse=True))
            day_word = re.compile(rf"{left}(?:{words}){right}", flags)
        numbers = "|".join(sorted((re.escape(w) for w in lexicon.numbers), key=len, reverse=True))
        count = rf"(?P<n>\d+{'|' + numbers if numbers else ''}|a|an)"
        later = re.compile(
            rf"(?<![\w-]){count}\s+(?:{lexicon.words('year_words')})\s+(?:{lexicon.words('later_words')})(?![\w])",
            flags,
        )
        since_before = re.compile(
            rf"(?:^|\W)(?:{lexicon.words('since_before')})\s+(?:(?:the\s+)?(?:end|beginning)\s+of\s+)?$",
            flags,
        )
        since_after = re.compile(rf"^\s*(?:{lexicon.words('since_after')})(?!\w)", flags)
    day_alone = (
        re.compile(lexicon.data["day_alone"])
        if lexicon is not None and lexicon.data.get("day_alone")
        else None
    )
    range_before = range_and = None
    if lexicon is not None and lexicon.data.get("range_before"):
        range_before = re.compile(rf"(?:^|\W)(?:{lexicon.words('range_before')})\s*$", flags)
        range_and = re.compile(rf"^\s*(?:{lexicon.words('range_and')})\s*$", flags)
    return Patterns(
        full,
        year,
        weekday,
        day_word,
        later,
        since_before,
        since_after,
        month_alone,
        day_alone,
        range_before,
        range_and,
    )


@cache
def _matchers(code: str, what: str) -> list[tuple[int, re.Pattern[str]]]:
    lexicon = vocabulary.load(code)
    if lexicon is None:
        return []
    words = lexicon.months if what == "months" else lexicon.weekdays
    return [
        (number, re.compile(rf"^(?:{pattern})$", re.IGNORECASE | re.UNICODE))
        for number, pattern in words.items()
    ]


def month_number(word: str, language: str = "en") -> int | None:
    for number, pattern in _matchers(language, "months"):
        if pattern.match(word):
            return number
    return None


def weekday_number(word: str, language: str = "en") -> int | None:
    for number, pattern in _matchers(language, "weekdays"):
        if pattern.match(word):
            return number
    return None


def number_value(word: str, language: str = "en") -> int | None:
    lowered = word.lower()
    if lowered.isdigit():
        return int(lowered)
    if lowered in ("a", "an") and language == "en":
        return 1
    lexicon = vocabulary.load(language)
    return lexicon.numbers.get(lowered) if lexicon is not None else None


# Words that, right before a short month abbreviation, show that it is not a month ("may" the verb).
_MODAL_CONTEXT = re.compile(r"^(?:may|mar|jun|dec|sept|sep|oct|nov|jan|feb|apr|aug|jul)$", re.IGNORECASE)


def value_of(kind: str, match: re.Match[str], language: str) -> DateValue | None:
    """The date a full-date candidate states, or None when it is not a valid date."""
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if kind == "dmy_numeric":
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (
            (second, first) if language == "en" and groups["sep"] == "/" else (first, second)
        )  # "4. 4. 2025" too
    elif kind in ("iso", "cjk"):
        month, day = int(groups["m"]), int(groups["d"]) if groups.get("d") else 0
        if not day:
            return DateValue(year, month) if year and 1 <= month <= 12 else None
    else:
        found = month_number(groups["m"], language)
        if found is None:
            return None
        month = found
        if kind == "ygdm" and groups.get("first"):
            groups["d"] = "1"
        if kind in ("my", "ym") or (kind == "ygdm" and not groups.get("d")):
            return DateValue(year, month) if year is not None and MIN_YEAR <= year <= MAX_YEAR else None
        day = int(groups["d"])
        if kind == "mdy" and _MODAL_CONTEXT.match(groups["m"]) and groups["m"].islower():
            return None  # "may 3 ..." in running text is the verb, not the month
    if not 1 <= month <= 12 or not valid_day(year, month, day):
        return None
    return DateValue(year, month, day)
