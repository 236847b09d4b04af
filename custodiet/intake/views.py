"""Pages of the intake app (placeholder until the models land)."""

from django.http import HttpRequest, HttpResponse


def event_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Intake timelines: not built yet.")
