"""Rules of testimony that need no database: pseudonyms, languages, who counts as a doctor, when an
interview or an examination may be dated, privacy, when ill-treatment is said to have happened, and
what a reprisal follow-up is due on.

Plain values in, plain values out; a broken rule raises ``DomainError`` with a message for the
person recording. The services (custodiet.testimony.services) apply these rules before they save.
"""

from __future__ import annotations

import gettext
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from custodiet.core.dates import shown_date, shown_moment
from custodiet.core.errors import DomainError
from custodiet.testimony import taxonomy

# -- pseudonyms -----------------------------------------------------------------------------------

# Digits and capitals without those read or heard alike: 0/O, 1/I/L, U/V (Crockford's choice, less 0 and 1).
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PSEUDONYM_PREFIX = "P-"
PSEUDONYM_LENGTH = 8  # 30**8, about 6.6e11 codes: not guessable, not in order of creation
PSEUDONYM_PATTERN = re.compile(rf"^{PSEUDONYM_PREFIX}[{PSEUDONYM_ALPHABET}]{{{PSEUDONYM_LENGTH}}}$")


def new_pseudonym() -> str:
    """A fresh random code such as ``P-7KQ2MX9D``; it says nothing of the person or of when they were met."""
    return PSEUDONYM_PREFIX + "".join(
        secrets.choice(PSEUDONYM_ALPHABET) for _position in range(PSEUDONYM_LENGTH)
    )


def normalize_pseudonym(text: str) -> str:
    """The code as typed, tidied: spaces dropped, capitals, the prefix added when it was left out."""
    code = "".join(text.split()).upper()
    if code and not code.startswith(PSEUDONYM_PREFIX):
        code = PSEUDONYM_PREFIX + code
    return code


def is_pseudonym(text: str) -> bool:
    return bool(PSEUDONYM_PATTERN.match(text))


# -- languages ------------------------------------------------------------------------------------


# Offered first on the interview form (its list; any ISO 639 language may be typed).
COMMON_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("ce", "Chechen"),
    ("be", "Belarusian"),
    ("tt", "Tatar"),
    ("ba", "Bashkir"),
    ("av", "Avaric"),
    ("ka", "Georgian"),
    ("hy", "Armenian"),
    ("az", "Azerbaijani"),
    ("ro", "Romanian"),
    ("tr", "Turkish"),
    ("ar", "Arabic"),
    ("fa", "Persian"),
    ("uz", "Uzbek"),
    ("tg", "Tajik"),
    ("ky", "Kirghiz"),
    ("kk", "Kazakh"),
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
)


def language_code(raw: str) -> str:
    """An ISO 639-1 (``ru``) or ISO 639-3 (``che``) code, lower case, or a language named in English
    ("Russian", "chechen"), which becomes its shortest code; anything else is refused, never cut short."""
    text = " ".join(raw.split())
    code = text.lower()
    if re.fullmatch(r"[a-z]{2,3}", code):
        found = (
            pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
        )
        if found is not None:
            return code
    if len(code) > 3:
        try:
            named = pycountry.languages.lookup(text)
        except LookupError:
            named = None
        if named is not None:
            return str(getattr(named, "alpha_2", None) or named.alpha_3)
    if not text:
        raise DomainError(
            _("Give the language of the interview: its name (Russian) or its ISO 639 code (ru).")
        )
    raise DomainError(
        _(
            "“%(text)s” is not a language known to ISO 639: give its name in English (Russian, Chechen) or its "
            "code (ru, che)."
        )
        % {"text": text}
    )


def language_name(code: str) -> str:
    """The language's name in the interface's language (ISO 639's own names and their translations, as
    pycountry ships them); the code itself when ISO 639 does not know it."""
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    return _iso639_names((get_language() or "en")[:2]).gettext(str(found.name))


@cache
def _iso639_names(interface: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[interface], fallback=True)


# -- who may examine ------------------------------------------------------------------------------

# A delegation member examines injuries only when their expertise says they are medically qualified.
# The visits app records expertise as free text ("forensic doctor", "psychiatrist"); this is the rule
# that reads it. English, French, Russian and Ukrainian words, matched at the start of a word.
MEDICAL_WORDS = (
    "doctor",
    "physician",
    "forensic",
    "medic",  # medic, medical, medicine
    "psychiatr",
    "patholog",
    "surgeon",
    "gynaecolog",
    "gynecolog",
    "médecin",
    "medecin",
    "врач",
    "судмед",
    "лікар",
)
_MEDICAL = re.compile(r"\b(" + "|".join(re.escape(word) for word in MEDICAL_WORDS) + ")", re.IGNORECASE)


def is_medical(expertise: str) -> bool:
    """True when a delegation member's expertise names a medical qualification ("forensic doctor")."""
    return bool(_MEDICAL.search(expertise or ""))


