"""In a real browser: an analyst logs in and opens the event's timeline (and each page, for screenshots)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from custodiet.intake.models import Document, Event
from custodiet.ops.testing import run_queued_jobs

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


def test_an_analyst_opens_the_timeline(live_server: Any, page: Any, seeded: Any, make_user: Any) -> None:
    make_user("analyst", username="ana")
    page.goto(f"{live_server.url}/accounts/login/?next=/intake/")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/intake/")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_event_list.png", full_page=True)
    page.click("text=Russian Federation: denunciation of the ECPT")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == Event.objects.get().title
    assert page.locator("tr.contradiction").count() >= 4
    assert page.locator("text=Article 22").count() >= 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_timeline.png", full_page=True)
        document = Document.objects.filter(segments__reason="donation appeal").first()
        assert document is not None
        page.goto(f"{live_server.url}/intake/documents/{document.pk}/")
        page.screenshot(path=f"{SHOTS}/intake_document.png", full_page=True)


def test_an_analyst_imports_a_file_and_a_pasted_text_from_the_page(
    live_server: Any, page: Any, reference_data: Any, make_user: Any, tmp_path: Any
) -> None:
    make_user("analyst", username="ana")
    page.goto(f"{live_server.url}/accounts/login/?next=/intake/import/")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/intake/import/")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_import.png", full_page=True)
    upload = tmp_path / "hu.txt"
    upload.write_text(
        "Magyarország kilép a Nemzetközi Büntetőbíróságból: az Országgyűlés 2025. május 20-án "
        "megszavazta a kilépésről szóló törvényt.",
        encoding="utf-8",
    )
    page.set_input_files("input[name=uploads]", str(upload))
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/**")  # read in the background: the job's page
    assert page.locator("text=Waiting for a worker").count() >= 1
    assert run_queued_jobs() == 1
    page.reload()
    assert page.locator("text=1 added, 0 already there, 0 skipped.").count() == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_import_job.png", full_page=True)
    page.goto(f"{live_server.url}/intake/import/")
    page.fill(
        "textarea[name=text]",
        "Slovenska vlada je danes potrdila predlog, po katerem bi država lahko izstopila iz Ottawske konvencije.",
    )
    page.fill("input[name=published]", "2025-06")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/**")
    run_queued_jobs()
    page.reload()
    page.click("text=The document")
    document = Document.objects.get(origin="pasted:1")
    assert page.url == f"{live_server.url}/intake/documents/{document.pk}/"
    assert page.locator(".badge", has_text="no vocabulary").count() == 1
    assert page.locator("text=June 2025").count() == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_document_no_vocabulary.png", full_page=True)
