"""HTML forms for recording a measurement and writing a finding; plain POST, no JavaScript.

The fields of each kind of measurement come from ``measures.FIELDS`` (the field
table, ``data/measurements.json``), the same table the rules validate against, so
the form and the API cannot drift apart. The form only parses types (a number, a
date, yes/no); whether a value is given, the bounds and the cross-checks are the
rules' and the service's, which report every problem at once. The fields are shown
with ``core/_field.html``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodiet.core.forms import DateInput
from custodiet.places.models import Place
from custodiet.standards.measures import FIELDS, ValueField
from custodiet.standards.models import MeasurementKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNCHECKED = [("", _("Not checked")), ("yes", _("Yes")), ("no", _("No"))]


class PlaceChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj} ({obj.get_type_display()})"


class _LeftToTheRules(forms.Field):
    """A value the rules require is marked "(required)", but a missing one is the rules' to refuse, with
    every other problem of the measurement at once, not the form's alone."""

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


class _Decimal(_LeftToTheRules, forms.DecimalField):
    pass


class _Integer(_LeftToTheRules, forms.IntegerField):
    pass


class _Choice(_LeftToTheRules, forms.ChoiceField):
    pass


class _Text(_LeftToTheRules, forms.CharField):
    pass


def value_field(spec: ValueField) -> forms.Field:
    """The form field for one value of a kind of measurement."""
    # The words of the field table, in the reader's language (listed for the catalogue in field_words).
    label = f"{gettext(spec.label)} ({spec.unit})" if spec.unit else gettext(spec.label)
    help_text = gettext(spec.help) if spec.help else ""
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": spec.required}
    if spec.type == "decimal":
        return _Decimal(**common, widget=forms.NumberInput(attrs={"step": "0.01"}))
    if spec.type == "integer":
        return _Integer(**common)
    if spec.type == "boolean":
        choices = YES_NO if spec.required else YES_NO_UNCHECKED
        return _Choice(**common, choices=choices, widget=forms.RadioSelect)
    if spec.type == "choice":
        return _Choice(
            **common,
            choices=[(choice.value, gettext(choice.label)) for choice in spec.choices],
            widget=forms.RadioSelect,
        )
    return _Text(**common, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class MeasurementForm(forms.Form):
    kind = forms.ChoiceField(choices=MeasurementKind.choices, widget=forms.HiddenInput)
    place = PlaceChoice(
        queryset=Place.objects.none(), empty_label=_("— choose a place —"), label=_("Place on the itinerary")
    )  # none pre-selected: a measurement at the first place listed would be a fact nobody stated
    location = forms.CharField(
        max_length=200,
        required=False,
        label=_("Location"),
        help_text=_("Where in the place, e.g. cell 12, block B"),
    )
    # No day is filled in: a day of the visit put there for the user would be recorded as if stated.
    measured_on = forms.DateField(
        label=_("Measured on"),
        widget=DateInput(),
        error_messages={"required": _("Give the day it was measured: no day is assumed.")},
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        label=_("Note"),
        help_text=_("For the delegation: who measured, with what, anything the values do not say"),
    )

    def __init__(self, *args: Any, kind: str, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places
        self.value_names = [spec.name for spec in FIELDS[kind]]
        for spec in FIELDS[kind]:
            self.fields[spec.name] = value_field(spec)

    def value_fields(self) -> list[forms.BoundField]:
        """The kind's own fields, in the order of the field table."""
        return [self[name] for name in self.value_names]

    def values(self) -> dict[str, Any]:
        """The kind's values as the rules read them: yes/no become booleans, blanks are left out."""
        values: dict[str, Any] = {}
        for name in self.value_names:
            raw = self.cleaned_data.get(name)
            if raw in (None, ""):
                continue
            if raw in ("yes", "no"):
                values[name] = raw == "yes"
            else:
                values[name] = raw
        return values


class FindingForm(forms.Form):
    place = PlaceChoice(
        queryset=Place.objects.none(), empty_label=_("— choose a place —"), label=_("Place on the itinerary")
    )  # none pre-selected: a finding at the first place listed would be a fact nobody stated
    location = forms.CharField(
        max_length=200, required=False, label=_("Location"), help_text=_("Where in the place")
    )
    observed_on = forms.DateField(
        label=_("Established on"),
        widget=DateInput(),
        error_messages={"required": _("Give the day it was established: no day is assumed.")},
    )
    text = forms.CharField(
        label=_("Finding"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the delegation established: which standard, by how much, where"),
    )

    def __init__(self, *args: Any, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places
