"""URL map of the intake pages."""

from django.urls import path

from custodiet.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.event_list, name="event_list"),
]
