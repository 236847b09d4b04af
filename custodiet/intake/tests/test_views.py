"""Pages: the event list, the timeline with contradictions, a document with removals; query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.intake.models import Document, Event

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_event_list_links_to_the_timeline(seeded: Any, analyst_client: Any) -> None:
    event = Event.objects.get()
    html = analyst_client.get(reverse("intake:event_list")).content.decode()
    assert reverse("intake:event_detail", args=[event.pk]) in html and "ECPT" in html


def test_the_timeline_shows_dates_sources_and_contradictions(seeded: Any, analyst_client: Any) -> None:
    event = Event.objects.get()
    html = analyst_client.get(reverse("intake:event_detail", args=[event.pk])).content.decode()
    for text in (
        "17 September 2025",
        "corroborated",
        "contradiction",
        "a Saturday",
        "Article 22",
        "inconsistent",
    ):
        assert text in html, text
    assert 'class="contradiction"' in html


def test_the_document_page_shows_what_was_removed_and_the_facts(seeded: Any, analyst_client: Any) -> None:
    document = Document.objects.get(segments__reason="reader comments", segments__position=8)
    html = analyst_client.get(reverse("intake:document_detail", args=[document.pk])).content.decode()
    assert '<del class="removed">' in html and "reader comments" in html and document.sha256 in html
    assert "Law signed" in html


def test_links_are_edited_with_a_form(seeded: Any, analyst_client: Any) -> None:
    event = Event.objects.get()
    url = reverse("intake:event_detail", args=[event.pk])
    response = analyst_client.post(url, {"title": "Denunciation", "state": "RU", "instrument": "ETS-126"})
    assert response.status_code == 302
    response = analyst_client.post(url, {"title": "Denunciation", "state": "ZZ", "instrument": ""})
    assert "No State is known as" in response.content.decode()


def test_the_form_takes_a_state_and_a_treaty_as_a_user_names_them(seeded: Any, analyst_client: Any) -> None:
    event = Event.objects.get()
    url = reverse("intake:event_detail", args=[event.pk])
    for state, instrument in (("RUS", "ETS No. 126"), ("Russian Federation", "ECPT"), ("ru", "CAT")):
        response = analyst_client.post(
            url, {"title": "Denunciation", "state": state, "instrument": instrument}
        )
        assert response.status_code == 302, (state, instrument)
        event.refresh_from_db()
        assert event.state is not None and event.state.code == "RU"
    assert event.instrument is not None and event.instrument.code == "UN-CAT"
    html = analyst_client.get(url).content.decode()
    assert 'name="state" value="RU"' in html and 'name="instrument" value="UN-CAT"' in html
    response = analyst_client.post(url, {"title": "Denunciation", "state": "", "instrument": "Geneva"})
    assert response.status_code == 200 and "No instrument is known as" in response.content.decode()
    event.refresh_from_db()
    assert event.instrument is not None and event.instrument.code == "UN-CAT"


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_page_costs_do_not_grow_with_rows(seeded: Any, analyst_client: Any, tmp_path: Any) -> None:
    from custodiet.intake.services import intake_add

    event = Event.objects.get()
    list_before = queries(analyst_client, reverse("intake:event_list"))
    timeline_before = queries(analyst_client, reverse("intake:event_detail", args=[event.pk]))
    for number in range(6):  # more events, and more documents in the seed event
        (tmp_path / f"other{number}.txt").write_text(
            f"Country{number} ratifies the European Convention on Human Rights in 199{number}. "
            "Its parliament approved the ratification on 3 March after a long debate in committee."
        )
        (tmp_path / f"more{number}.txt").write_text(
            f"Report {number}: the Russian Federation denounced the European Convention for the Prevention of "
            f"Torture. The State Duma approved the law on {number + 10} September 2025 and the committee made 30 visits."
        )
    intake_add(paths=[tmp_path])
    assert Event.objects.count() > 1 and event.documents.count() > 5
    assert queries(analyst_client, reverse("intake:event_list")) == list_before
    assert queries(analyst_client, reverse("intake:event_detail", args=[event.pk])) == timeline_before


def test_an_import_from_the_page_runs_in_the_background_and_its_page_says_what_came_of_it(
    reference_data: Any, analyst_client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from custodiet.ops.testing import run_queued_jobs

    upload = SimpleUploadedFile("ru.txt", (FIXTURES / "ru_denunciation.txt").read_bytes())
    response = analyst_client.post(reverse("intake:import"), {"uploads": [upload], "text": ""})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert Document.objects.count() == 0  # read in the background, not in the request
    assert run_queued_jobs() == 1
    page = analyst_client.get(response["Location"]).content.decode()
    assert "1 added, 0 already there, 0 skipped." in page
    document = Document.objects.get()
    assert reverse("intake:document_detail", args=[document.pk]) in page
    assert document.origin == "upload:ru.txt" and Event.objects.get().document_count == 1


def test_a_text_too_long_is_refused_on_the_page_and_nothing_is_started(
    reference_data: Any, analyst_client: Any
) -> None:
    from custodiet.intake.sources import MAX_DOCUMENT_CHARS
    from custodiet.ops.models import Job

    text = "The delegation visited the colony. " * (MAX_DOCUMENT_CHARS // 35 + 1)
    response = analyst_client.post(reverse("intake:import"), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200 and "is too long for one document" in html
    assert f"{MAX_DOCUMENT_CHARS:,}" in html
    assert Job.objects.count() == 0 and Document.objects.count() == 0


def test_the_event_list_pages_by_keyset(reference_data: Any, analyst_client: Any) -> None:
    from custodiet.intake import views

    Event.objects.bulk_create(Event(title=f"Event {n:03d}", instrument_code="ETS-126") for n in range(75))
    first = analyst_client.get(reverse("intake:event_list"))
    html = first.content.decode()
    assert html.count("/intake/events/") == views.PER_PAGE and 'rel="next"' in html
    following = first.context["keyset"].next_link
    second = analyst_client.get(reverse("intake:event_list") + "?" + following).content.decode()
    assert second.count("/intake/events/") == 75 - views.PER_PAGE and 'rel="next"' not in second
