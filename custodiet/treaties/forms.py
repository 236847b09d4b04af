"""The treaty pages' one form: the secretariat records the day a depositary received a notification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodiet.core.forms import DateInput


class NotificationForm(forms.Form):
    """A notification of denunciation (or withdrawal) received by the depositary, with its source."""

    instrument = forms.ChoiceField(label=_("Instrument"))
    received_on = forms.DateField(label=_("Received by the depositary on"), widget=DateInput())
    precision = forms.ChoiceField(
        label=_("The day is known"),
        choices=[("day", "to the day"), ("month", "only to the month"), ("year", "only to the year")],
        initial="day",
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=1000,
        help_text=_(
            "The depositary's notification to the Parties (its reference), or the page it was read on."
        ),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        choices=[
            ("certain", "certain: read in the depositary's notification"),
            ("sourced", "sourced: read in a reliable source"),
            ("uncertain", "unverified: not confirmed by a source read"),
        ],
        initial="sourced",
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instruments  # type: ignore[attr-defined]
