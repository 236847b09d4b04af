"""Forms of the portal: the search (read from the query string) and the publication of a timeline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodiet.portal.fulltext import Filters
from custodiet.portal.models import Kind
from custodiet.portal.services import MAX_SUMMARY

ORDER_CHOICES = [("relevance", _("Relevance")), ("date", _("Newest first"))]


class SearchForm(forms.Form):
    """What a search asks: the words, the facets chosen, the order and the page (``start``)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    state = forms.CharField(label=_("State"), required=False, max_length=2)
    body = forms.CharField(label=_("Body"), required=False, max_length=30)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    language = forms.CharField(label=_("Language"), required=False, max_length=8)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDER_CHOICES)
    start = forms.IntegerField(required=False, min_value=0, max_value=100_000, widget=forms.HiddenInput)

    def filters(self) -> Filters:
        data: dict[str, Any] = self.cleaned_data
        return Filters(
            kind=data.get("kind") or "",
            state=(data.get("state") or "").upper(),
            body=data.get("body") or "",
            year=data.get("year"),
            language=(data.get("language") or "").lower(),
        )


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("A few words for the public"),
        required=False,
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the timeline; what happened, in plain words."),
    )
