"""Small helpers every app's services share: save with validation, the acting user, aware moments.

Services validate with the model's ``full_clean`` (database constraints
included) so that a broken rule reaches the user as a DomainError with its
message, never as a server error; a race past that check is caught from the
database's integrity error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils import timezone
from django.utils.translation import gettext as _

from custodiet.core.access import Actor
from custodiet.core.errors import DomainError
from custodiet.core.models import User


def validated_save(instance: models.Model, **kwargs: Any) -> None:
    """Validate (constraints included) and save; a ValidationError becomes a DomainError with its messages."""
    try:
        instance.full_clean(**kwargs)
        instance.save()
    except ValidationError as problem:
        raise DomainError(" ".join(problem.messages)) from problem
    except IntegrityError as problem:  # a race past full_clean
        raise DomainError(
            _("The record breaks a rule of the database: %(rule)s") % {"rule": problem}
        ) from problem


def acting_user(by: Actor) -> User | None:
    """The user to store as the author of a record: None for the system (the CLI) or an anonymous caller."""
    return by if isinstance(by, User) and by.is_authenticated else None


def aware(moment: datetime) -> datetime:
    """A moment in the current time zone when it came without one (forms give naive datetimes)."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
