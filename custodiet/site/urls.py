"""The routes of the combined pages, each merged into the namespace of the app whose record it shows.

The root URL map (custodiet.urls) adds ``PLACES`` to the ``places:`` namespace, so
``places:place_detail`` keeps its name and address while its view lives here.
"""

from django.urls import URLPattern, path

from custodiet.site import views

PLACES: list[URLPattern] = [
    path("<int:pk>/", views.place_detail, name="place_detail"),
]
