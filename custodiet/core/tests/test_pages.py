"""The interface kit's POST helpers: a refusal is said and changes nothing; success is said once."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import RequestFactory

from custodiet.core.errors import DomainError
from custodiet.core.pages import acted, saving


def _request() -> HttpRequest:
    request = RequestFactory().post("/anything/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request: HttpRequest) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in request._messages]  # type: ignore[attr-defined]


def test_a_done_action_says_its_message_as_a_success() -> None:
    request = _request()
    assert acted(request, lambda: "Risk for P-1 closed.") is True
    assert _said(request) == [(constants.SUCCESS, "Risk for P-1 closed.")]


def test_a_refused_action_says_why_and_nothing_else() -> None:
    request = _request()

    def refuse() -> str:
        raise DomainError("The report is adopted; its items are frozen.")

    assert acted(request, refuse) is False
    assert _said(request) == [(constants.ERROR, "The report is adopted; its items are frozen.")]


def test_another_error_is_not_swallowed() -> None:
    request = _request()

    def broken() -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):  # a programming error must not become a message
        acted(request, broken)
    assert _said(request) == []


def test_saving_gives_the_service_the_record_the_user_and_the_answers() -> None:
    calls: list[dict[str, object]] = []

    def service(**arguments: object) -> str:
        calls.append(arguments)
        return "follow-up 7"

    save = saving(service, "Follow-up action recorded.", risk="risk 3", by="analyst")
    assert save({"action": "moved to another cell"}) == "Follow-up action recorded."
    assert calls == [{"risk": "risk 3", "by": "analyst", "action": "moved to another cell"}]


def test_saving_can_say_what_the_service_made() -> None:
    save = saving(lambda **answers: answers["due"], lambda due: f"The answer is due on {due}.", by=None)
    assert save({"due": "2027-05-22"}) == "The answer is due on 2027-05-22."


def test_saving_lets_a_refusal_through_for_the_form_to_show() -> None:
    def refuse(**arguments: object) -> None:
        raise DomainError("The risk is closed.")

    with pytest.raises(DomainError):
        saving(refuse, "never said", by=None)({})
