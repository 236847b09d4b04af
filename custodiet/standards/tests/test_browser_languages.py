"""In a real browser, on a phone (390 px), in Russian and in French: a monitor records a crowded cell and reads
the visit's findings; every page answers in the browser's language, says so in ``lang``, names the values of
the form in it, and fits the screen without scrolling the page sideways. With CUSTODIET_SCREENSHOTS=<dir>
the pages are saved there."""

# Cyrillic and accented words are the point: the pages in Russian and French.

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from custodiet.core.models import Role
from custodiet.standards.links import visit_url
from custodiet.standards.models import Finding
from custodiet.standards.services import standards_load
from custodiet.standards.tests import factories as make

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}


def _wider_than_the_screen(page: Any) -> int:
    # Measured once the stylesheet has applied: a page measured after a click may still be unstyled.
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("locale", "language", "words"),
    [
        (
            "ru-RU",
            "ru",
            ("Внести измерение", "Площадь пола (без санитарного узла) (m²)", "Измерения и выводы"),
        ),
        (
            "fr-FR",
            "fr",
            (
                "Enregistrer une mesure",
                "Surface au sol (annexe sanitaire exclue) (m²)",
                "Mesures et constats",
            ),
        ),
    ],
)
def test_a_monitor_records_a_cell_on_a_phone_in_the_browsers_language(
    live_server: Any, browser: Any, locale: str, language: str, words: tuple[str, str, str]
) -> None:
    standards_load()
    monitor = make.user(Role.DELEGATION_MEMBER, "monitor")
    sizo = make.place("RU-SIZO-1", "pre_trial", "SIZO-1", population=120)
    visit = make.visit(places=[sizo], members=(monitor,), title="Visit to Moscow")
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    form_url = f"/standards/visits/{visit.pk}/measurements/new/"
    page.goto(f"{live_server.url}/accounts/login/?next={form_url}")
    page.fill("input[name=username]", "monitor")
    page.fill("input[name=password]", make.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("form.record")
    wide = []
    assert page.get_attribute("html", "lang") == language
    text = page.locator("main").inner_text()
    assert words[0] in page.locator("h1").inner_text() and words[1] in text
    assert "Floor area" not in text and "Where and when" not in text
    _shot(page, f"standards-390-{language}-measurement-form")
    wide.append(_wider_than_the_screen(page))
    page.select_option("select[name=place]", str(sizo.pk))
    page.fill("input[name=measured_on]", (make.today() - timedelta(days=1)).isoformat())
    page.fill("input[name=area_m2]", "10")
    page.fill("input[name=occupants]", "4")
    page.check("input[name=sanitary_annex][value=partitioned]")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{live_server.url}{visit_url(visit.pk)}")
    assert Finding.objects.count() == 2
    page.goto(f"{live_server.url}/standards/visits/{visit.pk}/")
    assert page.get_attribute("html", "lang") == language
    text = page.locator("main").inner_text()
    assert words[2] in text and "Measurements and findings" not in text and "Latest" not in text
    _shot(page, f"standards-390-{language}-visit-findings")
    wide.append(_wider_than_the_screen(page))
    context.close()
    assert max(wide) <= 0, wide
