"""Pages: the event list, the timeline with contradictions, a document with removals; query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.intake.models import Document, Event

pytestmark = pytest.mark.django_db


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
