"""Users and their roles.

A user has one role, which decides what they may see. The roles follow the
mechanism's people: the secretariat keeps the records, delegation members visit,
committee members decide, state liaisons answer reports, analysts work on open
sources, and the public reads what is published.

A user's personal fields (e-mail, first and last name) are encrypted at rest
(custodiet.core.fields); the username stays in clear as the login identifier and
should be a pseudonymous handle (``m.delegate-07``), not a real name: it is
written in the audit trail too. Login failures are counted in ``LoginThrottle``
by keyed hashes, never by the names or addresses themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from custodiet.core.fields import EncryptedEmailField, EncryptedTextField


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    SECRETARIAT = "secretariat", _("Secretariat")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    DELEGATION_MEMBER = "delegation_member", _("Delegation member")
    STATE_LIAISON = "state_liaison", _("State liaison")
    ANALYST = "analyst", _("Analyst")
    PUBLIC = "public", _("Public")


class User(AbstractUser):
    # Encrypted at rest: not queryable (search users by username).
    first_name = EncryptedTextField(_("first name"), max_length=150, blank=True)
    last_name = EncryptedTextField(_("last name"), max_length=150, blank=True)
    email = EncryptedEmailField(_("email address"), max_length=254, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PUBLIC)
    must_change_password = models.BooleanField(
        default=False, help_text="Set for one-time passwords: the user must choose a new one at first login."
    )
    # The interface language the user chose (the header's switcher); empty: the browser's.
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_is_known"),
        ]

    @property
    def is_analyst_or_staff(self) -> bool:
        return self.role in (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.ANALYST)


def account_field(related_name: str | None = "+") -> models.ForeignKey[User | None, User | None]:
    """The account that made, recorded or flagged a row (``created_by``, ``recorded_by``): empty where the
    system acted, and emptied, never cascaded, if the account is ever deleted, so the record outlives it.
    ``related_name`` "+" (the default) gives the account no way back to the rows; None, Django's default one."""
    return models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name
    )


class AuditEntry(models.Model):
    """One link of the append-only, keyed, hash-chained audit trail (see custodiet.core.audit).

    Each entry's hash covers all its own fields and the previous entry's hash, and
    its code (``mac``) authenticates that hash with the audit key, which is kept
    outside the database: an edited, deleted, reordered or re-hashed entry breaks
    the chain that `custodiet audit verify` walks. Entries are written by
    services, never by signals, and name people by account id, never by name.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    # PROTECT: an account that acted cannot be deleted (deactivate it); the trail is append-only.
    actor = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor_label = models.CharField(max_length=150, help_text="The actor's username when written, or 'system'")
    verb = models.CharField(max_length=80, help_text="<entity>.<verb>, e.g. visit.plan or interview.read")
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    version = models.PositiveSmallIntegerField(
        default=2, help_text="1: written before the trail was keyed (no code); 2: keyed"
    )
    key_id = models.CharField(max_length=12, blank=True, help_text="The key whose audit key made the code")
    mac = models.CharField(max_length=64, blank=True, help_text="HMAC-SHA256 of the hash under the audit key")

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["verb"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_type}:{self.target_id}"


class RequestKind(models.TextChoices):
    GRANT_ROLE = "grant_role", _("Grant a role that sees testimony")
    RESET_PASSWORD = "reset_password", _("A one-time password for an account that sees testimony")
    RESET_SECOND_FACTOR = "reset_second_factor", _("Reset the second factor")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second person")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccountRequest(models.Model):
    """A change to an account that one person asks for and a second person decides (four-eyes).

    Granting a role that sees testimony, issuing a one-time password to an account
    that sees it, and resetting anyone's second factor are not done by the
    administrator who asks: a member of the secretariat, neither the one who
    asked nor the account concerned, approves or refuses (custodiet.core.people).
    """

    Kind = RequestKind
    Status = RequestStatus

    kind = models.CharField(max_length=24, choices=RequestKind.choices)
    account = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="requests_about")
    role = models.CharField(max_length=32, blank=True, help_text="The role asked for (grant_role)")
    reason = EncryptedTextField(blank=True, help_text="Why it is asked for")
    # What the apps above core add to the account once the role is granted (custodiet.core.people.parts):
    # codes and ids only, e.g. {"delegations": {"delegations_visits": ["12"], ...}}.
    parts = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="requests_made")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="requests_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RequestKind.values), name="account_request_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="account_request_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("account")), name="account_request_not_for_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | (~models.Q(decided_by=models.F("account")) & ~models.Q(decided_by=models.F("requested_by")))
                | models.Q(status="withdrawn"),
                name="account_request_second_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="grant_role") | ~models.Q(role=""), name="account_request_names_role"
            ),
            models.UniqueConstraint(
                fields=["account", "kind"],
                condition=models.Q(status="pending"),
                name="account_request_one_pending_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for account {self.account_id} ({self.get_status_display()})"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


class LoginThrottle(models.Model):
    """Failed logins counted per account and per client address (see custodiet.core.throttle).

    ``key`` is a keyed hash of the username or the address: the table never
    holds what was typed into the login form, nor where it came from.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", "Account"
        ADDRESS = "address", "Client address"

    scope = models.CharField(max_length=16, choices=Scope.choices)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="login_throttle_scope_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}: {self.failures} failures"
