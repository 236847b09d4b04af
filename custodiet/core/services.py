"""Small helpers every app's services share: save with validation (and its audit entry), the acting user,
aware moments.

Services validate with the model's ``full_clean`` (database constraints
included) so that a broken rule reaches the user as a DomainError with its
message, never as a server error; a race past that check is caught from the
database's integrity error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils import timezone
from django.utils.translation import gettext as _

from custodiet.core.access import Actor, acting_user
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError

__all__ = ["acting_user", "aware", "ensure_may_act", "save_and_audit", "validated_save"]

Saved = TypeVar("Saved", bound=models.Model)


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


def save_and_audit(
    record: Saved,
    *,
    by: Actor,
    verb: str,
    detail: dict[str, Any] | None = None,
    related: Mapping[str, Iterable[Any]] | None = None,
    **clean: Any,
) -> Saved:
    """Validate and save a record, set its many-to-many ``related`` records (by field name: a row must be
    saved before they can be), then write its audit entry (naming records by id, never people by name) in
    the caller's transaction: the last step of every change. ``clean`` goes to ``full_clean``."""
    validated_save(record, **clean)
    for name, values in (related or {}).items():
        getattr(record, name).set(values)
    audit_record(actor=by, verb=verb, target=record, detail=detail)
    return record


def ensure_may_act(allowed: models.QuerySet[Any], record: models.Model, refusal: str) -> None:
    """Refuse with ``refusal`` (a DomainError) unless ``record`` is among ``allowed``, the records the actor
    may act on as a selector gives them (``Interview.objects.recordable_by(by)``): who may act on what is
    decided in one place, the selector, and checked again by the service whatever the interface."""
    if not allowed.filter(pk=record.pk).exists():
        raise DomainError(refusal)


def aware(moment: datetime) -> datetime:
    """A moment in the current time zone when it came without one (forms give naive datetimes)."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
