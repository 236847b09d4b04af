"""The routes of the combined pages, each merged into the namespace of the app whose record it shows.

The root URL map (custodiet.urls) adds ``PLACES`` to the ``places:`` namespace and ``VISITS``
to ``visits:``, so ``places:place_detail`` and ``visits:visit_detail`` keep their names and
addresses while their views live here.
"""

from django.urls import URLPattern, path

from custodiet.site import views

PLACES: list[URLPattern] = [
    path("<int:pk>/", views.place_detail, name="place_detail"),
]
VISITS: list[URLPattern] = [
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
]
