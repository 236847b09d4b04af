"""Django application configuration for standards, measurements and findings."""

from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "custodiet.standards"
    label = "standards"
    verbose_name = "Standards and findings"
    default_auto_field = "django.db.models.BigAutoField"
