"""Pages of the intake: the events, an event's timeline, a document with its cleaning and facts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from custodiet.core.access import Capability, require
from custodiet.core.errors import NotFound
from custodiet.core.pages import form_page, posted
from custodiet.intake import selectors
from custodiet.intake.forms import EventLinksForm, ImportForm
from custodiet.intake.services import event_update, intake_upload

view_intake = require(Capability.VIEW_INTAKE)


@view_intake
def event_list(request: HttpRequest) -> HttpResponse:
    events = list(selectors.event_list())
    unassigned = selectors.document_list(unassigned=True).count()
    return render(request, "intake/event_list.html", {"events": events, "unassigned": unassigned})


@require(Capability.VIEW_INTAKE, to_change=Capability.EDIT_INTAKE)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's timeline, with the form that corrects its title and links."""
    event = get_object_or_404(selectors.event_list(), pk=pk)
    form = EventLinksForm(posted(request), initial=EventLinksForm.initial_for(event))

    def save(data: dict[str, Any]) -> str:
        event_update(
            event=event,
            title=data["title"],
            state_code=data["state"],
            instrument_code=data["instrument"],
            by=request.user,
        )
        return "The event's title and links are saved."

    return form_page(
        request,
        form,
        template="intake/event_detail.html",
        save=save,
        done=reverse("intake:event_detail", args=[event.pk]),
        context={"event": event, "timeline": selectors.event_timeline(event)},
    )


@view_intake
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_detail(pk)
    except NotFound:
        return render(request, "intake/not_found.html", {"what": "document"}, status=404)
    return render(request, "intake/document_detail.html", {"document": document})


@view_intake
def unassigned(request: HttpRequest) -> HttpResponse:
    documents = selectors.document_list(unassigned=True)
    return render(request, "intake/unassigned.html", {"documents": documents})


@require(Capability.EDIT_INTAKE)
@require_http_methods(["GET", "POST"])
def import_documents(request: HttpRequest) -> HttpResponse:
    """Import from the page: files uploaded, or an article's text pasted, for monitors without a terminal."""
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> str:
        summary = intake_upload(
            files=[(upload.name or "upload", upload.read()) for upload in data["uploads"]],
            text=data.get("text") or "",
            meta={key: data.get(key) or "" for key in ("title", "url", "published")},
            by=request.user,
        )
        said = f"{summary.added} added, {summary.unchanged} already there, {len(summary.skipped)} skipped"
        reasons = "; ".join(f"{o.origin}: {o.reason}" for o in summary.skipped[:10])
        return said + (f" ({reasons})." if reasons else ".")

    return form_page(
        request, form, template="intake/import.html", save=save, done=reverse("intake:event_list")
    )
