"""Users and their roles.

A user has one role, which decides what they may see. The roles follow the
mechanism's people: the secretariat keeps the records, delegation members visit,
committee members decide, state liaisons answer reports, analysts work on open
sources, and the public reads what is published.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    SECRETARIAT = "secretariat", "Secretariat"
    COMMITTEE_MEMBER = "committee_member", "Committee member"
    DELEGATION_MEMBER = "delegation_member", "Delegation member"
    STATE_LIAISON = "state_liaison", "State liaison"
    ANALYST = "analyst", "Analyst"
    PUBLIC = "public", "Public"


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PUBLIC)
    must_change_password = models.BooleanField(
        default=False, help_text="Set for one-time passwords: the user must choose a new one at first login."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_is_known"),
        ]

    @property
    def is_analyst_or_staff(self) -> bool:
        return self.role in (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.ANALYST)
