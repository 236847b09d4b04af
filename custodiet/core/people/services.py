"""Writes on accounts: create, change, deactivate, one-time passwords, and the four-eyes requests.

Separation of duties, enforced here whatever the interface (page, API, CLI):

- no one changes their own account here: role, names, parts, activation,
  password (their own is changed on the password page) or second factor;
- an account manager (an administrator) grants directly only roles that do not
  see testimony. Granting a role that does, a one-time password for an account
  that does, and resetting anyone's second factor are *requests*: a member of the
  secretariat, neither the one who asked nor the account concerned, approves or
  refuses them (``AccountRequest``);
- a one-time password is shown once, to whoever may hand it over, and must be
  changed at the first login. Granting a testimony role starts the account
  afresh: a new one-time password shown to the approver, not to the
  administrator, and a new second factor at the next login, so that no credential
  an administrator knew or set opens testimony;
- accounts are deactivated, never deleted.

Every change is an entry in the audit trail, naming accounts by id.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor, Capability, can, roles_with, sees_testimony
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.models import AccountRequest, RequestKind, RequestStatus, Role, User
from custodiet.core.people.parts import account_parts
from custodiet.core.services import save_and_audit, validated_save
from custodiet.core.twofactor import end_sessions, two_factor_reset

PartsData = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Outcome:
    """What a change did: the account, a one-time password to hand over (shown once), a request waiting
    for a second person, and a sentence for the user."""

    account: User
    message: str
    password: str | None = None
    request: AccountRequest | None = None


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def _person(by: Actor, capability: Capability) -> User:
    if not isinstance(by, User) or not can(by, capability):
        raise DomainError(
            _("Only an administrator manages accounts.")
            if capability == Capability.MANAGE_PEOPLE
            else _("Only a member of the secretariat approves changes to accounts.")
        )
    return by


def _not_oneself(account: User, by: User, refusal: str) -> None:
    """``refusal``: what is said to someone who tries it on their own account."""
    if account.pk == by.pk:
        raise DomainError(refusal)


def _sync_staff(account: User) -> None:
    """The admin site is for administrators: staff status follows the role, never a flag set by hand."""
    account.is_staff = account.role == Role.ADMINISTRATOR
    account.is_superuser = False


def _issue_password(account: User) -> str:
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    end_sessions(account)
    return password


def _check_parts(role: str, parts: PartsData) -> None:
    for part in account_parts():
        part.check(role, dict(parts.get(part.key, {})))


def _apply_parts(account: User, parts: PartsData, by: Actor) -> None:
    """Each part given saves its data through its app's service (which leaves what did not change)."""
    for part in account_parts():
        if part.key in parts:
            part.apply(account, dict(parts[part.key]), by)


def _request(
    *, kind: str, account: User, by: User, role: str = "", reason: str = "", parts: PartsData | None = None
) -> AccountRequest:
    if AccountRequest.objects.filter(account=account, kind=kind, status=RequestStatus.PENDING).exists():
        raise DomainError(
            _("A request to %(what)s for this account is already waiting.")
            % {"what": str(RequestKind(kind).label).lower()}
        )
    request = AccountRequest(
        kind=kind,
        account=account,
        role=role,
        reason=reason.strip(),
        parts={key: dict(value) for key, value in (parts or {}).items()},
        requested_by=by,
        requested_at=clock.now(),
    )
    validated_save(request)
    audit_record(
        actor=by,
        verb="account.request",
        target=request,
        detail={"request": request.pk, "kind": kind, "account": account.pk, "role": role or None},
    )
    return request


