"""The people pages' routes (namespace ``people``), each declaring its access in custodiet.core.people.views."""

from django.urls import path

from custodiet.core.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("export.csv", views.person_export, name="person_export"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/active/", views.person_set_active, name="person_set_active"),
    path("<int:pk>/password/", views.person_password, name="person_password"),
    path("<int:pk>/second-factor/", views.person_second_factor, name="person_second_factor"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/approve/", views.request_approve, name="request_approve"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
]
