"""Treaty pages: states, instruments."""

from django.urls import path

from custodiet.treaties import views

app_name = "treaties"
urlpatterns = [
    path("states/", views.state_list, name="state_list"),
    path("states/<str:code>/", views.state_detail, name="state_detail"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument_detail"),
]
