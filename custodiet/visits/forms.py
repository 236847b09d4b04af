"""Forms of the visit pages. They parse and label input only; the rules live in custodiet.visits.rules
and are applied by the services, so the API and the pages refuse the same things with the same words."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from custodiet.core.dates import shown_date
from custodiet.core.forms import DateInput, DateTimeInput, LocalDateTimeField, asked
from custodiet.core.zones import zone_choices
from custodiet.places.models import Place
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.selectors import find_state
from custodiet.treaties.templatetags.treaties_names import body_name
from custodiet.visits import rules, selectors
from custodiet.visits.models import (
    AccessKind,
    DelegationRole,
    NotificationSubject,
    Visit,
    VisitKind,
)
from custodiet.visits.objections import ObjectionClause

# Django's form fields are generic in its type stubs only: subscripted for the type checker, plain at run time.
if TYPE_CHECKING:
    _BodyField = forms.ModelChoiceField[MonitoringBody]
    _StateField = forms.ModelChoiceField[State]
else:
    _BodyField = forms.ModelChoiceField
    _StateField = forms.ModelChoiceField


class BodyChoiceField(_BodyField):
    def label_from_instance(self, obj: MonitoringBody) -> str:
        return f"{obj.code}: {body_name(obj.name)}"


class StateChoiceField(_StateField):
    """A State from the list, or named as every interface names one: "RU", "RUS", "Russian Federation" (an
    ISO entry that is not a State, left out of the list, is found this way)."""

    def label_from_instance(self, obj: State) -> str:
        return f"{obj.shown_name} ({obj.code})"

    def to_python(self, value: Any) -> State | None:
        try:
            return super().to_python(value)
        except ValidationError:
            state = find_state(str(value))
            if state is None:
                raise
            return state


def place_label(place: Place) -> str:
    return f"{place.name_en or place.name_local} ({place.ref})"


def place_choices(visit: Visit, *, optional: bool = True) -> list[Any]:
    """The visited State's places for a select, those on the itinerary first (two queries)."""
    on_itinerary = set(visit.itinerary.values_list("place_id", flat=True))
    places = list(selectors.places_in_state(visit.state_id).order_by("name_en", "name_local"))
    first = [(place.pk, place_label(place)) for place in places if place.pk in on_itinerary]
    others = [(place.pk, place_label(place)) for place in places if place.pk not in on_itinerary]
    choices: list[Any] = [("", _("— no particular place —"))] if optional else [("", _("— choose a place —"))]
    if first:
        choices.append((_("On the itinerary"), first))
    if others:
        choices.append((_("Other places in %(state)s") % {"state": visit.state.shown_name}, others))
    return choices


class PlanForm(forms.Form):
    body = BodyChoiceField(queryset=MonitoringBody.objects.none(), label=_("Monitoring body"))
    state = StateChoiceField(queryset=State.objects.none(), to_field_name="code", label=_("State visited"))
    kind = forms.ChoiceField(choices=asked(VisitKind.choices), label=_("Type of visit"))
    planned_start = forms.DateField(widget=DateInput(), label=_("First day"))
    planned_end = forms.DateField(widget=DateInput(), label=_("Last day"))
    title = forms.CharField(max_length=300, required=False, label=_("Title"))
    consent_reference = forms.CharField(
        max_length=300,
        required=False,
        label=_("Reference of the State's consent"),
        help_text=_("Needed only for a body with no right of its own to visit (e.g. a note verbale)."),
    )
    time_zone = forms.ChoiceField(
        choices=(),
        required=False,
        label=_("Time zone"),
        help_text=_(
            "Times of the visit are entered and shown in it. Left empty: the State's own, where it has only "
            "one; a State with several (the Russian Federation) needs one chosen."
        ),
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = asked(zone_choices(), _("— the State's own —"))  # type: ignore[attr-defined]
        self.fields["body"].queryset = selectors.bodies()  # type: ignore[attr-defined]
        self.fields["state"].queryset = selectors.states()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return dates_in_order(self, super().clean() or {})


def dates_in_order(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """Reversed dates are the dates' error, said on the last day's field, not the treaty gate's."""
    start, end = data.get("planned_start"), data.get("planned_end")
    if start and end and end < start:
        form.add_error(
            "planned_end",
            _("The last day (%(end)s) comes before the first day (%(start)s).")
            % {"end": shown_date(end), "start": shown_date(start)},
        )
    return data


class EditForm(forms.Form):
    title = forms.CharField(max_length=300, required=False, label=_("Title"))
    kind = forms.ChoiceField(choices=VisitKind.choices, label=_("Type of visit"))
    planned_start = forms.DateField(widget=DateInput(), label=_("First day"))
    planned_end = forms.DateField(widget=DateInput(), label=_("Last day"))
    consent_reference = forms.CharField(
        max_length=300, required=False, label=_("Reference of the State's consent")
    )
    time_zone = forms.ChoiceField(choices=(), required=False, label=_("Time zone"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = asked(zone_choices(), _("— unchanged —"))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return dates_in_order(self, super().clean() or {})


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=(), label=_("New status"))
    on = forms.DateField(
        widget=DateInput(),
        required=False,
        label=_("On"),
        help_text=_(
            "Under way: the day it started (default: the first arrival). Completed: the day it ended "
            "(default: the last departure, else today)."
        ),
    )
    reason = forms.CharField(max_length=500, required=False, label=_("Reason (for a cancellation)"))

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Visit._meta.get_field("status").choices or [])
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status, labels.get(status, status)) for status in rules.next_statuses(visit.status)
        ]


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        required=False, widget=DateInput(), label=_("Left on"), help_text=_("Left empty: today.")
    )


