"""In a real browser, from adopting a report to publishing it at the State's request.

The secretariat drafts a report from a completed visit (conftest's ``visit``: its findings, delegation,
access problems), records the committee's adoption with its vote and transmits the report. An attempt to
publish it before the State asks is refused on the page, with Art. 11(2) ECPT cited. The liaison of the
Russian Federation logs in, sees that report and no other (not a draft of its own State, not another
State's report), records the State's response and its request to publish; the secretariat publishes.
An anonymous visitor then finds the report in the published list, opens it, and the page names neither
the experts, the interpreter, the members who voted, the liaison, nor the detainee whose name is
protected. Every step goes through the real forms and buttons.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import pytest

from custodiet.reports import services
from custodiet.reports.models import Report
from custodiet.visits.models import DelegationMember

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set
PROTECTED = "Ivan Sergeyevich Petrov"  # a detainee interviewed during the visit
VOTERS = ("Alma Jansen", "Bruno Keller", "Chiara Rossi")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/reports_{name}.png", full_page=True)


def log_in(page: Any, base: str, username: str, after: str) -> None:
    page.goto(f"{base}/accounts/login/?next={after}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{after}")


def log_out(page: Any, base: str) -> None:
    page.click("header.site .account button[type=submit]")
    page.wait_for_url(f"{base}/")


def submit(page: Any) -> None:
    """Press the form's own button (not the header's log-out button) and wait for the next page."""
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")


@pytest.fixture
def others(
    cpt: Any, russia: Any, ukraine: Any, users: dict[str, Any], visit: Any, today: date
) -> dict[str, Report]:
    """Reports the liaison of the Russian Federation must not see: another State's report, transmitted,
    and a draft on the Russian Federation. Also a detainee's name that must never be published."""
    secretariat = users["secretariat"]
    elsewhere = services.report_create(
        body=cpt, state=ukraine, title="Report on the visit to Ukraine", by=secretariat
    )
    services.item_add(report=elsewhere, kind="recommendation", text="Renovate the cells.", by=secretariat)
    services.report_adopt(
        report=elsewhere, adopted_on=today - timedelta(days=40), votes_for=9, by=users["committee_member"]
    )
    services.report_transmit(report=elsewhere, transmitted_on=today - timedelta(days=30), by=secretariat)
    draft = services.report_create(
        body=cpt, state=russia, title="Draft on a later visit to the Russian Federation", by=secretariat
    )
    services.protected_name_add(name=PROTECTED, state=russia, note="interviewed in cell 12", by=secretariat)
    DelegationMember.objects.create(visit=visit, name="Olga Interpreter", role="interpreter")
    DelegationMember.objects.create(visit=visit, name="Sam Secretary", role="secretariat")
    return {"elsewhere": elsewhere, "draft": draft}


def test_from_adoption_to_publication_at_the_states_request(
    live_server: Any, page: Any, users: dict[str, Any], visit: Any, others: dict[str, Report], today: date
) -> None:
    base = live_server.url
    report = _office_drafts_adopts_and_transmits(page, base, visit, today)
    _the_liaison_answers_and_asks_for_publication(page, base, report, others, today)
    _the_secretariat_publishes(page, base, report, today)
    _anyone_reads_the_published_report(page, base, report, others)


def _office_drafts_adopts_and_transmits(page: Any, base: str, visit: Any, today: date) -> Report:
    # -- the secretariat drafts the report from the visit's findings --------------------------------------
    log_in(page, base, "secretariat", "/reports/new/")
    page.select_option("#id_visit", str(visit.pk))
    page.fill("#id_title", "Report on the periodic visit to the Russian Federation")
    submit(page)
    report = Report.objects.get(visits=visit)
    assert page.url == f"{base}/reports/{report.pk}/"
    assert "Draft created with 5 items." in page.locator(".messages").inner_text()
    assert page.locator("table.report-items tbody tr").count() == 5
    shot(page, "01_draft")

    # -- the committee's adoption, with its vote, recorded by the secretariat -----------------------------
    page.click(f"a[href='/reports/{report.pk}/adopt/']")
    page.fill("#id_adopted_on", (today - timedelta(days=30)).isoformat())
    page.fill("#id_votes_for", "3")
    page.fill("#id_votes_against", "0")
    page.fill("#id_abstentions", "0")
    page.fill("#id_voters", "\n".join(VOTERS))
    shot(page, "02_adopt_form")
    submit(page)
    assert "The report is adopted." in page.locator(".messages").inner_text()
    assert "3 for, 0 against, 0 abstaining: Alma Jansen" in page.locator(".report-dates").inner_text()

    # -- transmission to the State: the response is due six months later -----------------------------------
    page.click(f"a[href='/reports/{report.pk}/transmit/']")
    page.fill("#id_transmitted_on", (today - timedelta(days=20)).isoformat())
    submit(page)
    report.refresh_from_db()
    assert report.status == "transmitted" and report.response_due is not None
    assert "The report is transmitted" in page.locator(".messages").inner_text()
    assert page.locator(f"a[href='/reports/{report.pk}/publish/']").count() == 0  # no request yet
    assert "stays confidential: Art. 11(2) ECPT" in page.locator(".report-dates").inner_text()
    shot(page, "03_transmitted")

    # -- publishing before the State asks is refused, with the reason, and changes nothing ----------------
    page.goto(f"{base}/reports/{report.pk}/publish/")
    page.fill("#id_published_on", today.isoformat())
    submit(page)
    refusal = page.locator(".messages li.error").inner_text()
    assert "no request of the State to publish it is recorded" in refusal
    assert "Art. 11(2) ECPT" in refusal
    assert page.url == f"{base}/reports/{report.pk}/publish/"
    report.refresh_from_db()
    assert (report.status, report.published_on) == ("transmitted", None)
    shot(page, "04_publish_refused")
    log_out(page, base)
    return report


