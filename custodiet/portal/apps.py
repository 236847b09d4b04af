"""Portal: the public face, search over published material and published timelines."""

from custodiet.core import app_config


class PortalConfig(app_config.CustodietAppConfig):
    name = "custodiet.portal"
    label = "portal"
    verbose_name = "Custodiet public portal"
    ready_imports = ("custodiet.portal.signals",)  # connects the receivers that keep the index fresh
