"""REST API endpoints of the standards app."""

from django.urls import path  # noqa: F401

app_name = "standards-api"
urlpatterns: list = []
