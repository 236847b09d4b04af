"""Pages of the places app: the register, a place, its forms, and the import."""

from django.urls import path

from custodiet.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("new/", views.place_create_view, name="place_create"),
    path("import/", views.place_import, name="place_import"),
    path("<int:pk>/", views.place_detail, name="place_detail"),
    path("<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("<int:pk>/population/", views.population_add, name="population_add"),
]
