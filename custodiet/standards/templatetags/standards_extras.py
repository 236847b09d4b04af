"""Template filters for the standards pages: severity badges, a measurement's values in words, links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from custodiet.core.templatetags.custodiet_dates import day
from custodiet.standards import measures
from custodiet.standards.models import Finding, Measurement, MeasurementKind

register = template.Library()


@register.filter
def severity_class(severity: str) -> str:
    """The badge class of a standard's severity (grave: bad, serious: warn, moderate: neutral)."""
    return {"grave": "bad", "serious": "warn", "moderate": "neutral"}.get(severity, "neutral")


@register.filter
def severity_label(severity: str) -> str:
    """A standard's severity in the reader's language (the stored word is the code: grave, serious,
    moderate)."""
    words = {"grave": _("grave"), "serious": _("serious"), "moderate": _("moderate")}
    return words.get(severity, severity)


@register.filter
def describe(measurement: Measurement) -> str:
    """A measurement's values in a few words, e.g. "4 people in 10.0 m² (annex partitioned)"."""
    return measures.describe(
        measurement.kind, measurement.values if isinstance(measurement.values, dict) else {}
    )


@register.filter
def severity(finding: Finding) -> str:
    """The severity of the standard a finding is about ("" for the delegation's own findings)."""
    standard = getattr(finding, "standard", None)
    if standard is None or not isinstance(standard.spec, dict):
        return ""
    return str(standard.spec.get("severity", ""))


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A decimal as people write it: 40, 1.5, 0.25."""
    if value is None:
        return ""
    return measures.plain(Decimal(value))


# A place's page shows up to 50 findings and 50 measurements; the values below are the same for
# every row of one page. They are worked out once per rendering and kept in the template's render
# context, which the page's includes share (and which lives only as long as the rendering, so a
# change of language or of the URL configuration never meets a stale value).

_PAGE_CACHE = "standards_extras.page"


def _page_cache(context: template.Context) -> dict[Any, Any]:
    cache = context.render_context.get(_PAGE_CACHE)
    if cache is None:
        cache = {}
        context.render_context[_PAGE_CACHE] = cache
    return cast(dict[Any, Any], cache)


def _pattern(cache: dict[Any, Any], name: str, url_name: str) -> tuple[str, str]:
    """A URL with one integer argument, reversed once: the text before and after the argument."""
    found = cache.get(name)
    if found is None:
        marker = 987654321
        before, _marker, after = reverse(url_name, args=[marker]).partition(str(marker))
        found = cache[name] = (before, after)
    return cast(tuple[str, str], found)


@register.simple_tag(takes_context=True)
def visit_link(context: template.Context, visit_pk: int) -> str:
    """The URL of a visit's page (``links.visit_url``), its pattern reversed once a page."""
    before, after = _pattern(_page_cache(context), "visit_url", "visits:visit_detail")
    return f"{before}{int(visit_pk)}{after}"


@register.simple_tag(takes_context=True)
def standards_catalogue_url(context: template.Context) -> str:
    """The URL of the standards' catalogue, reversed once a page."""
    cache = _page_cache(context)
    if "catalogue_url" not in cache:
        cache["catalogue_url"] = reverse("standards:standard_list")
    return cast(str, cache["catalogue_url"])


@register.simple_tag(takes_context=True)
def row_day(context: template.Context, value: date | None) -> str:
    """A row's date as the ``day`` filter writes it, each distinct date formatted once a page."""
    if value is None or value == "":
        return "—"
    days = _page_cache(context).setdefault(("days", get_language()), {})
    shown = days.get(value)
    if shown is None:
        shown = days[value] = day(value)
    return cast(str, shown)


@register.simple_tag(takes_context=True)
def kind_label(context: template.Context, kind: str) -> str:
    """A measurement kind's label in the reader's language (``get_kind_display``), the labels
    translated once a page."""
    cache = _page_cache(context)
    labels = cache.get(("kinds", get_language()))
    if labels is None:
        labels = cache[("kinds", get_language())] = {
            value: str(label) for value, label in MeasurementKind.choices
        }
    return cast(str, labels.get(kind, kind))
