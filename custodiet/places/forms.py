"""Forms of the register's pages: a place, a population figure, an import.

They only shape input; the rules and their messages live in
``custodiet.places.rules`` and are applied by the services. The pages show them
with ``core/_form_fields.html``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from custodiet.core.forms import DateInput
from custodiet.places.locking import Snapshot
from custodiet.places.models import Place
from custodiet.places.rules import MOST_HELD, PlaceType
from custodiet.treaties.models import State

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _degrees(label: StrOrPromise, limit: int, example: StrOrPromise) -> forms.DecimalField:
    """A latitude (``limit`` 90) or longitude (180) in decimal degrees to six places, as the register
    keeps it; optional: a place whose position nobody gave has none."""
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        min_value=-limit,
        max_value=limit,
        required=False,
        help_text=example,
    )


class PlaceForm(forms.Form):
    ref = forms.CharField(
        label=_("Reference"),
        max_length=60,
        help_text=_("A stable identifier in the register, e.g. RU-MOW-SIZO-1"),
    )
    name_local = forms.CharField(label=_("Name (local language)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=PlaceType.choices)
    authority = forms.CharField(label=_("Authority in charge"), max_length=300, required=False)
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.order_by("name_en"),
        to_field_name="code",
        empty_label=_("— choose a state —"),
    )
    region = forms.CharField(label=_("Region"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    latitude = _degrees(_("Latitude"), 90, _("e.g. 55.792"))
    longitude = _degrees(_("Longitude"), 180, _("e.g. 37.697"))
    capacity = forms.IntegerField(
        label=_("Official capacity"),
        min_value=1,
        max_value=MOST_HELD,
        required=False,
        help_text=_("Leave blank when unknown"),
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Where this entry comes from"),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # The version and values the editor started from, signed (custodiet.places.locking); edits only.
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data

    def place_values(self) -> dict[str, Any]:
        """The fields of the place, as cleaned (without the snapshot)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "snapshot"}

    @classmethod
    def values_of(cls, place: Place) -> dict[str, Any]:
        values = {name: getattr(place, name) for name in cls.base_fields if name not in ("state", "snapshot")}
        values["state"] = place.state.code
        return values

    @classmethod
    def initial_for(cls, place: Place) -> dict[str, Any]:
        values = cls.values_of(place)
        return {**values, "snapshot": Snapshot.of(place.version, values).sign()}


class PopulationForm(forms.Form):
    on = forms.DateField(label=_("Date of the figure"), widget=DateInput())
    population = forms.IntegerField(
        label=_("People held"),
        min_value=0,
        max_value=MOST_HELD,
        help_text=_("As counted; it may exceed the capacity"),
    )
    capacity = forms.IntegerField(
        label=_("Official capacity on that date"),
        min_value=1,
        max_value=MOST_HELD,
        required=False,
        help_text=_("Only when it differs from the place's capacity"),
    )
    source = forms.CharField(
        label=_("Source"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("A URL or a citation")
    )
    replace = forms.BooleanField(
        required=False, label=_("Replace the figure already recorded for that date, if any")
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8) or XLSX: a register, or a population file")
    )
    dry_run = forms.BooleanField(required=False, label=_("Dry run: check every row and write nothing"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB; use the command line (custodiet places import) for "
                    "very large registers."
                )
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
