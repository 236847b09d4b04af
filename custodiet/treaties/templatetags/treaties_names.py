"""Names and words recorded in English, shown in the reader's language: ``{{ body.name|body_name }}``,
``{{ change.after_label|answer_word }}``.

The monitoring bodies' names are data (loaded from the reference files, in English); the bodies that
the reference data holds have their official names in every interface language in the catalogues. A
name that is not one of them is shown as it was recorded.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, gettext_noop

register = template.Library()

# The names as the reference data records them (treaties/data/russian_federation.json, "bodies").
BODY_NAMES = frozenset(
    {
        gettext_noop(
            "European Committee for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment"
        ),
        gettext_noop("Subcommittee on Prevention of Torture"),
        gettext_noop("Committee against Torture"),
        gettext_noop("Public monitoring commissions (Russian Federation)"),
    }
)


@register.filter
def body_name(name: str) -> str:
    """A monitoring body's name in the interface's language, where the catalogues have it."""
    return gettext(name) if name in BODY_NAMES else name


# The engine's answers as presenters.ANSWER_WORDS writes them (also the API's words, which stay English).
ANSWER_WORDS = frozenset(
    {
        gettext_noop("bound"),
        gettext_noop("not bound"),
        gettext_noop("uncertain"),
        gettext_noop("unknown"),
        gettext_noop("may visit"),
        gettext_noop("may not visit"),
    }
)


@register.filter
def answer_word(word: str) -> str:
    """An answer of the treaty engine ("bound", "may visit", "unknown"…) in the interface's language."""
    return gettext(word) if word in ANSWER_WORDS else word
