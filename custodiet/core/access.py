"""Who may do what: one access model for pages, the API, the menu and the CLI.

A role grants capabilities (``ROLE_CAPABILITIES``); object-level limits (a
delegation member or a committee member sees only the interviews of the visits
they were on; a liaison only its own State's transmitted reports) are applied by
each app's selectors, e.g. ``Visit.objects.visible_to(user)``. No view checks a
role inline.

Every route declares its access, once, where it is defined:

- a page: ``@require(capability, ...)`` (any of them opens it), ``@signed_in``
  (any account) or ``@public``;
- an API view: ``permission_classes = [api_permission(read, write)]`` or
  ``[PublicApi]``.

``declared_access`` reads that declaration back, for the menu (a link is shown
only to a role the page would let in), for the ``no-store`` header (every
response that is not a public page for an anonymous visitor) and for the test
that walks every URL. Pages: an anonymous visitor is sent to the login page; a
refused role gets 403, or 404 where even the existence of a record is sensitive
(the selectors' job). API: 403 for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request

from custodiet.core.models import Role, User

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Who acts or asks: a signed-in user, an anonymous visitor, or None for the system (the CLI).
Actor: TypeAlias = "User | AnonymousUser | None"


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
    # Publish a report at the State's request. The step checks every text against the identities on
    # record, so its answer says whether a name is among them: only a role that may see identities.
    PUBLISH_REPORTS = "reports.publish"
    ANSWER_REPORTS = "reports.answer"  # a State's liaison: read its State's transmitted reports and answer
    VIEW_INTAKE = (
        "intake.view"  # open-source timelines, their documents and claims (internal working material)
    )
    EDIT_INTAKE = "intake.edit"  # import documents, correct an event's title, state and instrument
    EDIT_TREATIES = "treaties.edit"  # record a notification of denunciation received, with its source
    PUBLISH_TIMELINES = "portal.publish"  # decide which intake timelines the public may read (portal)
    # Accounts (custodiet.core.people): create, set role, body, State and delegations, one-time passwords,
    # deactivation; what would give access to testimony or reset a second factor is only requested.
    MANAGE_PEOPLE = "people.manage"
    # The second person (four-eyes): approve or refuse what an account manager requested.
    APPROVE_ACCOUNT_CHANGES = "people.approve"


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
        Capability.PUBLISH_REPORTS,
    }
)
_INTAKE = frozenset({Capability.VIEW_INTAKE, Capability.EDIT_INTAKE})
_PEOPLE = frozenset({Capability.MANAGE_PEOPLE, Capability.APPROVE_ACCOUNT_CHANGES})
_OFFICE = frozenset(Capability) - _TESTIMONY - _REPORTS - _PEOPLE
# Administrators run the system and its accounts; they do not read testimony (need to know), only its
# aggregates, and what would open testimony to an account needs the secretariat's approval.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: _OFFICE
    | {
        Capability.VIEW_ALLEGATION_AGGREGATES,
        Capability.VIEW_REPORTS,
        Capability.MANAGE_REPORTS,
        Capability.MANAGE_PEOPLE,
    },
    # The secretariat records the committee's decisions (adoption, public statements); it never answers
    # for a State. It does not manage accounts, but is the second person who approves what an
    # administrator asks for an account that would see testimony.
    Role.SECRETARIAT: frozenset(Capability) - {Capability.ANSWER_REPORTS, Capability.MANAGE_PEOPLE},
    Role.COMMITTEE_MEMBER: frozenset(
        {
            Capability.VIEW_PLACES,
            Capability.VIEW_VISITS,
            Capability.VIEW_INTERVIEWS,
            Capability.VIEW_ALLEGATION_AGGREGATES,
            Capability.VIEW_REPORTS,
            Capability.ADOPT_REPORTS,
        }
    )
    | _INTAKE,
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
    )
    | _INTAKE,
    Role.ANALYST: frozenset({Capability.VIEW_PLACES, Capability.VIEW_ALLEGATION_AGGREGATES}) | _INTAKE,
    # Object-level: only the transmitted reports of the liaison's own State (custodiet.reports).
    Role.STATE_LIAISON: frozenset({Capability.ANSWER_REPORTS}),
    Role.PUBLIC: frozenset(),
}

REFUSALS: dict[Capability, StrOrPromise] = {  # said in the reader's language
    Capability.VIEW_PLACES: _(
        "The register of places is open to the secretariat, committee and delegation members and analysts."
    ),
    Capability.EDIT_PLACES: _("Only the secretariat and administrators may change the register of places."),
    Capability.VIEW_VISITS: _(
        "Visits are confidential: open to the secretariat, committee members and "
        "the members of each visit's delegation."
    ),
    Capability.PLAN_VISITS: _("Only the secretariat and administrators may plan and manage visits."),
    Capability.RECORD_ON_VISITS: _(
        "Only the secretariat and the visit's delegation may record what was found on a visit."
    ),
    Capability.VIEW_INTERVIEWS: _(
        "Interviews are confidential: open to the secretariat and to the members of the visit's delegation."
    ),
    Capability.RECORD_INTERVIEWS: _("Only the secretariat and the visit's delegation may record interviews."),
    Capability.VIEW_IDENTITIES: _(
        "Identities are shown only to the secretariat and to the delegation that met the person."
    ),
    Capability.VIEW_ALLEGATION_AGGREGATES: _(
        "Aggregates of allegations are open to the secretariat, "
        "committee and delegation members, analysts and administrators."
    ),
    Capability.VIEW_REPORTS: _(
        "Reports are confidential until published: open to the secretariat, committee "
        "members and administrators (and to the liaison of the State they were sent to)."
    ),
    Capability.MANAGE_REPORTS: _(
        "Only the secretariat and administrators may draft, transmit and follow up reports."
    ),
    Capability.PUBLISH_REPORTS: _(
        "Only the secretariat publishes reports: the check that no person on record is named reads the "
        "identities."
    ),
    Capability.ADOPT_REPORTS: _(
        "Only committee members (or the secretariat recording the committee's decision) "
        "may adopt reports and decide public statements."
    ),
    Capability.ANSWER_REPORTS: _("Only a State's liaison may answer the reports transmitted to that State."),
    Capability.VIEW_INTAKE: _(
        "The intake is open to analysts, the secretariat, committee and delegation members "
        "and administrators."
    ),
    Capability.EDIT_INTAKE: _(
        "Only analysts, the secretariat, committee and delegation members and "
        "administrators may add to the intake or correct it."
    ),
    Capability.EDIT_TREATIES: _(
        "Only the secretariat and administrators may record a notification of denunciation."
    ),
    Capability.PUBLISH_TIMELINES: _(
        "Only the secretariat and administrators decide which timelines are published."
    ),
    Capability.MANAGE_PEOPLE: _("Only administrators manage accounts."),
    Capability.APPROVE_ACCOUNT_CHANGES: _(
        "Only the secretariat approves changes that open testimony to an account or reset a second factor."
    ),
}

# The people pages are read by whoever manages accounts or approves their changes.
SEE_PEOPLE = (Capability.MANAGE_PEOPLE, Capability.APPROVE_ACCOUNT_CHANGES)
# Roles whose capabilities open interviews, identities or their recording: granting one needs a second person.
TESTIMONY_CAPABILITIES = frozenset(
    {Capability.VIEW_INTERVIEWS, Capability.RECORD_INTERVIEWS, Capability.VIEW_IDENTITIES}
)

# Reports are read by the office or by a State's liaison (only its own State's transmitted reports, by the
# selectors); a State's response is recorded by its liaison or by the office (a response received on paper).
READ_REPORTS = (Capability.VIEW_REPORTS, Capability.ANSWER_REPORTS)
RECORD_RESPONSES = (Capability.MANAGE_REPORTS, Capability.ANSWER_REPORTS)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
Needed: TypeAlias = "Capability | tuple[Capability, ...]"


@dataclass(frozen=True)
class Access:
    """What a route asks of the user: nothing (public), an account, or any one of some capabilities."""

    public: bool = False
    capabilities: tuple[Capability, ...] = ()  # any one of them; () with public False: any account

    def allows(self, user: Actor) -> bool:
        if self.public:
            return True
        if not _active(user):
            return False
        return not self.capabilities or can(user, *self.capabilities)

    def refusal(self) -> str:
        if self.capabilities:
            return str(REFUSALS[self.capabilities[0]])
        return str(_("Log in to see this page."))


PUBLIC = Access(public=True)
SIGNED_IN = Access()


def _active(user: Actor) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
    )


def _as_tuple(needed: Needed) -> tuple[Capability, ...]:
    return needed if isinstance(needed, tuple) else (needed,)


def can(user: Actor, *capabilities: Capability) -> bool:
    """True when the user's role grants any of the capabilities (object-level limits are the selectors')."""
    if not _active(user):
        return False
    granted = ROLE_CAPABILITIES.get(getattr(user, "role", ""), frozenset())
    return any(capability in granted for capability in capabilities)


def acting_user(by: Actor) -> User | None:
    """The user to store as the author of a record or an audit entry: None for the system (the CLI) or an
    anonymous caller."""
    return by if isinstance(by, User) and by.is_authenticated else None


def sees_testimony(role: str) -> bool:
    """Whether a role opens interviews, identities or their recording (and so needs four-eyes to grant)."""
    return bool(ROLE_CAPABILITIES.get(role, frozenset()) & TESTIMONY_CAPABILITIES)


def roles_with(*capabilities: Capability) -> list[str]:
    """The roles that hold any of the capabilities (for documentation and the access tests)."""
    return [role for role, granted in ROLE_CAPABILITIES.items() if granted & set(capabilities)]


def _declare(view: View, reading: Access, changing: Access | None = None) -> View:
    view.access = reading  # type: ignore[attr-defined]
    view.access_to_change = changing or reading  # type: ignore[attr-defined]
    return view


def _is_safe(method: str | None) -> bool:
    return method in ("GET", "HEAD", "OPTIONS")


def require(*capabilities: Capability, to_change: Needed | None = None) -> Callable[[View], View]:
    """Decorate a page that needs any of the capabilities (and any of ``to_change`` for a POST, when
    given): anonymous visitors go to the login page, refused roles get 403."""
    reading = Access(capabilities=capabilities)
    changing = Access(capabilities=_as_tuple(to_change)) if to_change is not None else reading

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = reading if _is_safe(request.method) else changing
            if not access.allows(request.user):
                raise PermissionDenied(access.refusal())
            return view(request, *args, **kwargs)

        return _declare(cast(View, wrapped), reading, changing)

    return decorate


def signed_in(view: View) -> View:
    """Decorate a page open to any account (its own password, its second factor)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(cast(View, wrapped), SIGNED_IN)


