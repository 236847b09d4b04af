"""Template filters and tags for the standards pages: severity badges, a measurement's values in words, links,
and the rows of the findings list and the measurements table written once each."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import template
from django.db.models import Choices
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from custodiet.core.templatetags.custodiet_dates import day
from custodiet.standards import measures
from custodiet.standards.charts import Bar
from custodiet.standards.models import Finding, Measurement, MeasurementKind
from custodiet.standards.selectors import FindingRow, MeasurementRow
from custodiet.visits.models import Visit, VisitKind, VisitStatus

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


def _day(cache: dict[Any, Any], value: date | None, unknown: str = "—") -> str:
    """A row's date as the ``day`` filter writes it (``formats.date_format(value, "DATE_FORMAT")``), the
    language's format looked up once a page and each distinct date formatted once."""
    if value is None or value == "":
        return unknown
    key = ("days", get_language())
    days = cache.get(key)
    if days is None:
        days = cache[key] = {"format": formats.get_format("DATE_FORMAT")}
    shown = days.get(value)
    if shown is None:
        shown = days[value] = dateformat.format(value, days["format"]) if type(value) is date else day(value)
    return cast(str, shown)


def _label(cache: dict[Any, Any], choices: type[Choices], value: str) -> str:
    """A choice's label in the reader's language (as ``get_FOO_display`` gives it), the labels of its
    choices translated once a page."""
    key = (choices, get_language())
    labels = cache.get(key)
    if labels is None:
        labels = cache[key] = {choice: str(label) for choice, label in choices.choices}
    return cast(str, labels.get(value, value))


def _visit_name(cache: dict[Any, Any], visit: Any) -> str:
    """A visit's name (``Visit.__str__``), worked out once a page for each visit (rows share visits)."""
    names = cache.setdefault(("visit names", get_language()), {})
    name = names.get(visit.pk)
    if name is None:
        name = names[visit.pk] = str(visit)
    return cast(str, name)


def _words(cache: dict[Any, Any]) -> dict[str, str]:
    """The fixed words of the rows in the reader's language, translated once a page and ready to write:
    like a template's ``{% translate %}`` of a literal, a translation is written as the catalogue gives
    it; a severity's label is escaped, as the ``severity_label`` filter's output is."""
    key = ("row words", get_language())
    words = cache.get(key)
    if words is None:
        words = cache[key] = {
            "delegation": _("delegation"),
            "written": _("Written by the delegation"),
            "short by": _("short by %(amount)s %(unit)s"),
            "planned": _("planned"),
            **{level: _e(severity_label(level)) for level in ("grave", "serious", "moderate", "")},
        }
    return cast(dict[str, str], words)


# The rows of the findings list, the measurements table, a place's visits and the chart by year are
# written here, each row's cells once, rather than by a dozen template variables and filters a row: a
# place's page shows up to 140 rows, and the template engine writing them was most of the page's time.
# The HTML is the same as the loops' that this replaces (but the chart's numbers, see _year_bar). Every
# value is escaped (``_e``, what Django's ``escape`` does) as it is written into its row.


def _e(value: object) -> str:
    return html.escape(str(value))


def _finding_item(
    cache: dict[Any, Any], finding: Finding | FindingRow, show_place: bool, show_visit: bool
) -> str:
    words = _words(cache)
    standard = finding.standard
    level = severity(finding)
    if standard is not None:
        head = (
            f'<span class="badge {severity_class(level)}">{words.get(level, _e(level))}</span>\n    '
            f'<a href="{_e(_catalogue_url(cache))}#standard-{_e(standard.code)}" lang="en">'
            f"<strong>{_e(standard.title)}</strong></a>\n  "
            f'<div lang="en">{_e(finding.text)}</div>\n  '
        )
    else:
        head = (
            f'<span class="badge neutral">{words["delegation"]}</span> <strong>{words["written"]}</strong>'
            f"\n  <div>{_e(finding.text)}</div>"
        )
    meta = _e(_day(cache, finding.observed_on))
    if show_place:
        meta += f" · {_e(finding.place)}"
    if finding.location:
        meta += f" · {_e(finding.location)}"
    if finding.shortfall is not None:
        meta += " · " + words["short by"] % {
            "amount": _e(plain_number(finding.shortfall)),
            "unit": _e(finding.unit),
        }
    if show_visit:
        meta += f' · <a href="{_e(_visit_url(cache, finding.visit_id))}">{_e(_visit_name(cache, finding.visit))}</a>'
    code = _e(standard.code) if standard is not None else ""
    return (
        f'\n<li class="{_e(level or "delegation")}" data-standard="{code}">\n  {head}\n  '
        f'<div class="small muted">{meta}</div>\n</li>\n'
    )


