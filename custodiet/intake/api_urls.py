"""URL map of the intake REST API (under /api/intake/)."""

from django.urls import path

from custodiet.intake import api

app_name = "intake-api"

urlpatterns = [
    path("events/", api.EventListApi.as_view(), name="event_list"),
    path("events/<int:pk>/", api.EventTimelineApi.as_view(), name="event_timeline"),
    path("documents/", api.DocumentCreateApi.as_view(), name="document_create"),
    path("documents/<int:pk>/", api.DocumentDetailApi.as_view(), name="document_detail"),
    path("imports/<uuid:pk>/", api.ImportStateApi.as_view(), name="import_state"),
]
