"""Django application configuration for the intake app."""

from custodiet.core import app_config


class IntakeConfig(app_config.CustodietAppConfig):
    name = "custodiet.intake"
    label = "intake"
    verbose_name = "Open-source intake"
