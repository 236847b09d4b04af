"""Treaty pages (placeholder while the engine lands)."""
from django.http import HttpRequest, HttpResponse


def state_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


state_detail = instrument_list = instrument_detail = state_list
