"""The rows of a place's page (its visits, latest findings and measurements) say what each record says,
in the reader's language, though their labels, links and dates are worked out once a page and their
visits read with only the columns a visit's name needs: a visit without a title is still named, a
finding written by the delegation has no standard, and one page in Russian after one in English is
all in Russian (nothing kept from one page to the next)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from custodiet.core.models import Role
from custodiet.places.models import Place, PopulationRecord
from custodiet.standards.models import Finding, Measurement, MeasurementKind, Standard
from custodiet.standards.services import standards_load
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.models import ItineraryStop, Visit, VisitStatus

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 11  # as pinned by test_place_page_queries.py: the rows cost no query of their own


@pytest.fixture
def record(reference_data: Any) -> dict[str, Any]:
    standards_load()
    place = Place.objects.create(
        ref="RU-ROWS-1",
        name_local="ИК-2",
        name_en="Colony No. 2",
        type="penal_colony",
        state=State.objects.get(code="RU"),
        capacity=500,
    )
    body = MonitoringBody.objects.get(code="CPT")
    titled = Visit.objects.create(
        body=body,
        state=place.state,
        kind="periodic",
        status=VisitStatus.COMPLETED,
        title="Periodic visit to the Russian Federation",
        planned_start=date(2024, 3, 4),
        planned_end=date(2024, 3, 14),
    )
    untitled = Visit.objects.create(
        body=body,
        state=place.state,
        kind="ad_hoc",
        status=VisitStatus.COMPLETED,
        planned_start=date(2025, 5, 12),
        planned_end=date(2025, 5, 16),
    )
    standard = Standard.objects.filter(measure=MeasurementKind.CELL_SPACE).first()
    assert standard is not None
    for visit in (titled, untitled):
        ItineraryStop.objects.create(visit=visit, place=place)
        measurement = Measurement.objects.create(
            visit=visit,
            place=place,
            kind=MeasurementKind.CELL_SPACE,
            location="Cell 12",
            measured_on=visit.planned_start,
            values={"area_m2": 9.0, "occupants": 4},
        )
        Finding.objects.create(
            visit=visit,
            place=place,
            measurement=measurement,
            standard=standard,
            location="Cell 12",
            observed_on=visit.planned_start,
            shortfall="7.00",
            unit="m²",
            text="Cell 12: 4 people in 9 m²",
        )
    _written_by_the_delegation(untitled, place, "Yard", date(2025, 5, 13), "No shade in the exercise yard")
    return {"place": place, "visits": [titled, untitled], "standard": standard}


def _written_by_the_delegation(visit: Visit, place: Place, location: str, day: date, text: str) -> None:
    """A finding the delegation wrote itself: no standard, no measurement."""
    Finding.objects.create(
        visit=visit,
        place=place,
        origin=Finding.Origin.DELEGATION,
        location=location,
        observed_on=day,
        text=text,
    )


def _page(client: Client, place: Place, language: str, queries: Any) -> str:
    with queries(PAGE_QUERIES):
        response = client.get(reverse("places:place_detail", args=[place.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("language", ["en", "ru"])
def test_each_row_names_its_visit_date_kind_and_standard_in_the_readers_language(
    client: Client, make_user: Any, record: dict[str, Any], language: str, django_assert_num_queries: Any
) -> None:
    client.force_login(make_user(Role.SECRETARIAT))
    text = _page(client, record["place"], language, django_assert_num_queries)
    with translation.override(language):
        for visit in record["visits"]:
            link = f'<a href="{reverse("visits:visit_detail", args=[visit.pk])}">{escape(str(visit))}</a>'
            # the visits table, each finding and the measurement link the visit by its name
            assert text.count(link) == (4 if visit.title == "" else 3), (str(visit), link)
            assert f'<td class="small">{formats.date_format(visit.planned_start, "DATE_FORMAT")}</td>' in text
        kind = str(MeasurementKind.CELL_SPACE.label)
        catalogue = reverse("standards:standard_list")
    assert str(record["visits"][1]) != ""  # the untitled visit is named from its kind, State and day
    assert text.count(f'<td class="small">{escape(kind)}</td>') == 2
    standard = record["standard"]
    assert text.count(f'<a href="{catalogue}#standard-{standard.code}" lang="en">') == 2
    assert text.count(f"<strong>{escape(standard.title)}</strong>") >= 2
    assert "No shade in the exercise yard" in text  # the delegation's own finding, without a standard
    with translation.override(language):
        shortfall = translation.gettext("short by %(amount)s %(unit)s") % {"amount": "7", "unit": "m²"}
        by_delegation = translation.gettext("Written by the delegation")
    assert text.count(f" · {escape(shortfall)} · ") == 2  # each finding's shortfall, before its visit
    assert f"<strong>{escape(by_delegation)}</strong>" in text


def test_a_page_in_russian_after_one_in_english_keeps_nothing_of_the_english(
    client: Client, make_user: Any, record: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client.force_login(make_user(Role.SECRETARIAT))
    english = _page(client, record["place"], "en", django_assert_num_queries)
    russian = _page(client, record["place"], "ru", django_assert_num_queries)
    assert "12 May 2025" in english and "12 May 2025" not in russian
    assert "12 мая 2025" in russian
    with translation.override("ru"):
        kind = str(MeasurementKind.CELL_SPACE.label)
    with translation.override("en"):
        english_kind = str(MeasurementKind.CELL_SPACE.label)
    assert kind != english_kind
    assert f'<td class="small">{escape(kind)}</td>' in russian
    assert f'<td class="small">{escape(english_kind)}</td>' not in russian


def test_what_a_delegation_wrote_is_shown_escaped_and_a_long_note_cut_on_the_place_and_visit_pages(
    client: Client, make_user: Any, record: dict[str, Any], django_assert_num_queries: Any
) -> None:
    """The rows are written in Python, not by the template engine: what a delegation typed (a finding's
    text and location, a measurement's location and note) still reaches the page as text, never as markup,
    and a note is cut at 120 characters as before."""
    place, visit = record["place"], record["visits"][1]
    note = 'Guards said <b>"only on Sundays"</b> & the yard was locked. ' * 4
    Measurement.objects.create(
        visit=visit,
        place=place,
        kind=MeasurementKind.OUTDOOR_EXERCISE,
        location="Yard <B> & annex",
        measured_on=date(2025, 5, 14),
        values={"minutes_per_day": 20},
        note=note,
    )
    _written_by_the_delegation(
        visit, place, 'Block "C" <east>', date(2025, 5, 14), "<script>alert(1)</script> no water & no shade"
    )
    client.force_login(make_user(Role.SECRETARIAT))
    place_page = _page(client, place, "en", django_assert_num_queries)
    visit_page = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    cut = note[:119] + "…"  # 120 characters, the last an ellipsis
    for text in (place_page, visit_page):
        assert "<script>" not in text and "<b>" not in text and "<B>" not in text
        assert "<div>&lt;script&gt;alert(1)&lt;/script&gt; no water &amp; no shade</div>" in text
        assert " · Block &quot;C&quot; &lt;east&gt;" in text
        assert '<span class="small">Yard &lt;B&gt; &amp; annex</span>' in text
        assert f'<br><span class="muted">{escape(cut)}</span>' in text
        assert "20 min of outdoor exercise a day" in text
    # the visit page names each row's place and links no visit from its rows; the place page the reverse
    assert (
        f'<div class="small muted">{formats.date_format(date(2025, 5, 14), "DATE_FORMAT")} · Colony No. 2 · '
        in visit_page
    )
    assert '<td>Colony No. 2<br><span class="small">Yard &lt;B&gt; &amp; annex</span></td>' in visit_page
    assert '<td><span class="small">Yard &lt;B&gt; &amp; annex</span></td>' in place_page
    link = f'<a href="{reverse("visits:visit_detail", args=[visit.pk])}">{escape(str(visit))}</a>'
    assert _links_rows(place_page, link) and not _links_rows(visit_page, link)


def _links_rows(page: str, link: str) -> bool:
    """Whether the findings list or the measurements table links a row to the visit."""
    return f" · {link}</div>" in page or f'<td class="small">{link}</td>' in page


@pytest.mark.parametrize("language", ["en", "fr", "ru", "uk"])
def test_the_chart_by_year_draws_its_bars_with_svg_numbers_and_counts_them_in_the_readers_language(
    client: Client, make_user: Any, record: dict[str, Any], language: str, django_assert_num_queries: Any
) -> None:
    """An SVG attribute takes a number with a point whatever the page's language: the chart's bars were
    written "6,9" in French, Russian and Ukrainian, which a browser does not read as a number."""
    client.force_login(make_user(Role.SECRETARIAT))
    text = _page(client, record["place"], language, django_assert_num_queries)
    bars = re.findall(
        r'<rect class="(measured|found)" x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"/>', text
    )
    assert len(bars) == 4  # 2024 and 2025, a bar of measurements and one of findings each
    for _kind, *numbers in bars:
        assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in numbers), numbers
    with translation.override(language):
        one = translation.ngettext("%(counter)s measurement", "%(counter)s measurements", 1) % {"counter": 1}
        two = translation.ngettext("%(counter)s finding", "%(counter)s findings", 2) % {"counter": 2}
    assert f"<title>2025: {escape(one)}, {escape(two)}</title>" in text  # the untitled visit's year


@pytest.mark.parametrize(
    ("language", "percent", "people"), [("en", "82.3 %", "1,234"), ("ru", "82,3 %", "1\xa0234")]
)
def test_the_population_table_links_and_escapes_sources_and_says_what_is_unknown(
    client: Client,
    make_user: Any,
    record: dict[str, Any],
    language: str,
    percent: str,
    people: str,
    django_assert_num_queries: Any,
) -> None:
    """The population table's rows are written in Python too: a source's web address is a link and its
    markup is text, the capacity recorded with a figure is said to be, numbers are written as the reader's
    language writes them, and a figure without any known capacity has no occupancy."""
    place = record["place"]
    source = "See https://example.org/r?a=1&b=2 <b>now</b>"
    PopulationRecord.objects.create(
        place=place, on=date(2026, 2, 1), population=1234, capacity=1500, source=source
    )
    unknown = Place.objects.create(ref="RU-ROWS-2", name_local="СИЗО-3", type="pre_trial", state=place.state)
    PopulationRecord.objects.create(place=unknown, on=date(2026, 1, 5), population=77, source="letter")
    client.force_login(make_user(Role.SECRETARIAT))
    text = _page(client, place, language, django_assert_num_queries)
    with translation.override(language):
        with_figure = translation.gettext("(with the figure)")
        day = formats.date_format(date(2026, 2, 1), "DATE_FORMAT")
    assert f'<tr><td>{day}</td><td class="num">{people}</td>' in text
    assert f'<span class="small muted">{escape(with_figure)}</span></td>' in text
    assert f"{percent}</span></td>" in text
    link = '<a href="https://example.org/r?a=1&amp;b=2" rel="nofollow">https://example.org/r?a=1&amp;b=2</a>'
    assert f'<td class="cite">See {link} &lt;b&gt;now&lt;/b&gt;</td></tr>' in text
    other = client.get(reverse("places:place_detail", args=[unknown.pk]), HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        said = translation.gettext("unknown")
    assert (
        f'<td class="num"><span class="muted">{escape(said)}</span></td>\n      <td class="num">—</td>'
        in (other.content.decode())
    )
