"""The refusal matrix: every page and endpoint against every role, anonymous visitors and a delegation
member of another visit. The catalogue is public; measurements and findings are visit data."""

from __future__ import annotations

from django.urls import reverse

from custodiet.core.models import Role
from custodiet.standards.models import Finding, Measurement
from custodiet.standards.tests.base import StandardsTestCase

CANNOT_VIEW = (Role.ANALYST, Role.STATE_LIAISON, Role.PUBLIC)
CAN_VIEW = (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.COMMITTEE_MEMBER, Role.DELEGATION_MEMBER)
CANNOT_RECORD = (Role.ANALYST, Role.STATE_LIAISON, Role.PUBLIC, Role.COMMITTEE_MEMBER)
CAN_RECORD = (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.DELEGATION_MEMBER)


class AccessTests(StandardsTestCase):
    def read_pages(self) -> list[str]:
        return [
            reverse("standards:visit_record", args=[self.visit.pk]),
            reverse("standards:place_record", args=[self.sizo.pk]),
        ]

    def record_pages(self) -> list[str]:
        return [
            reverse("standards:measurement_create", args=[self.visit.pk]),
            reverse("standards:finding_create", args=[self.visit.pk]),
        ]

    def read_endpoints(self) -> list[str]:
        return [
            reverse("standards-api:visit_measurements", args=[self.visit.pk]),
            reverse("standards-api:visit_findings", args=[self.visit.pk]),
            reverse("standards-api:place_findings", args=[self.sizo.pk]),
        ]

    def measurement_body(self) -> dict[str, object]:
        return {
            "place": self.sizo.pk,
            "kind": "natural_light",
            "measured_on": self.yesterday.isoformat(),
            "values": {"present": False},
        }

    def api_record(self) -> int:
        """The status of recording a measurement through the API."""
        url = reverse("standards-api:visit_measurements", args=[self.visit.pk])
        return self.client.post(url, self.measurement_body(), content_type="application/json").status_code

    def form_body(self) -> dict[str, object]:
        """What the measurement form and the finding form would post (each reads its own fields)."""
        return {
            "kind": "natural_light",
            "place": self.sizo.pk,
            "present": "no",
            "text": "x",
            "measured_on": self.yesterday.isoformat(),
            "observed_on": self.yesterday.isoformat(),
        }

    def assertNothingRecorded(self) -> None:
        self.assertEqual((Measurement.objects.count(), Finding.objects.count()), (0, 0))

    def test_the_catalogue_is_open_to_everyone_even_anonymous(self) -> None:
        for user in (None, *self.users.values()):
            if user is not None:
                self.client.force_login(user)
            with self.subTest(user=getattr(user, "username", "anonymous")):
                self.assertEqual(self.client.get(reverse("standards:standard_list")).status_code, 200)
                self.assertEqual(self.client.get(reverse("standards-api:standard_list")).status_code, 200)

    def test_anonymous_visitors_are_sent_to_log_in_and_refused_by_the_api(self) -> None:
        for url in self.read_pages() + self.record_pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
                self.assertEqual(self.client.post(url, {}).status_code, 302)
        for url in self.read_endpoints():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.api_record(), 403)
        self.assertNothingRecorded()

    def test_roles_that_may_not_see_visits_get_403_everywhere(self) -> None:
        for role in CANNOT_VIEW:
            self.client.force_login(self.users[role])
            for url in self.read_pages() + self.record_pages() + self.read_endpoints():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)

    def test_roles_that_may_not_record_get_403_on_the_forms_and_the_post(self) -> None:
        for role in CANNOT_RECORD:
            self.client.force_login(self.users[role])
            for url in self.record_pages():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
                    self.assertEqual(self.client.post(url, self.form_body()).status_code, 403)
            with self.subTest(role=role, api="record a measurement"):
                self.assertEqual(self.api_record(), 403)
        self.assertNothingRecorded()

    def test_a_delegation_member_of_another_visit_gets_404(self) -> None:
        self.client.force_login(self.outsider)
        for url in [self.read_pages()[0], *self.record_pages(), *self.read_endpoints()[:2]]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in self.record_pages():
            self.assertEqual(self.client.post(url, self.form_body()).status_code, 404)
        self.assertEqual(self.api_record(), 404)
        self.assertNothingRecorded()
        self.assertEqual(
            self.client.get(reverse("standards:place_record", args=[self.sizo.pk])).status_code, 200
        )  # only their visits' rows

    def test_roles_that_may_see_visits_read_every_page_and_endpoint(self) -> None:
        for role in CAN_VIEW:
            self.client.force_login(self.users[role])
            for url in self.read_pages() + self.read_endpoints():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_roles_that_may_record_open_the_forms_and_record(self) -> None:
        for role in CAN_RECORD:
            self.client.force_login(self.users[role])
            for url in self.record_pages():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
            with self.subTest(role=role, api="record a measurement"):
                self.assertEqual(self.api_record(), 201)
        self.assertEqual(Measurement.objects.count(), len(CAN_RECORD))

    def test_a_missing_visit_or_place_is_404(self) -> None:
        self.client.force_login(self.secretariat)
        for url in (
            reverse("standards:visit_record", args=[999999]),
            reverse("standards:place_record", args=[999999]),
            reverse("standards:measurement_create", args=[999999]),
            reverse("standards-api:place_findings", args=[999999]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
