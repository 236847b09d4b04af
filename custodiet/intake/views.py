"""Pages of the intake: the events, an event's timeline, a document with its cleaning and facts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from custodiet.core.access import Capability, require
from custodiet.core.errors import DomainError
from custodiet.intake import selectors
from custodiet.intake.models import Document, Event
from custodiet.intake.services import event_update

view_intake = require(Capability.VIEW_INTAKE)


@view_intake
def event_list(request: HttpRequest) -> HttpResponse:
    events = list(selectors.event_list())
    unassigned = selectors.document_list(unassigned=True).count()
    return render(request, "intake/event_list.html", {"events": events, "unassigned": unassigned})


@require(Capability.VIEW_INTAKE, to_change=Capability.EDIT_INTAKE)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.event_list(), pk=pk)
    if request.method == "POST":
        try:
            event_update(
                event=event,
                title=request.POST.get("title", ""),
                state_code=request.POST.get("state", ""),
                instrument_code=request.POST.get("instrument", ""),
                by=request.user,
            )
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "The event's title and links are saved.")
            return redirect("intake:event_detail", pk=event.pk)
    timeline = selectors.event_timeline(event)
    return render(request, "intake/event_detail.html", {"event": event, "timeline": timeline})


@view_intake
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_detail(pk)
    except Document.DoesNotExist:
        return render(request, "intake/not_found.html", {"what": "document"}, status=404)
    return render(request, "intake/document_detail.html", {"document": document})


@view_intake
def unassigned(request: HttpRequest) -> HttpResponse:
    documents = selectors.document_list(unassigned=True)
    return render(request, "intake/unassigned.html", {"documents": documents})


__all__ = ["Event", "document_detail", "event_detail", "event_list", "unassigned"]
