"""In a real browser (issue 13): a visit walked from planning to a published report, and the report says
what happened.

The secretariat plans a CPT visit to the Russian Federation with its times in Moscow time, names the head
of delegation, puts a pre-trial centre on the itinerary, records the notification, the arrival, a refusal
of access at 14:00 Moscow time, an objection on a ground the Convention does not allow ("the Convention
no longer applies"), immediate observations with an answer due, and a measurement of a cell that falls
short of the standard; the visit ends early. The report is drafted from the visit, adopted, transmitted,
asked for by the State and published. The public version then reads right: the dates the visit took
place (not the planned end), the refusal at 14:00 with the zone named, the objection marked as not on a
ground Art. 9 ECPT allows, the drafted recommendation in a committee's words, and no deadline of any kind.
Every step goes through the real forms; screenshots in ``CUSTODIET_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from custodiet.reports.models import Report
from custodiet.visits.models import AccessEvent, Objection, Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set
IMPROPER = "The Convention no longer applies"
TITLE = "Report on the periodic visit to the Russian Federation"


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/what_happened_{name}.png", full_page=True)


def log_in(page: Any, base: str, username: str, after: str) -> None:
    page.goto(f"{base}/accounts/login/?next={after}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{after}")


def log_out(page: Any, base: str) -> None:
    page.click("header.site .account button[type=submit]")
    page.wait_for_url(f"{base}/")


def submit(page: Any, selector: str = "main form.card button[type=submit]", *, refused: bool = False) -> None:
    """Press the form's own button (not the header's log-out button) and wait for the next page, which
    shows no error unless a refusal is expected."""
    with page.expect_navigation():
        page.click(selector)
    assert refused or not errors(page), f"{page.url}: {errors(page)}"


def errors(page: Any) -> str:
    found = page.locator(".errorlist, .messages li.error")
    return " | ".join(found.all_inner_texts())


def test_a_visit_in_moscow_time_with_an_improper_objection_reads_right_once_published(
    live_server: Any, page: Any, users: dict[str, Any], places: list[Any], standards: Any
) -> None:
    from custodiet.core import clock
    from custodiet.treaties.services import charts_load

    charts_load(clock.today())  # the ECPT's chart of parties, as `make demo` loads it: the committee's seats
    base = live_server.url
    visit = _plan_and_carry_out(page, base, places)
    report = _draft_adopt_transmit(page, base, visit)
    _state_asks_and_office_publishes(page, base, report)
    _the_public_version_reads_right(page, base, report)


def _plan_and_carry_out(page: Any, base: str, places: list[Any]) -> Visit:
    log_in(page, base, "secretariat", "/visits/plan/")
    # nothing is pre-selected: the kind and the zone are asked for
    assert page.locator("#id_kind").input_value() == ""
    page.select_option("#id_body", label=page.locator("#id_body option", has_text="CPT").first.inner_text())
    page.select_option("#id_state", "RU")
    page.select_option("#id_kind", "periodic")
    page.fill("#id_planned_start", "2026-11-02")
    page.fill("#id_planned_end", "2026-11-10")
    page.select_option("#id_time_zone", "Europe/Moscow")
    page.fill("#id_title", "Periodic visit to the Russian Federation")
    submit(page, "button[name=save]")
    visit = Visit.objects.get()
    assert page.url == f"{base}/visits/{visit.pk}/", errors(page)
    assert visit.time_zone == "Europe/Moscow"
    shot(page, "01_planned")

    page.goto(f"{base}/visits/{visit.pk}/delegation/add/")
    page.fill("#id_name", "Anna Member")
    page.select_option("#id_role", "head")
    submit(page)
    page.goto(f"{base}/visits/{visit.pk}/itinerary/add/")
    page.select_option("#id_place", str(places[0].pk))
    page.fill("#id_planned_on", "2026-11-03")
    submit(page)
    page.goto(f"{base}/visits/{visit.pk}/notifications/add/")
    page.select_option("#id_subject", "visit")
    page.fill("#id_notified_at", "2026-10-20T09:00")
    submit(page)
    visit.refresh_from_db()
    assert visit.status == "notified"  # the notification of the visit makes it notified
    _change_status(page, base, visit, "under_way", "2026-11-02")

    # a refusal of access at 14:00 Moscow time (11:00 UTC)
    page.goto(f"{base}/visits/{visit.pk}/access/add/")
    page.select_option("#id_kind", "refused")
    page.select_option("#id_place", str(places[0].pk))
    page.fill("#id_occurred_at", "2026-11-03T14:00")
    page.fill("#id_description", "The governor refused entry to block B.")
    submit(page)
    event = AccessEvent.objects.get()
    assert (event.occurred_at.hour, event.occurred_at.minute) == (11, 0), errors(page)
    refusal_row = page.locator("tr[data-kind=refused]").inner_text()
    assert "3 November 2026, 14:00 (Europe/Moscow, UTC+03:00)" in refusal_row

    # an objection on a ground Art. 9 does not allow: recorded, and marked as such
    page.goto(f"{base}/visits/{visit.pk}/objections/add/")
    assert page.locator("#id_ground").input_value() == ""
    page.select_option("#id_ground", "other")
    page.fill("#id_ground_other", IMPROPER)
    page.fill("#id_raised_on", "2026-11-04")
    page.fill("#id_explanation", "The ministry wrote that the Convention had ceased to apply.")
    submit(page)
    objection = Objection.objects.get()
    assert (objection.ground, objection.on_allowed_ground) == (IMPROPER, False), errors(page)
    assert page.locator("[data-ground=not-allowed]").count() == 1
    shot(page, "02_objection")

    page.goto(f"{base}/visits/{visit.pk}/observations/add/")
    page.fill("#id_communicated_on", "2026-11-05")
    page.fill("#id_response_due", "2027-01-02")
    page.fill("#id_text", "Block B must be opened to the delegation without delay.")
    submit(page)

    # a cell of 10 m² for four people: 2.5 m² each, below the standard
    page.goto(f"{base}/standards/visits/{visit.pk}/measurements/new/?kind=cell_space")
    page.select_option("#id_place", str(places[0].pk))
    page.fill("#id_location", "cell 12")
    page.fill("#id_measured_on", "2026-11-03")
    page.fill("#id_area_m2", "10")
    page.fill("#id_occupants", "4")
    page.check("input[name=sanitary_annex] >> nth=0")
    submit(page, "main form.record button[type=submit]")
    assert visit.findings.exists(), errors(page)

    _change_status(page, base, visit, "completed", "2026-11-06")  # ended early: planned until the 10th
    visit.refresh_from_db()
    assert (visit.status, str(visit.ended_on)) == ("completed", "2026-11-06")
    shot(page, "03_completed")
    log_out(page, base)
    return visit


def _change_status(page: Any, base: str, visit: Visit, status: str, on: str) -> None:
    page.goto(f"{base}/visits/{visit.pk}/status/")
    offered = page.locator("#id_status option").evaluate_all("options => options.map(o => o.value)")
    assert status in offered, (status, offered, page.locator("main").inner_text()[:600])
    page.select_option("#id_status", status)
    if on:
        page.fill("#id_on", on)
    submit(page)
    visit.refresh_from_db()
    assert visit.status == status, errors(page)


def _draft_adopt_transmit(page: Any, base: str, visit: Visit) -> Report:
    log_in(page, base, "secretariat", "/reports/new/")
    page.select_option("#id_visit", str(visit.pk))
    page.fill("#id_title", TITLE)
    submit(page)
    report = Report.objects.get(visits=visit)
    assert page.url == f"{base}/reports/{report.pk}/", errors(page)
    texts = "\n".join(report.items.values_list("text", flat=True))
    assert "at least 4 m² of living space" in texts and "take steps to meet the standard" not in texts
    shot(page, "04_draft")

    page.click(f"a[href='/reports/{report.pk}/adopt/']")
    page.fill("#id_adopted_on", "2026-11-12")
    page.fill("#id_votes_for", "60")  # more than the committee has seats: refused, nothing changes
    submit(page, refused=True)
    report.refresh_from_db()
    assert report.status == "draft" and "votes cannot have been cast" in errors(page), errors(page)
    page.fill("#id_votes_for", "30")
    submit(page)
    report.refresh_from_db()
    assert report.status == "adopted", errors(page)
    page.click(f"a[href='/reports/{report.pk}/transmit/']")
    page.fill("#id_transmitted_on", "2026-11-15")
    submit(page)
    report.refresh_from_db()
    assert report.status == "transmitted" and report.response_due is not None, errors(page)
    log_out(page, base)
    return report


def _state_asks_and_office_publishes(page: Any, base: str, report: Report) -> None:
    log_in(page, base, "state_liaison", f"/reports/{report.pk}/")
    page.click(f"a[href='/reports/{report.pk}/publication-request/']")
    page.fill("#id_requested_on", "2026-11-20")
    page.fill("#id_reference", "Note verbale No. 81/2026")
    submit(page)
    log_out(page, base)
    log_in(page, base, "secretariat", f"/reports/{report.pk}/")
    page.click(f"a[href='/reports/{report.pk}/publish/']")
    page.fill("#id_published_on", "2026-11-22")
    page.fill("#id_publication_reference", "CPT/Inf (2026) 13")
    submit(page)
    report.refresh_from_db()
    assert report.status == "published", errors(page)
    log_out(page, base)


def _the_public_version_reads_right(page: Any, base: str, report: Report) -> None:
    page.goto(f"{base}/reports/published/{report.pk}/")
    document = page.locator("article.report-document").inner_text()
    shot(page, "05_public_report")
    # the dates the visit took place, not the planned end
    assert "2 November 2026 to 6 November 2026" in document and "10 November 2026" not in document
    # the refusal at the hour it happened in Moscow, the zone named
    assert "3 November 2026, 14:00 (Europe/Moscow, UTC+03:00)" in document
    # the objection recorded, and marked as not on an allowed ground
    assert "on a ground that Art. 9" in document and f"“{IMPROPER}”" in document
    # the drafted recommendation in a committee's words
    assert "at least 4 m² of living space" in document
    # no deadline of any kind: not the response's, not the immediate observations'
    lowered = document.lower()
    for deadline in ("due", "answer by", "2 january 2027", "15 may 2027"):
        assert deadline not in lowered, deadline
    for other in ("Vote on adoption", "30 for"):
        assert other not in document, other
