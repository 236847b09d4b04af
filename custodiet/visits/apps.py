"""Django application configuration for visits."""

from custodiet.core import app_config


class VisitsConfig(app_config.CustodietAppConfig):
    name = "custodiet.visits"
    label = "visits"
    verbose_name = "Visits"
    # the body and delegations of an account, on the people pages
    ready_calls = ("custodiet.visits.accounts.register",)
