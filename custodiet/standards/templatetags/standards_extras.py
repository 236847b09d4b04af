"""Template filters for the standards pages: severity badges, a measurement's values in words, links."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from custodiet.standards import links, measures
from custodiet.standards.models import Finding, Measurement

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


@register.simple_tag
def visit_link(visit_pk: int) -> str:
    """The URL of a visit's page."""
    return links.visit_url(visit_pk)
