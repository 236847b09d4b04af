"""The refusal matrix: every intake page and endpoint against every refused role and anonymous visitors."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from custodiet.core.models import Role, User
from custodiet.intake.models import Document, Event

REFUSED = (Role.STATE_LIAISON, Role.PUBLIC)
ALLOWED = (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.COMMITTEE_MEMBER, Role.ANALYST, Role.DELEGATION_MEMBER)


class IntakeAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.event = Event.objects.create(title="An event")
        cls.document = Document.objects.create(
            sha256="0" * 64,
            origin="x",
            format="text",
            size=1,
            text="t",
            source_key="doc-1",
            event=cls.event,
        )
        cls.users = {
            role: User.objects.create_user(username=role, password="a-long-test-password", role=role)
            for role in Role.values
        }

    def pages(self) -> list[str]:
        return [
            reverse("intake:event_list"),
            reverse("intake:event_detail", args=[self.event.pk]),
            reverse("intake:document_detail", args=[self.document.pk]),
            reverse("intake:unassigned"),
        ]

    def endpoints(self) -> list[tuple[str, str]]:
        return [
            ("get", reverse("intake-api:event_list")),
            ("get", reverse("intake-api:event_timeline", args=[self.event.pk])),
            ("get", reverse("intake-api:document_detail", args=[self.document.pk])),
            ("post", reverse("intake-api:document_create")),
        ]

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])

    def test_anonymous_visitors_are_refused_by_the_api(self) -> None:
        for method, url in self.endpoints():
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url).status_code, 403)

    def test_refused_roles_get_403_everywhere(self) -> None:
        for role in REFUSED:
            self.client.force_login(self.users[role])
            for url in self.pages():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
            for method, url in self.endpoints():
                with self.subTest(role=role, url=url):
                    self.assertEqual(
                        getattr(self.client, method)(url, {}, content_type="application/json").status_code,
                        403,
                    )
            self.client.post(reverse("intake:event_detail", args=[self.event.pk]), {"title": "Hijacked"})
            self.event.refresh_from_db()
            self.assertEqual(self.event.title, "An event")

    def test_allowed_roles_see_every_page(self) -> None:
        for role in ALLOWED:
            self.client.force_login(self.users[role])
            for url in self.pages():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
