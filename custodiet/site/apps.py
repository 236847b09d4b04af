"""Site: the pages that put several apps together, so that no app has to import a higher one."""

from custodiet.core import app_config


class SiteConfig(app_config.CustodietAppConfig):
    name = "custodiet.site"
    label = "site"
    verbose_name = "Custodiet site pages"
