"""Writes of the committee's public statements (Art. 10(2) ECPT) and of the protected names that no
published report may carry (Art. 11(3))."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, save_and_audit
from custodiet.reports import selectors
from custodiet.reports.models import ProtectedName, PublicStatement, Report
from custodiet.reports.names import MIN_NAME_LENGTH
from custodiet.reports.rules import check_public_statement
from custodiet.reports.services.common import checked_text
from custodiet.treaties.models import MonitoringBody, State


@transaction.atomic
def public_statement_make(
    *,
    body: MonitoringBody,
    state: State,
    title: str,
    decided_on: date,
    votes_for: int,
    views_invited_on: date | None,
    by: Actor,
    text: str = "",
    subject: str = "",
    reports: Sequence[Report] = (),
    today: date | None = None,
) -> PublicStatement:
    """A public statement (Art. 10(2) ECPT): the committee's members on the day are the parties' seats."""
    instrument = body.instrument.code if body.instrument_id and body.instrument else None
    members = selectors.committee_size(instrument, decided_on) if instrument else 0
    check_public_statement(
        instrument=instrument,
        decided_on=decided_on,
        votes_for=votes_for,
        members=members,
        views_invited_on=views_invited_on,
        today=clock.today_or(today),
    )
    for report in reports:
        if report.state_id != state.pk or report.body_id != body.pk:
            raise DomainError(
                _("“%(report)s” is not a report of %(body)s to %(state)s.")
                % {"report": report, "body": body.code, "state": state.shown_name}
            )
    statement = PublicStatement(
        body=body,
        state=state,
        title=checked_text(title, _("The statement's title"))[:300],
        decided_on=decided_on,
        votes_for=votes_for,
        members=members,
        views_invited_on=views_invited_on,
        text=checked_text(text, _("The statement"), required=False),
        subject=subject.strip()[:300],
        created_by=acting_user(by),
    )
    return save_and_audit(
        statement,
        by=by,
        verb="public_statement.make",
        related={"reports": reports},
        detail={
            "body": body.code,
            "state": state.code,
            "decided_on": decided_on,
            "votes_for": votes_for,
            "members": members,
            "views_invited_on": views_invited_on,
        },
    )


@transaction.atomic
def protected_name_add(*, name: str, by: Actor, state: State | None = None, note: str = "") -> ProtectedName:
    """Add a name that no published report may carry (kept encrypted; the audit entry omits it)."""
    name = " ".join((name or "").split())
    if len(name) < MIN_NAME_LENGTH:
        raise DomainError(
            _("A protected name has at least %(count)s characters.") % {"count": MIN_NAME_LENGTH}
        )
    protected = ProtectedName(name=name, state=state, note=note.strip(), added_by=acting_user(by))
    return save_and_audit(
        protected, by=by, verb="protected_name.add", detail={"state": state.code if state else None}
    )
