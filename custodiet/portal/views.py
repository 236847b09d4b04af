"""Pages of the portal: the search (public), the published timelines (public), and the secretariat's page
that decides which intake timelines are published.

The search works without JavaScript: a GET form, facets as links, pages as links. A bad parameter (a
year that is not a number, a page far beyond the results) is said on the page, with status 400, and
nothing is searched.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from custodiet.core.access import Capability, public, require
from custodiet.core.errors import NotFound
from custodiet.core.pages import acted, form_page, posted
from custodiet.intake import selectors as intake_selectors
from custodiet.intake.models import Event
from custodiet.portal import selectors, services
from custodiet.portal.forms import PublishForm, SearchForm
from custodiet.portal.models import PublishedTimeline

FACET_TITLES = {
    "kind": gettext_lazy("Kind"),
    "state": gettext_lazy("State"),
    "body": gettext_lazy("Body"),
    "year": gettext_lazy("Year"),
    "language": gettext_lazy("Language"),
}


def _link(request: HttpRequest, **changes: Any) -> str:
    """This search's address with some parameters changed (None removes one); back to the first page."""
    kept = request.GET.copy()
    kept.pop("start", None)
    for name, value in changes.items():
        if value in (None, ""):
            kept.pop(name, None)
        else:
            kept[name] = str(value)
    return f"{reverse('portal:search')}?{kept.urlencode()}"


def _facet_groups(request: HttpRequest, page: selectors.SearchPage) -> list[dict[str, Any]]:
    groups = []
    for name, values in page.facets.items():
        if not values:
            continue
        groups.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "values": [
                    {
                        "label": value.label,
                        "count": value.count,
                        "chosen": value.chosen,
                        "href": _link(request, **{name: None if value.chosen else value.value}),
                    }
                    for value in values
                ],
            }
        )
    return groups


@public
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Everything public: reports, the States' responses, public statements, published timelines and
    their sources, States and treaties."""
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "page": None}
    if not form.is_bound:
        return render(request, "portal/search.html", context)
    if not form.is_valid():
        return render(request, "portal/search.html", context, status=400)
    data = form.cleaned_data
    page = selectors.search(
        data["q"], form.filters(), order=data.get("sort") or "relevance", offset=data.get("start") or 0
    )
    context.update(
        page=page,
        facets=_facet_groups(request, page),
        chosen=[
            {"title": FACET_TITLES[name], "value": value, "href": _link(request, **{name: None})}
            for name, value in form.filters().chosen().items()
        ],
        sort_links=[
            {
                "label": label,
                "chosen": (data.get("sort") or "relevance") == value,
                "href": _link(request, sort=value),
            }
            for value, label in (("relevance", _("relevance")), ("date", _("newest first")))
        ],
        previous=None if page.previous_offset is None else _link(request, start=page.previous_offset or None),
        following=None if page.next_offset is None else _link(request, start=page.next_offset),
    )
    return render(request, "portal/search.html", context)


@public
@require_safe
def timeline_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/timeline_list.html", {"timelines": list(selectors.published_timelines())})


@public
@require_safe
def timeline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        published = selectors.published_timeline(pk)
    except NotFound:
        raise Http404(_("No published timeline has that number.")) from None
    return render(request, "portal/timeline_detail.html", {"timeline": selectors.public_timeline(published)})


# -- the secretariat's decision ---------------------------------------------------------------------------


@require(Capability.PUBLISH_TIMELINES)
@require_safe
def timeline_publishing(request: HttpRequest) -> HttpResponse:
    """Every intake event, published or not, with the way to publish or withdraw it."""
    published = {row.event_id: row for row in PublishedTimeline.objects.all()}
    events = [(event, published.get(event.pk)) for event in intake_selectors.event_list()]
    return render(request, "portal/timeline_publishing.html", {"events": events})


@require(Capability.PUBLISH_TIMELINES)
def timeline_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """What the public would see of an event's timeline, and the form that publishes it."""
    event = get_object_or_404(intake_selectors.event_list(), pk=pk)
    current = PublishedTimeline.objects.filter(event=event).first()
    preview = selectors.public_timeline(current or PublishedTimeline(event=event, summary=""))

    def save(data: dict[str, Any]) -> str:
        services.timeline_publish(event=event, summary=data["summary"], by=request.user)
        return _("The timeline is published: the public can read it and find it in the search.")

    return form_page(
        request,
        PublishForm(posted(request)),
        template="portal/timeline_publish.html",
        save=save,
        done=reverse("portal:timeline_detail", args=[event.pk]),
        context={"event": event, "published": current, "timeline": preview},
    )


@require(Capability.PUBLISH_TIMELINES)
@require_POST
def timeline_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)

    def withdraw() -> str:
        services.timeline_withdraw(event=event, by=request.user)
        return _("The timeline is withdrawn: it is no longer public or found by the search.")

    acted(request, withdraw)
    return redirect("portal:timeline_publishing")
