"""API routes for treaties (mounted under /api/)."""

from django.urls import path

from custodiet.treaties import api

urlpatterns = [
    path("instruments/", api.InstrumentListApi.as_view(), name="api-instrument-list"),
    path("instruments/<str:code>/", api.InstrumentDetailApi.as_view(), name="api-instrument-detail"),
    path("instruments/<str:code>/parties/", api.PartiesApi.as_view(), name="api-instrument-parties"),
    path("states/", api.StateListApi.as_view(), name="api-state-list"),
    path("states/<str:code>/", api.StateDetailApi.as_view(), name="api-state-detail"),
    path("states/<str:code>/status/<str:instrument>/", api.StatusApi.as_view(), name="api-state-status"),
    path("states/<str:code>/coverage/", api.CoverageApi.as_view(), name="api-state-coverage"),
    path("states/<str:code>/notifications/", api.NotificationsApi.as_view(), name="api-state-notifications"),
    path("coverage/", api.WorldCoverageApi.as_view(), name="api-world-coverage"),
    path("coverage/years/", api.WorldYearsApi.as_view(), name="api-world-coverage-years"),
    path("changes/", api.ChangesApi.as_view(), name="api-changes"),
]
