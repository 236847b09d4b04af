"""Django application configuration for the register of places."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "custodiet.places"
    label = "places"
    verbose_name = "Places of deprivation of liberty"
    default_auto_field = "django.db.models.BigAutoField"
