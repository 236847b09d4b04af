"""Routes of the operations app: the health check and the background jobs' pages."""

from django.urls import path

from custodiet.ops import views

app_name = "ops"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("scheduled/", views.scheduled_jobs, name="scheduled"),
    path("<uuid:pk>/", views.job_detail, name="job_detail"),
]
