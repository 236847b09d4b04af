"""URL map of the visits REST API (under /api/visits/)."""

from django.urls import path

from custodiet.visits import api, api_records

app_name = "visits-api"

urlpatterns = [
    path("", api.VisitListApi.as_view(), name="visit_list"),
    path("<int:pk>/", api.VisitDetailApi.as_view(), name="visit_detail"),
    path("<int:pk>/status/", api.VisitStatusApi.as_view(), name="visit_status"),
    path("<int:pk>/delegation/", api_records.DelegationApi.as_view(), name="delegation"),
    path(
        "<int:pk>/delegation/<int:member_pk>/",
        api_records.DelegationMemberApi.as_view(),
        name="delegation_member",
    ),
    path(
        "<int:pk>/delegation/<int:member_pk>/leave/",
        api_records.DelegationLeaveApi.as_view(),
        name="delegation_leave",
    ),
    path("<int:pk>/itinerary/", api_records.ItineraryApi.as_view(), name="itinerary"),
    path(
        "<int:pk>/itinerary/<int:stop_pk>/arrival/", api_records.StopArrivalApi.as_view(), name="stop_arrival"
    ),
    path(
        "<int:pk>/itinerary/<int:stop_pk>/departure/",
        api_records.StopDepartureApi.as_view(),
        name="stop_departure",
    ),
    path("<int:pk>/notifications/", api_records.NotificationApi.as_view(), name="notifications"),
    path("<int:pk>/access-events/", api_records.AccessEventApi.as_view(), name="access_events"),
    path("<int:pk>/objections/", api_records.ObjectionApi.as_view(), name="objections"),
    path("<int:pk>/observations/", api_records.ObservationApi.as_view(), name="observations"),
    path(
        "<int:pk>/observations/<int:observation_pk>/answer/",
        api_records.ObservationAnswerApi.as_view(),
        name="observation_answer",
    ),
]
