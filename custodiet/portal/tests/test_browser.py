"""In a real browser (Debian's Chromium through Playwright), on the corpus of conftest.py:

- a search in Russian finds the report by another form of a word in it, with the exact results that the
  suite expects on SQLite and on PostgreSQL alike (the suite runs on both);
- every public page, and the main confidential ones, at 390 px wide: no horizontal scrolling of the page;
- axe-core (shipped in axe-playwright-python, nothing downloaded) finds no serious or critical violation
  on them;
- the error pages and the API's documentation render, within the Content-Security-Policy.

Screenshots go to CUSTODIET_SCREENSHOTS (default: a folder in the temporary directory).
"""

# Cyrillic words are the point: they are Russian, not look-alikes

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(
    os.environ.get("CUSTODIET_SCREENSHOTS", Path(tempfile.gettempdir()) / "custodiet-screenshots")
)
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")


def public_pages(corpus: Any) -> list[str]:
    return [
        "/",
        "/search/",
        "/search/?q=пыток",
        "/search/?q=Russian+Federation&sort=date",
        "/timelines/",
        reverse("portal:timeline_detail", args=[corpus.event.pk]),
        "/treaties/states/",
        "/treaties/states/RU/",
        "/treaties/instruments/",
        "/treaties/instruments/ETS-126/",
        "/treaties/coverage/",
        "/treaties/changes/",
        "/reports/published/",
        reverse("reports:published_detail", args=[corpus.russian.pk]),
        "/reports/statements/",
        "/standards/",
        "/api/docs/",
        "/accounts/login/",
        "/no/such/page/",
    ]


CONFIDENTIAL = [
    "/places/",
    "/visits/",
    "/reports/",
    "/intake/",
    "/timelines/publishing/",
    "/testimony/aggregates/",
]


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


def test_a_search_in_russian_finds_the_report_by_another_form_of_its_words(
    live_server: Any, page: Any, corpus: Any
) -> None:
    base = live_server.url
    from custodiet.portal.indexing import reindex

    reindex()
    page.goto(f"{base}/")
    page.click("header nav >> text=Search")
    page.fill("input[name=q]", "пыток")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("ol.results")
    _shot(page, "search-ru")
    links = page.locator("ol.results li.result h3 a")
    found = [links.nth(index).get_attribute("href") for index in range(links.count())]
    report = reverse("reports:published_detail", args=[corpus.russian.pk])
    timeline = reverse("portal:timeline_detail", args=[corpus.event.pk])
    # The same list, in the same order, on SQLite and PostgreSQL (test_search.py says why this order).
    assert found == [
        report,
        f"{timeline}#source-{corpus.signed_source.split('.')[-1]}",
        "/treaties/instruments/UN-OPCAT/",
        "/treaties/instruments/ETS-126/",
        "/treaties/instruments/UN-CAT/",
        f"{timeline}#source-{corpus.file_source.split('.')[-1]}",
    ]
    assert "пытки" in page.locator("ol.results li.result").first.locator("mark").all_inner_texts()
    assert page.locator("h2#results-heading").inner_text() == "6 results"


