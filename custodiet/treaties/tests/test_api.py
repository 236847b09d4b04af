"""The read API: public, read-only, with an OpenAPI schema."""

import pytest
from django.test import Client


@pytest.mark.django_db
class TestTreatyApi:
    def test_status(self, client: Client, reference_data: object) -> None:
        payload = client.get("/api/states/RU/status/ECPT/", {"on": "2000-01-01"}).json()
        assert (payload["bound"], payload["in_force_from"]) == (True, "1998-09-01")
        assert payload["reasons"][1]["article"] == "Article 19(2)"

    def test_coverage_and_parties(self, client: Client, reference_data: object) -> None:
        assert client.get("/api/states/RU/coverage/", {"on": "2026-11-22"}).json()["mechanisms"] == ["CPT"]
        assert client.get("/api/instruments/ETS-126/parties/", {"on": "2000-01-01"}).json()["count"] == 1

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
