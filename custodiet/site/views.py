"""Pages that combine apps: the home page (treaties), a place's page (places, visits, standards) and a
visit's page (visits, standards, testimony).

Each app serves its own pages; a page that shows several apps' records is
assembled here, at the top, so that the apps import only downward. Access is
declared on each view as everywhere else (custodiet.core.access).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from custodiet.core.access import Capability, can, public, require
from custodiet.places.views import place_context
from custodiet.standards import selectors as standards_selectors
from custodiet.testimony import selectors as testimony_selectors
from custodiet.treaties.selectors import home_summary
from custodiet.visits.selectors import visits_for_place
from custodiet.visits.views import visit_context

VISITS_SHOWN = 20  # the most recent visits on a place's page


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html", home_summary())


@require(Capability.VIEW_PLACES)
@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A place: its entry, occupancy and history (places), and, for those who may see visits, its visits
    (visits) and the findings made there over time (standards)."""
    context = place_context(request, pk)
    if can(request.user, Capability.VIEW_VISITS):
        place = context["place"]
        context["visits"] = visits_for_place(place, request.user, limit=VISITS_SHOWN)
        context["visits_limit"] = VISITS_SHOWN
        context["standards_record"] = standards_selectors.place_record(place, request.user)
    return render(request, "site/place_detail.html", context)


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
