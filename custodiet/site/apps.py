"""Site: the pages that put several apps together, so that no app has to import a higher one."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "custodiet.site"
    label = "site"
    verbose_name = "Custodiet site pages"
