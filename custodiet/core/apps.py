"""Core: users and roles, access, audit, encryption, errors, the interface kit and the site's layout."""

from custodiet.core import app_config


class CoreConfig(app_config.CustodietAppConfig):
    name = "custodiet.core"
    label = "core"
    verbose_name = "Custodiet core"
