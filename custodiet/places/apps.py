"""Django application configuration for the register of places."""

from custodiet.core import app_config


class PlacesConfig(app_config.CustodietAppConfig):
    name = "custodiet.places"
    label = "places"
    verbose_name = "Places of deprivation of liberty"
    ready_calls = ("custodiet.places.triggers.connect",)  # the list order's triggers, around every migrate