def _keeps_an_approver(account: User, *, role: str, active: bool) -> None:
    """Refuse to leave no one able to approve: with no active member of the secretariat, the command
    line's bootstrap would open the way to a secretariat account without a second person."""
    approving = roles_with(Capability.APPROVE_ACCOUNT_CHANGES)
    if account.role not in approving or not account.is_active or (active and role in approving):
        return
    others = User.objects.filter(is_active=True, role__in=approving).exclude(pk=account.pk)
    if not others.exists():
        raise DomainError(
            _(
                "%(name)s is the last active member of the secretariat, the only one who can approve changes "
                "to accounts: give the role to someone else first."
            )
            % {"name": account.username}
        )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise DomainError(
            _("Unknown role “%(role)s”: one of %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
        )


# -- accounts ---------------------------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    username: str,
    role: str,
    by: Actor,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    parts: PartsData | None = None,
    reason: str = "",
) -> Outcome:
    """Create an account. A role that does not see testimony is set at once, with a one-time password for
    the administrator to hand over; one that does waits for a second person (the account exists, with no
    role and no password, until then)."""
    manager = _person(by, Capability.MANAGE_PEOPLE)
    _check_role(role)
    username = username.strip()
    if not username:
        raise DomainError(_("Give a username: a pseudonymous handle such as m.delegate-07, not a real name."))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(name)s is taken.") % {"name": username})
    parts = parts or {}
    _check_parts(role, parts)
    pending = sees_testimony(role)
    account = User(
        username=username,
        role=Role.PUBLIC if pending else role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    _sync_staff(account)
    account.set_unusable_password()
    validated_save(account)
    audit_record(
        actor=manager,
        verb="account.create",
        target=account,
        detail={"account": account.pk, "role": account.role, "role_requested": role if pending else None},
    )
    if pending:
        request = _request(
            kind=RequestKind.GRANT_ROLE, account=account, by=manager, role=role, reason=reason, parts=parts
        )
        return Outcome(
            account,
            _(
                "Account %(name)s created. The role “%(role)s” sees testimony: a member of the secretariat "
                "approves it and hands over the one-time password."
            )
            % {"name": username, "role": Role(role).label},
            request=request,
        )
    _apply_parts(account, parts, manager)
    password = _issue_password(account)
    return Outcome(
        account,
        _("Account %(name)s created. Hand over its one-time password; it must be changed.")
        % {"name": username},
        password,
    )


@transaction.atomic
def account_update(
    *,
    account: User,
    by: Actor,
    role: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    parts: PartsData | None = None,
    reason: str = "",
) -> Outcome:
    """Change someone else's account. Names and e-mail change at once; a role that does not see testimony
    too; one that does is requested, and the parts given with it wait for the approval."""
    manager = _person(by, Capability.MANAGE_PEOPLE)
    _not_oneself(account, manager, _("No one changes their own account: ask another administrator."))
    account = User.objects.select_for_update().get(pk=account.pk)
    changed = []
    for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value is not None and value.strip() != getattr(account, name):
            setattr(account, name, value.strip())
            changed.append(name)
    parts = parts or {}
    new_role = role if role is not None and role != account.role else None
    if new_role is not None:
        _check_role(new_role)
        _keeps_an_approver(account, role=new_role, active=account.is_active)
    _check_parts(new_role or account.role, parts)
    request = None
    if new_role is not None and sees_testimony(new_role):
        request = _request(
            kind=RequestKind.GRANT_ROLE,
            account=account,
            by=manager,
            role=new_role,
            reason=reason,
            parts=parts,
        )
    elif new_role is not None:
        before, account.role = account.role, new_role
        _sync_staff(account)
        changed.append("role")
        audit_record(
            actor=manager,
            verb="account.role",
            target=account,
            detail={"account": account.pk, "from": before, "to": new_role},
        )
    if changed:
        save_and_audit(
            account,
            by=manager,
            verb="account.update",
            detail={"account": account.pk, "changed": changed},
        )
    if request is None:
        _apply_parts(account, parts, manager)
        return Outcome(account, _("Account %(name)s saved.") % {"name": account.username})
    return Outcome(
        account,
        _(
            "The role “%(role)s” sees testimony: it waits for a member of the secretariat to approve it, with "
            "what goes with it."
        )
        % {"role": Role(new_role or "").label},
        request=request,
    )


@transaction.atomic
def account_set_active(*, account: User, active: bool, by: Actor) -> Outcome:
    """Deactivate (never delete) or reactivate someone else's account; deactivation ends its sessions."""
    manager = _person(by, Capability.MANAGE_PEOPLE)
    _not_oneself(
        account, manager, _("No one deactivates or reactivates their own account: ask another administrator.")
    )
    if account.is_active == active:
        return Outcome(
            account,
            (
                _("Account %(name)s was already active.")
                if active
                else _("Account %(name)s was already inactive.")
            )
            % {"name": account.username},
        )
    _keeps_an_approver(account, role=account.role, active=active)
    account.is_active = active
    account.save(update_fields=["is_active"])
    ended = 0 if active else end_sessions(account)
    audit_record(
        actor=manager,
        verb="account.activate" if active else "account.deactivate",
        target=account,
        detail={"account": account.pk, "sessions_ended": ended},
    )
    done = _("Account %(name)s reactivated.") if active else _("Account %(name)s deactivated.")
    return Outcome(account, done % {"name": account.username})


@transaction.atomic
def account_password_reset(*, account: User, by: Actor, reason: str = "") -> Outcome:
    """A one-time password for someone else's account. For an account that sees testimony it is requested,
    and shown to the member of the secretariat who approves it, never to the administrator."""
    manager = _person(by, Capability.MANAGE_PEOPLE)
    _not_oneself(
        account, manager, _("No one resets the password of their own account: ask another administrator.")
    )
    if sees_testimony(account.role):
        request = _request(kind=RequestKind.RESET_PASSWORD, account=account, by=manager, reason=reason)
        return Outcome(
            account,
            _(
                "%(name)s sees testimony: a member of the secretariat approves the new password and hands it over."
            )
            % {"name": account.username},
            request=request,
        )
    password = _issue_password(account)
    audit_record(actor=manager, verb="account.password_reset", target=account, detail={"account": account.pk})
    return Outcome(
        account,
        _("One-time password issued for %(name)s; it must be changed.") % {"name": account.username},
        password,
    )


@transaction.atomic
def second_factor_reset_request(*, account: User, by: Actor, reason: str = "") -> Outcome:
    """Ask for someone's second factor to be reset (a lost phone): a member of the secretariat decides."""
    manager = _person(by, Capability.MANAGE_PEOPLE)
    _not_oneself(
        account,
        manager,
        _("No one resets the second factor of their own account: ask another administrator."),
    )
    request = _request(kind=RequestKind.RESET_SECOND_FACTOR, account=account, by=manager, reason=reason)
    return Outcome(
        account, _("Second-factor reset requested: a member of the secretariat decides."), request=request
    )


# -- the second person ------------------------------------------------------------------------------------


def _decider(request: AccountRequest, by: Actor) -> User:
    approver = _person(by, Capability.APPROVE_ACCOUNT_CHANGES)
    if request.status != RequestStatus.PENDING:
        raise DomainError(
            _("This request was %(status)s already.") % {"status": str(request.get_status_display()).lower()}
        )
    if approver.pk in (request.requested_by_id, request.account_id):
        raise DomainError(_("A second person decides: not the one who asked, nor the account concerned."))
    return approver


# The audit verb of each way a request is closed.
CLOSING_VERBS = {
    RequestStatus.APPROVED: "account.request.approve",
    RequestStatus.REFUSED: "account.request.refuse",
    RequestStatus.WITHDRAWN: "account.request.withdraw",
}


def _close(request: AccountRequest, status: RequestStatus, by: User, **detail: Any) -> None:
    """Mark the request decided (approved, refused, or withdrawn by the one who asked), by whom and now,
    with its audit entry."""
    request.status, request.decided_by, request.decided_at = status, by, clock.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=by,
        verb=CLOSING_VERBS[status],
        target=request,
        detail={"request": request.pk, "kind": request.kind, "account": request.account_id, **detail},
    )


