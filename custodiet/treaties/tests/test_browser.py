"""The Russian Federation's page in a real browser (headless Chromium)."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_finds_the_russian_federation_and_sees_who_may_visit(
    live_server, page, reference_data
) -> None:
    page.goto(live_server.url + "/")
    page.click("#featured-state")
    assert page.locator("h1").inner_text().startswith("Russian Federation")
    assert page.locator("#coverage-today .coverage-summary").inner_text() == "CPT"
    assert page.get_by_text("a denunciation law exists, but no notification is recorded").is_visible()

    page.fill("input[name=on]", "2022-09-16")
    page.click("text=Show")
    echr = page.locator("tr[data-instrument='ETS-005'] td.status-on")
    assert "no longer bound" in echr.inner_text()
    ecpt = page.locator("tr[data-instrument='ETS-126'] td.status-on")
    assert "bound" in ecpt.inner_text() and "no longer" not in ecpt.inner_text()
    page.locator("tr[data-instrument='ETS-126'] summary").click()
    assert page.get_by_text("Article 19(2)").first.is_visible()
