"""Template filters that write the intake's values in the reader's language: dates as precise as their
source and counts (``custodiet.intake.shown``), languages of documents, what a source says of legal
effect, the verdicts of the legal-effect check, and the pipeline's notes."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext, pgettext

from custodiet.intake.claims import Claim
from custodiet.intake.datevalue import DateValue
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.notes import said_again
from custodiet.intake.shown import shown_claim, shown_value, stated_iso, step_label
from custodiet.intake.steps import ATTRIBUTES

register = template.Library()


@register.filter
def stated(value: DateValue | Claim | str | None) -> str:
    """A date (a ``DateValue``, its ISO form, or a claim's value or count) as the reader's language
    writes it (``custodiet.intake.shown``). Empty when there is nothing."""
    if isinstance(value, Claim):
        return shown_claim(value)
    if isinstance(value, str):
        return stated_iso(value)
    return shown_value(value)


register.filter("step_label", step_label)


@register.filter
def language_label(code: str) -> str:
    """The name of a language (a document's ``ru``) in the reader's language: "russe", "русский"."""
    if not code:
        return ""
    try:
        names = Locale.parse(get_language() or "en", sep="-").languages
    except (UnknownLocaleError, ValueError):
        return code
    return str(names.get(code.split("-")[0], code))


@register.filter
def verdict_label(verdict: str) -> str:
    """The legal-effect check's verdict, in the reader's language."""
    words = {
        "consistent": pgettext("legal effect", "consistent"),
        "approximate": pgettext("legal effect", "approximate"),
        "inconsistent": pgettext("legal effect", "inconsistent"),
        "unchecked": pgettext("legal effect", "not checked"),
    }
    return words.get(verdict, verdict)


@register.filter
def effect_said(effect: EffectClaim | None) -> str:
    """What a source says of when a denunciation takes effect, as a sentence of the reader's language:
    a date ("on 16 March 2023"), or a span after a step ("6 months after the notification")."""
    if effect is None:
        return ""
    if effect.date is not None:
        return gettext("The source says it takes effect on %(day)s.") % {"day": shown_value(effect.date)}
    parts = []
    if effect.years:
        parts.append(ngettext("%(count)d year", "%(count)d years", effect.years) % {"count": effect.years})
    if effect.months:
        parts.append(
            ngettext("%(count)d month", "%(count)d months", effect.months) % {"count": effect.months}
        )
    step = step_label(effect.anchor) if effect.anchor in ATTRIBUTES else gettext("an unrecognised step")
    if len(parts) == 2:
        span = gettext("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    else:
        span = parts[0] if parts else "?"
    return gettext("The source says it takes effect %(span)s after this step: %(step)s (“%(words)s”).") % {
        "span": span,
        "step": step,
        "words": effect.anchor_text,
    }


@register.filter
def read_from(where: str) -> str:
    """Where a publication date was read (``Document.published_from``, written by the analysis in English),
    in the reader's language when it is one the analysis writes; anything else as stored."""
    known = {"a metadata line at the top": gettext("a metadata line at the top of the page")}
    return known.get(where, where)


@register.filter
def note(stored: str) -> SafeString:
    """A note of the pipeline (why a year was inferred, why a paragraph was removed), stored in English,
    said again in the reader's language (``custodiet.intake.notes``); one no template matches is shown as
    stored, marked as English."""
    text, again = said_again(stored or "")
    if again:
        return SafeString(escape(text))
    return format_html('<span lang="en">{}</span>', text)
