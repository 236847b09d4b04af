"""Pages of the places app: the register, its forms, and the import.

A place's own page shows other apps' records too: custodiet.site serves it (``places:place_detail``).
"""

from django.urls import path

from custodiet.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("new/", views.place_create_view, name="place_create"),
    path("import/", views.place_import, name="place_import"),
    path("<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("<int:pk>/population/", views.population_add, name="population_add"),
]