# -- dates ----------------------------------------------------------------------------------------


def check_during_visit(
    what: str, moment: datetime, *, first: date, last: date, day: date, now: datetime
) -> None:
    """``moment`` (on local ``day``) must not be in the future and must fall within the visit's days."""
    if moment > now:
        raise DomainError(
            _("%(what)s cannot be at %(moment)s, which is in the future.")
            % {"what": what, "moment": shown_moment(moment, getattr(moment.tzinfo, "key", ""))}
        )
    if not first <= day <= last:
        raise DomainError(
            _("%(what)s on %(day)s falls outside the visit (%(first)s to %(last)s).")
            % {"what": what, "day": shown_date(day), "first": shown_date(first), "last": shown_date(last)}
        )


def check_privacy(*, private: bool, within_hearing: str) -> str:
    """A private interview has no one within hearing; otherwise say who was (a guard at the door ...)."""
    note = within_hearing.strip()
    if private and note:
        raise DomainError(
            _(
                "A private interview has no one of the staff within hearing: untick “private” or clear the note."
            )
        )
    if not private and not note:
        raise DomainError(
            _("The interview was not private: say who was within hearing (e.g. a guard at the door).")
        )
    return note


@dataclass(frozen=True)
class Period:
    """The plain (unencrypted) period kept for counting: a year, and a quarter when the month is known."""

    year: int | None
    quarter: int | None

    @property
    def label(self) -> str:
        if self.year is None:
            return _("date not known")
        if self.quarter is None:
            return _("%(year)s (quarter not known)") % {"year": self.year}
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def occurrence_period(
    *, occurred_from: date | None, occurred_to: date | None, precision: str, said_on: date
) -> Period:
    """Check when ill-treatment is said to have happened, and return the period kept for counting.

    With a precision other than "unknown" a first date is needed; the last date, when given, is not
    before it; neither is after the day it was said. The quarter is kept only when the day or month
    is known and the span stays within one quarter.
    """
    if precision not in taxonomy.codes(taxonomy.DATE_PRECISIONS):
        raise DomainError(_("Unknown precision “%(precision)s”.") % {"precision": precision})
    if precision == "unknown":
        if occurred_from is not None or occurred_to is not None:
            raise DomainError(
                _("The date is marked “not known”: leave the dates empty, or choose a precision.")
            )
        return Period(None, None)
    if occurred_from is None:
        raise DomainError(
            _("Give the (first) date it is said to have happened, or mark the date “not known”.")
        )
    if occurred_to is not None and occurred_to < occurred_from:
        raise DomainError(_("The last date is before the first."))
    if max(occurred_from, occurred_to or occurred_from) > said_on:
        raise DomainError(
            _("It cannot have happened after the interview (%(day)s).") % {"day": shown_date(said_on)}
        )
    quarter = None
    if precision in ("day", "month"):
        end = occurred_to or occurred_from
        if end.year == occurred_from.year and quarter_of(end) == quarter_of(occurred_from):
            quarter = quarter_of(occurred_from)
    return Period(occurred_from.year, quarter)


def period_label(year: int | None, quarter: int | None) -> str:
    return Period(year, quarter).label


# -- reprisals ------------------------------------------------------------------------------------


def check_due(*, at_next_visit: bool, due_on: date | None) -> None:
    """A follow-up is due either at the next visit or on a date, not both and not neither."""
    if at_next_visit and due_on is not None:
        raise DomainError(_("A follow-up is due at the next visit or on a date, not both."))
    if not at_next_visit and due_on is None:
        raise DomainError(_("Say when the follow-up is due: at the next visit, or on a date."))


def due_label(*, at_next_visit: bool, due_on: date | None) -> str:
    if at_next_visit:
        return _("at the next visit")
    return _("by %(day)s") % {"day": shown_date(due_on)} if due_on else "—"


def check_done(*, done_on: date, flagged_on: date, today: date) -> None:
    if done_on > today:
        raise DomainError(_("%(day)s is in the future.") % {"day": shown_date(done_on)})
    if done_on < flagged_on:
        raise DomainError(
            _("The follow-up cannot be done before the risk was flagged (%(day)s).")
            % {"day": shown_date(flagged_on)}
        )


def required_text(what: str, text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise DomainError(_("%(what)s is required.") % {"what": what})
    return cleaned


def check_code(terms: tuple[taxonomy.Term, ...], code: str, what: str) -> str:
    if code not in taxonomy.codes(terms):
        raise DomainError(
            _("Unknown %(what)s “%(code)s”: one of %(codes)s.")
            % {"what": what, "code": code, "codes": ", ".join(taxonomy.codes(terms))}
        )
    return code
