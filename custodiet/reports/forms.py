"""Forms of the report pages. They parse and label input only; the rules live in
custodiet.reports.rules and are applied by the services, so the API and the pages refuse the same things
with the same words."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

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


class VisitChoiceField(forms.ModelChoiceField[Visit]):
    def label_from_instance(self, obj: Visit) -> str:
        return f"{obj.body.code} → {obj.state.name_en}: {obj} ({shown_date(obj.planned_start)})"


class CreateForm(forms.Form):
    visit = VisitChoiceField(
        queryset=Visit.objects.none(),
        required=False,
        help_text="Draft the report from this visit's findings (body and State follow the visit)",
    )
    body = BodyChoiceField(queryset=MonitoringBody.objects.order_by("code"), required=False)
    state = StateChoiceField(queryset=State.objects.listed().order_by("name_en"), required=False)
    title = forms.CharField(max_length=300, required=False)
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

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
            raise forms.ValidationError("Choose a visit, or give the body, the State and a title.")
        return data


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=ItemKind.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    theme = forms.ChoiceField(choices=Theme.choices, initial=Theme.OTHER)
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL)
    authority = forms.CharField(max_length=300, required=False, help_text="The authority addressed")
    deadline = forms.DateField(
        widget=DateInput(), required=False, help_text="Only if earlier than the report's"
    )
    findings = forms.ModelMultipleChoiceField(queryset=Finding.objects.none(), required=False)
    places = forms.ModelMultipleChoiceField(queryset=Place.objects.none(), required=False)
    repeats = forms.ModelChoiceField(
        queryset=Item.objects.none(), required=False, help_text="The same item in an earlier report"
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
    adopted_on = forms.DateField(widget=DateInput(), initial=_today)
    votes_for = forms.IntegerField(min_value=0)
    votes_against = forms.IntegerField(min_value=0, initial=0)
    abstentions = forms.IntegerField(min_value=0, initial=0)
    voters = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="The members who voted, one name a line (or leave empty and give the counts only)",
    )

    def clean_voters(self) -> list[str]:
        return lines(self.cleaned_data["voters"])


class TransmitForm(forms.Form):
    transmitted_on = forms.DateField(widget=DateInput(), initial=_today)
    response_due = forms.DateField(
        widget=DateInput(), required=False, help_text="Leave empty for six months after transmission"
    )


class DeadlineForm(forms.Form):
    response_due = forms.DateField(widget=DateInput())
    reason = forms.CharField(max_length=500)


class ResponseForm(forms.Form):
    received_on = forms.DateField(widget=DateInput(), initial=_today)
    reference = forms.CharField(max_length=300, required=False, help_text="e.g. the letter's number")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="General comments"
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"answer_{item.number}"] = forms.CharField(
                label=f"Answer to item {item.number}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text=item.text[:200],
            )
            self.fields[f"documents_{item.number}"] = forms.CharField(
                label=f"Documents for item {item.number}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text="File names or links, one a line",
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
    requested_on = forms.DateField(widget=DateInput(), initial=_today)
    reference = forms.CharField(
        max_length=300, help_text="The State's request: note verbale, letter, its date"
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(widget=DateInput(), initial=_today)
    publication_reference = forms.CharField(max_length=100, required=False, help_text="e.g. CPT/Inf (2026) 1")
    publication_url = forms.URLField(max_length=300, required=False, assume_scheme="https")


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ImplementationStatus.choices)
    set_on = forms.DateField(widget=DateInput(), initial=_today)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StatementForm(forms.Form):
    body = BodyChoiceField(queryset=MonitoringBody.objects.none())
    state = StateChoiceField(queryset=State.objects.listed().order_by("name_en"))
    title = forms.CharField(max_length=300)
    subject = forms.CharField(max_length=300, required=False)
    decided_on = forms.DateField(widget=DateInput(), initial=_today)
    votes_for = forms.IntegerField(min_value=0)
    views_invited_on = forms.DateField(
        widget=DateInput(),
        required=False,
        help_text="When the State was given the chance to make its views known",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = MonitoringBody.objects.filter(  # type: ignore[attr-defined]
            instrument__code__in=list(STATEMENT_RULES)
        ).order_by("code")


class ReminderForm(forms.Form):
    note = forms.CharField(max_length=1000, required=False)
