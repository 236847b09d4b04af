"""Core: users and roles, access, audit, encryption, errors, the interface kit and the site's layout."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "custodiet.core"
    label = "core"
    verbose_name = "Custodiet core"
