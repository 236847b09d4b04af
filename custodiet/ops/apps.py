"""Django application configuration for the operations app (serving, background work, health, logs)."""

from django.utils.module_loading import autodiscover_modules

from custodiet.core import app_config


class OpsConfig(app_config.CustodietAppConfig):
    name = "custodiet.ops"
    label = "ops"
    verbose_name = "Operations"
    ready_imports = ("custodiet.ops.scheduled",)  # the scheduled backup and audit head jobs

    def ready(self) -> None:
        # Each app declares its background jobs in its own ``jobs`` module (custodiet.places.jobs, ...):
        # importing them here fills the registry in every process, web server and worker alike.
        autodiscover_modules("jobs")
        super().ready()
