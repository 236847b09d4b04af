"""Pages that combine apps: the home page (treaties, the portal), a place's page (places, visits,
standards), a visit's page (visits, standards, testimony), and the API's browsable documentation.

Each app serves its own pages; a page that shows several apps' records is
assembled here, at the top, so that the apps import only downward. Access is
declared on each view as everywhere else (custodiet.core.access).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import urlize
from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, can, public, require
from custodiet.places.templatetags.places_extras import thousands
from custodiet.places.views import place_context
from custodiet.portal.selectors import published_timelines
from custodiet.standards import selectors as standards_selectors
from custodiet.testimony import selectors as testimony_selectors
from custodiet.treaties import selectors as treaty_selectors
from custodiet.treaties import world
from custodiet.treaties.presenters import changes_dict
from custodiet.treaties.selectors import home_summary
from custodiet.visits.selectors import visits_for_place
from custodiet.visits.views import visit_context

VISITS_SHOWN = 20  # the most recent visits on a place's page
RECENT_DAYS = 365  # "what changed recently": the year up to today
TIMELINES_SHOWN = 5
NAMED = 12  # States named under each body's uncertain and unknown answers (the rest counted)


def coverage_today() -> dict[str, Any]:
    """Which international bodies may visit which States today, and what changed in the past year."""
    today = clock.today()
    engine = treaty_selectors.engine_for_all()
    bodies = treaty_selectors.international_bodies()
    names = treaty_selectors.state_names()
    states = sorted(names, key=lambda code: names[code])
    visiting = [body for body in bodies if body.basis == "treaty"]
    rows = world.coverage_table(engine, states, visiting, today, today=today)
    counts = world.table_counts(rows, [body.code for body in visiting])
    per_body = []
    for body in visiting:
        uncertain = [
            (row.state, names[row.state]) for row in rows if row.lines[body.code].answer == "uncertain"
        ]
        per_body.append(
            {
                "code": body.code,
                "name": body.name,
                "counts": counts[body.code],
                "uncertain": uncertain[:NAMED],
                "more_uncertain": max(0, len(uncertain) - NAMED),
            }
        )
    since = today - timedelta(days=RECENT_DAYS)
    found = world.world_changes(engine, engine.all_states(), bodies, since, today)
    return {
        "today": today,
        "since": since,
        "states_count": len(states),
        "bodies": per_body,
        "changes": [changes_dict(item, names) for item in found],
    }


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The coverage question first: who may visit which States today, what changed; then the newest
    published timelines, and the way into the States and treaties."""
    context = {**home_summary(), **coverage_today()}
    context["timelines"] = list(published_timelines()[:TIMELINES_SHOWN])
    return render(request, "site/home.html", context)


@public
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The REST API's documentation, browsable (Swagger UI, served from the application's own files)."""
    return render(request, "site/api_docs.html")


@require(Capability.VIEW_PLACES)
@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A place: its entry, occupancy and history (places), and, for those who may see visits, its visits
    (visits) and the findings made there over time (standards)."""
    context = place_context(request, pk)
    context["history_rows"] = _history_rows(context["history"])
    if can(request.user, Capability.VIEW_VISITS):
        place = context["place"]
        context["visits"] = visits_for_place(place, request.user, limit=VISITS_SHOWN)
        context["visits_limit"] = VISITS_SHOWN
        context["standards_record"] = standards_selectors.place_record(place, request.user)
    return render(request, "site/place_detail.html", context)


def _history_rows(history: list[tuple[Any, Any]]) -> SafeString:
    """The rows of a place's population table (the 200 newest figures, or every one with ?history=all),
    written once each here rather than by a dozen template variables and filters a row; the same HTML as
    the template's loop wrote. The date format is looked up once and each distinct source made into links
    once (sources repeat from one figure to the next); every value is escaped."""
    with_figure, unknown = gettext("(with the figure)"), gettext("unknown")
    date_format = formats.get_format("DATE_FORMAT")
    linked: dict[str, str] = {}
    rows = []
    for record, point in history:
        if point.capacity:
            capacity = str(escape(thousands(point.capacity)))
            if record.capacity:
                capacity += f' <span class="small muted">{with_figure}</span>'
        else:
            capacity = f'<span class="muted">{unknown}</span>'
        percent = "—"
        if point.percent is not None:
            percent = f'<span class="badge {escape(point.badge)}">{escape(formats.localize(point.percent))} %</span>'
        if record.source not in linked:
            linked[record.source] = urlize(record.source, autoescape=True)
        rows.append(
            f'\n    <tr><td>{escape(dateformat.format(record.on, date_format))}</td><td class="num">'
            f'{escape(thousands(record.population))}</td>\n      <td class="num">{capacity}</td>'
            f'\n      <td class="num">{percent}</td>\n      <td class="cite">{linked[record.source]}</td></tr>\n  '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above; urlize escapes its text


@require(Capability.VIEW_VISITS)
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit: its record (visits), its measurements and findings (standards), and the way to its
    private interviews for those who may read or record them (testimony)."""
    context = visit_context(request, pk)
    visit, user = context["visit"], request.user
    context["standards_record"] = standards_selectors.visit_record(visit, user)
    context["may_read_interviews"] = testimony_selectors.may_read_interviews(user, visit)
    context["may_record_interviews"] = testimony_selectors.may_record_on(user, visit)
    return render(request, "site/visit_detail.html", context)
