"""Forms of the testimony pages. They parse and label input only; the rules live in
custodiet.testimony.rules and are applied by the services, so the pages and the API refuse the same
things with the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodiet.core.errors import DomainError
from custodiet.core.forms import DateInput, DateTimeInput, LocalDateTimeField, asked
from custodiet.places.models import Place
from custodiet.testimony import rules, taxonomy
from custodiet.testimony.models import Allegation, Interview
from custodiet.testimony.services import ConsentDetails, IdentityDetails, NewPerson
from custodiet.visits.models import DelegationMember, DelegationRole, Visit
from custodiet.visits.selectors import role_rank

TEXTAREA = {"rows": 6}


# Django's form fields are generic in its type stubs only: subscripted for the type checker, plain at run time.
if TYPE_CHECKING:
    _MemberField = forms.ModelChoiceField[DelegationMember]
    _MembersField = forms.ModelMultipleChoiceField[DelegationMember]
    _PlaceField = forms.ModelChoiceField[Place]
else:
    _MemberField = forms.ModelChoiceField
    _MembersField = forms.ModelMultipleChoiceField
    _PlaceField = forms.ModelChoiceField


class MemberChoiceField(_MemberField):
    def label_from_instance(self, obj: DelegationMember) -> str:
        return f"{obj.name} ({obj.get_role_display()}{', ' + obj.expertise if obj.expertise else ''})"


class MembersChoiceField(_MembersField):
    def label_from_instance(self, obj: DelegationMember) -> str:
        return f"{obj.name} ({obj.get_role_display()})"


class PlaceChoiceField(_PlaceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj.name_en or obj.name_local} ({obj.ref})"


class InterviewForm(forms.Form):
    person_code = forms.CharField(
        max_length=40,
        required=False,
        label=_("Pseudonym of a person already met"),
        help_text=_("e.g. P-7KQ2MX9D. Leave empty for a person met for the first time: a new code is drawn."),
    )
    place = PlaceChoiceField(queryset=Place.objects.none(), label=_("Place (on the itinerary)"))
    held_at = LocalDateTimeField(
        widget=DateTimeInput(),
        label=_("Date and time of the interview"),
        help_text=_("The local time at the place."),
    )
    language = forms.CharField(
        max_length=60,
        label=_("Language of the interview"),
        help_text=_("Its name in English (Russian, Chechen) or its ISO 639 code (ru, che)."),
        widget=forms.TextInput(attrs={"list": "languages", "autocomplete": "off"}),
    )
    interviewers = MembersChoiceField(
        queryset=DelegationMember.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Interviewers")
    )
    interpreter = MemberChoiceField(
        queryset=DelegationMember.objects.none(),
        required=False,
        label=_("Interpreter"),
        empty_label=_("— none —"),
    )
    private = forms.BooleanField(
        required=False, initial=True, label=_("Private: no member of staff within sight or hearing")
    )
    within_hearing = forms.CharField(
        max_length=300,
        required=False,
        label=_("If not private: who was within hearing"),
        help_text=_("e.g. a guard at the open door"),
    )
    account = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA), label=_("The account, in the interviewee's words")
    )
    # A person met for the first time: identity (optional, encrypted, stored apart) and consent.
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    born_on = forms.DateField(widget=DateInput(), required=False, label=_("Date of birth"))
    registry_number = forms.CharField(max_length=64, required=False, label=_("Registry number"))
    other_identifying = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Other identifying details")
    )
    use_information = forms.BooleanField(required=False, label=_("Agrees that the information is used"))
    be_named = forms.BooleanField(required=False, label=_("Agrees to be named"))
    be_contacted_again = forms.BooleanField(required=False, label=_("Agrees to be contacted again"))

    NEW_PERSON_FIELDS = (
        "name",
        "born_on",
        "registry_number",
        "other_identifying",
        "use_information",
        "be_named",
        "be_contacted_again",
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            pk__in=visit.itinerary.values("place_id")
        ).order_by("name_en", "name_local")
        delegation = visit.delegation.present().select_related("user").order_by(role_rank(), "id")
        self.fields["interviewers"].queryset = delegation.exclude(role=DelegationRole.INTERPRETER)  # type: ignore[attr-defined]
        self.fields["interpreter"].queryset = delegation.filter(role=DelegationRole.INTERPRETER)  # type: ignore[attr-defined]

    def clean_language(self) -> str:
        """The language as a code: "russian", "Russian" and "ru" all become "ru"; anything else is refused
        here, on the field, rather than cut to its first three letters."""
        try:
            return rules.language_code(self.cleaned_data["language"])
        except DomainError as problem:
            raise forms.ValidationError(str(problem)) from problem

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person_code") and any(data.get(name) for name in self.NEW_PERSON_FIELDS):
            raise forms.ValidationError(
                _(
                    "A pseudonym was given: leave the new person's identity and consent empty (record a change "
                    "of consent on the interview's page)."
                )
            )
        return data

    def person_given(self) -> str | NewPerson:
        """Who the interview is with, as the user gave it: the pseudonym typed (the service finds the
        person, however it was written), or the new person's identity and consent."""
        data = self.cleaned_data
        if data["person_code"]:
            return str(data["person_code"])
        return NewPerson(
            identity=IdentityDetails(
                name=data["name"],
                born_on=data["born_on"],
                registry_number=data["registry_number"],
                other_identifying=data["other_identifying"],
            ),
            consent=ConsentDetails(
                use_information=data["use_information"],
                be_named=data["be_named"],
                be_contacted_again=data["be_contacted_again"],
            ),
        )

    def new_person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NEW_PERSON_FIELDS]

    def interview_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.NEW_PERSON_FIELDS]


