"""The specimen app's configuration (tests only; it has no migrations: the test runner creates its table)."""

from django.apps import AppConfig


class SpecimenConfig(AppConfig):
    name = "custodiet.core.tests.specimen"
    label = "specimen"
    default_auto_field = "django.db.models.BigAutoField"
