"""URL map of the visit pages (under /visits/).

A visit's own page shows other apps' records too: custodiet.site serves it (``visits:visit_detail``).
"""

from django.urls import path

from custodiet.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("plan/", views.visit_plan, name="visit_plan"),
    path("<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("<int:pk>/status/", views.visit_status, name="visit_status"),
    path("<int:pk>/delegation/add/", views.delegation_add, name="delegation_add"),
    path("<int:pk>/delegation/<int:member_pk>/remove/", views.delegation_remove, name="delegation_remove"),
    path("<int:pk>/delegation/<int:member_pk>/leave/", views.delegation_leave, name="delegation_leave"),
    path("<int:pk>/itinerary/add/", views.itinerary_add, name="itinerary_add"),
    path("<int:pk>/itinerary/<int:stop_pk>/arrival/", views.stop_arrive, name="stop_arrive"),
    path("<int:pk>/itinerary/<int:stop_pk>/departure/", views.stop_depart, name="stop_depart"),
    path("<int:pk>/notifications/add/", views.notification_record, name="notification_record"),
    path("<int:pk>/access/add/", views.access_event_record, name="access_event_record"),
    path("<int:pk>/objections/add/", views.objection_record, name="objection_record"),
    path("<int:pk>/observations/add/", views.observation_record, name="observation_record"),
    path(
        "<int:pk>/observations/<int:observation_pk>/answer/",
        views.observation_answer,
        name="observation_answer",
    ),
]
