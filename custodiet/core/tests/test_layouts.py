"""The shared page kit: the page layout that takes its title once, the posted form, the filter choice, and the field
that names the account that acted."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.template import engines
from django.test import RequestFactory

from custodiet.core.models import User, account_field

pytestmark = pytest.mark.django_db


def _render(source: str, rf: RequestFactory, **context: Any) -> str:
    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    return str(engines["django"].from_string(source).render(context, request))


def test_a_page_gives_its_title_once_for_the_window_and_the_heading(rf: RequestFactory) -> None:
    html = _render(
        '{% extends "page.html" %}{% block title %}{{ name }}{% endblock %}'
        '{% block breadcrumbs %}<p class="crumbs">up</p>{% endblock %}{% block page %}<p id="body">text</p>{% endblock %}',
        rf,
        name="Waiting & seen",
    )
    assert "<title>Waiting &amp; seen · Custodiet</title>" in html
    assert html.count("<h1>") == 1 and "<h1>Waiting &amp; seen</h1>" in html
    main = html.split('<main id="main">', 1)[1]
    assert main.index('class="crumbs"') < main.index("<h1>") < main.index('id="body"')


def test_a_page_that_overrides_its_content_has_no_heading_of_the_layout(rf: RequestFactory) -> None:
    html = _render(
        '{% extends "page.html" %}{% block title %}Plain{% endblock %}{% block content %}<h1>Other</h1>{% endblock %}',
        rf,
    )
    assert "<title>Plain · Custodiet</title>" in html
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Other"]


class _Form(forms.Form):
    name = forms.CharField()
    secret = forms.CharField(widget=forms.HiddenInput)


def test_the_posted_form_has_its_fields_its_button_and_a_way_back_only_when_given(rf: RequestFactory) -> None:
    plain = _render('{% include "core/_form.html" with submit="Record" %}', rf, form=_Form())
    assert '<form method="post" class="card">' in plain
    assert (
        'name="csrfmiddlewaretoken"' in plain
        and 'name="name"' in plain
        and 'type="hidden" name="secret"' in plain
    )
    assert '<p><button type="submit">Record</button></p>' in plain and "Cancel" not in plain

    full = _render(
        '{% include "core/_form.html" with submit="Import" cancel="/back/" files=True novalidate=True %}',
        rf,
        form=_Form(),
    )
    assert '<form method="post" enctype="multipart/form-data" class="card" novalidate>' in full
    assert '<button type="submit">Import</button> <a href="/back/">Cancel</a>' in full


def test_a_filter_choice_offers_any_and_marks_the_chosen_value(rf: RequestFactory) -> None:
    html = _render(
        '{% include "core/_choice_filter.html" with name="status" label="Status" choices=choices chosen="b" %}',
        rf,
        choices=[("a", "First"), ("b", "Second <b>")],
    )
    assert '<label for="filter-status">Status' in html and '<select name="status" id="filter-status">' in html
    assert re.findall(r"<option[^>]*>[^<]*", html) == [
        '<option value="">any',
        '<option value="a">First',
        '<option value="b" selected>Second &lt;b&gt;',
    ]


def test_the_field_of_the_acting_account_is_optional_and_outlives_the_account() -> None:
    field = account_field()
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.ForeignKey"
    assert kwargs == {
        "null": True,
        "blank": True,
        "on_delete": models.SET_NULL,
        "related_name": "+",
        "to": "core.user",
    }
    assert "related_name" not in account_field(related_name=None).deconstruct()[3]
    assert account_field(related_name="visits_planned").deconstruct()[3]["related_name"] == "visits_planned"


def test_a_row_keeps_its_record_when_the_account_that_made_it_is_deleted(
    reference_data: Any, make_user: Any
) -> None:
    from custodiet.reports.models import LiaisonAssignment
    from custodiet.treaties.models import State

    secretariat = make_user("secretariat", username="assigner")
    liaison = make_user("state_liaison", username="liaison")
    made = LiaisonAssignment.objects.create(
        user=liaison, state=State.objects.get(code="RU"), assigned_on="2026-01-05", assigned_by=secretariat
    )
    User.objects.filter(pk=secretariat.pk).delete()
    made.refresh_from_db()
    assert made.assigned_by is None and made.user == liaison
