"""URL map of the intake REST API."""

from django.urls import URLPattern

app_name = "intake-api"

urlpatterns: list[URLPattern] = []
