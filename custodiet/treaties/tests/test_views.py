"""Treaty pages: what a reader sees, and a query count that does not grow with the record."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.treaties.models import Instrument, State, TreatyAction


@pytest.mark.django_db
class TestStatePage:
    def test_the_russian_page_shows_status_coverage_and_the_missing_notification(
        self, client, reference_data
    ) -> None:
        response = client.get(reverse("treaties:state_detail", args=["RU"]), {"on": "2026-11-22"})
        assert response.status_code == 200
        text = response.content.decode()
        assert "Russian Federation" in text and "Fédération de Russie" in text
        assert "a denunciation law exists, but no notification is recorded" in text
        assert "2027-12-01" in text  # if notified today (the frozen clock: 2026-11-22)
        assert "vacant since December 2023" in text

    def test_a_bad_date_falls_back_to_today_with_a_message(self, client, reference_data) -> None:
        response = client.get(reverse("treaties:state_detail", args=["RU"]), {"on": "yesterday"})
        assert response.status_code == 200
        assert "is not a date" in response.content.decode()

    def test_a_date_out_of_range_is_refused_not_a_crash(self, client, reference_data) -> None:
        response = client.get(reverse("treaties:state_detail", args=["RU"]), {"on": "9999-12-31"})
        assert response.status_code == 200
        assert "outside the range answered" in response.content.decode()

    def test_an_unknown_state_is_404(self, client, reference_data) -> None:
        assert client.get(reverse("treaties:state_detail", args=["ZZ"])).status_code == 404
        assert client.get(reverse("treaties:instrument_detail", args=["ETS-999"])).status_code == 404

    def test_a_state_answers_to_its_alpha3_code_and_its_names(self, client, reference_data) -> None:
        for wanted in ("RUS", "ru", "Russian Federation", "Fédération de Russie"):
            response = client.get(reverse("treaties:state_detail", args=[wanted]), {"on": "2026-11-22"})
            assert response.status_code == 200, wanted
            assert "<h1>Russian Federation" in response.content.decode(), wanted
        assert client.get("/treaties/states/RUS/").status_code == 200

    def test_an_instrument_answers_to_its_titles_and_aliases(self, client, reference_data) -> None:
        for wanted in ("ETS No. 126", "ECPT", "ets126"):
            response = client.get(reverse("treaties:instrument_detail", args=[wanted]), {"on": "2000-01-01"})
            assert response.status_code == 200, wanted
            assert 'id="party-count">1<' in response.content.decode(), wanted

    def test_the_state_search_finds_a_state_by_its_alpha3_code(self, client, reference_data) -> None:
        response = client.get(reverse("treaties:state_list"), {"q": "rus"})
        assert reverse("treaties:state_detail", args=["RU"]) in response.content.decode()
        response = client.get(reverse("treaties:state_list"), {"q": "XYZ"})
        assert "No state matches" in response.content.decode()

    def test_the_home_page_leads_to_the_russian_federation(self, client, reference_data) -> None:
        response = client.get("/")
        assert reverse("treaties:state_detail", args=["RU"]) in response.content.decode()

    def test_the_query_count_does_not_grow_with_the_number_of_actions(self, client, reference_data) -> None:
        url = reverse("treaties:state_detail", args=["RU"])
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        ru = State.objects.get(code="RU")
        for index, instrument in enumerate(Instrument.objects.all()):
            for year in range(1960, 1990):
                TreatyAction.objects.create(
                    state=ru,
                    instrument=instrument,
                    kind="ratification_law_signed",
                    on=date(year, 1 + index, 1),
                    source="test",
                )
        with CaptureQueriesContext(connection) as large:
            client.get(url)
        assert len(large) == len(small)

    def test_the_instrument_page_lists_parties_on_a_date(self, client, reference_data) -> None:
        response = client.get(reverse("treaties:instrument_detail", args=["ETS-126"]), {"on": "2000-01-01"})
        text = response.content.decode()
        assert 'id="party-count">1<' in text
        assert "Article 22" in text

    def test_the_instrument_page_query_count_does_not_grow_with_the_chart(
        self, client, reference_data
    ) -> None:
        from custodiet.treaties.services import chart_load_bundled

        url = reverse("treaties:instrument_detail", args=["ETS-126"])
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        chart_load_bundled(date(2026, 11, 22))
        with CaptureQueriesContext(connection) as large:
            client.get(url)
        assert len(large) == len(small)

    def test_the_pages_are_read_only(self, client, reference_data) -> None:
        assert client.post(reverse("treaties:state_detail", args=["RU"])).status_code == 405
