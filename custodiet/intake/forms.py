"""The intake's one form: correcting an event's title and its links to a State and a treaty.

The links are typed as a user names them (RU, RUS or the State's name; ETS-126,
ECPT or "ETS No. 126"); the service resolves them and refuses an unknown one. The
fields are shown with ``core/_form_fields.html``.
"""

from __future__ import annotations

from typing import Any

from django import forms

from custodiet.intake.models import Event


class EventLinksForm(forms.Form):
    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 50}))
    state = forms.CharField(
        label="State",
        required=False,
        max_length=100,
        help_text="ISO code (RU, RUS) or name; blank for none.",
    )
    instrument = forms.CharField(
        label="Treaty",
        required=False,
        max_length=200,
        help_text="Code, short title or alias (ETS-126, ECPT, ETS No. 126); blank for none.",
    )

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        """The event's title and links as they stand, to show in the form."""
        return {
            "title": event.title,
            "state": event.state.code if event.state else "",
            "instrument": event.instrument.code if event.instrument else "",
        }
