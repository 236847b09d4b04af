"""REST API endpoints of the places app (mounted under /api/places/)."""

from django.urls import path

from custodiet.places import api

app_name = "places-api"
urlpatterns = [
    path("", api.PlaceListApi.as_view(), name="place_list"),
    path("<int:pk>/", api.PlaceDetailApi.as_view(), name="place_detail"),
    path("<int:pk>/population/", api.PopulationCreateApi.as_view(), name="population_add"),
]
