"""Writes about the State's liaisons: which State an account answers for, and the reminders e-mailed
to them when an answer is overdue (a report's response, or immediate observations')."""

from __future__ import annotations

from datetime import date

from django.core.mail import send_mail
from django.db import transaction

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.models import Role, User
from custodiet.core.services import acting_user, validated_save
from custodiet.reports import rules
from custodiet.reports.models import LiaisonAssignment, Reminder, Report
from custodiet.reports.services.common import lock_report
from custodiet.treaties.models import State
from custodiet.visits.models import ImmediateObservation


@transaction.atomic
def liaison_assign(*, user: User, state: State, by: Actor, on: date | None = None) -> LiaisonAssignment:
    """Say which State a state-liaison account answers for (one State per account)."""
    if user.role != Role.STATE_LIAISON:
        raise DomainError(
            f"{user.username} is a {user.get_role_display().lower()}: only state-liaison accounts answer "
            "for a State."
        )
    assignment, created = LiaisonAssignment.objects.update_or_create(
        user=user,
        defaults={"state": state, "assigned_on": clock.today_or(on), "assigned_by": acting_user(by)},
    )
    audit_record(
        actor=by,
        verb="liaison.assign",
        target=assignment,
        detail={"user": user.pk, "state": state.code, "created": created},
    )
    return assignment


@transaction.atomic
def reminder_send(
    *,
    by: Actor,
    report: Report | None = None,
    observation: ImmediateObservation | None = None,
    note: str = "",
    today: date | None = None,
) -> Reminder:
    """Remind the State of an overdue answer: e-mail its liaison accounts and keep the reminder."""
    day = clock.today_or(today)
    if (report is None) == (observation is None):
        raise DomainError("A reminder is about one report or one set of immediate observations.")
    if report is not None:
        state, title = report.state, report.title
        if rules.response_state(report.response_due, report.response_received_on, day) != "overdue":
            raise DomainError(f"The response to “{report.title}” is not overdue.")
    else:
        assert observation is not None
        state, title = (
            observation.visit.state,
            f"immediate observations of {shown_date(observation.communicated_on)}",
        )
        if rules.response_state(observation.response_due, observation.response_received_on, day) != "overdue":
            raise DomainError("The answer to these immediate observations is not overdue.")
    liaisons = list(
        User.objects.filter(liaison_assignment__state=state, role=Role.STATE_LIAISON, is_active=True).only(
            "email"
        )
    )
    addresses = [user.email for user in liaisons if user.email]
    if report is not None:
        lock_report(report)  # a second submit waits for the first, then finds its reminder
    else:
        assert observation is not None
        ImmediateObservation.objects.select_for_update().filter(pk=observation.pk).first()
    sent = Reminder.objects.filter(
        report=report, observation=observation, sent_on=day, note=note.strip()
    ).first()
    if sent is not None:
        return sent  # a double submit: the same reminder sent once today, one e-mail, one audit entry
    if addresses:
        send_mail(
            subject=f"Reminder: an answer is overdue ({title})",
            message=(
                f"The answer of the authorities of {state} to {title} is overdue. {note.strip()}".strip()
            ),
            from_email=None,
            recipient_list=addresses,
        )
    reminder = Reminder(
        report=report,
        observation=observation,
        sent_on=day,
        note=note.strip(),
        recipients=len(addresses),
        sent_by=acting_user(by),
    )
    validated_save(reminder)
    audit_record(
        actor=by,
        verb="reminder.send",
        target=reminder,
        detail={
            "report": report.pk if report else None,
            "observation": observation.pk if observation else None,
            "recipients": len(addresses),
        },
    )
    return reminder
