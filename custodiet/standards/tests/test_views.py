"""The pages: the public catalogue, recording a measurement and a finding, a visit's and a place's record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from custodiet.standards.links import visit_url
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.standards.tests.base import StandardsTestCase
from custodiet.standards.tests.test_selectors import bulk


class CatalogueTests(StandardsTestCase):
    def test_anyone_reads_the_catalogue_with_thresholds_scope_and_sources(self) -> None:
        response = self.client.get(reverse("standards:standard_list"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Minimum living space per person in a multiple-occupancy cell")
        self.assertContains(response, '<span class="limit">4 m² per person</span>', html=True)
        self.assertContains(response, "CPT/Inf (2015) 44")
        self.assertContains(response, "Muršić v. Croatia [GC], no. 7334/13")
        self.assertContains(response, "Police station / temporary detention")
        self.assertContains(response, 'href="https://hudoc.echr.coe.int/eng?i=001-167483"')
        self.assertContains(response, "Every type of place")
        self.assertEqual(response.content.decode().count("data-code="), Standard.objects.count())

    def test_an_empty_catalogue_says_how_to_load_it(self) -> None:
        Standard.objects.all().delete()
        self.assertContains(self.client.get(reverse("standards:standard_list")), "custodiet standards load")


class MeasurementCreateTests(StandardsTestCase):
    def url(self, **query: str) -> str:
        base = reverse("standards:measurement_create", args=[self.visit.pk])
        return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def post(self, **data: Any) -> Any:
        form = {
            "kind": "cell_space",
            "place": self.sizo.pk,
            "location": "Cell 12, block B",
            "measured_on": self.yesterday.isoformat(),
            "area_m2": "10",
            "occupants": "4",
            "sanitary_annex": "unpartitioned",
            "note": "",
        }
        form.update(data)
        return self.client.post(self.url(), form)

    def setUp(self) -> None:
        self.client.force_login(self.monitor)

    def test_the_form_shows_the_itinerary_and_the_fields_of_the_chosen_kind(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(response, 'name="area_m2"')
        self.assertContains(response, "SIZO-1 (Pre-trial detention centre)")
        self.assertNotContains(response, "Penal colony no. 2")
        response = self.client.get(self.url(kind="police_safeguards"))
        self.assertContains(response, 'name="lawyer"')
        self.assertContains(response, "Not checked")
        self.assertNotContains(response, 'name="area_m2"')
        self.assertContains(self.client.get(self.url(kind="nonsense")), 'name="area_m2"')

    def test_no_place_is_pre_selected_and_a_measurement_without_one_records_nothing(self) -> None:
        page = self.client.get(self.url()).content.decode()
        place = page[page.index('name="place"') :]
        place = place[: place.index("</select>")]
        self.assertIn('<option value="" selected>— choose a place —</option>', place)
        response = self.post(place="")
        self.assertContains(response, "This field is required", status_code=400)
        self.assertEqual(Measurement.objects.count(), 0)

    def test_a_crowded_cell_is_recorded_and_the_message_names_the_findings(self) -> None:
        response = self.post()
        self.assertRedirects(response, visit_url(self.visit.pk), fetch_redirect_response=False)
        self.assertEqual((Measurement.objects.count(), Finding.objects.count()), (1, 3))
        page = self.client.get(reverse("standards:visit_record", args=[self.visit.pk]))
        self.assertContains(
            page,
            "3 findings: Fully partitioned sanitary annex in a multiple-occupancy cell; Minimum living space per person",
        )
        self.assertContains(
            page, "4 people in 10.0 m² (sanitary annex excluded) is 2.5 m² per person, 1.5 m² below"
        )

    def test_safeguards_left_unchecked_are_not_breaches(self) -> None:
        self.post(
            kind="police_safeguards",
            place=self.police.pk,
            lawyer="no",
            doctor="",
            notified="yes",
            informed="",
        )
        self.assertEqual([f.standard.code for f in Finding.objects.all()], ["cpt-police-lawyer"])
        self.assertEqual(Measurement.objects.get().values, {"lawyer": False, "notified": True})

    def test_no_applicable_standard_is_said(self) -> None:
        self.post(kind="admission_screening", place=self.police.pk, present="no")
        page = self.client.get(reverse("standards:visit_record", args=[self.visit.pk]))
        self.assertContains(
            page, "No standard in the catalogue applies to this measurement at a police station"
        )

    def test_an_impossible_measurement_is_shown_again_with_every_problem_and_nothing_is_written(self) -> None:
        response = self.post(area_m2="-10", occupants="500")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nothing was recorded", status_code=400)
        self.assertContains(response, "must be more than 0 m²; got -10", status_code=400)
        self.assertContains(
            response, "500 people in one cell is more than the 120 the whole of SIZO-1 held", status_code=400
        )
        self.assertContains(response, 'value="-10"', status_code=400)
        self.assertEqual(Measurement.objects.count(), 0)

    def test_a_value_the_rules_require_is_marked_and_refused_with_every_other_problem(self) -> None:
        form = self.client.get(self.url()).content.decode()
        self.assertInHTML(
            '<label for="id_area_m2">Floor area (sanitary annex excluded) (m²) '
            '<span class="muted small">(required)</span></label>',
            form,
        )
        self.assertInHTML('<label for="id_ceiling_height_m">Floor to ceiling (m)</label>', form)
        response = self.post(area_m2="", occupants="500")
        self.assertContains(response, "Floor area (sanitary annex excluded) is required", status_code=400)
        self.assertNotContains(response, "(area_m2)", status_code=400)  # a person reads labels, not names
        self.assertContains(response, "500 people in one cell is more than the 120", status_code=400)
        self.assertEqual(Measurement.objects.count(), 0)

    def test_a_malformed_form_is_shown_again(self) -> None:
        response = self.post(measured_on="soon", area_m2="ten")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Enter a valid date", status_code=400)
        self.assertEqual(Measurement.objects.count(), 0)


class FindingCreateTests(StandardsTestCase):
    def test_the_delegation_writes_a_finding(self) -> None:
        self.client.force_login(self.monitor)
        url = reverse("standards:finding_create", args=[self.visit.pk])
        self.assertContains(self.client.get(url), 'name="text"')
        response = self.client.post(
            url,
            {
                "place": self.police.pk,
                "location": "Cells",
                "observed_on": self.yesterday.isoformat(),
                "text": "No call bell.",
            },
        )
        self.assertRedirects(response, visit_url(self.visit.pk), fetch_redirect_response=False)
        self.assertEqual(Finding.objects.get().origin, "delegation")
        response = self.client.post(
            url,
            {
                "place": self.police.pk,
                "observed_on": (self.today.replace(year=self.today.year + 1)).isoformat(),
                "text": "x",
            },
        )
        self.assertContains(response, "is in the future", status_code=400)


class RecordPagesTests(StandardsTestCase):
    def test_the_visit_page_shows_findings_and_links_to_record_for_those_who_may(self) -> None:
        self.client.force_login(self.monitor)
        self.client.post(
            reverse("standards:measurement_create", args=[self.visit.pk]),
            {
                "kind": "outdoor_exercise",
                "place": self.sizo.pk,
                "location": "Block A",
                "measured_on": self.yesterday.isoformat(),
                "minutes_per_day": "20",
            },
        )
        page = self.client.get(reverse("standards:visit_record", args=[self.visit.pk]))
        self.assertContains(page, "Block A: 20 minutes of outdoor exercise a day, 40 minutes short")
        self.assertContains(page, f'<a href="{reverse("visits:visit_detail", args=[self.visit.pk])}">')
        self.assertContains(page, 'id="add-measurement"')
        self.client.force_login(self.users["committee_member"])
        page = self.client.get(reverse("standards:visit_record", args=[self.visit.pk]))
        self.assertContains(page, "40 minutes short")
        self.assertNotContains(page, 'id="add-measurement"')

    def test_the_place_page_shows_findings_over_time(self) -> None:
        self.client.force_login(self.secretariat)
        self.client.post(
            reverse("standards:measurement_create", args=[self.visit.pk]),
            {
                "kind": "solitary_confinement",
                "place": self.sizo.pk,
                "location": "Punishment cells",
                "measured_on": self.yesterday.isoformat(),
                "days": "30",
            },
        )
        page = self.client.get(reverse("standards:place_record", args=[self.sizo.pk]))
        self.assertContains(page, '<svg class="year-chart"')
        self.assertContains(page, "16 days beyond the CPT maximum of 14 days")
        self.assertContains(page, "Visit to Moscow")

    def test_the_pages_cost_a_constant_number_of_queries(self) -> None:
        self.client.force_login(self.secretariat)
        bulk(self.visit, self.sizo, 3, self.yesterday)
        visit_page = reverse("standards:visit_record", args=[self.visit.pk])
        place_page = reverse("standards:place_record", args=[self.sizo.pk])
        with self.assertNumQueries(9):
            self.client.get(visit_page)
        with self.assertNumQueries(9):
            self.client.get(place_page)
        bulk(self.visit, self.sizo, 60, self.yesterday)
        with self.assertNumQueries(9):
            self.client.get(visit_page)
        with self.assertNumQueries(9):
            self.client.get(place_page)
