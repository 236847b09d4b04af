"""HTML forms for recording a measurement and writing a finding; plain POST, no JavaScript.

The fields of each kind of measurement come from ``rules.FIELDS``, the same list
the rules validate against, so the form and the API cannot drift apart. The form
only parses types (a number, a date, yes/no); the bounds and the cross-checks are
the rules' and the service's, which report every problem at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from custodiet.places.models import Place
from custodiet.standards import rules
from custodiet.standards.models import MeasurementKind

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNCHECKED = [("", "Not checked"), ("yes", "Yes"), ("no", "No")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlaceChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_type_display()})"


def value_field(spec: rules.ValueField) -> forms.Field:
    """The form field for one value of a kind of measurement."""
    common: dict[str, Any] = {"label": spec.label, "help_text": spec.help, "required": False}
    if spec.type == "decimal":
        label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        return forms.DecimalField(
            **{**common, "label": label}, widget=forms.NumberInput(attrs={"step": "0.01"})
        )
    if spec.type == "integer":
        label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        return forms.IntegerField(**{**common, "label": label})
    if spec.type == "boolean":
        choices = YES_NO if spec.required else YES_NO_UNCHECKED
        return forms.ChoiceField(**common, choices=choices, widget=forms.RadioSelect)
    if spec.type == "choice":
        return forms.ChoiceField(**common, choices=list(spec.choices), widget=forms.RadioSelect)
    return forms.CharField(**common, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class MeasurementForm(forms.Form):
    kind = forms.ChoiceField(choices=MeasurementKind.choices, widget=forms.HiddenInput)
    place = PlaceChoice(queryset=Place.objects.none(), empty_label=None, label="Place on the itinerary")
    location = forms.CharField(
        max_length=200, required=False, help_text="Where in the place, e.g. cell 12, block B"
    )
    measured_on = forms.DateField(label="Measured on", widget=DateInput())
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text="For the delegation: who measured, with what, anything the values do not say",
    )

    def __init__(self, *args: Any, kind: str, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places
        self.specs = rules.FIELDS[kind]
        self.value_names = [spec.name for spec in self.specs]
        for spec in self.specs:
            self.fields[spec.name] = value_field(spec)

    def value_fields(self) -> list[tuple[forms.BoundField, rules.ValueField]]:
        """The kind's fields with their rules (the template marks the required ones)."""
        return [(self[spec.name], spec) for spec in self.specs]

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
    place = PlaceChoice(queryset=Place.objects.none(), empty_label=None, label="Place on the itinerary")
    location = forms.CharField(max_length=200, required=False, help_text="Where in the place")
    observed_on = forms.DateField(label="Established on", widget=DateInput())
    text = forms.CharField(
        label="Finding",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the delegation established: which standard, by how much, where",
    )

    def __init__(self, *args: Any, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places


def default_day(start: date, end: date, today: date) -> date:
    """Today when it falls within the visit's dates, else the nearest day of the visit."""
    return min(max(today, start), end)
