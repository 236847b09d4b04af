"""Who may do what: capabilities by role, one rule for pages, the API and the CLI.

A role grants capabilities; object-level limits (a delegation member or a
committee member sees only the interviews of the visits they were on; a
delegation member sees only those visits) are applied by the selectors of each app, e.g.
``Visit.objects.visible_to(user)``. No view checks a role inline.

Pages: an anonymous visitor is sent to the login page; a refused role gets 403,
or 404 where even the existence of a record is sensitive (the selectors' job).
API: 403 for both.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from custodiet.core.models import Role


class Capability(StrEnum):
    VIEW_PLACES = "places.view"  # the register of places, their population and occupancy
    EDIT_PLACES = "places.edit"  # create, edit and import places and population figures
    VIEW_VISITS = "visits.view"  # visits, their itinerary, access events, measurements, findings
    PLAN_VISITS = "visits.plan"  # plan a visit, notify, delegation, itinerary, status, objections
    RECORD_ON_VISITS = "visits.record"  # access events, measurements, observations (own visits only)
    VIEW_INTERVIEWS = "testimony.view"  # interviews and allegations (object-level: own visits, see below)
    RECORD_INTERVIEWS = "testimony.record"  # record interviews, allegations, injuries, reprisal risks
    VIEW_IDENTITIES = "testimony.identities"  # the names behind the pseudonyms: need to know only
    VIEW_ALLEGATION_AGGREGATES = "testimony.aggregates"  # counts without identities
    VIEW_REPORTS = "reports.view"  # every report, its items, responses and follow-up (confidential)
    MANAGE_REPORTS = "reports.manage"  # draft, transmit, record responses and publication, follow-up
    ADOPT_REPORTS = "reports.adopt"  # adopt reports and decide public statements (the committee's decisions)
    ANSWER_REPORTS = "reports.answer"  # a State's liaison: read its State's transmitted reports and answer


_TESTIMONY = frozenset(
    {
        Capability.VIEW_INTERVIEWS,
        Capability.RECORD_INTERVIEWS,
        Capability.VIEW_IDENTITIES,
        Capability.VIEW_ALLEGATION_AGGREGATES,
    }
)
_REPORTS = frozenset(
    {
        Capability.VIEW_REPORTS,
        Capability.MANAGE_REPORTS,
        Capability.ADOPT_REPORTS,
        Capability.ANSWER_REPORTS,
    }
)
_OFFICE = frozenset(Capability) - _TESTIMONY - _REPORTS
# Administrators run the system; they do not read testimony (need to know), only its aggregates.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: _OFFICE
    | {Capability.VIEW_ALLEGATION_AGGREGATES, Capability.VIEW_REPORTS, Capability.MANAGE_REPORTS},
    # The secretariat records the committee's decisions (adoption, public statements); it never answers
    # for a State.
    Role.SECRETARIAT: frozenset(Capability) - {Capability.ANSWER_REPORTS},
    Role.COMMITTEE_MEMBER: frozenset(
        {
            Capability.VIEW_PLACES,
            Capability.VIEW_VISITS,
            Capability.VIEW_INTERVIEWS,
            Capability.VIEW_ALLEGATION_AGGREGATES,
            Capability.VIEW_REPORTS,
            Capability.ADOPT_REPORTS,
        }
    ),
    Role.DELEGATION_MEMBER: frozenset(
        {
            Capability.VIEW_PLACES,
            Capability.VIEW_VISITS,
            Capability.RECORD_ON_VISITS,
            Capability.VIEW_INTERVIEWS,
            Capability.RECORD_INTERVIEWS,
            Capability.VIEW_IDENTITIES,
            Capability.VIEW_ALLEGATION_AGGREGATES,
        }
    ),
    Role.ANALYST: frozenset({Capability.VIEW_PLACES, Capability.VIEW_ALLEGATION_AGGREGATES}),
    # Object-level: only the transmitted reports of the liaison's own State (custodiet.reports).
    Role.STATE_LIAISON: frozenset({Capability.ANSWER_REPORTS}),
    Role.PUBLIC: frozenset(),
}

REFUSALS: dict[Capability, str] = {
    Capability.VIEW_PLACES: "The register of places is open to the secretariat, committee and delegation "
    "members and analysts.",
    Capability.EDIT_PLACES: "Only the secretariat and administrators may change the register of places.",
    Capability.VIEW_VISITS: "Visits are confidential: open to the secretariat, committee members and "
    "the members of each visit's delegation.",
    Capability.PLAN_VISITS: "Only the secretariat and administrators may plan and manage visits.",
    Capability.RECORD_ON_VISITS: "Only the secretariat and the visit's delegation may record what was "
    "found on a visit.",
    Capability.VIEW_INTERVIEWS: "Interviews are confidential: open to the secretariat and to the members of "
    "the visit's delegation.",
    Capability.RECORD_INTERVIEWS: "Only the secretariat and the visit's delegation may record interviews.",
    Capability.VIEW_IDENTITIES: "Identities are shown only to the secretariat and to the delegation that "
    "met the person.",
    Capability.VIEW_ALLEGATION_AGGREGATES: "Aggregates of allegations are open to the secretariat, "
    "committee and delegation members, analysts and administrators.",
    Capability.VIEW_REPORTS: "Reports are confidential until published: open to the secretariat, committee "
    "members and administrators (and to the liaison of the State they were sent to).",
    Capability.MANAGE_REPORTS: "Only the secretariat and administrators may draft, transmit and follow up "
    "reports.",
    Capability.ADOPT_REPORTS: "Only committee members (or the secretariat recording the committee's decision) "
    "may adopt reports and decide public statements.",
    Capability.ANSWER_REPORTS: "Only a State's liaison may answer the reports transmitted to that State.",
}

View = TypeVar("View", bound=Callable[..., HttpResponse])


def can(user: Any, capability: Capability) -> bool:
    """True when the user's role grants the capability (object-level limits are the selectors')."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return capability in ROLE_CAPABILITIES.get(getattr(user, "role", ""), frozenset())


def require(capability: Capability) -> Callable[[View], View]:
    """Decorate a page: anonymous visitors go to the login page, refused roles get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied(REFUSALS[capability])
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def api_permission(read: Capability, write: Capability | None = None) -> type[BasePermission]:
    """A DRF permission class: `read` for safe methods, `write` (default: `read`) for the others."""

    class CapabilityPermission(BasePermission):
        message = REFUSALS[read]

        def has_permission(self, request: Request, view: Any) -> bool:
            needed = read if request.method in ("GET", "HEAD", "OPTIONS") else (write or read)
            self.message = REFUSALS[needed]
            return can(request.user, needed)

    CapabilityPermission.__name__ = f"Can_{read.name}_{write.name if write else read.name}"
    return CapabilityPermission
