"""The REST API: the public catalogue, recording and listing measurements, findings, and the schema."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from custodiet.standards import selectors
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.standards.tests.base import StandardsTestCase
from custodiet.standards.tests.test_selectors import bulk


class CatalogueApiTests(StandardsTestCase):
    def test_anyone_reads_the_catalogue(self) -> None:
        payload = self.client.get(reverse("standards-api:standard_list")).json()
        self.assertEqual(len(payload), Standard.objects.count())
        space = next(item for item in payload if item["code"] == "cpt-space-multiple")
        self.assertEqual(
            (space["limit"], space["unit"], space["severity"], space["measure"]),
            ("4", "m² per person", "serious", "cell_space"),
        )
        self.assertIn("pre_trial", space["place_types"])
        self.assertIn("CPT/Inf (2015) 44", space["source"])
        self.assertEqual(space["rule"]["type"], "space_per_person")


class MeasurementApiTests(StandardsTestCase):
    def url(self) -> str:
        return reverse("standards-api:visit_measurements", args=[self.visit.pk])

    def post(self, **changes: Any) -> Any:
        body = {
            "place": self.sizo.pk,
            "kind": "cell_space",
            "location": "Cell 12",
            "measured_on": self.yesterday.isoformat(),
            "values": {"area_m2": 10.5, "occupants": 4, "sanitary_annex": "partitioned"},
        }
        body.update(changes)
        return self.client.post(self.url(), body, content_type="application/json")

    def setUp(self) -> None:
        self.client.force_login(self.monitor)

    def test_a_measurement_is_recorded_with_its_findings(self) -> None:
        response = self.post()
        self.assertEqual(response.status_code, 201, response.content)
        payload = response.json()
        self.assertEqual(
            payload["measurement"]["values"],
            {"area_m2": "10.50", "occupants": 4, "sanitary_annex": "partitioned"},
        )
        self.assertEqual(payload["measurement"]["finding_count"], 2)
        self.assertEqual(payload["measurement"]["place"]["name"], "SIZO-1")
        self.assertEqual(
            [f["standard"] for f in payload["findings"]], ["cpt-space-multiple", "echr-space-mursic"]
        )
        space = payload["findings"][0]
        self.assertEqual(
            (space["observed"], space["required"], space["shortfall"], space["unit"]),
            ("2.62", "4.00", "1.38", "m² per person"),
        )
        self.assertTrue(space["text"].startswith("Cell 12: 4 people in 10.5 m²"))
        self.assertIn("cpt-space-single", payload["checked"])

    def test_an_impossible_measurement_is_refused_with_every_problem(self) -> None:
        response = self.post(
            values={"area_m2": -1, "occupants": 0, "sanitary_annex": "none"}, place=self.colony.pk
        )
        self.assertEqual(response.status_code, 400)
        problems = response.json()["problems"]
        self.assertEqual(len(problems), 3)
        self.assertIn("is not on this visit's itinerary", problems[0])
        self.assertEqual(Measurement.objects.count(), 0)

    def test_malformed_input_gets_a_400(self) -> None:
        self.assertEqual(self.post(kind="weather").status_code, 400)
        self.assertEqual(self.post(measured_on="soon").status_code, 400)
        self.assertEqual(self.post(values=[1]).status_code, 400)
        self.assertEqual(self.post(place=999999).json(), {"place": ["No such place."]})
        self.assertEqual(Measurement.objects.count(), 0)

    def test_the_lists_are_paginated_and_newest_first(self) -> None:
        bulk(self.visit, self.sizo, 7, self.yesterday)
        payload = self.client.get(self.url(), {"limit": 5}).json()
        self.assertEqual((payload["count"], len(payload["results"])), (7, 5))
        self.assertEqual(payload["results"][0]["summary"], "4 people in 10.0 m² (no sanitary annex)")
        findings = self.client.get(
            reverse("standards-api:visit_findings", args=[self.visit.pk]), {"limit": 3}
        ).json()
        self.assertEqual((findings["count"], len(findings["results"])), (7, 3))
        self.assertEqual(findings["results"][0]["severity"], "serious")
        place = self.client.get(reverse("standards-api:place_findings", args=[self.sizo.pk])).json()
        self.assertEqual(place["count"], 7)

    def walk(self, url: str, **params: Any) -> list[int]:
        """The ids met by following ``next`` from the first page (no offset in any link)."""
        ids: list[int] = []
        payload = self.client.get(url, params).json()
        while True:
            ids += [row["id"] for row in payload["results"]]
            if not payload["next"]:
                return ids
            self.assertNotIn("offset", payload["next"])
            payload = self.client.get(payload["next"]).json()

    def test_following_the_links_reads_each_list_once_newest_first(self) -> None:
        bulk(self.visit, self.sizo, 7, self.yesterday)
        bulk(self.other_visit, self.sizo, 2, self.yesterday)  # not this delegation member's visit
        measurements = list(selectors.visit_measurements(self.visit).values_list("id", flat=True))
        self.assertEqual(self.walk(self.url(), limit=3), measurements)
        findings = list(selectors.visit_findings(self.visit).values_list("id", flat=True))
        self.assertEqual(
            self.walk(reverse("standards-api:visit_findings", args=[self.visit.pk]), limit=2), findings
        )
        at_place = self.walk(reverse("standards-api:place_findings", args=[self.sizo.pk]), limit=2)
        self.assertEqual(at_place, findings)  # the other visit's findings on no page
        self.assertEqual(self.client.get(self.url(), {"before": "???"}).status_code, 400)

    def test_a_delegation_member_sees_only_their_visits_findings_at_a_place(self) -> None:
        bulk(self.other_visit, self.sizo, 2, self.yesterday)
        bulk(self.visit, self.sizo, 1, self.yesterday)
        self.assertEqual(
            self.client.get(reverse("standards-api:place_findings", args=[self.sizo.pk])).json()["count"], 1
        )
        self.client.force_login(self.secretariat)
        self.assertEqual(
            self.client.get(reverse("standards-api:place_findings", args=[self.sizo.pk])).json()["count"], 3
        )

    def test_the_list_costs_a_constant_number_of_queries(self) -> None:
        bulk(self.visit, self.sizo, 3, self.yesterday)
        findings = reverse("standards-api:visit_findings", args=[self.visit.pk])
        with self.assertNumQueries(5):
            self.client.get(self.url())
        with self.assertNumQueries(5):
            self.client.get(findings)
        bulk(self.visit, self.sizo, 40, self.yesterday)
        with self.assertNumQueries(5):
            self.client.get(self.url())
        with self.assertNumQueries(5):
            self.client.get(findings)
        self.assertEqual(Finding.objects.count(), 43)


class SchemaTests(StandardsTestCase):
    def test_the_endpoints_are_in_the_openapi_schema(self) -> None:
        self.client.force_login(self.secretariat)
        schema = self.client.get("/api/schema/", {"format": "json"}).json()
        for path in (
            "/api/standards/",
            "/api/standards/visits/{id}/measurements/",
            "/api/standards/visits/{id}/findings/",
            "/api/standards/places/{id}/findings/",
        ):
            self.assertIn(path, schema["paths"])
        self.assertIn("post", schema["paths"]["/api/standards/visits/{id}/measurements/"])
        self.assertIn("MeasurementRecordedOutput", schema["components"]["schemas"])
        self.assertIn("MeasurementInput", schema["components"]["schemas"])
