"""Pages of the intake: the events, an event's timeline, a document with its cleaning and facts, an import.

The long lists (events, documents without an event) page by keyset (``custodiet.ops.paging``). An import
from the page runs in the background (``custodiet.intake.jobs``): the page sends the user to the job's
page, which shows its progress and then what was added, already there or skipped, and why.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from custodiet.core.access import Capability, require
from custodiet.core.errors import NotFound
from custodiet.core.pages import form_page, posted
from custodiet.intake import selectors
from custodiet.intake.forms import EventLinksForm, ImportForm
from custodiet.intake.jobs import import_enqueue
from custodiet.intake.services import event_update
from custodiet.intake.sources import MAX_BYTES, MAX_DOCUMENT_CHARS
from custodiet.ops.paging import keyset_page, query_without_cursor

view_intake = require(Capability.VIEW_INTAKE)
PER_PAGE = 50


@view_intake
def event_list(request: HttpRequest) -> HttpResponse:
    keyset = keyset_page(selectors.event_list(), request.GET, order=selectors.EVENT_ORDER, per_page=PER_PAGE)
    context = {
        "events": keyset.rows,
        "keyset": keyset,
        "query_string": query_without_cursor(request.GET),
        "unassigned": selectors.document_list(unassigned=True).count(),
        "waiting": any(event.recount_due for event in keyset.rows),
    }
    return render(request, "intake/event_list.html", context)


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
        return _("The event's title and links are saved.")

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
        return render(request, "intake/not_found.html", {"heading": _("No such document")}, status=404)
    return render(request, "intake/document_detail.html", {"document": document})


@view_intake
def unassigned(request: HttpRequest) -> HttpResponse:
    keyset = keyset_page(
        selectors.document_list(unassigned=True), request.GET, order=(("id", False),), per_page=PER_PAGE
    )
    context = {"documents": keyset.rows, "keyset": keyset, "query_string": query_without_cursor(request.GET)}
    return render(request, "intake/unassigned.html", context)


@require(Capability.EDIT_INTAKE)
@require_http_methods(["GET", "POST"])
def import_documents(request: HttpRequest) -> HttpResponse:
    """Import from the page: files uploaded, or an article's text pasted, for monitors without a terminal.
    The documents are read in the background; the user follows the job on its page."""
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = import_enqueue(
            files=[(upload.name or "upload", upload.read()) for upload in data["uploads"]],
            text=data.get("text") or "",
            meta={key: data.get(key) or "" for key in ("title", "url", "published")},
            by=request.user,
        )
        return redirect("ops:job_detail", started.pk)
    limits = {"max_bytes": MAX_BYTES, "max_chars": number_format(MAX_DOCUMENT_CHARS, force_grouping=True)}
    return render(request, "intake/import.html", {"form": form, **limits})
