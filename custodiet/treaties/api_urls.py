"""API routes for treaties."""
urlpatterns: list[object] = []
