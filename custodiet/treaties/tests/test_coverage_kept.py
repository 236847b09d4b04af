"""Every State's coverage is computed once for each version of the treaty data and kept: the kept answer
is never read after a write to the treaty data, nor for another day, another "today" or language."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from custodiet.treaties import selectors, world
from custodiet.treaties.models import Instrument, MonitoringBody, State, TreatyAction
from custodiet.treaties.services import notification_record

URL = "/treaties/coverage/"


def russia_cpt(text: str) -> str:
    """The answer in the Russian Federation's CPT cell."""
    row = text[text.index('<tr data-state="RU">') :]
    cell = row[row.index('<td data-body="CPT"') :]
    return cell.split('data-answer="', 1)[1].split('"', 1)[0]


def page(client, **query: str) -> str:  # type: ignore[no-untyped-def]
    """The page's HTML without its CSRF token (a new one each response)."""
    text: str = client.get(URL, query).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def russia_notified() -> None:
    """A write through the services: the Russian Federation's ECPT notification received on 10 January 2025
    (so that it is no longer bound from 1 May 2025)."""
    notification_record(
        state=State.objects.get(code="RU"),
        instrument=Instrument.objects.get(code="ETS-126"),
        received_on=date(2025, 1, 10),
        source="https://www.coe.int/en/web/conventions/ (a test's notification)",
        today=date(2026, 11, 22),
    )


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days for which the engine evaluated every State (one entry per evaluation of the table)."""
    days: list[date] = []
    table = world.coverage_table

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        days.append(args[3])
        return table(*args, **kwargs)

    monkeypatch.setattr(world, "coverage_table", counted)
    cache.clear()
    return days


@pytest.mark.django_db
class TestKeptCoverage:
    def test_a_second_request_reads_the_kept_answer_with_one_query_and_the_same_page(
        self, client, reference_data, computed
    ) -> None:
        assert reverse("treaties:coverage_world") == URL
        with CaptureQueriesContext(connection) as first:
            one = page(client, on="2026-12-02")
        with CaptureQueriesContext(connection) as second:
            two = page(client, on="2026-12-02")
        assert computed == [date(2026, 12, 2)]
        # The version's token, then the kept answer from the cache every process shares (a table).
        assert len(second) == 2 and "treaties_treatydataversion" in second[0]["sql"]
        assert "custodiet_cache" in second[1]["sql"]
        assert len(first) > len(second)
        assert one == two
        assert two.count('<tr data-state="') == 249 and russia_cpt(two) == "uncertain"

    def test_another_day_reuses_the_process_s_engine_and_the_years_chart(
        self, client, reference_data, computed, monkeypatch
    ) -> None:
        years: list[int] = []
        counts = world.yearly_counts

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            years.append(args[4])
            return counts(*args, **kwargs)

        monkeypatch.setattr(world, "yearly_counts", counted)
        first = page(client, on="2026-12-02")
        with CaptureQueriesContext(connection) as second:
            other = page(client, on="2001-03-05")
        assert computed == [date(2026, 12, 2), date(2001, 3, 5)] and years == [2026]
        assert not any("treaties_treatyaction" in query["sql"] for query in second)  # no act read again
        assert russia_cpt(first) == "uncertain" and russia_cpt(other) == "yes"
        assert other.count('<tr data-state="') == 249 and "Every State on 5 March 2001" in other
        russia_notified()  # a write: a new version, so a new engine and a new chart
        with CaptureQueriesContext(connection) as after:
            assert russia_cpt(page(client, on="2026-12-01")) == "no"
        assert any("treaties_treatyaction" in query["sql"] for query in after) and years == [2026, 2026]

    def test_a_recorded_notification_shows_on_the_next_request(
        self, client, reference_data, computed
    ) -> None:
        assert russia_cpt(page(client, on="2026-12-02")) == "uncertain"
        russia_notified()
        text = page(client, on="2026-12-02")
        assert russia_cpt(text) == "no"
        assert len(computed) == 2

    @pytest.mark.parametrize(
        "write",
        [
            lambda: TreatyAction.objects.filter(state__code="RU", instrument__code="ETS-126").update(
                on=date(2030, 1, 1)
            ),
            lambda: TreatyAction.objects.filter(state__code="RU", instrument__code="ETS-126").delete(),
            lambda: MonitoringBody.objects.filter(code="CPT").update(designated_on=date(2027, 1, 1)),
        ],
        ids=["queryset-update", "delete", "a-body-changed"],
    )
    def test_a_write_that_bypasses_the_models_still_gives_a_new_answer(
        self, client, reference_data, computed, write
    ) -> None:
        before = page(client, on="2026-12-02")
        version = selectors.data_version()
        write()
        assert selectors.data_version() not in (None, version)
        after = page(client, on="2026-12-02")
        assert russia_cpt(before) == "uncertain" and russia_cpt(after) != "uncertain"
        cache.clear()
        assert page(client, on="2026-12-02") == after

    def test_a_write_in_plain_sql_gives_a_new_version_and_a_read_does_not(self, reference_data) -> None:
        version = selectors.data_version()
        list(TreatyAction.objects.all())
        assert selectors.data_version() == version
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE treaties_treatyaction SET note = 'changed' "
                "WHERE state_id = (SELECT id FROM treaties_state WHERE code = %s)",
                ["RU"],
            )
        assert selectors.data_version() not in (None, version)

    def test_the_clock_moving_answers_for_the_new_day(self, client, reference_data, computed, clock) -> None:
        today = page(client)
        assert russia_cpt(today) == "uncertain" and "Every State on 22 November 2026" in today
        clock.move_to("2001-03-05 10:00Z")
        earlier = page(client)
        assert computed == [date(2026, 11, 22), date(2001, 3, 5)]
        assert russia_cpt(earlier) == "yes" and "Every State on 5 March 2001" in earlier

    def test_the_same_day_asked_on_another_today_is_computed_again(
        self, client, reference_data, computed, clock
    ) -> None:
        client.get(URL, {"on": "2001-03-05"})
        clock.move_to("2027-01-05 10:00Z")
        client.get(URL, {"on": "2001-03-05"})
        assert computed == [date(2001, 3, 5), date(2001, 3, 5)]

    def test_each_language_is_kept_apart(self, client, reference_data, computed) -> None:
        english = page(client, on="2026-12-02")
        with translation.override("ru"):
            client.cookies["django_language"] = "ru"
            russian = client.get(URL, {"on": "2026-12-02"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Every State on 2 December 2026" in english
        assert "Every State on" not in russian and 'lang="ru"' in russian
        assert len(computed) == 2

    def test_an_emptied_version_table_computes_every_time(self, client, reference_data, computed) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM treaties_treatydataversion")
        assert selectors.data_version() is None
        client.get(URL, {"on": "2026-12-02"})
        client.get(URL, {"on": "2026-12-02"})
        assert len(computed) == 2
