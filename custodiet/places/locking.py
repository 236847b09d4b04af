"""Optimistic locking of a place's edit: the second of two editors is told what changed and loses nothing.

Every place carries a ``version``, raised by one at each change. An edit form carries,
in one signed hidden field, the version and the values the editor started from. On
saving, ``place_update`` compares the version in the database with the form's; if
someone saved in between it refuses with an ``EditConflict`` that lists what the
other editor changed. The page then shows the form again, merged: the fields this
editor changed keep this editor's values, every other field takes the value saved
in between, and the fields both changed are pointed out. Saving that form again
(with the new version) keeps both editors' work. Pure functions: no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing

from custodiet.core.errors import DomainError

SALT = "custodiet.places.edit"


def plain(value: Any) -> str:
    """A field's value as the form shows it, for comparing values of different types."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    code = getattr(value, "code", None)  # a State
    if isinstance(code, str):
        return code
    return str(value).strip()


@dataclass(frozen=True)
class Snapshot:
    version: int
    values: dict[str, str]

    def sign(self) -> str:
        return signing.dumps({"v": self.version, "values": self.values}, salt=SALT, compress=True)

    @classmethod
    def of(cls, version: int, values: Mapping[str, Any]) -> Snapshot:
        return cls(version=version, values={name: plain(value) for name, value in values.items()})

    @classmethod
    def read(cls, token: str) -> Snapshot:
        """The snapshot a form carried; ValueError when it is missing or altered."""
        try:
            data = signing.loads(token, salt=SALT)
            return cls(
                version=int(data["v"]), values={str(k): str(v) for k, v in dict(data["values"]).items()}
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValueError(
                "this form was not given by this site or was altered: open the edit page again"
            ) from None


@dataclass(frozen=True)
class FieldChange:
    name: str
    started_from: str  # what the editor saw when they opened the form
    now: str  # what was saved in between
    yours: str  # what the editor submitted
    both: bool  # the editor changed it too: their value is kept, the other one is shown


class EditConflict(DomainError):
    """Someone saved the record after this editor opened it."""

    def __init__(self, *, current: Any, changes: Sequence[FieldChange], by: str = "", at: Any = None) -> None:
        self.current = current
        self.changes = list(changes)
        self.by = by
        self.at = at
        names = ", ".join(change.name for change in self.changes) or "nothing you can see"
        super().__init__(
            f"Someone saved this place after you opened it (it is now at version {current.version}); "
            f"they changed: {names}. Nothing of yours was saved yet: check the form and save again."
        )

    def details(self) -> dict[str, Any]:
        return {
            "version": self.current.version,
            "changed": [
                {"field": change.name, "was": change.started_from, "now": change.now}
                for change in self.changes
            ],
        }


def changes_since(
    started_from: Mapping[str, str], current: Mapping[str, Any], submitted: Mapping[str, Any]
) -> list[FieldChange]:
    """The fields saved by someone else since ``started_from``, with this editor's value beside them."""
    found = []
    for name, was in started_from.items():
        now = plain(current.get(name))
        if now != was:
            yours = plain(submitted.get(name))
            found.append(FieldChange(name=name, started_from=was, now=now, yours=yours, both=yours != was))
    return found


def merged(
    started_from: Mapping[str, str], current: Mapping[str, Any], submitted: Mapping[str, Any]
) -> dict[str, str]:
    """The form to show after a conflict: this editor's changes over what is saved now."""
    result = {}
    for name in started_from:
        yours, was = plain(submitted.get(name)), started_from[name]
        result[name] = yours if yours != was else plain(current.get(name))
    return result
