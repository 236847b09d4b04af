"""Core: users and roles, errors, the site's layout and the home page."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "custodiet.core"
    label = "core"
    verbose_name = "Custodiet core"
