"""The intake's own notes, written in English for machines and said again in the reader's language.

The pipeline keeps a note with each inferred date (why its year was inferred, from what) and a reason
with each paragraph it removed ("reader comments"). What is stored, exported (``intake export --json``)
and evaluated is the English sentence, byte for byte. Each sentence is written from one template
constant below (``%(name)s`` placeholders), marked with ``gettext_noop`` for the catalogue:

* the pipeline writes a note as ``TEMPLATE % params``, in English, never translated at that point;
* a page says it again with ``said_again(note)`` (on an English page, as written): the stored sentence is matched against every template
  (each made once into an anchored regular expression), and the template's translation is filled with
  the same parts, a date written as the reader's language writes it (``custodiet.intake.shown``), a
  weekday by its name in that language, a year, a number or words of the article as they are.

The legal-effect check's reasons (``legal``) are written and said again the same way: its treaty, the
depositary and the article through the catalogue (``custodiet.treaties.words.Word``), a kind of step by
its label in the reader's language.

A note that matches no template (older data, a new kind of note) is returned as it is, and the page keeps
it marked as English (the ``note`` filter of ``templatetags/intake_i18n``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, gettext_noop

from custodiet.intake.datevalue import WEEKDAY_NAMES
from custodiet.treaties.words import Word

# Why a date's year (or its day) was inferred: dates.py, relative.py, extraction.py.
YEAR_FROM_PUBLICATION: Final = gettext_noop(
    "year %(year)s inferred from the publication date (%(published)s)"
)
YEAR_FROM_EVENT_DATE: Final = gettext_noop(
    "year %(year)s inferred from a date the document states on its event (%(anchor)s)"
)
YEAR_FROM_EVENT_YEAR: Final = gettext_noop(
    "year %(year)s inferred from the year the document states for its event"
)
YEARS_AFTER: Final = gettext_noop("%(years)s year(s) after %(year)s, stated just before")
WEEKDAY_BEFORE_PUBLICATION: Final = gettext_noop(
    "the %(weekday)s on or before the publication date (%(published)s)"
)
WEEKDAY_STRICTLY_BEFORE_PUBLICATION: Final = gettext_noop(
    "the last %(weekday)s before the publication date (%(published)s)"
)
DAY_OF_MONTH_BEFORE_PUBLICATION: Final = gettext_noop(
    "the latest day %(day)s of a month on or before the publication date (%(published)s)"
)
WORDS_FROM_PUBLICATION: Final = gettext_noop("'%(words)s' counted from the publication date (%(published)s)")
WORDS_FROM_DAY_BEFORE: Final = gettext_noop("'%(words)s' counted from %(anchor)s, stated just before")
YEAR_STATED_BEFORE: Final = gettext_noop("year %(year)s: the year stated just before")
YEAR_COUNTED_FROM_PUBLICATION: Final = gettext_noop(
    "year %(year)s counted from the publication date (%(published)s)"
)
MONTH_COUNTED_FROM_PUBLICATION: Final = gettext_noop(
    "month counted from the publication date (%(published)s)"
)
SEASON_BEFORE_PUBLICATION: Final = gettext_noop(
    "year %(year)s: the latest such season on or before the publication date (%(published)s)"
)
SEASON_NEAR_EVENT_DATE: Final = gettext_noop(
    "year %(year)s: the such season nearest to a date the document states on its event"
)
FIRST_DAY_AFTER_PUBLICATION: Final = gettext_noop(
    "year %(year)s: the first such day on or after the publication date (%(published)s)"
)
FIRST_MONTH_AFTER_PUBLICATION: Final = gettext_noop(
    "year %(year)s: the first such month on or after the publication date (%(published)s)"
)
# Across an event's documents (claims.py).
YEAR_FROM_OTHER_SOURCE: Final = gettext_noop("year taken from another source that gives the same day")
YEAR_FROM_LAST_PUBLICATION: Final = gettext_noop(
    "year inferred from the event's last publication date (%(anchor)s)"
)
YEAR_FROM_LATEST_SOURCE_DATE: Final = gettext_noop(
    "year inferred from the latest date the event's sources state (%(anchor)s)"
)

# Why a paragraph was removed (cleaning.py, and the kinds of boilerplate of the languages' vocabularies).
COMMENTS: Final = gettext_noop("reader comments")
REPEATED_AT: Final = gettext_noop("repeated paragraph (repeats paragraph %(number)s)")
PHOTO_CREDIT: Final = gettext_noop("photo credit")
METADATA: Final = gettext_noop("metadata line (page store), not article text")
BOILERPLATE_KINDS: Final = (
    gettext_noop("donation appeal"),
    gettext_noop("newsletter or subscription prompt"),
    gettext_noop("read-more or related-links block"),
)

# The legal-effect check's reasons (legal.py).
NO_DENUNCIATION_CLAUSE: Final = gettext_noop("The %(treaty)s has no denunciation clause.")
LAST_DOMESTIC_STEP: Final = gettext_noop(
    "The last known domestic step is dated %(domestic)s; a notification received that day would make the "
    "denunciation take effect on %(effect)s, and a later one later."
)
STEP_NOT_RECOGNISED: Final = gettext_noop("The step the article counts from is not recognised.")
CLAIMED_NOT_A_DAY: Final = gettext_noop("The date claimed is not precise to the day.")
NOTIFICATIONS_GIVING: Final = gettext_noop(
    "A notification received between %(first)s and %(last)s gives %(claimed)s under the rule."
)
NO_NOTIFICATION_GIVES: Final = gettext_noop("No notification date gives %(claimed)s under the rule.")
COUNTS_FROM_DOMESTIC_STEP: Final = gettext_noop(
    "The article counts from the %(step)s, a step of domestic procedure; the treaty counts from the day the "
    "%(notify)s receives the notification (%(article)s)."
)
COUNTS_FROM_OTHER_STEP: Final = gettext_noop(
    "The article counts from the %(step)s, not the step the treaty names; the treaty counts from the day the "
    "%(notify)s receives the notification (%(article)s)."
)
COUNTED_THAT_WAY: Final = gettext_noop("Counted that way, the denunciation would take effect on %(effect)s.")
PERIOD_DIFFERS: Final = gettext_noop(
    "Counted from the notification, the article's period differs from the rule by up to %(days)s days."
)
LEGAL_REASONS: Final = (
    NO_DENUNCIATION_CLAUSE,
    LAST_DOMESTIC_STEP,
    STEP_NOT_RECOGNISED,
    CLAIMED_NOT_A_DAY,
    NOTIFICATIONS_GIVING,
    NO_NOTIFICATION_GIVES,
    COUNTS_FROM_DOMESTIC_STEP,
    COUNTS_FROM_OTHER_STEP,
    COUNTED_THAT_WAY,
    PERIOD_DIFFERS,
)

NOTES: Final = (
    YEAR_FROM_PUBLICATION,
    YEAR_FROM_EVENT_DATE,
    YEAR_FROM_EVENT_YEAR,
    YEARS_AFTER,
    WEEKDAY_BEFORE_PUBLICATION,
    WEEKDAY_STRICTLY_BEFORE_PUBLICATION,
    DAY_OF_MONTH_BEFORE_PUBLICATION,
    WORDS_FROM_PUBLICATION,
    WORDS_FROM_DAY_BEFORE,
    YEAR_STATED_BEFORE,
    YEAR_COUNTED_FROM_PUBLICATION,
    MONTH_COUNTED_FROM_PUBLICATION,
    SEASON_BEFORE_PUBLICATION,
    SEASON_NEAR_EVENT_DATE,
    FIRST_DAY_AFTER_PUBLICATION,
    FIRST_MONTH_AFTER_PUBLICATION,
    YEAR_FROM_OTHER_SOURCE,
    YEAR_FROM_LAST_PUBLICATION,
    YEAR_FROM_LATEST_SOURCE_DATE,
    COMMENTS,
    REPEATED_AT,
    PHOTO_CREDIT,
    METADATA,
    *BOILERPLATE_KINDS,
    *LEGAL_REASONS,
)

DATE_PARTS: Final = frozenset({"published", "anchor", "domestic", "effect", "first", "last", "claimed"})
WORD_PARTS: Final = frozenset(
    {"treaty", "notify", "article"}
)  # reference data, through the catalogue  # ISO dates, as precise as known ("2025-05")
_ISO: Final = r"\d{4}(?:-\d{2}){0,2}"
_PART_PATTERNS: Final = {
    "year": r"-?\d+",
    "years": r"-?\d+",
    "day": r"\d+",
    "number": r"\d+",
    "weekday": "|".join(WEEKDAY_NAMES),
    "words": r".+",
    "days": r"\d+",
    "treaty": r".+",
    "notify": r".+",
    "article": r".+",
    "step": r".+",
    **{name: _ISO for name in ("published", "anchor", "domestic", "effect", "first", "last", "claimed")},
}
_PLACEHOLDER: Final = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Parsed:
    """A stored note taken back apart: the template it was written from and the parts put into it."""

    template: str
    params: dict[str, str]


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each template as an anchored regular expression whose groups are its placeholders."""
    compiled = []
    for template in NOTES:
        pieces, last = [], 0
        for found in _PLACEHOLDER.finditer(template):
            pieces.append(re.escape(template[last : found.start()].replace("%%", "%")))
            pieces.append(f"(?P<{found.group(1)}>{_PART_PATTERNS[found.group(1)]})")
            last = found.end()
        pieces.append(re.escape(template[last:].replace("%%", "%")))
        compiled.append((template, re.compile("".join(pieces) + r"\Z", re.DOTALL)))
    return tuple(compiled)


