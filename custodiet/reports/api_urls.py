"""URL map of the reports REST API (under /api/reports/)."""

from django.urls import path

from custodiet.reports import api

app_name = "reports-api"

urlpatterns = [
    path("", api.ReportListApi.as_view(), name="report_list"),
    path("overdue/", api.OverdueApi.as_view(), name="overdue"),
    path("published/", api.PublishedListApi.as_view(), name="published_list"),
    path("published/<int:pk>/", api.PublishedDetailApi.as_view(), name="published_detail"),
    path("statements/", api.StatementListApi.as_view(), name="statements"),
    path("states/<str:code>/indicators/", api.IndicatorsApi.as_view(), name="indicators"),
    path("<int:pk>/", api.ReportDetailApi.as_view(), name="report_detail"),
    path("<int:pk>/items/", api.ItemListApi.as_view(), name="items"),
    path("<int:pk>/items/<int:item_pk>/", api.ItemDetailApi.as_view(), name="item_detail"),
    path("<int:pk>/items/<int:item_pk>/status/", api.ItemStatusApi.as_view(), name="item_status"),
    path("<int:pk>/adopt/", api.AdoptApi.as_view(), name="adopt"),
    path("<int:pk>/transmit/", api.TransmitApi.as_view(), name="transmit"),
    path("<int:pk>/deadline/", api.DeadlineApi.as_view(), name="deadline"),
    path("<int:pk>/responses/", api.ResponseApi.as_view(), name="responses"),
    path("<int:pk>/publication-request/", api.PublicationRequestApi.as_view(), name="publication_request"),
    path("<int:pk>/publish/", api.PublishApi.as_view(), name="publish"),
    path("<int:pk>/remind/", api.RemindApi.as_view(), name="remind"),
]
