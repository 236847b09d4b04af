"""The Russian Federation's page in a real browser (headless Chromium)."""

import os

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_finds_the_russian_federation_and_sees_who_may_visit(
    live_server, page, reference_data
) -> None:
    page.goto(live_server.url + "/")
    page.click("#featured-state")
    assert page.locator("h1").inner_text().startswith("Russian Federation")
    assert (
        page.locator("#coverage-today .coverage-summary").inner_text() == "none; uncertain: CPT; unknown: SPT"
    )
    assert "may have taken effect from 1 October 2026" in page.locator("#coverage-today").inner_text()
    assert page.get_by_text("a denunciation law exists, but no notification is recorded").is_visible()

    page.fill("input[name=on]", "2022-09-16")
    page.click("text=Show")
    echr = page.locator("tr[data-instrument='ETS-005'] td.status-on")
    assert "no longer bound" in echr.inner_text()
    ecpt = page.locator("tr[data-instrument='ETS-126'] td.status-on")
    assert "bound" in ecpt.inner_text() and "no longer" not in ecpt.inner_text()
    page.locator("tr[data-instrument='ETS-126'] summary").first.click()
    assert page.get_by_text("Article 19(2)").first.is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_sees_every_state_s_coverage_and_the_chart_over_the_years(
    live_server, page, reference_data
) -> None:
    page.goto(live_server.url + "/treaties/instruments/")
    page.click("text=Who may visit, in every State")
    assert page.locator("h1").inner_text() == "Who may visit places of detention, in every State"
    assert page.locator("svg.coverage-chart g.panel").count() == 2  # the CPT and the SPT
    page.fill("input[name=on]", "2024-01-01")
    page.click("text=Show")
    assert page.locator("tr[data-state='RU'] td[data-body='CPT']").get_attribute("data-answer") == "yes"
    assert page.locator("tr[data-state='FR'] td[data-body='CPT']").inner_text().strip() == "unknown"
    if shots := os.environ.get("CUSTODIET_SCREENSHOTS"):  # to look at the page as a reader does
        page.screenshot(path=f"{shots}/treaties-coverage-2024-01-01.png", full_page=False)
        page.locator("tr[data-state='RU']").scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/treaties-coverage-2024-01-01-rows.png", full_page=False)
