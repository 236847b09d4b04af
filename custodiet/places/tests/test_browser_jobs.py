"""In a real browser, without JavaScript: an import runs in the background and its page follows it to the
end; two editors of one place, the second told what changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from custodiet.ops.testing import run_queued_jobs
from custodiet.places.models import Place

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


def _signed_in(browser: Any, live_server: Any, username: str) -> tuple[Any, Any]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_an_import_from_the_page_runs_in_the_background_and_its_page_shows_the_result(
    live_server: Any, browser: Any, make_user: Any, states: Any, tmp_path: Path
) -> None:
    make_user("secretariat", username="sec")
    register = tmp_path / "register.csv"
    register.write_text("ref,name_local,type,state\nRU-1,Изолятор,pre_trial,RU\n", encoding="utf-8")
    context, page = _signed_in(browser, live_server, "sec")
    try:
        page.goto(f"{live_server.url}/places/import/")
        page.set_input_files("input[name=file]", str(register))
        page.click("form.card button[type=submit]")
        page.wait_for_url("**/jobs/*/")
        assert "Waiting for a worker" in page.locator("#job-state").inner_text()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/job_waiting.png", full_page=True)
        run_queued_jobs()
        page.wait_for_selector(
            "#job-summary", timeout=20_000
        )  # the page refreshed itself, without JavaScript
        assert "created 1" in page.locator("#job-summary").inner_text()
        assert Place.objects.filter(ref="RU-1").exists()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/job_done.png", full_page=True)
    finally:
        context.close()


def test_the_second_of_two_editors_sees_what_the_first_changed(
    live_server: Any, browser: Any, make_user: Any, make_place: Any
) -> None:
    place = make_place(capacity=1000)
    make_user("secretariat", username="anna")
    make_user("administrator", username="boris")
    first, anna = _signed_in(browser, live_server, "anna")
    second, boris = _signed_in(browser, live_server, "boris")
    try:
        edit = f"{live_server.url}/places/{place.pk}/edit/"
        anna.goto(edit)
        boris.goto(edit)
        anna.fill("input[name=name_en]", "Butyrka prison")
        anna.click("form.card button[type=submit]")
        anna.wait_for_url(f"{live_server.url}/places/{place.pk}/")
        boris.fill("input[name=capacity]", "1200")
        boris.click("form.card button[type=submit]")
        conflict = boris.locator("#edit-conflict")
        assert "anna" in conflict.inner_text() and "Butyrka prison" in conflict.inner_text()
        assert boris.input_value("input[name=name_en]") == "Butyrka prison"
        assert boris.input_value("input[name=capacity]") == "1200"
        if SHOTS:
            boris.screenshot(path=f"{SHOTS}/edit_conflict.png", full_page=True)
        boris.click("form.card button[type=submit]")
        boris.wait_for_url(f"{live_server.url}/places/{place.pk}/")
        place.refresh_from_db()
        assert (place.name_en, place.capacity) == ("Butyrka prison", 1200)
    finally:
        first.close()
        second.close()
