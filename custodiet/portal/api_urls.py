"""API routes of the portal (mounted under /api/portal/)."""

from django.urls import path

from custodiet.portal import api

urlpatterns = [
    path("search/", api.SearchApi.as_view(), name="api-search"),
    path("timelines/", api.TimelineListApi.as_view(), name="api-timeline-list"),
    path("timelines/<int:pk>/", api.TimelineDetailApi.as_view(), name="api-timeline-detail"),
]
