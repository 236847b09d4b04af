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
        assert "1 December 2027" in text  # if notified today (the frozen clock: 2026-11-22)
        assert "vacant since December 2023" in text

    def test_the_today_box_and_the_status_say_uncertain_and_unknown_with_the_window(
        self, client, reference_data
    ) -> None:
        text = client.get(reverse("treaties:state_detail", args=["RU"])).content.decode()
        assert '<span class="coverage-summary">none; uncertain: CPT; unknown: SPT</span>' in text
        assert "Uncertain from 1 October 2026" in text and "What would settle it:" in text
        assert 'data-instrument="ETS-126" data-answer="uncertain"' in text
        assert 'data-instrument="UN-OPCAT" data-answer="unknown"' in text
        assert "Record the notification" not in text  # the public may not record one

    def test_an_earlier_date_reasons_only_from_what_had_happened_and_shows_the_rest_apart(
        self, client, reference_data
    ) -> None:
        text = client.get(
            reverse("treaties:state_detail", args=["RU"]), {"on": "2000-01-01"}
        ).content.decode()
        assert 'data-instrument="ETS-126" data-answer="bound"' in text
        assert "Known later (6), not used for this answer" in text
        assert 'class="badge warn unverified"' in text

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
        from custodiet.treaties.services import charts_load

        url = reverse("treaties:instrument_detail", args=["ETS-126"])
        charts_load(date(2026, 11, 22))
        with CaptureQueriesContext(connection) as small:
            client.get(url, {"on": "1990-01-01"})
        with CaptureQueriesContext(connection) as large:
            response = client.get(url)
        assert len(large) == len(small)
        text = response.content.decode()
        assert 'id="party-count">46<' in text and "and 1 uncertain" in text
        assert "lists every party up to <strong>5 May 2022</strong>" in text  # one date format per language

    def test_the_opcat_page_says_the_spt_has_25_seats_and_that_no_chart_means_unknown(
        self, client, reference_data
    ) -> None:
        text = client.get(reverse("treaties:instrument_detail", args=["OPCAT"])).content.decode()
        assert '<span id="committee-seats">25</span> seats' in text
        assert "No chart of this instrument is loaded" in text
        old = client.get(reverse("treaties:instrument_detail", args=["OPCAT"]), {"on": "2008-01-01"})
        assert '<span id="committee-seats">10</span> seats' in old.content.decode()

    def test_the_pages_are_read_only(self, client, reference_data) -> None:
        assert client.post(reverse("treaties:state_detail", args=["RU"])).status_code == 405


@pytest.mark.django_db
class TestWorldPages:
    def test_the_coverage_page_shows_every_state_and_the_chart_over_the_years(
        self, client, reference_data
    ) -> None:
        response = client.get(reverse("treaties:coverage_world"), {"on": "2026-12-02"})
        assert response.status_code == 200
        text = response.content.decode()
        assert text.count('<tr data-state="') == 249
        assert '<td data-body="CPT" data-answer="uncertain"' in text
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="coverage-chart"' in text
        assert "CPT, 1 January 1999: 1 yes, 0 uncertain, 248 unknown" in text

    def test_the_coverage_page_runs_a_fixed_number_of_queries(self, client, reference_data) -> None:
        url = reverse("treaties:coverage_world")
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        from custodiet.treaties.services import charts_load

        charts_load(date(2026, 11, 22))
        with CaptureQueriesContext(connection) as large:
            response = client.get(url, {"on": "2026-12-02"})
        assert len(large) == len(small)
        assert '<tr data-state="FR"><td><a href="/treaties/states/FR/?on=2026-12-02">France</a></td>' in (
            response.content.decode()
        )

    def test_what_changed_for_russia_and_a_bad_date(self, client, reference_data) -> None:
        response = client.get(
            reverse("treaties:changes"), {"from": "2022-01-01", "to": "2026-12-02", "state": "RUS"}
        )
        text = response.content.decode()
        assert '<tr data-subject="ETS-126">' in text and "uncertain" in text
        assert "Denunciation law signed" in text
        bad = client.get(reverse("treaties:changes"), {"from": "2022-02-30"}).content.decode()
        assert "from: &#x27;2022-02-30&#x27; is not a date" in bad
        assert client.get(reverse("treaties:changes"), {"state": "Atlantis"}).status_code == 404


@pytest.mark.django_db
class TestNotificationPage:
    URL = "/treaties/states/RU/notification/"
    FORM = {
        "instrument": "ETS-126",
        "received_on": "2025-10-02",
        "precision": "day",
        "source": "JJ notification (test)",
        "confidence": "sourced",
        "note": "",
    }

    def test_the_secretariat_records_a_notification_and_the_page_becomes_certain(
        self, client, reference_data, make_user
    ) -> None:
        client.force_login(make_user("secretariat"))
        page = client.get(reverse("treaties:state_detail", args=["RU"])).content.decode()
        assert "Record the notification" in page
        form = client.get(self.URL).content.decode()
        assert '<option value="ETS-126">' in form and '<option value="ETS-151">' not in form
        response = client.post(self.URL, self.FORM, follow=True)
        text = response.content.decode()
        assert "Notification recorded. ECPT, today: not bound since 1 November 2026 (denunciation)." in text
        assert 'data-instrument="ETS-126" data-answer="not_bound"' in text

    def test_a_refused_notification_is_shown_on_the_form_and_nothing_is_saved(
        self, client, reference_data, make_user
    ) -> None:
        client.force_login(make_user("secretariat"))
        before = TreatyAction.objects.count()
        response = client.post(self.URL, {**self.FORM, "received_on": "2027-01-01"})
        assert "is in the future" in response.content.decode()
        assert TreatyAction.objects.count() == before

    @pytest.mark.parametrize("role", ["analyst", "committee_member", "delegation_member", "state_liaison"])
    def test_other_roles_are_refused_and_nothing_is_saved(
        self, client, reference_data, make_user, role
    ) -> None:
        client.force_login(make_user(role))
        before = TreatyAction.objects.count()
        assert client.get(self.URL).status_code == 403
        response = client.post(self.URL, self.FORM)
        assert response.status_code == 403
        assert TreatyAction.objects.count() == before
        client.logout()
        assert client.post(self.URL, self.FORM).status_code == 302  # to the login page
        assert TreatyAction.objects.count() == before
