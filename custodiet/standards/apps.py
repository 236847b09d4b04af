"""Django application configuration for standards, measurements and findings."""

from custodiet.core import app_config


class StandardsConfig(app_config.CustodietAppConfig):
    name = "custodiet.standards"
    label = "standards"
    verbose_name = "Standards and findings"
