"""Forms of the people pages: an account with its role and the parts the apps above core add to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodiet.core.models import Role, User
from custodiet.core.people.parts import account_parts, part_data

USERNAME_HELP = (
    "A pseudonymous handle such as m.delegate-07, never a real name: it is stored and audited in clear."
)
REASON_HELP = _("For the second person who decides; kept encrypted.")


class _WithParts(forms.Form):
    """Adds each registered part's fields after the form's own, and reads them back by part."""

    account: User | None = None

    def __init__(self, *args: Any, account: User | None = None, **kwargs: Any) -> None:
        self.account = account
        if account is not None:
            initial = dict(kwargs.pop("initial", None) or {})
            for part in account_parts():
                initial.update(part.initial(account))
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for part in account_parts():
            self.fields.update(part.fields())
        self.fields["reason"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=REASON_HELP
        )

    def parts(self) -> dict[str, dict[str, Any]]:
        return {part.key: part_data(part, self.cleaned_data) for part in account_parts()}


class AccountCreateForm(_WithParts):
    username = forms.CharField(max_length=150, help_text=USERNAME_HELP)
    role = forms.ChoiceField(choices=Role.choices)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=254, required=False)


class AccountChangeForm(_WithParts):
    role = forms.ChoiceField(choices=Role.choices)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=254, required=False)

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "role": account.role,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": account.email,
            },
        )
        super().__init__(*args, account=account, **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=REASON_HELP)


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "any role"), *Role.choices], required=False)
    active = forms.ChoiceField(
        choices=[("", "active and inactive"), ("yes", "active"), ("no", "inactive")], required=False
    )