def _the_liaison_answers_and_asks_for_publication(
    page: Any, base: str, report: Report, others: dict[str, Report], today: date
) -> None:
    # -- the liaison of the Russian Federation sees that report, and only that one -------------------------
    log_in(page, base, "state_liaison", "/reports/")
    listed = page.locator("table.reports tbody tr")
    assert listed.count() == 1
    assert "Report on the periodic visit to the Russian Federation" in listed.inner_text()
    assert page.locator("#report-count").inner_text() == "1 report"
    assert page.locator("a[href='/reports/new/']").count() == 0
    shot(page, "05_liaison_list")
    for hidden in others.values():
        assert page.goto(f"{base}/reports/{hidden.pk}/").status == 404
        assert page.goto(f"{base}/reports/{hidden.pk}/render/").status == 404
    page.goto(f"{base}/reports/")
    page.click(f"table.reports a[href='/reports/{report.pk}/']")
    page.wait_for_url(f"{base}/reports/{report.pk}/")
    main = page.locator("main").inner_text()
    assert "Record your response" in main
    for voter in VOTERS:
        assert voter not in main  # the vote stays with the committee
    assert page.locator(f"a[href='/reports/{report.pk}/adopt/']").count() == 0
    shot(page, "06_liaison_report")

    # -- the State's response, item by item ---------------------------------------------------------------
    page.click(f"a[href='/reports/{report.pk}/response/']")
    page.fill("#id_received_on", (today - timedelta(days=5)).isoformat())
    page.fill("#id_reference", "Letter No. 14/2-118")
    page.fill("#id_summary", "Власти приняли доклад к сведению.")
    page.fill("#id_answer_1", "A new block of the pre-trial centre opens next year.")
    page.fill("#id_documents_1", "plan-2027.pdf")
    page.fill("#id_answer_3", "Custody records are now kept electronically.")
    shot(page, "07_response_form")
    submit(page)
    assert "The response is recorded." in page.locator(".messages").inner_text()
    responses = page.locator("#responses-heading + .card").inner_text()
    assert "Власти приняли доклад к сведению." in responses and "plan-2027.pdf" in responses

    # -- ... and its request to publish the report (Art. 11(2) ECPT) --------------------------------------
    page.click(f"a[href='/reports/{report.pk}/publication-request/']")
    page.fill("#id_requested_on", (today - timedelta(days=2)).isoformat())
    page.fill("#id_reference", "Note verbale No. 77/2026")
    submit(page)
    assert "request to publish the report is recorded" in page.locator(".messages").inner_text()
    assert "Note verbale No. 77/2026" in page.locator(".report-dates").inner_text()
    assert page.locator(f"a[href='/reports/{report.pk}/publish/']").count() == 0  # not the liaison's step
    shot(page, "08_liaison_requested")
    log_out(page, base)


def _the_secretariat_publishes(page: Any, base: str, report: Report, today: date) -> None:
    # -- the secretariat publishes ----------------------------------------------------------------------
    log_in(page, base, "secretariat", f"/reports/{report.pk}/")
    page.click(f"a[href='/reports/{report.pk}/publish/']")
    page.fill("#id_published_on", today.isoformat())
    page.fill("#id_publication_reference", "CPT/Inf (2026) 12")
    submit(page)
    assert "The report is published." in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert (report.status, report.published_on) == ("published", today)
    assert page.locator(".badge.report-status.published").count() == 1
    shot(page, "09_published")
    page.goto(f"{base}/reports/states/RU/")
    assert page.locator("#indicators-heading").count() == 1  # the office sees the indicators
    assert page.locator("svg.reports-chart").count() == 1
    shot(page, "10_state_record_office")
    log_out(page, base)


def _anyone_reads_the_published_report(
    page: Any, base: str, report: Report, others: dict[str, Report]
) -> None:
    # -- an anonymous visitor finds it in the published list and reads it -------------------------------
    page.goto(f"{base}/reports/published/")
    rows = page.locator("table.reports tbody tr")
    assert rows.count() == 1  # neither the draft nor the other State's report
    shot(page, "11_published_list")
    page.click("table.reports a:has-text('Report on the periodic visit to the Russian Federation')")
    page.wait_for_url(f"{base}/reports/published/{report.pk}/")
    document = page.locator("article.report-document").inner_text()
    assert "Note verbale No. 77/2026" in document and "CPT/Inf (2026) 12" in document
    assert "A new block of the pre-trial centre opens next year." in document
    assert "Anna Member" in document  # the head of delegation: a committee member, a public office
    assert "Expert (doctor)" in document and "Interpreter" in document  # the others by role only
    whole = page.content()
    for personal in (
        "Pierre Expert",
        "Olga Interpreter",
        "Sam Secretary",
        *VOTERS,
        "Vote on adoption",
        "state_liaison",
        "Ivan",
        "Petrov",
        "confidential unless published",
        "Response due",
    ):
        assert personal not in whole, personal
    shot(page, "12_public_report")
    pdf = page.request.get(f"{base}/reports/published/{report.pk}/report.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert page.goto(f"{base}/reports/published/{others['elsewhere'].pk}/").status == 404

    # -- and on the State's record, without the indicators drawn from confidential records ---------------
    page.goto(f"{base}/reports/states/RU/")
    assert "Report on the periodic visit to the Russian Federation" in page.locator("main").inner_text()
    assert page.locator("#indicators-heading").count() == 0
    shot(page, "13_state_record_public")