def _grant(request: AccountRequest, approver: User) -> str:
    """Give the role, then start the account afresh: no credential an administrator knew or set survives."""
    account = request.account
    before, account.role = account.role, request.role
    _sync_staff(account)
    account.save(update_fields=["role", "is_staff", "is_superuser"])
    audit_record(
        actor=approver,
        verb="account.role",
        target=account,
        detail={"account": account.pk, "from": before, "to": account.role, "request": request.pk},
    )
    two_factor_reset(user=account, by=approver)
    _apply_parts(account, request.parts, approver)
    return _issue_password(account)


@transaction.atomic
def request_approve(*, request: AccountRequest, by: Actor) -> Outcome:
    """Do what was asked, as the second person; a one-time password it issues is shown to them only."""
    request = AccountRequest.objects.select_for_update().select_related("account").get(pk=request.pk)
    approver = _decider(request, by)
    account = request.account
    password: str | None = None
    if request.kind == RequestKind.GRANT_ROLE:
        password = _grant(request, approver)
    elif request.kind == RequestKind.RESET_PASSWORD:
        password = _issue_password(account)
        audit_record(
            actor=approver,
            verb="account.password_reset",
            target=account,
            detail={"account": account.pk, "request": request.pk},
        )
    else:
        two_factor_reset(user=account, by=approver)
        if account.must_change_password or not account.has_usable_password():
            password = _issue_password(account)  # the administrator may know a one-time password: replace it
    _close(request, RequestStatus.APPROVED, approver, password_issued=bool(password))
    said = {"what": str(request.get_kind_display()).lower(), "name": account.username}
    approved = (
        _(
            "Approved: %(what)s for %(name)s. Hand over the one-time password below yourself; it must be changed."
        )
        if password
        else _("Approved: %(what)s for %(name)s.")
    )
    return Outcome(
        account,
        approved % said,
        password,
        request,
    )


