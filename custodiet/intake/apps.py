"""Django application configuration for the intake app."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "custodiet.intake"
    label = "intake"
    verbose_name = "Open-source intake"
    default_auto_field = "django.db.models.BigAutoField"