class AllegationForm(forms.Form):
    # No answer is pre-selected: an untouched list would otherwise record a fact nobody stated.
    type = forms.ChoiceField(
        choices=asked(taxonomy.choices(taxonomy.ALLEGATION_TYPES)), label=_("Type of ill-treatment")
    )
    perpetrator = forms.ChoiceField(
        choices=asked(taxonomy.choices(taxonomy.PERPETRATOR_CATEGORIES)),
        label=_("Alleged perpetrators"),
        help_text=_("“Not known to the interviewee” is an answer too."),
    )
    stage = forms.ChoiceField(
        choices=asked(taxonomy.choices(taxonomy.STAGES)),
        label=_("Stage"),
        help_text=_("“Not known” is an answer too."),
    )
    precision = forms.ChoiceField(
        choices=taxonomy.choices(taxonomy.DATE_PRECISIONS), initial="unknown", label=_("When: how precisely")
    )
    occurred_from = forms.DateField(widget=DateInput(), required=False, label=_("From (or on)"))
    occurred_to = forms.DateField(widget=DateInput(), required=False, label=_("To"))
    place_alleged = PlaceChoiceField(
        queryset=Place.objects.none(),
        required=False,
        label=_("Place"),
        empty_label=_("— not in the register / not known —"),
    )
    location_detail = forms.CharField(
        max_length=500,
        required=False,
        label=_("Where exactly"),
        help_text=_("e.g. an office on the 2nd floor; encrypted"),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA), required=False, label=_("What the interviewee says happened")
    )

    def __init__(self, *args: Any, interview: Interview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place_alleged"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            state_id=interview.visit.state_id
        ).order_by("name_en", "name_local")


class ExaminationForm(forms.Form):
    examined_by = MemberChoiceField(
        queryset=DelegationMember.objects.none(), label=_("Examined by (a doctor of the delegation)")
    )
    examined_at = LocalDateTimeField(
        widget=DateTimeInput(), label=_("Examined at"), help_text=_("The local time at the place.")
    )
    allegation = forms.ModelChoiceField(
        queryset=Allegation.objects.none(),
        required=False,
        label=_("Allegation examined"),
        empty_label=_("— the interview as a whole —"),
    )
    injuries = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA), label=_("Injuries seen (or that none were seen)")
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Medical notes")
    )
    consistency = forms.ChoiceField(
        choices=[("", _("— not graded —")), *taxonomy.choices(taxonomy.CONSISTENCY_SCALE)],
        required=False,
        label=_("Consistency with the account (Istanbul Protocol)"),
    )
    photographs = forms.BooleanField(required=False, label=_("Injuries photographed"))
    on_behalf = forms.BooleanField(
        required=False,
        label=_("I enter this on behalf of the doctor named above, who examined the person"),
        help_text=_("Leave it unticked if you are that doctor. Both names are kept and shown."),
    )

    def __init__(self, *args: Any, interview: Interview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        doctors = [
            member.pk for member in interview.visit.delegation.present() if rules.is_medical(member.expertise)
        ]
        self.fields["examined_by"].queryset = DelegationMember.objects.filter(pk__in=doctors)  # type: ignore[attr-defined]
        self.fields["allegation"].queryset = interview.allegations.all()  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    # No day filled in: today put there for the user would be recorded as the day consent was given.
    given_on = forms.DateField(
        widget=DateInput(),
        label=_("Given on"),
        error_messages={"required": _("Give the day consent was given: no day is assumed.")},
    )
    use_information = forms.BooleanField(required=False, label=_("Agrees that the information is used"))
    be_named = forms.BooleanField(required=False, label=_("Agrees to be named"))
    be_contacted_again = forms.BooleanField(required=False, label=_("Agrees to be contacted again"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("How it was asked and given")
    )


class ReprisalForm(forms.Form):
    level = forms.ChoiceField(
        choices=asked(taxonomy.choices(taxonomy.REPRISAL_LEVELS)), label=_("Level of risk")
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Why the person is at risk"))


class FollowUpForm(forms.Form):
    action = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Action"))
    due_at_next_visit = forms.BooleanField(required=False, initial=True, label=_("Due at the next visit"))
    due_on = forms.DateField(
        widget=DateInput(), required=False, label=_("Or due by"), help_text=_("Untick the box above")
    )


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(widget=DateInput(), label=_("Done on"))
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Outcome"))


class AggregateFilterForm(forms.Form):
    state = forms.CharField(max_length=100, required=False)  # an ISO code or a name (resolve_state)
    place = forms.CharField(max_length=60, required=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
