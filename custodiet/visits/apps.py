"""Django application configuration for visits."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "custodiet.visits"
    label = "visits"
    verbose_name = "Visits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from custodiet.visits import accounts  # models are ready only now

        accounts.register()  # the body and delegations of an account, on the people pages