def _overflow(page: Any) -> int:
    # Measured once the stylesheet has applied: a page measured after a click may still be unstyled.
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_every_public_page_fits_a_phone_and_passes_axe(live_server: Any, browser: Any, corpus: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide, failing = [], []
    for url in public_pages(corpus):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        _shot(page, "390" + url.replace("/", "_").replace("?", "_")[:60])
        if (extra := _overflow(page)) > 0:
            wide.append(f"{url}: {extra} px wider than the screen")
        failing.extend(f"{url}: {problem}" for problem in _violations(page))
    context.close()
    assert wide == [], "\n".join(wide)
    assert failing == [], "\n".join(failing)


def test_the_main_confidential_pages_fit_a_phone_and_pass_axe(
    live_server: Any, browser: Any, corpus: Any, make_user: Any
) -> None:
    make_user("secretariat", username="phone-secretariat")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _log_in(page, live_server.url, "phone-secretariat")
    wide, failing = [], []
    for url in [*CONFIDENTIAL, reverse("portal:timeline_publish", args=[corpus.unpublished_event.pk])]:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        _shot(page, "390-secretariat" + url.replace("/", "_"))
        if (extra := _overflow(page)) > 0:
            wide.append(f"{url}: {extra} px wider than the screen")
        failing.extend(f"{url}: {problem}" for problem in _violations(page))
    context.close()
    assert wide == [], "\n".join(wide)
    assert failing == [], "\n".join(failing)


def test_the_error_pages_and_the_api_documentation_render(live_server: Any, page: Any, corpus: Any) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    response = page.goto(f"{live_server.url}/no/such/page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Nothing here" and page.locator("header nav a").count() >= 3
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "Custodiet API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock-tag").count() >= 5
    _shot(page, "api-docs")
    blocked = [
        problem for problem in problems if "Content Security Policy" in problem or "Refused" in problem
    ]
    assert blocked == [], blocked


@pytest.mark.parametrize(
    ("locale", "language", "search"), [("fr-FR", "fr", "Rechercher"), ("uk-UA", "uk", "Пошук")]
)
def test_the_portal_in_french_and_in_ukrainian_fits_a_phone(
    live_server: Any, browser: Any, corpus: Any, locale: str, language: str, search: str
) -> None:
    """The browser asks for the language (Accept-Language); every public page answers in it, says so in
    ``lang``, and still fits 390 px (longer words than English)."""
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    wide, untold = [], []
    for url in public_pages(corpus):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        _shot(page, f"390-{language}" + url.replace("/", "_").replace("?", "_")[:60])
        if (extra := _overflow(page)) > 0:
            wide.append(f"{url}: {extra} px wider than the screen")
        if page.get_attribute("html", "lang") != language:
            untold.append(url)
    assert page.locator("header nav a").first.inner_text() == search
    context.close()
    assert wide == [], "\n".join(wide)
    assert untold == [], f"pages not in {language}: {untold}"


def test_the_switcher_changes_the_language_of_the_portal(live_server: Any, browser: Any, corpus: Any) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/treaties/states/")
    page.select_option("#interface-language", "uk")
    page.click("form.language button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/treaties/states/"
    assert page.get_attribute("html", "lang") == "uk"
    assert page.locator("h1").inner_text() == "Держави в базі"
    assert _violations(page) == []
    context.close()


@pytest.mark.parametrize(
    ("locale", "not_found", "forbidden"),
    [
        ("fr-FR", "Rien à cette adresse", "Vous ne pouvez pas ouvrir cette page"),
        ("ru-RU", "Здесь ничего нет", "Вы не можете открыть эту страницу"),
    ],
)
def test_the_error_pages_render_in_the_readers_language(
    live_server: Any, browser: Any, corpus: Any, make_user: Any, locale: str, not_found: str, forbidden: str
) -> None:
    make_user("analyst", username=f"analyst-{locale}")
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/no/such/page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == not_found
    assert page.get_attribute("html", "lang") == locale[:2] and _overflow(page) <= 0
    _shot(page, f"404-{locale}")
    _log_in(page, live_server.url, f"analyst-{locale}")
    response = page.goto(f"{live_server.url}/timelines/publishing/")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == forbidden
    _shot(page, f"403-{locale}")
    context.close()


def test_a_search_over_more_matches_than_it_counts_says_so_on_a_phone(
    live_server: Any, browser: Any, corpus: Any, settings: Any, monkeypatch: Any
) -> None:
    """A cap of 2 and pages of 2: the heading says "more than", the facets say they are a sample, in
    Russian, at 390 px, with no serious axe violation; the next page is offered."""
    from custodiet.portal import selectors
    from custodiet.portal.indexing import reindex

    reindex()
    settings.PORTAL_SEARCH_CAP = 2
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=пыток")
    page.wait_for_load_state("networkidle")
    _shot(page, "capped-ru-390")
    assert page.locator("#results-heading").inner_text() == "Более 2 результатов"
    assert "Подсчитано по выборке результатов" in page.locator("aside.facets").inner_text()
    assert page.locator("a[rel=next]").count() == 1
    assert _overflow(page) <= 0
    assert _violations(page) == []
    context.close()
