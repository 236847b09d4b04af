"""Forms of the report pages. They parse and label input only; the rules live in
custodiet.reports.rules and are applied by the services, so the API and the pages refuse the same things
with the same words."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodiet.core import clock
from custodiet.core.dates import shown_date
from custodiet.core.forms import DateInput
from custodiet.places.models import Place
from custodiet.reports.models import Item, Report
from custodiet.reports.rules import (
    STATEMENT_RULES,
    ImplementationStatus,
    ItemKind,
    Priority,
    ReportStatus,
    Theme,
)
from custodiet.standards.models import Finding
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.forms import BodyChoiceField, StateChoiceField
from custodiet.visits.models import Visit, VisitStatus


def _today() -> date:
    return clock.today()


def lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


# Django's form fields are generic in its type stubs only: subscripted for the type checker, plain at run time.
if TYPE_CHECKING:
    _VisitField = forms.ModelChoiceField[Visit]
else:
    _VisitField = forms.ModelChoiceField


class VisitChoiceField(_VisitField):
    def label_from_instance(self, obj: Visit) -> str:
        return f"{obj.body.code} → {obj.state.shown_name}: {obj} ({shown_date(obj.planned_start)})"


class CreateForm(forms.Form):
    visit = VisitChoiceField(
        queryset=Visit.objects.none(),
        required=False,
        label=_("Visit"),
        help_text=_("Draft the report from this visit's findings (body and State follow the visit)"),
    )
    body = BodyChoiceField(
        queryset=MonitoringBody.objects.order_by("code"), required=False, label=_("Monitoring body")
    )
    state = StateChoiceField(
        queryset=State.objects.listed().order_by("name_en"), required=False, label=_("State")
    )
    title = forms.CharField(max_length=300, required=False, label=_("Title"))
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Introduction")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = (  # type: ignore[attr-defined]
            Visit.objects.filter(status__in=[VisitStatus.UNDER_WAY, VisitStatus.COMPLETED])
            .select_related("body", "state")
            .order_by("-planned_start")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("visit") and not (data.get("body") and data.get("state") and data.get("title")):
            raise forms.ValidationError(_("Choose a visit, or give the body, the State and a title."))
        return data


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=ItemKind.choices, label=pgettext_lazy("item of a report", "Kind"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Text"))
    theme = forms.ChoiceField(choices=Theme.choices, initial=Theme.OTHER, label=_("Heading"))
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL, label=_("Priority"))
    authority = forms.CharField(
        max_length=300, required=False, label=_("Authority"), help_text=_("The authority addressed")
    )
    deadline = forms.DateField(
        widget=DateInput(),
        required=False,
        label=_("Deadline"),
        help_text=_("Only if earlier than the report's"),
    )
    findings = forms.ModelMultipleChoiceField(
        queryset=Finding.objects.none(), required=False, label=_("Findings")
    )
    places = forms.ModelMultipleChoiceField(queryset=Place.objects.none(), required=False, label=_("Places"))
    repeats = forms.ModelChoiceField(
        queryset=Item.objects.none(),
        required=False,
        label=_("Repeats"),
        help_text=_("The same item in an earlier report"),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = Finding.objects.filter(  # type: ignore[attr-defined]
            visit__in=report.visits.values("pk")
        ).select_related("place")
        self.fields["places"].queryset = Place.objects.filter(state=report.state_id)  # type: ignore[attr-defined]
        self.fields["repeats"].queryset = (  # type: ignore[attr-defined]
            Item.objects.filter(report__state=report.state_id, report__body=report.body_id)
            .exclude(report=report)
            .exclude(report__status=ReportStatus.DRAFT)
            .select_related("report")
        )


def item_initial(item: Item) -> dict[str, Any]:
    """An item's values, to edit it with ``ItemForm``."""
    return {
        "kind": item.kind,
        "text": item.text,
        "theme": item.theme,
        "priority": item.priority,
        "authority": item.authority,
        "deadline": item.deadline,
        "findings": list(item.findings.values_list("pk", flat=True)),
        "places": list(item.places.values_list("pk", flat=True)),
        "repeats": item.repeats_id,
    }


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Adopted on"))
    votes_for = forms.IntegerField(min_value=0, label=_("Votes for"))
    votes_against = forms.IntegerField(min_value=0, initial=0, label=_("Votes against"))
    abstentions = forms.IntegerField(min_value=0, initial=0, label=_("Abstentions"))
    voters = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Voters"),
        help_text=_("The members who voted, one name a line (or leave empty and give the counts only)"),
    )

    def clean_voters(self) -> list[str]:
        return lines(self.cleaned_data["voters"])


class TransmitForm(forms.Form):
    transmitted_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Transmitted on"))
    response_due = forms.DateField(
        widget=DateInput(),
        required=False,
        label=_("Response due"),
        help_text=_("Leave empty for six months after transmission"),
    )


class DeadlineForm(forms.Form):
    response_due = forms.DateField(widget=DateInput(), label=_("Response due"))
    reason = forms.CharField(max_length=500, label=_("Reason"))


class ResponseForm(forms.Form):
    received_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Received on"))
    reference = forms.CharField(
        max_length=300,
        required=False,
        label=pgettext_lazy("a letter's number", "Reference"),
        help_text=_("e.g. the letter's number"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("General comments")
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"answer_{item.number}"] = forms.CharField(
                label=_("Answer to item %(number)s") % {"number": item.number},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text=item.text[:200],
            )
            self.fields[f"documents_{item.number}"] = forms.CharField(
                label=_("Documents for item %(number)s") % {"number": item.number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=_("File names or links, one a line"),
            )

    def answers(self) -> dict[int, tuple[str, tuple[str, ...]]]:
        data = self.cleaned_data
        return {
            item.number: (
                data.get(f"answer_{item.number}", ""),
                tuple(lines(data.get(f"documents_{item.number}", ""))),
            )
            for item in self.items
            if data.get(f"answer_{item.number}", "").strip()
        }


class PublicationRequestForm(forms.Form):
    requested_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Requested on"))
    reference = forms.CharField(
        max_length=300,
        label=pgettext_lazy("a letter's number", "Reference"),
        help_text=_("The State's request: note verbale, letter, its date"),
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Published on"))
    publication_reference = forms.CharField(
        max_length=100,
        required=False,
        label=_("Publication reference"),
        help_text=_("e.g. CPT/Inf (2026) 1"),
    )
    publication_url = forms.URLField(
        max_length=300, required=False, assume_scheme="https", label=_("Publication address (URL)")
    )


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ImplementationStatus.choices, label=_("Status"))
    set_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Assessed on"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Reason"))


class StatementForm(forms.Form):
    body = BodyChoiceField(queryset=MonitoringBody.objects.none(), label=_("Monitoring body"))
    state = StateChoiceField(queryset=State.objects.listed().order_by("name_en"), label=_("State"))
    title = forms.CharField(max_length=300, label=_("Title"))
    subject = forms.CharField(max_length=300, required=False, label=_("Subject"))
    decided_on = forms.DateField(widget=DateInput(), initial=_today, label=_("Decided on"))
    votes_for = forms.IntegerField(min_value=0, label=_("Votes for"))
    views_invited_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label=_("Views invited on"),
        help_text=_("When the State was given the chance to make its views known"),
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, label=_("Text"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = MonitoringBody.objects.filter(  # type: ignore[attr-defined]
            instrument__code__in=list(STATEMENT_RULES)
        ).order_by("code")


class ReminderForm(forms.Form):
    note = forms.CharField(max_length=1000, required=False, label=_("Note"))
