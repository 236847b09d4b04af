"""The treaty API: public reading with three-valued answers, an OpenAPI schema, and the secretariat's
notifications (refused to everyone else, nothing written)."""

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
class TestTreatyApi:
    def test_status(self, client: Client, reference_data: object) -> None:
        payload = client.get("/api/states/RU/status/ECPT/", {"on": "2000-01-01"}).json()
        assert (payload["answer"], payload["bound"], payload["in_force_from"]) == (
            "bound",
            True,
            "1998-09-01",
        )
        assert payload["reasons"][1]["article"] == "Article 19(2)"
        assert payload["confidence"] == "unverified"  # the deposit is known only to the month, unconfirmed
        assert "Denunciation law signed on 2025-09-29." in [item["text"] for item in payload["known_later"]]
        assert not any("2025" in reason["text"] for reason in payload["reasons"])

    def test_russia_after_1_october_2026_is_uncertain_with_its_window(
        self, client: Client, reference_data: object
    ) -> None:
        for on in ("2026-12-02", "2027-06-01", "2028-01-01"):
            payload = client.get("/api/states/RU/status/ETS-126/", {"on": on}).json()
            assert (payload["answer"], payload["bound"], payload["uncertain"]) == ("uncertain", None, True), (
                on
            )
            assert payload["window"]["from"] == "2026-10-01" and payload["window"]["until"] is None
            assert "received the notification" in payload["window"]["settled_by"]
        coverage = client.get("/api/states/RU/coverage/", {"on": "2026-12-02"}).json()
        assert (coverage["mechanisms"], coverage["uncertain"], coverage["unknown"]) == ([], ["CPT"], ["SPT"])
        cpt = next(line for line in coverage["bodies"] if line["code"] == "CPT")
        assert (cpt["answer"], cpt["covers"], cpt["window"]["from"]) == ("uncertain", False, "2026-10-01")

    def test_coverage_and_parties(self, client: Client, reference_data: object) -> None:
        assert client.get("/api/states/RU/coverage/", {"on": "2024-01-01"}).json()["mechanisms"] == ["CPT"]
        parties = client.get("/api/instruments/ETS-126/parties/", {"on": "2000-01-01"}).json()
        assert (parties["count"], parties["uncertain_count"], parties["chart_complete_on_this_date"]) == (
            1,
            0,
            False,
        )
        later = client.get("/api/instruments/ETS-126/parties/", {"on": "2026-12-02"}).json()
        assert (later["count"], later["uncertain_count"], later["parties"][0]["answer"]) == (
            0,
            1,
            "uncertain",
        )

    def test_instruments_and_states(self, client: Client, reference_data: object) -> None:
        codes = [item["code"] for item in client.get("/api/instruments/").json()]
        assert "ETS-126" in codes
        assert (
            client.get("/api/instruments/ETS-126/").json()["clauses"]["denunciation"]["article"]
            == "Article 22"
        )
        assert [item["code"] for item in client.get("/api/states/").json()] == ["RU"]
        actions = client.get("/api/states/RU/").json()["actions"]
        assert all(action["source"] for action in actions)

    def test_bad_input_gets_a_clear_400(self, client: Client, reference_data: object) -> None:
        response = client.get("/api/states/RU/status/ECPT/", {"on": "soon"})
        assert response.status_code == 400 and "not a date" in response.json()["on"]
        assert client.get("/api/states/RU/coverage/", {"on": "9999-12-31"}).status_code == 400

    def test_states_and_instruments_answer_to_their_codes_names_and_aliases(
        self, client: Client, reference_data: object
    ) -> None:
        for url in (
            "/api/states/RUS/status/ETS%20No.%20126/",
            "/api/states/Russian%20Federation/status/ECPT/",
            "/api/states/ru/status/ets126/",
        ):
            payload = client.get(url, {"on": "2000-01-01"}).json()
            assert (payload["state"], payload["instrument"], payload["bound"]) == ("RU", "ETS-126", True), url
        assert client.get("/api/states/RU/status/CAT/").json()["instrument"] == "UN-CAT"
        assert client.get("/api/states/Russian%20Federation/coverage/").json()["state"] == "RU"
        assert client.get("/api/states/RUS/").json()["state"]["code"] == "RU"
        assert client.get("/api/instruments/ETS%20No.%20126/").json()["code"] == "ETS-126"
        assert client.get("/api/instruments/ECPT/parties/", {"on": "2000-01-01"}).json()["count"] == 1

    @pytest.mark.parametrize(
        "url",
        [
            "/api/states/ZZ/",
            "/api/states/ZZ/coverage/",
            "/api/states/Atlantis/status/ECPT/",
            "/api/states/RU/status/NOPE/",
            "/api/instruments/NOPE/",
            "/api/instruments/NOPE/parties/",
        ],
    )
    def test_an_unknown_state_or_instrument_is_a_404_that_says_what_was_asked(
        self, client: Client, reference_data: object, url: str
    ) -> None:
        response = client.get(url)
        assert response.status_code == 404
        assert "is known as" in response.json()["detail"]

    def test_every_endpoint_refuses_writes(self, client: Client, reference_data: object) -> None:
        for url in (
            "/api/instruments/",
            "/api/instruments/ETS-126/",
            "/api/states/",
            "/api/states/RU/",
            "/api/states/RU/status/ECPT/",
            "/api/states/RU/coverage/",
            "/api/instruments/ETS-126/parties/",
        ):
            for method in ("post", "put", "patch", "delete"):
                assert getattr(client, method)(url).status_code in (403, 405), (method, url)

    def test_the_openapi_schema_lists_the_endpoints(self, client: Client) -> None:
        response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        text = response.content.decode()
        assert "/api/states/{code}/status/{instrument}/" in text and "/api/states/{code}/coverage/" in text
        assert (
            "/api/coverage/" in text
            and "/api/changes/" in text
            and "/api/states/{code}/notifications/" in text
        )


