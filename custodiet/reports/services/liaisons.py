"""Writes about the State's liaisons: which State an account answers for, and the reminders e-mailed
to them when an answer is overdue (a report's response, or immediate observations').

A reminder is written in each liaison's own interface language (``User.language``), one e-mail per
language: the liaison reads it, not the member of the secretariat whose page sent it; an account that
chose no language gets the project's (English). A report's title stays as the report is written."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.models import Role, User
from custodiet.core.services import acting_user, save_and_audit
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
            _("%(user)s is a %(role)s: only state-liaison accounts answer for a State.")
            % {"user": user.username, "role": user.get_role_display().lower()}
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
        raise DomainError(_("A reminder is about one report or one set of immediate observations."))
    if report is not None:
        state = report.state
        if rules.response_state(report.response_due, report.response_received_on, day) != "overdue":
            raise DomainError(_("The response to “%(title)s” is not overdue.") % {"title": report.title})
    else:
        assert observation is not None
        state = observation.visit.state
        if rules.response_state(observation.response_due, observation.response_received_on, day) != "overdue":
            raise DomainError(_("The answer to these immediate observations is not overdue."))
    liaisons = list(
        User.objects.filter(liaison_assignment__state=state, role=Role.STATE_LIAISON, is_active=True).only(
            "email", "language"
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
    _send_reminders(liaisons, state=state, report=report, observation=observation, note=note.strip())
    reminder = Reminder(
        report=report,
        observation=observation,
        sent_on=day,
        note=note.strip(),
        recipients=len(addresses),
        sent_by=acting_user(by),
    )
    return save_and_audit(
        reminder,
        by=by,
        verb="reminder.send",
        detail={
            "report": report.pk if report else None,
            "observation": observation.pk if observation else None,
            "recipients": len(addresses),
        },
    )


def _send_reminders(
    liaisons: list[User],
    *,
    state: State,
    report: Report | None,
    observation: ImmediateObservation | None,
    note: str,
) -> None:
    """One e-mail per language the liaisons read (``User.language``; English where none was chosen)."""
    known = dict(settings.LANGUAGES)
    by_language: dict[str, list[str]] = {}
    for user in liaisons:
        if user.email:
            language = user.language if user.language in known else settings.LANGUAGE_CODE
            by_language.setdefault(language, []).append(user.email)
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            subject, message = _reminder_text(state=state, report=report, observation=observation, note=note)
        send_mail(subject=subject, message=message, from_email=None, recipient_list=addresses)


def _reminder_text(
    *, state: State, report: Report | None, observation: ImmediateObservation | None, note: str
) -> tuple[str, str]:
    """The subject and body of a reminder, in the active language."""
    if report is not None:
        what = _("the report “%(title)s”") % {"title": report.title}
        due = report.response_due
    else:
        assert observation is not None
        what = _("the immediate observations of %(day)s") % {"day": shown_date(observation.communicated_on)}
        due = observation.response_due
    subject = _("Reminder: an answer is overdue (%(what)s)") % {"what": what}
    message = _(
        "The answer of the authorities of %(state)s to %(what)s was due on %(day)s and is overdue."
    ) % {"state": state.shown_name, "what": what, "day": shown_date(due)}
    return subject, f"{message}\n\n{note}".strip()