@transaction.atomic
def request_refuse(*, request: AccountRequest, by: Actor) -> Outcome:
    request = AccountRequest.objects.select_for_update().select_related("account").get(pk=request.pk)
    approver = _decider(request, by)
    _close(request, RequestStatus.REFUSED, approver)
    return Outcome(request.account, _("Refused; nothing was changed."), request=request)


@transaction.atomic
def request_withdraw(*, request: AccountRequest, by: Actor) -> Outcome:
    """The one who asked takes the request back."""
    request = AccountRequest.objects.select_for_update().select_related("account").get(pk=request.pk)
    if not isinstance(by, User) or by.pk != request.requested_by_id:
        raise DomainError(_("Only the one who asked withdraws a request."))
    if request.status != RequestStatus.PENDING:
        raise DomainError(
            _("This request was %(status)s already.") % {"status": str(request.get_status_display()).lower()}
        )
    _close(request, RequestStatus.WITHDRAWN, by)
    return Outcome(request.account, _("Withdrawn."), request=request)


# -- the command line -------------------------------------------------------------------------------------


@transaction.atomic
def account_bootstrap(*, username: str, role: str) -> Outcome:
    """For the command line, which has no second person: the first administrator, and the first member of
    the secretariat while no active account can approve. Refused once someone can: then an administrator
    asks on the people pages and the secretariat approves. Run again for the same account, it issues a
    new one-time password only while the last one was never replaced."""
    _check_role(role)
    if role not in (Role.ADMINISTRATOR, Role.SECRETARIAT):
        raise DomainError(
            _("The command line creates only the first administrator and the first secretariat.")
        )
    username = username.strip()
    account = User.objects.filter(username=username).first()
    if account is not None:
        if account.role != role:
            raise DomainError(_("The username %(name)s is taken.") % {"name": username})
        if not account.must_change_password:
            return Outcome(
                account, _("%(name)s exists and has chosen a password; left unchanged.") % {"name": username}
            )
    elif role == Role.ADMINISTRATOR and User.objects.filter(is_active=True, role=role).exists():
        raise DomainError(_("An administrator exists: accounts are created on the people pages."))
    elif (
        role == Role.SECRETARIAT
        and User.objects.filter(
            is_active=True, role__in=roles_with(Capability.APPROVE_ACCOUNT_CHANGES)
        ).exists()
    ):
        raise DomainError(
            _(
                "A member of the secretariat exists: an administrator asks for the account on the people pages "
                "and the secretariat approves it."
            )
        )
    if account is None:
        account = User(username=username, role=role)
        _sync_staff(account)
        account.set_unusable_password()
        validated_save(account)
    password = _issue_password(account)
    audit_record(
        actor=None, verb="account.bootstrap", target=account, detail={"account": account.pk, "role": role}
    )
    return Outcome(account, f"{Role(role).label}: {username}", password)
