"""Template filters and tags for the standards pages: severity badges, a measurement's values in words, links,
and the rows of the findings list and the measurements table written once each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import template
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from custodiet.core.templatetags.custodiet_dates import day
from custodiet.standards import measures
from custodiet.standards.models import Finding, Measurement, MeasurementKind
from custodiet.standards.selectors import FindingRow, MeasurementRow

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
def describe(measurement: Measurement | MeasurementRow) -> str:
    """A measurement's values in a few words, e.g. "4 people in 10.0 m² (annex partitioned)"."""
    return measures.describe(
        measurement.kind, measurement.values if isinstance(measurement.values, dict) else {}
    )


@register.filter
def severity(finding: Finding | FindingRow) -> str:
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


def _visit_url(cache: dict[Any, Any], visit_pk: int) -> str:
    before, after = _pattern(cache, "visit_url", "visits:visit_detail")
    return f"{before}{int(visit_pk)}{after}"


def _catalogue_url(cache: dict[Any, Any]) -> str:
    if "catalogue_url" not in cache:
        cache["catalogue_url"] = reverse("standards:standard_list")
    return cast(str, cache["catalogue_url"])


@register.simple_tag(takes_context=True)
def visit_link(context: template.Context, visit_pk: int) -> str:
    """The URL of a visit's page (``links.visit_url``), its pattern reversed once a page."""
    return _visit_url(_page_cache(context), visit_pk)


def _day(cache: dict[Any, Any], value: date | None) -> str:
    """A row's date as the ``day`` filter writes it, each distinct date formatted once a page."""
    if value is None or value == "":
        return "—"
    days = cache.setdefault(("days", get_language()), {})
    shown = days.get(value)
    if shown is None:
        shown = days[value] = day(value)
    return cast(str, shown)


def _kind(cache: dict[Any, Any], kind: str) -> str:
    """A measurement kind's label in the reader's language (``get_kind_display``), the labels translated
    once a page."""
    labels = cache.get(("kinds", get_language()))
    if labels is None:
        labels = cache[("kinds", get_language())] = {
            value: str(label) for value, label in MeasurementKind.choices
        }
    return cast(str, labels.get(kind, kind))


def _visit_name(cache: dict[Any, Any], visit: Any) -> str:
    """A visit's name (``Visit.__str__``), worked out once a page for each visit (rows share visits)."""
    names = cache.setdefault(("visit names", get_language()), {})
    name = names.get(visit.pk)
    if name is None:
        name = names[visit.pk] = str(visit)
    return cast(str, name)


def _words(cache: dict[Any, Any]) -> dict[str, str]:
    """The fixed words of a findings list in the reader's language, translated once a page. Like a
    template's ``{% translate %}`` of a literal, a translation is written as the catalogue gives it."""
    key = ("finding words", get_language())
    words = cache.get(key)
    if words is None:
        words = cache[key] = {
            "delegation": mark_safe(_("delegation")),  # noqa: S308 - the catalogue's text, as a template writes it
            "written": mark_safe(_("Written by the delegation")),  # noqa: S308 - as above
            "short by": _("short by %(amount)s %(unit)s"),
        }
    return cast(dict[str, str], words)


# The rows of the findings list and the measurements table are written here, each row's cells once,
# rather than by a dozen template variables and filters a row: a place's page shows up to 100 rows, and
# the template engine writing them was most of the page's time. The HTML is the same as the loops'
# that these tags replace (standards/_findings_list.html, standards/_measurements_table.html); every
# value is escaped by format_html.


def _finding_item(
    cache: dict[Any, Any], finding: Finding | FindingRow, show_place: bool, show_visit: bool
) -> str:
    words = _words(cache)
    standard = finding.standard
    level = severity(finding)
    if standard is not None:
        head = format_html(
            '<span class="badge {}">{}</span>\n    <a href="{}#standard-{}" lang="en"><strong>{}</strong></a>'
            '\n  <div lang="en">{}</div>\n  ',
            severity_class(level),
            severity_label(level),
            _catalogue_url(cache),
            standard.code,
            standard.title,
            finding.text,
        )
    else:
        head = format_html(
            '<span class="badge neutral">{}</span> <strong>{}</strong>\n  <div>{}</div>',
            words["delegation"],
            words["written"],
            finding.text,
        )
    meta: list[str] = [escape(_day(cache, finding.observed_on))]
    if show_place:
        meta.append(format_html(" · {}", finding.place))
    if finding.location:
        meta.append(format_html(" · {}", finding.location))
    if finding.shortfall is not None:
        amount = {"amount": escape(plain_number(finding.shortfall)), "unit": escape(finding.unit)}
        meta.append(" · " + words["short by"] % amount)
    if show_visit:
        meta.append(
            format_html(
                ' · <a href="{}">{}</a>',
                _visit_url(cache, finding.visit_id),
                _visit_name(cache, finding.visit),
            )
        )
    return format_html(
        '\n<li class="{}" data-standard="{}">\n  {}\n  <div class="small muted">{}</div>\n</li>\n',
        level or "delegation",
        standard.code if standard is not None else "",
        head,
        mark_safe("".join(meta)),  # noqa: S308 - each part escaped above
    )


def _measurement_row(
    cache: dict[Any, Any], measurement: Measurement | MeasurementRow, show_place: bool, show_visit: bool
) -> str:
    where = ""
    if show_place:
        where = format_html("{}{}", measurement.place, mark_safe("<br>") if measurement.location else "")
    note = ""
    if measurement.note:
        note = format_html('<br><span class="muted">{}</span>', truncatechars(measurement.note, 120))
    count = getattr(measurement, "finding_count", 0)
    found = (
        format_html('<span class="badge bad">{}</span>', count)
        if count
        else '<span class="badge good">0</span>'
    )
    visit = ""
    if show_visit:
        visit = format_html(
            '<td class="small"><a href="{}">{}</a></td>',
            _visit_url(cache, measurement.visit_id),
            _visit_name(cache, measurement.visit),
        )
    return format_html(
        '\n    <tr>\n      <td class="small">{}</td>\n      <td>{}<span class="small">{}</span></td>'
        '\n      <td class="small">{}</td>\n      <td class="small">{}{}</td>\n      <td class="num">{}</td>'
        "\n      {}\n    </tr>\n  ",
        _day(cache, measurement.measured_on),
        where,
        measurement.location,
        _kind(cache, measurement.kind),
        describe(measurement),
        note,
        mark_safe(found),  # noqa: S308 - written by format_html or a constant
        visit,
    )


_WRITERS: dict[str, Callable[[dict[Any, Any], Any, bool, bool], str]] = {
    "findings": _finding_item,
    "measurements": _measurement_row,
}


@register.simple_tag(takes_context=True)
def rows_of(
    context: template.Context,
    what: str,
    rows: Iterable[Finding | FindingRow | Measurement | MeasurementRow],
    show_place: bool = False,
    show_visit: bool = False,
) -> SafeString:
    """The rows of a findings list ("findings": an ``<li>`` each, standards/_findings_list.html: its
    standard and severity or the delegation's words, its text, date, place, location, shortfall and
    visit) or of a measurements table ("measurements": a ``<tr>`` each, standards/_measurements_table.html:
    its date, place and location, kind, values in words and note, number of findings, visit).
    ``show_place`` and ``show_visit`` as the template gives them (an unset variable is empty)."""
    write = _WRITERS[what]
    cache = _page_cache(context)
    written = [write(cache, row, bool(show_place), bool(show_visit)) for row in rows]
    return mark_safe("".join(written))  # noqa: S308 - each row written by format_html
