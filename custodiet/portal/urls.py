"""Routes of the portal's pages (mounted at the site's root: /search/, /timelines/)."""

from django.urls import path

from custodiet.portal import views

app_name = "portal"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("timelines/", views.timeline_list, name="timeline_list"),
    path("timelines/<int:pk>/", views.timeline_detail, name="timeline_detail"),
    path("timelines/publishing/", views.timeline_publishing, name="timeline_publishing"),
    path("timelines/publishing/<int:pk>/", views.timeline_publish, name="timeline_publish"),
    path("timelines/publishing/<int:pk>/withdraw/", views.timeline_withdraw, name="timeline_withdraw"),
]
