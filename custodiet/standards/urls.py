"""URL map of the standards pages (under /standards/)."""

from django.urls import path

from custodiet.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="standard_list"),
    path("visits/<int:visit_pk>/", views.visit_record, name="visit_record"),
    path("visits/<int:visit_pk>/measurements/new/", views.measurement_create, name="measurement_create"),
    path("visits/<int:visit_pk>/findings/new/", views.finding_create, name="finding_create"),
    path("places/<int:place_pk>/", views.place_record, name="place_record"),
]
