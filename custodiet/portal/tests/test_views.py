"""The portal's pages and API: the search page, the public timelines, the secretariat's publishing, and
what every one of them refuses."""

# Cyrillic words are the point: they are Russian, not look-alikes

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.portal.models import PublishedTimeline
from custodiet.portal.tests.conftest import MARKER

pytestmark = pytest.mark.django_db


def test_the_search_page_marks_the_words_that_matched_and_escapes_the_rest(
    corpus: Any, client: Client
) -> None:
    page = client.get(reverse("portal:search"), {"q": "пыток"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>пытки</mark>" in html  # "пыток" asked, "пытки" found and marked
    assert corpus.russian.title in html
    assert MARKER not in html
    assert "Cache-Control" not in page or "no-store" not in page["Cache-Control"]  # public, cacheable


def test_a_title_with_markup_is_shown_as_text(
    corpus: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    from custodiet.reports.models import PublicStatement

    with django_capture_on_commit_callbacks(execute=True):  # saved through the model: the receiver sees it
        statement = PublicStatement.objects.get(pk=corpus.statement.pk)
        statement.title = "<b>Chechen</b> statement <script>alert(1)</script>"
        statement.save()
    html = client.get(reverse("portal:search"), {"q": "Chechen"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;<mark>Chechen</mark>&lt;/b&gt;" in html


def test_facets_are_links_that_narrow_and_widen_the_search(corpus: Any, client: Client) -> None:
    html = client.get(reverse("portal:search"), {"q": "власти"}).content.decode()
    link = re.search(r'href="([^"]*kind=response[^"]*)"', html)
    assert link is not None
    narrowed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "1 result" in narrowed and "(remove)" in narrowed


def test_a_bad_parameter_is_said_and_nothing_is_searched(corpus: Any, client: Client) -> None:
    page = client.get(reverse("portal:search"), {"q": "пыток", "year": "last year"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Year" in html and "Enter a whole number" in html
    assert corpus.russian.title not in html


def test_the_api_answers_as_the_page(corpus: Any, client: Client) -> None:
    answer = client.get("/api/portal/search/", {"q": "пыток", "kind": "report"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == 1
    (result,) = data["results"]
    assert result["url"] == reverse("reports:published_detail", args=[corpus.russian.pk])
    assert {"text": "пытки", "mark": True} in result["snippet"]
    assert data["facets"]["kind"] == [{"value": "report", "label": "Report", "count": 1}]
    assert client.get("/api/portal/search/", {"year": "x"}).status_code == 400


def test_a_published_timeline_shows_public_addresses_and_never_a_file_path(
    corpus: Any, client: Client
) -> None:
    page = client.get(reverse("portal:timeline_detail", args=[corpus.event.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="https://example.org/news/signed"' in html
    assert "No public address is recorded for this source." in html
    assert "ru_denunciation.txt" not in html and "fixtures" not in html and "/intake/" not in html
    assert "17 September 2025" in html  # a date, with what the sources say
    api = client.get(f"/api/portal/timelines/{corpus.event.pk}/").json()
    assert {source["address"] for source in api["sources"]} == {"https://example.org/news/signed", ""}
    assert "ru_denunciation.txt" not in str(api)


def test_an_unpublished_timeline_is_not_found(corpus: Any, client: Client) -> None:
    assert (
        client.get(reverse("portal:timeline_detail", args=[corpus.unpublished_event.pk])).status_code == 404
    )
    assert client.get(f"/api/portal/timelines/{corpus.unpublished_event.pk}/").status_code == 404
    listed = client.get(reverse("portal:timeline_list")).content.decode()
    assert corpus.event.title in listed and corpus.unpublished_event.title not in listed


@pytest.mark.parametrize(
    "role", ["analyst", "committee_member", "delegation_member", "state_liaison", "public"]
)
def test_only_the_secretariat_and_administrators_publish(corpus: Any, make_user: Any, role: str) -> None:
    client = Client()
    client.force_login(make_user(role, username=f"refused-{role}"))
    url = reverse("portal:timeline_publish", args=[corpus.unpublished_event.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"summary": "x"}).status_code == 403
    assert not PublishedTimeline.objects.filter(event=corpus.unpublished_event).exists()


def test_the_secretariat_publishes_and_withdraws_with_an_audit_entry(
    corpus: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(corpus.secretariat)
    event = corpus.unpublished_event
    preview = client.get(reverse("portal:timeline_publish", args=[event.pk])).content.decode()
    assert "What the public will see" in preview and "echr_2022.txt" not in preview
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("portal:timeline_publish", args=[event.pk]), {"summary": "Russia and the ECHR."}
        )
    assert done.status_code == 302
    assert AuditEntry.objects.filter(verb="timeline.publish").count() == 2  # the corpus's and this one
    assert Client().get(reverse("portal:timeline_detail", args=[event.pk])).status_code == 200
    again = client.post(reverse("portal:timeline_publish", args=[event.pk]), {"summary": ""})
    assert again.status_code == 200 and "already published" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:timeline_withdraw", args=[event.pk]))
    assert Client().get(reverse("portal:timeline_detail", args=[event.pk])).status_code == 404
    assert AuditEntry.objects.filter(verb="timeline.withdraw").exists()