class DelegationForm(forms.Form):
    name = forms.CharField(
        max_length=200, required=False, label=_("Name"), help_text=_("Left empty: the account's name.")
    )
    role = forms.ChoiceField(choices=asked(DelegationRole.choices), label=_("Role"))
    expertise = forms.CharField(
        max_length=200, required=False, label=_("Expertise"), help_text=_("e.g. forensic doctor")
    )
    user = forms.ModelChoiceField(
        queryset=selectors.delegation_accounts().none(),
        to_field_name="username",
        required=False,
        label=_("Account"),
        help_text=_(
            "Linking an account lets its holder read and record on this visit. An account that sees testimony "
            "is linked by a member of the secretariat."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.delegation_accounts()  # type: ignore[attr-defined]


class ItineraryForm(forms.Form):
    place = forms.TypedChoiceField(coerce=int, choices=(), label=_("Place"))
    planned_on = forms.DateField(widget=DateInput(), required=False, label=_("Planned on"))

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(visit, optional=False)  # type: ignore[attr-defined]


class MomentForm(forms.Form):
    at = LocalDateTimeField(widget=DateTimeInput(), label=_("Date and time"))


class NotificationForm(forms.Form):
    subject = forms.ChoiceField(choices=asked(NotificationSubject.choices), label=_("What was notified"))
    notified_at = LocalDateTimeField(widget=DateTimeInput(), label=_("Notified at"))
    places = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        required=False,
        label=_("Places"),
        help_text=_(
            "For a list of places, or the one place notified on arrival (hold Ctrl or ⌘ to choose several)."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    addressee = forms.CharField(
        max_length=300, required=False, label=_("Addressee"), help_text=_("e.g. the liaison officer")
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note"))

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = place_choices(visit)[1:]  # type: ignore[attr-defined]


class AccessEventForm(forms.Form):
    kind = forms.ChoiceField(choices=asked(AccessKind.choices), label=_("What happened"))
    place = forms.TypedChoiceField(coerce=int, empty_value=None, choices=(), required=False, label=_("Place"))
    occurred_at = LocalDateTimeField(widget=DateTimeInput(), label=_("When"))
    delay_minutes = forms.IntegerField(
        min_value=1, required=False, label=_("Delay in minutes"), help_text=_("Only for a delay: how long.")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description")
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(visit)  # type: ignore[attr-defined]


OTHER_GROUND = "other"


class ObjectionForm(forms.Form):
    ground = forms.ChoiceField(choices=(), label=_("Ground"))
    ground_other = forms.CharField(
        max_length=300,
        required=False,
        label=_("The ground the State gave, in its words"),
        help_text=_("For a ground the treaty does not allow: it is recorded, and counted as such."),
    )
    raised_on = forms.DateField(widget=DateInput(), label=_("Raised on"))
    place = forms.TypedChoiceField(coerce=int, empty_value=None, choices=(), required=False, label=_("Place"))
    period_start = forms.DateField(widget=DateInput(), required=False, label=_("Period objected to: from"))
    period_end = forms.DateField(widget=DateInput(), required=False, label=_("Period objected to: until"))
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("What the State said")
    )

    def __init__(self, *args: Any, visit: Visit, clause: ObjectionClause, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = _("Another ground, which %(article)s does not allow") % {"article": clause.shown_citation}
        self.fields["ground"].choices = asked([*clause.shown_choices(), (OTHER_GROUND, other)])  # type: ignore[attr-defined]
        self.fields["ground"].help_text = _(
            "The grounds %(article)s allows, or another ground: every objection is recorded."
        ) % {"article": clause.shown_citation}
        self.fields["place"].choices = place_choices(visit)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = (data.get("ground_other") or "").strip()
        if data.get("ground") == OTHER_GROUND:
            if not given:
                self.add_error("ground_other", _("Write the ground the State gave."))
            data["ground"] = given
        elif given and data.get("ground"):
            self.add_error("ground_other", _("Choose “another ground” to record the State's own words."))
        data.pop("ground_other", None)
        return data


class ObservationForm(forms.Form):
    communicated_on = forms.DateField(widget=DateInput(), label=_("Communicated on"))
    response_due = forms.DateField(
        widget=DateInput(),
        required=False,
        label=_("Answer due"),
        help_text=_(
            "Offered: one month after communication. The committee sets it; leave empty for one month."
        ),
    )
    place = forms.TypedChoiceField(coerce=int, empty_value=None, choices=(), required=False, label=_("Place"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Observations"))

    def __init__(self, *args: Any, visit: Visit, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(visit)  # type: ignore[attr-defined]
        _first, last = rules.VisitDates(
            visit.planned_start, visit.planned_end, visit.started_on, visit.ended_on, visit.status
        ).span(today)
        communicated = min(last, today)
        self.fields["communicated_on"].initial = communicated
        self.fields["response_due"].initial = rules.default_response_due(communicated)


class AnswerForm(forms.Form):
    received_on = forms.DateField(widget=DateInput(), label=_("Answer received on"))
