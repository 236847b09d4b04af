"""Django application configuration for testimony: private interviews, allegations, reprisal risks."""

from django.apps import AppConfig


class TestimonyConfig(AppConfig):
    name = "custodiet.testimony"
    label = "testimony"
    verbose_name = "Testimony (confidential)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from custodiet.testimony import counts  # noqa: F401  # connects the signals that keep the figures
