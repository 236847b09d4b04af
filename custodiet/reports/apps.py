"""Django application configuration for reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "custodiet.reports"
    label = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from custodiet.reports import accounts  # models are ready only now

        accounts.register()  # the State a liaison answers for, on the people pages
