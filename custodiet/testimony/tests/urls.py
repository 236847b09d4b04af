"""The project's URL map with the testimony pages and API mounted where they belong (/testimony/ and
/api/testimony/), for the tests, until custodiet.urls includes them; then it adds nothing."""

from django.urls import URLPattern, URLResolver, include, path

from custodiet.urls import urlpatterns as project_urlpatterns


def _mounted(namespace: str) -> bool:
    return any(
        isinstance(entry, URLResolver) and entry.namespace == namespace for entry in project_urlpatterns
    )


urlpatterns: list[URLPattern | URLResolver] = list(project_urlpatterns)
if not _mounted("testimony"):
    urlpatterns.append(path("testimony/", include("custodiet.testimony.urls")))
if not _mounted("testimony-api"):
    urlpatterns.append(path("api/testimony/", include("custodiet.testimony.api_urls")))
