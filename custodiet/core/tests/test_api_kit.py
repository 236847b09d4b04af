"""The API kit every app's endpoints are built with (custodiet.core.api): ``validated`` refuses a body
that does not fit with a 400 naming the field, ``post_endpoint`` makes a documented POST endpoint that
keeps its access and hands the request to its handler. (The API's paging: ops/tests/test_api_paging.py.)"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from custodiet.core.api import page_of, post_endpoint, validated
from custodiet.core.models import Role, User

factory = APIRequestFactory()


class NoteInput(serializers.Serializer[Any]):
    written_on = serializers.DateField()
    text = serializers.CharField(max_length=20)


class NoteOutput(serializers.Serializer[Any]):
    pk = serializers.IntegerField()
    text = serializers.CharField()


class Echo(APIView):
    permission_classes: list[Any] = []

    def post(self, request: Request) -> Response:
        return Response(validated(NoteInput, request, partial=request.query_params.get("partial") == "1"))


def _post(view: Any, body: dict[str, Any], *, user: User | None = None, url: str = "/", **kwargs: Any) -> Any:
    request = factory.post(url, body, format="json")
    if user is not None:
        force_authenticate(request, user=user)
    return view.as_view()(request, **kwargs)


def test_validated_gives_the_parsed_input_and_refuses_a_field_that_does_not_fit() -> None:
    good = _post(Echo, {"written_on": "2026-11-20", "text": "cold cells"})
    assert good.status_code == 200
    assert good.data == {"written_on": date(2026, 11, 20), "text": "cold cells"}

    refused = _post(Echo, {"written_on": "2026-13-40", "text": "x" * 21})
    assert refused.status_code == 400
    assert set(refused.data) == {"written_on", "text"}
    assert "20 characters" in str(refused.data["text"][0])


def test_validated_passes_its_options_to_the_serializer() -> None:
    partial = _post(Echo, {"text": "only the text"}, url="/?partial=1")
    assert partial.status_code == 200 and partial.data == {"text": "only the text"}
    assert _post(Echo, {"text": "only the text"}).status_code == 400


def _handle(view: APIView, request: Request, pk: int) -> Response:
    data = validated(NoteInput, request)
    return Response({"pk": pk, "text": data["text"]}, status=201)


NoteApi = post_endpoint(
    "NoteApi",
    summary="Add a note to a thing",
    shape=NoteInput,
    responses={201: NoteOutput},
    handle=_handle,
    permission=IsAuthenticated,
)


@pytest.mark.django_db
def test_post_endpoint_keeps_its_access_and_hands_the_request_to_its_handler(make_user: Any) -> None:
    body = {"written_on": "2026-11-20", "text": "cold cells"}
    assert _post(NoteApi, body, pk=7).status_code == 403  # anonymous: the permission refuses

    answer = _post(NoteApi, body, user=make_user(Role.SECRETARIAT), pk=7)
    assert answer.status_code == 201 and answer.data == {"pk": 7, "text": "cold cells"}
    assert (
        _post(NoteApi, {"text": "x"}, user=make_user(Role.SECRETARIAT, username="b"), pk=7).status_code == 400
    )

    assert NoteApi.__name__ == "NoteApi" and NoteApi.__module__ == __name__
    assert NoteApi.Input is NoteInput  # type: ignore[attr-defined]
    assert NoteApi.permission_classes == [IsAuthenticated]
    reading = factory.get("/")
    force_authenticate(reading, user=make_user(Role.SECRETARIAT, username="c"))
    assert NoteApi.as_view()(reading, pk=7).status_code == 405  # one POST, nothing else


def test_post_endpoint_documents_its_summary_input_and_answers() -> None:
    generator = SchemaGenerator(patterns=[path("things/<int:pk>/notes/", NoteApi.as_view())])  # type: ignore[no-untyped-call]
    schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    operation = schema["paths"]["/things/{id}/notes/"]["post"]  # spectacular names a pk "id"
    assert operation["summary"] == "Add a note to a thing"
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/NoteInput")
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert created["$ref"].endswith("/NoteOutput")
    assert operation["parameters"][0]["schema"]["type"] == "integer"


def test_page_of_documents_count_links_and_results() -> None:
    page = page_of(NoteOutput, "NotePage")
    assert page.__name__ == "NotePage"
    fields = page().fields
    assert list(fields) == ["count", "next", "previous", "results"]
    assert fields["next"].allow_null and isinstance(fields["results"].child, NoteOutput)  # type: ignore[attr-defined]