def public(view: View) -> View:
    """Declare a page open to everyone, signed in or not (published material, treaties, login)."""
    return _declare(view, PUBLIC)


class CapabilityPermission(BasePermission):
    """A DRF permission: any of ``read`` for safe methods, any of ``write`` for the others (None: open)."""

    read: tuple[Capability, ...] | None = ()
    write: tuple[Capability, ...] | None = ()

    def needed(self, method: str) -> tuple[Capability, ...] | None:
        return self.read if method in ("GET", "HEAD", "OPTIONS") else self.write

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = self.needed(request.method or "GET")
        if needed is None:
            return True
        self.message = str(REFUSALS[needed[0]])
        return can(request.user, *needed)


def api_permission(read: Needed | None, write: Needed | None = None) -> type[CapabilityPermission]:
    """A DRF permission class: any of ``read`` for safe methods, any of ``write`` (default ``read``) for
    the others. ``read=None`` opens reading to everyone (published material that a role may add to)."""
    reading = _as_tuple(read) if read is not None else None
    writing = _as_tuple(write) if write is not None else reading
    name = "_".join(capability.name for capability in (*(reading or ()), *(writing or ())))
    return type(f"Can_{name or 'anyone'}", (CapabilityPermission,), {"read": reading, "write": writing})


class PublicApi(AllowAny):
    """Declare an API view open to everyone (published material, treaties, the schema)."""


def _page_access(view: Any, method: str) -> Access | None:
    attribute = "access" if _is_safe(method) else "access_to_change"
    while view is not None:
        access = getattr(view, attribute, None)
        if isinstance(access, Access):
            return access
        view = getattr(view, "__wrapped__", None)
    return None


def _api_access(view_class: Any, method: str) -> Access | None:
    """The access of a DRF view, read from its ``permission_classes`` (the only place it may declare it)."""
    if "get_permissions" in vars(view_class):
        return None  # permissions chosen in code cannot be read back: declare them as classes
    classes = list(view_class.permission_classes)
    if len(classes) != 1:
        return None  # one declaration per view, so that it reads the same as it acts
    permission = classes[0]
    if issubclass(permission, PublicApi):
        return PUBLIC
    if not issubclass(permission, CapabilityPermission):
        return None  # an undeclared permission: the URL-walk test says so
    wanted = permission().needed(method)
    return PUBLIC if wanted is None else Access(capabilities=wanted)


def declared_access(view: Any, method: str = "GET") -> Access | None:
    """The access a route declared for a method, or None where it declared none (a defect)."""
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "permission_classes"):
        return _api_access(view_class, method.upper())
    return _page_access(view, method.upper())
