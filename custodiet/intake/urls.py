"""URL map of the intake pages."""

from django.urls import path

from custodiet.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("unassigned/", views.unassigned, name="unassigned"),
    path("import/", views.import_documents, name="import"),
]