def parse(note: str) -> Parsed | None:
    """The template and parts a stored note was written from; None when it matches no template."""
    for template, pattern in _patterns():
        found = pattern.match(note)
        if found is not None:
            return Parsed(template, found.groupdict())
    return None


def _shown_part(name: str, value: str) -> str:
    from custodiet.intake.shown import stated_iso  # shown imports the pipeline, which imports this module

    if name in DATE_PARTS:
        return stated_iso(value)
    if name == "weekday":
        return str(WEEKDAYS[WEEKDAY_NAMES.index(value)])
    if name in WORD_PARTS:
        return Word(value).shown()
    if name == "step":  # a kind of step, as ``legal`` writes it: its English label in lower case
        from custodiet.intake.shown import step_label
        from custodiet.intake.steps import ATTRIBUTES

        found = [key for key, label in ATTRIBUTES.items() if label.lower() == value]
        return step_label(found[0]).lower() if found else value
    return value


def shown_parts(params: Mapping[str, str]) -> dict[str, str]:
    """The parts of a note as the reader's language writes them."""
    return {name: _shown_part(name, value) for name, value in params.items()}


def said_again(note: str) -> tuple[str, bool]:
    """(the note in the reader's language, True), or (the note as stored, False) when no template
    matches it."""
    parsed = parse(note)
    if parsed is None:
        return note, False
    if (get_language() or "en").split("-")[0] == "en":
        return note, True  # the English page says the note as it was written
    return gettext(parsed.template) % shown_parts(parsed.params), True
