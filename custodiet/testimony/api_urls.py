"""URL map of the testimony REST API (to be mounted under /api/testimony/)."""

from django.urls import path

from custodiet.testimony import api

app_name = "testimony-api"

urlpatterns = [
    path("visits/<int:visit_pk>/interviews/", api.VisitInterviewsApi.as_view(), name="visit_interviews"),
    path("interviews/<int:pk>/", api.InterviewDetailApi.as_view(), name="interview_detail"),
    path("interviews/<int:pk>/allegations/", api.AllegationApi.as_view(), name="allegations"),
    path("aggregates/", api.AggregatesApi.as_view(), name="aggregates"),
]