def _measurement_row(
    cache: dict[Any, Any], measurement: Measurement | MeasurementRow, show_place: bool, show_visit: bool
) -> str:
    where = ""
    if show_place:
        where = _e(measurement.place) + ("<br>" if measurement.location else "")
    note = ""
    if measurement.note:
        note = f'<br><span class="muted">{_e(truncatechars(measurement.note, 120))}</span>'
    count = getattr(measurement, "finding_count", 0)
    found = f'<span class="badge bad">{_e(count)}</span>' if count else '<span class="badge good">0</span>'
    visit = ""
    if show_visit:
        url, name = _visit_url(cache, measurement.visit_id), _visit_name(cache, measurement.visit)
        visit = f'<td class="small"><a href="{_e(url)}">{_e(name)}</a></td>'
    return (
        f'\n    <tr>\n      <td class="small">{_e(_day(cache, measurement.measured_on))}</td>'
        f'\n      <td>{where}<span class="small">{_e(measurement.location)}</span></td>'
        f'\n      <td class="small">{_e(_label(cache, MeasurementKind, measurement.kind))}</td>'
        f'\n      <td class="small">{_e(describe(measurement))}{note}</td>'
        f'\n      <td class="num">{found}</td>\n      {visit}\n    </tr>\n  '
    )


def _visit_row(cache: dict[Any, Any], visit: Visit, show_place: bool, show_visit: bool) -> str:
    """A visit of a place's page (site/place_detail.html): its name and link, body, kind, dates (the
    planned ones, said as such, until it has started) and status."""
    if visit.started_on:
        dates = f"{_e(_day(cache, visit.started_on))} – {_e(_day(cache, visit.ended_on, '…'))}"  # noqa: RUF001 - an en dash between two dates
    else:
        dates = (
            f"{_e(_day(cache, visit.planned_start))} – {_e(_day(cache, visit.planned_end))}"  # noqa: RUF001 - as above
            f' <span class="small muted">{_words(cache)["planned"]}</span>'
        )
    return (
        f'\n      <tr><td><a href="{_e(_visit_url(cache, visit.pk))}">{_e(_visit_name(cache, visit))}</a></td>'
        f"\n        <td>{_e(visit.body.code)}</td><td>{_e(_label(cache, VisitKind, visit.kind))}</td>"
        f"\n        <td>{dates}</td>\n        <td>{_e(_label(cache, VisitStatus, visit.status))}</td></tr>\n    "
    )


def _year_bar(cache: dict[Any, Any], bar: Bar, show_place: bool, show_visit: bool) -> str:
    """A year's two bars of the chart of a place's measurements and findings (standards/_year_chart.html),
    with its counts in words for the bars' title. The SVG's numbers are written with a point in every
    language: a template localised them ("6,9" in French, Russian and Ukrainian), which is no SVG number."""
    measured = ngettext("%(counter)s measurement", "%(counter)s measurements", bar.measurements)
    found = ngettext("%(counter)s finding", "%(counter)s findings", bar.findings)
    count = f'<text x="{bar.found_x}" y="{bar.count_y}">{bar.findings}</text>' if bar.findings else ""
    return (
        f"\n  <g>\n    <title>{bar.year}: {measured % {'counter': bar.measurements}}, "
        f"{found % {'counter': bar.findings}}</title>"
        f'\n    <rect class="measured" x="{bar.measured_x}" y="{bar.measured_y}" width="{bar.bar_width}" '
        f'height="{bar.measured_height}"/>'
        f'\n    <rect class="found" x="{bar.found_x}" y="{bar.found_y}" width="{bar.bar_width}" '
        f'height="{bar.found_height}"/>\n    {count}'
        f'\n    <text x="{bar.label_x}" y="146" text-anchor="middle">{bar.year}</text>\n  </g>\n  '
    )


_WRITERS: dict[str, Callable[[dict[Any, Any], Any, bool, bool], str]] = {
    "findings": _finding_item,
    "measurements": _measurement_row,
    "visits": _visit_row,
    "year bars": _year_bar,
}


@register.simple_tag(takes_context=True)
def rows_of(
    context: template.Context,
    what: str,
    rows: Iterable[Finding | FindingRow | Measurement | MeasurementRow | Visit | Bar],
    show_place: bool = False,
    show_visit: bool = False,
) -> SafeString:
    """The rows of a findings list ("findings": an ``<li>`` each, standards/_findings_list.html: its
    standard and severity or the delegation's words, its text, date, place, location, shortfall and
    visit), of a measurements table ("measurements": a ``<tr>`` each, standards/_measurements_table.html:
    its date, place and location, kind, values in words and note, number of findings, visit), of a
    place's visits ("visits") or of the chart by year ("year bars"). ``show_place`` and ``show_visit``
    (findings and measurements) as the template gives them (an unset variable is empty)."""
    write = _WRITERS[what]
    cache = _page_cache(context)
    written = [write(cache, row, bool(show_place), bool(show_visit)) for row in rows]
    return mark_safe("".join(written))  # noqa: S308 - each value escaped as its row is written
