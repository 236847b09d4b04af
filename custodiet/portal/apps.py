"""Portal: the public face, search over published material and published timelines."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "custodiet.portal"
    label = "portal"
    verbose_name = "Custodiet public portal"

    def ready(self) -> None:
        from custodiet.portal import signals  # noqa: F401  (connects the receivers that keep the index fresh)
