"""Django application configuration for visits."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "custodiet.visits"
    label = "visits"
    verbose_name = "Visits"
    default_auto_field = "django.db.models.BigAutoField"
