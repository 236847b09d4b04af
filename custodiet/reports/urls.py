"""URL map of the report pages (under /reports/)."""

from django.urls import path, re_path

from custodiet.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("overdue/", views.overdue, name="overdue"),
    path("observations/<int:pk>/remind/", views.observation_remind, name="observation_remind"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/items/<int:item_pk>/status/", views.item_status, name="item_status"),
    path("<int:pk>/adopt/", views.report_adopt, name="report_adopt"),
    path("<int:pk>/transmit/", views.report_transmit, name="report_transmit"),
    path("<int:pk>/deadline/", views.report_deadline, name="report_deadline"),
    path("<int:pk>/response/", views.response_record, name="response_record"),
    path("<int:pk>/publication-request/", views.publication_request, name="publication_request"),
    path("<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("<int:pk>/remind/", views.report_remind, name="report_remind"),
    path("<int:pk>/render/", views.report_render, name="report_render"),
    re_path(r"^(?P<pk>[0-9]+)/report\.(?P<fmt>pdf|docx)$", views.report_render, name="report_render_file"),
    path("published/", views.published_list, name="published_list"),
    path("published/<int:pk>/", views.published_detail, name="published_detail"),
    re_path(
        r"^published/(?P<pk>[0-9]+)/report\.(?P<fmt>pdf|docx)$", views.published_detail, name="published_file"
    ),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/new/", views.statement_make, name="statement_make"),
    path("states/<str:code>/", views.state_record, name="state_record"),
    path("states/<str:code>/indicators.csv", views.state_indicators_csv, name="state_indicators_csv"),
]
