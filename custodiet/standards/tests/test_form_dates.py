"""The day of a measurement or a finding is asked for, never assumed (issue 13): the forms start with it
empty, and a form sent without it records nothing and says which day is missing."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from custodiet.standards.models import Finding, Measurement
from custodiet.standards.tests.base import StandardsTestCase


def date_input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"no input {name}"
    return found.group(0)


class DayAskedForTests(StandardsTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.monitor)

    def test_the_measurement_form_starts_without_a_day(self) -> None:
        page = self.client.get(reverse("standards:measurement_create", args=[self.visit.pk])).content.decode()
        field = date_input(page, "measured_on")
        self.assertNotIn("value=", field)
        self.assertIn("required", field)

    def test_the_finding_form_starts_without_a_day(self) -> None:
        page = self.client.get(reverse("standards:finding_create", args=[self.visit.pk])).content.decode()
        field = date_input(page, "observed_on")
        self.assertNotIn("value=", field)
        self.assertIn("required", field)

    def post_measurement(self, **data: Any) -> Any:
        form = {
            "kind": "cell_space",
            "place": self.sizo.pk,
            "area_m2": "10",
            "occupants": "4",
            "sanitary_annex": "unpartitioned",
            **data,
        }
        return self.client.post(reverse("standards:measurement_create", args=[self.visit.pk]), form)

    def test_a_measurement_without_its_day_records_nothing_and_says_so(self) -> None:
        response = self.post_measurement(measured_on="")
        self.assertContains(response, "Give the day it was measured", status_code=400)
        self.assertContains(response, 'value="10"', status_code=400)  # what was typed is kept
        self.assertEqual((Measurement.objects.count(), Finding.objects.count()), (0, 0))
        self.assertEqual(self.post_measurement(measured_on=self.yesterday.isoformat()).status_code, 302)
        self.assertEqual(Measurement.objects.get().measured_on, self.yesterday)

    def test_a_finding_without_its_day_records_nothing_and_says_so(self) -> None:
        url = reverse("standards:finding_create", args=[self.visit.pk])
        response = self.client.post(
            url, {"place": self.police.pk, "text": "No call bell.", "observed_on": ""}
        )
        self.assertContains(response, "Give the day it was established", status_code=400)
        self.assertEqual(Finding.objects.count(), 0)
