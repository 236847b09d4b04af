"""``custodiet standards load`` and ``list``."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from custodiet.standards.models import Standard
from custodiet.standards.rules import catalogue


class StandardsCommandTests(TestCase):
    def test_load_is_idempotent_and_list_shows_the_catalogue(self) -> None:
        out = StringIO()
        call_command("standards", "list", stdout=out)
        self.assertIn("not loaded", out.getvalue())
        call_command("standards", "load", stdout=out)
        self.assertIn(f"{len(catalogue())} added, 0 updated, 0 unchanged", out.getvalue())
        call_command("standards", "load", stdout=out)
        self.assertIn(f"0 added, 0 updated, {len(catalogue())} unchanged", out.getvalue())
        self.assertEqual(Standard.objects.count(), len(catalogue()))
        out = StringIO()
        call_command("standards", "list", stdout=out)
        self.assertIn("cpt-space-multiple", out.getvalue())
        self.assertIn("4 m² per person", out.getvalue())
