"""Django application configuration for reports."""

from custodiet.core import app_config


class ReportsConfig(app_config.CustodietAppConfig):
    name = "custodiet.reports"
    label = "reports"
    verbose_name = "Reports"
    # the State a liaison answers for, on the people pages
    ready_calls = ("custodiet.reports.accounts.register",)
