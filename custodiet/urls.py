"""The site's URL map: pages, accounts (login, two-factor), the public portal, the REST API, its OpenAPI schema
and its browsable documentation, and the error pages."""

from django.contrib import admin
from django.urls import include, path

from custodiet.core import views as core_views
from custodiet.core.access import public, signed_in
from custodiet.ops import views as ops_views
from custodiet.ops.schema import SchemaApi
from custodiet.places import urls as places_urls
from custodiet.site import urls as site_urls
from custodiet.site import views as site_views
from custodiet.visits import urls as visits_urls

urlpatterns = [
    path("", site_views.home, name="home"),
    path("accounts/login/", public(core_views.Login.as_view()), name="login"),
    path("accounts/logout/", public(core_views.Logout.as_view()), name="logout"),
    path("accounts/password/", signed_in(core_views.PasswordChange.as_view()), name="password_change"),
    path("language/", core_views.choose_language, name="set_language"),  # the header's switcher
    path("accounts/two-factor/", core_views.two_factor, name="two_factor"),
    path("accounts/two-factor/enrol/", core_views.two_factor_enrol, name="two_factor_enrol"),
    path("admin/login/", core_views.admin_login, name="admin_login"),  # the same throttled, 2FA login
    path("admin/", admin.site.urls),
    path("people/", include("custodiet.core.people.urls")),  # accounts and roles (custodiet.core.people)
    path("treaties/", include("custodiet.treaties.urls")),
    path("intake/", include("custodiet.intake.urls")),
    path("places/", include((places_urls.urlpatterns + site_urls.PLACES, "places"))),
    path("visits/", include((visits_urls.urlpatterns + site_urls.VISITS, "visits"))),
    path("standards/", include("custodiet.standards.urls")),
    path("testimony/", include("custodiet.testimony.urls")),
    path("reports/", include("custodiet.reports.urls")),
    path("jobs/", include("custodiet.ops.urls")),
    path("", include("custodiet.portal.urls")),  # /search/, /timelines/: the public portal
    path("healthz", ops_views.healthz, name="healthz"),
    path("api/", include("custodiet.treaties.api_urls")),
    path("api/intake/", include("custodiet.intake.api_urls")),
    path("api/places/", include("custodiet.places.api_urls")),
    path("api/visits/", include("custodiet.visits.api_urls")),
    path("api/standards/", include("custodiet.standards.api_urls")),
    path("api/testimony/", include("custodiet.testimony.api_urls")),
    path("api/reports/", include("custodiet.reports.api_urls")),
    path("api/portal/", include("custodiet.portal.api_urls")),
    path("api/schema/", SchemaApi.as_view(), name="api-schema"),  # built once per process (ops.schema)
    path("api/docs/", site_views.api_docs, name="api-docs"),  # Swagger UI from the application's files
]

# Error pages in the site's layout, with its menu (custodiet.site.errors).
handler400 = "custodiet.site.errors.bad_request"
handler403 = "custodiet.site.errors.permission_denied"
handler404 = "custodiet.site.errors.page_not_found"
handler500 = "custodiet.site.errors.server_error"
