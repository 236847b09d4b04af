"""Treaty pages: States, instruments, every State's coverage, what changed, recording a notification."""

from django.urls import path

from custodiet.treaties import views

app_name = "treaties"
urlpatterns = [
    path("states/", views.state_list, name="state_list"),
    path("states/<str:code>/", views.state_detail, name="state_detail"),
    path("states/<str:code>/notification/", views.notification_new, name="notification_new"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument_detail"),
    path("coverage/", views.coverage_world, name="coverage_world"),
    path("changes/", views.changes, name="changes"),
]
