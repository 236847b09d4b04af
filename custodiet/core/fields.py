"""Encrypted model fields: plaintext in Python, an authenticated ciphertext token in the database.

    class Person(models.Model):
        name = EncryptedTextField(max_length=200)          # one line in forms
        born_on = EncryptedDateField(null=True, blank=True)
        medical_notes = EncryptedTextField(blank=True)     # a textarea in forms
        documents = EncryptedJSONField(default=list)
        registry_number = EncryptedTextField(max_length=64, blank=True)
        registry_number_index = BlindIndexField(source="registry_number")

    Person.objects.filter(registry_number_index__in=blind_lookup(Person, "registry_number_index", "A-123"))

Each value is sealed by custodiet.core.crypto with the newest key and bound to
its ``table.column``, so a ciphertext copied to another column does not open.
The database sees only ``enc1:<key id>:<base64>`` text: **encrypted fields
cannot be filtered, searched or usefully ordered**. Every lookup but ``isnull``
raises FieldError instead of silently matching nothing. For an exact lookup,
add a ``BlindIndexField`` (a keyed HMAC of the normalized value) beside it.

Inside ``sealed_values()`` the fields hand the stored tokens through untouched
(``Sealed`` strings), so that backups and key rotation move ciphertexts without
decrypting them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldError, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.dateparse import parse_date

from custodiet.core import crypto

_SEALED_MODE: contextvars.ContextVar[bool] = contextvars.ContextVar("custodiet_sealed_mode", default=False)


class Sealed(str):
    """A token exactly as stored: saved as it is, never encrypted again."""

    __slots__ = ()


@contextlib.contextmanager
def sealed_values() -> Iterator[None]:
    """Within this block encrypted fields read and write raw tokens (backups, key rotation)."""
    token = _SEALED_MODE.set(True)
    try:
        yield
    finally:
        _SEALED_MODE.reset(token)


def in_sealed_mode() -> bool:
    return _SEALED_MODE.get()


class EncryptedField(models.TextField):  # type: ignore[type-arg]
    """Base class: subclasses say how a Python value becomes bytes and back."""

    description = "An encrypted value (not queryable)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for refused in ("unique", "db_index", "primary_key"):
            if kwargs.get(refused):
                raise TypeError(f"an encrypted field cannot be {refused}: index a BlindIndexField instead")
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    # -- subclasses ---------------------------------------------------------------------------------
    def encode(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return data.decode("utf-8")

    def python_value(self, value: Any) -> Any:
        return value if value is None or isinstance(value, str) else str(value)

    # -- where the value lives --------------------------------------------------------------------------
    @property
    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if in_sealed_mode():
            return Sealed(value)
        return self.decode(crypto.unseal(value, context=self.context))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        if in_sealed_mode() and crypto.is_token(value):
            return Sealed(value)
        return self.python_value(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            if not crypto.is_token(value):
                raise ValueError(f"{self.context}: a Sealed value must be an encryption token")
            return str(value)
        return crypto.seal(self.encode(self.python_value(value)), context=self.context)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted and cannot be queried with '{lookup_name}'; "
            "use a BlindIndexField for exact lookups"
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted and has no '{lookup_name}'")

    def value_to_string(self, obj: models.Model) -> Any:
        value = self.value_from_object(obj)
        return value if value is None or isinstance(value, str) else self.encode(value).decode("utf-8")

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.max_length is not None:  # one line, like a CharField
            return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})
        return super().formfield(**kwargs)


class EncryptedTextField(EncryptedField):
    """Text, encrypted. With ``max_length`` it is a one-line input; without, a textarea."""


class EncryptedEmailField(EncryptedTextField):
    default_validators = [validators.validate_email]

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": forms.EmailField, **kwargs})


class EncryptedDateField(EncryptedField):
    """A date (e.g. of birth), encrypted as its ISO form."""

    description = "An encrypted date (not queryable)"

    def encode(self, value: Any) -> bytes:
        return str(value.isoformat()).encode("ascii")

    def decode(self, data: bytes) -> Any:
        return datetime.date.fromisoformat(data.decode("ascii"))

    def python_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value)) if isinstance(value, str) else None
        if parsed is None:
            raise ValidationError(f"'{value}' is not a date in the form YYYY-MM-DD.", code="invalid")
        return parsed

    def get_prep_value(self, value: Any) -> Any:
        if value == "":
            value = None
        return super().get_prep_value(value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedField):
    """Any JSON value (a list of documents, structured medical notes), encrypted as a whole."""

    description = "An encrypted JSON value (not queryable)"

    def encode(self, value: Any) -> bytes:
        text: str = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
        return text.encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))

    def python_value(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> Any:
        value = self.value_from_object(obj)
        return value if isinstance(value, Sealed) else self.encode(value).decode("utf-8")

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """A keyed HMAC of another field's normalized value, kept up to date on save, for exact lookups.

    It reveals which rows hold equal values (to whoever reads the table) but not
    the values. Recomputed with the newest key by ``custodiet keys rotate``.
    """

    description = "A blind index of an encrypted field"

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def compute(self, value: Any, *, key: crypto.Key | None = None) -> str | None:
        if value is None or value == "":
            return None
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return crypto.blind_index(text, context=self.context, key=key)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.source)
        if isinstance(value, Sealed):  # a raw copy (restore, rotation): keep what is stored
            return getattr(model_instance, self.attname)
        computed = self.compute(value)
        setattr(model_instance, self.attname, computed)
        return computed


def blind_lookup(model: type[models.Model], field_name: str, value: str) -> list[str]:
    """The index values that match ``value`` under every key: ``filter(<field>__in=...)``."""
    index = model._meta.get_field(field_name)
    if not isinstance(index, BlindIndexField):
        raise FieldError(f"{model.__name__}.{field_name} is not a BlindIndexField")
    return crypto.blind_index_candidates(value, context=index.context)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedField)]


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, BlindIndexField)]
