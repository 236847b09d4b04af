"""Writes about a visit's delegation: who joins it, who leaves it, and who may be removed from it.

Names are never copied: a member linked to an account is named by the account's
own, encrypted record, and someone without an account has their name encrypted on
the member (``own_name``). Audit entries name members and accounts by id.

Nothing recorded elsewhere is deleted by an edit here: a member who took part in a
record of another part (an interview, as interviewer or interpreter, a medical
examination, ...) cannot be removed, since the record would lose who took it
(or, for an examination, could not be kept). They are marked as having left
instead (``delegation_leave``): the records keep them, their account loses the
visit's record. Which records count is read from the relations other parts
declare to ``DelegationMember``, so this module needs no import of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor, Capability, can, sees_testimony
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.fields import blind_lookup
from custodiet.core.models import User
from custodiet.core.services import save_and_audit, validated_save
from custodiet.visits import rules
from custodiet.visits.models import DelegationMember, DelegationRole, Visit


class MemberHasRecords(DomainError):
    """Removing this member would take them off records of the visit (or could not keep them)."""

    def __init__(self, member: DelegationMember, records: dict[str, int]) -> None:
        self.records = records
        listed = ", ".join(f"{count} {label}" for label, count in records.items())
        super().__init__(
            _(
                "%(name)s cannot be removed: they took part in %(records)s, which would lose who took them. "
                "Mark them as having left the delegation instead: the records keep them, and their account "
                "loses access to the visit."
            )
            % {"name": member.name, "records": listed}
        )

    def details(self) -> dict[str, Any]:
        return {"records": self.records, "may_leave": True}


def member_records(member: DelegationMember) -> dict[str, int]:
    """How many records of each kind name this member, through every relation declared to it."""
    found: dict[str, int] = {}
    for relation in DelegationMember._meta.related_objects:
        count = getattr(member, relation.get_accessor_name() or "").count()
        if count and not isinstance(relation.related_model, str):
            meta = relation.related_model._meta
            label = str(meta.verbose_name if count == 1 else meta.verbose_name_plural)
            found[label] = found.get(label, 0) + count
    return found


def _name_taken(visit: Visit, name: str) -> bool:
    candidates = blind_lookup(DelegationMember, "own_name_index", name)
    return visit.delegation.filter(own_name_index__in=candidates).exists()


def _ensure_may_open_testimony(user: User, by: Actor) -> None:
    """Linking an account that sees testimony opens this visit's interviews to it, which needs the
    secretariat, as granting such a role does (the four eyes): an administrator plans delegations, but
    may not widen what an account it manages reads. The system (the command line) may."""
    if by is None or not sees_testimony(user.role) or can(by, Capability.APPROVE_ACCOUNT_CHANGES):
        return
    raise DomainError(
        _(
            "Adding %(name)s opens this visit's interviews to their account: a member of the secretariat "
            "adds them, on the visit's delegation page."
        )
        % {"name": user.get_username()}
    )


@transaction.atomic
def delegation_add(
    *,
    visit: Visit,
    role: str,
    by: Actor,
    name: str = "",
    expertise: str = "",
    user: User | None = None,
) -> DelegationMember:
    """Add a member, expert or interpreter: an account (a delegation or committee member or of the
    secretariat; it gives its holder the visit's record), or someone without one, by name (encrypted)."""
    rules.ensure_open(visit.status, "delegation")
    if role not in DelegationRole.values:
        raise DomainError(
            _("Unknown delegation role “%(role)s”: one of %(roles)s.")
            % {"role": role, "roles": ", ".join(DelegationRole.values)}
        )
    own_name = name.strip()  # for an account, only if given: its own record names it otherwise
    if user is not None:
        rules.check_account_role(user.role)
        _ensure_may_open_testimony(user, by)
        if visit.delegation.filter(user=user).exists():
            raise DomainError(_("%(name)s is already on this delegation.") % {"name": user.get_username()})
    elif not own_name:
        raise DomainError(_("Give the member's name, or link an account."))
    if own_name and _name_taken(visit, own_name):
        raise DomainError(_("%(name)s is already on this delegation.") % {"name": own_name})
    member = DelegationMember(
        visit=visit, own_name=own_name, role=role, expertise=expertise.strip(), user=user
    )
    validated_save(member)
    audit_record(
        actor=by,
        verb="delegation.add",
        target=member,
        detail={"visit": visit.pk, "member": member.pk, "role": role, "user": user.pk if user else None},
    )
    return member


@transaction.atomic
def delegation_remove(*, member: DelegationMember, by: Actor) -> None:
    """Take someone off the delegation (a linked account loses the visit's record); refused with the
    records they took part in, which would lose them: mark them as having left instead.

    The member's row is locked before it is read: a second removal sent at the same time (a double submit)
    finds it gone and does nothing, so one removal writes one audit entry."""
    locked = DelegationMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None:
        return  # already removed: the same answer, no second entry
    rules.ensure_open(member.visit.status, "delegation")
    records = member_records(member)
    if records:
        raise MemberHasRecords(member, records)
    audit_record(
        actor=by,
        verb="delegation.remove",
        target=member,
        detail={"visit": member.visit_id, "member": member.pk, "role": member.role, "user": member.user_id},
    )
    member.delete()


@transaction.atomic
def delegation_leave(*, member: DelegationMember, by: Actor, on: date | None = None) -> DelegationMember:
    """Mark someone as having left the delegation: the records they took part in keep them, their
    account (if any) no longer opens the visit's record."""
    rules.ensure_open(member.visit.status, "delegation")
    locked = DelegationMember.objects.select_for_update().filter(pk=member.pk).values_list("left_on").first()
    if locked is None:
        raise DomainError(_("This member is no longer on the delegation."))
    member.left_on = locked[0]
    day = clock.today_or(on)
    if member.left_on is not None:
        if member.left_on == day:
            return member  # the same change sent twice: already recorded, no second entry
        raise DomainError(
            _("%(name)s left the delegation on %(day)s.")
            % {"name": member.name, "day": shown_date(member.left_on)}
        )
    if day > clock.today():
        raise DomainError(_("A member leaves today or on a past day, not in the future."))
    member.left_on = day
    return save_and_audit(
        member,
        by=by,
        verb="delegation.leave",
        detail={"visit": member.visit_id, "member": member.pk, "user": member.user_id, "on": day.isoformat()},
    )