@pytest.mark.django_db
class TestWorldAndChangesApi:
    def test_every_state_s_coverage_on_a_date(self, client: Client, reference_data: object) -> None:
        payload = client.get("/api/coverage/", {"on": "2026-12-02"}).json()
        assert payload["bodies"] == ["CAT", "CPT", "SPT"] and len(payload["states"]) == 249
        russia = next(row for row in payload["states"] if row["state"] == "RU")
        assert (russia["bodies"]["CPT"]["answer"], russia["bodies"]["SPT"]["answer"]) == (
            "uncertain",
            "unknown",
        )
        france = next(row for row in payload["states"] if row["state"] == "FR")
        assert france["bodies"]["CPT"]["answer"] == "unknown"  # no chart loaded in this test: never "no"

    def test_counts_over_the_years(self, client: Client, reference_data: object) -> None:
        payload = client.get("/api/coverage/years/", {"from": "1997", "to": "1999"}).json()
        assert [item["yes"] for item in payload["counts"]["CPT"]] == [0, 0, 1]
        assert client.get("/api/coverage/years/", {"from": "2020", "to": "1999"}).status_code == 400
        assert client.get("/api/coverage/years/", {"from": "soon"}).status_code == 400

    def test_what_changed_for_a_state_and_for_the_world(self, client: Client, reference_data: object) -> None:
        payload = client.get(
            "/api/changes/", {"from": "2022-01-01", "to": "2026-12-02", "state": "RU"}
        ).json()
        [russia] = payload["states"]
        changed = {item["subject"]: (item["before"], item["after"]) for item in russia["changes"]}
        assert changed["ETS-001"] == ("bound", "not_bound") and changed["ETS-126"] == ("bound", "uncertain")
        assert changed["CPT"] == ("yes", "uncertain")
        assert any("2025-09-29" in event["text"] for event in russia["events"])
        world = client.get("/api/changes/", {"from": "2022-01-01", "to": "2026-12-02"}).json()
        assert [item["state"] for item in world["states"]] == ["RU"]
        assert client.get("/api/changes/", {"to": "2026-12-02"}).status_code == 400
        assert client.get("/api/changes/", {"from": "2026-12-02", "to": "2022-01-01"}).status_code == 400


@pytest.mark.django_db
class TestNotificationsApi:
    BODY = {"instrument": "ECPT", "received_on": "2025-10-02", "source": "JJ notification (test)"}

    def test_the_secretariat_records_a_notification_and_the_answer_becomes_certain(
        self, client: Client, reference_data: object, make_user: Any
    ) -> None:
        client.force_login(make_user("secretariat"))
        response = client.post("/api/states/RU/notifications/", self.BODY, content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["answer"] == "not_bound"  # today (2026-11-22): took effect on 1 November 2026
        listed = client.get("/api/states/RU/notifications/").json()["notifications"]
        assert [(item["instrument"], item["kind"], item["on"]) for item in listed] == [
            ("ETS-001", "cessation", "2022-03-16"),
            ("ETS-005", "cessation", "2022-03-16"),
            ("ETS-126", "denunciation", "2025-10-02"),
        ]
        assert listed[-1]["source"] == "JJ notification (test)"

    @pytest.mark.parametrize("role", [None, "analyst", "committee_member", "public"])
    def test_everyone_else_is_refused_and_nothing_is_written(
        self, client: Client, reference_data: object, make_user: Any, role: str | None
    ) -> None:
        from custodiet.treaties.models import TreatyAction

        if role:
            client.force_login(make_user(role))
        before = TreatyAction.objects.count()
        response = client.post("/api/states/RU/notifications/", self.BODY, content_type="application/json")
        assert response.status_code == 403
        assert "denunciation" in response.json()["detail"] or "credentials" in response.json()["detail"]
        assert TreatyAction.objects.count() == before

    def test_a_bad_notification_is_a_400_that_says_why(
        self, client: Client, reference_data: object, make_user: Any
    ) -> None:
        client.force_login(make_user("secretariat"))
        response = client.post(
            "/api/states/RU/notifications/",
            {**self.BODY, "received_on": "2027-01-01"},
            content_type="application/json",
        )
        assert response.status_code == 400 and "in the future" in response.json()["detail"]
        response = client.post(
            "/api/states/RU/notifications/", {"instrument": "ECPT"}, content_type="application/json"
        )
        assert response.status_code == 400 and "received_on" in response.json()
