"""URL map of the standards REST API (under /api/standards/)."""

from django.urls import path

from custodiet.standards import api

app_name = "standards-api"

urlpatterns = [
    path("", api.StandardListApi.as_view(), name="standard_list"),
    path("visits/<int:pk>/measurements/", api.VisitMeasurementsApi.as_view(), name="visit_measurements"),
    path("visits/<int:pk>/findings/", api.VisitFindingsApi.as_view(), name="visit_findings"),
    path("places/<int:pk>/findings/", api.PlaceFindingsApi.as_view(), name="place_findings"),
]
