"""Django application configuration for the operations app (serving, background work, health, logs)."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OpsConfig(AppConfig):
    name = "custodiet.ops"
    label = "ops"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app declares its background jobs in its own ``jobs`` module (custodiet.places.jobs, ...):
        # importing them here fills the registry in every process, web server and worker alike.
        autodiscover_modules("jobs")
        from custodiet.ops import scheduled  # noqa: F401  # the scheduled backup and audit head jobs
