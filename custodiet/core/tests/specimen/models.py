"""A detainee-like record, to test encrypted identities and medical notes the way the interviews app will."""

from __future__ import annotations

from django.db import models

from custodiet.core.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)


class Specimen(models.Model):
    pseudonym = models.CharField(max_length=40)
    name = EncryptedTextField(max_length=200, blank=True)
    born_on = EncryptedDateField(null=True, blank=True)
    registry_number = EncryptedTextField(max_length=64, blank=True)
    registry_number_index = BlindIndexField(source="registry_number")
    medical_notes = EncryptedJSONField(default=dict, blank=True)
    tags = models.ManyToManyField("Tag", blank=True)

    def __str__(self) -> str:
        return self.pseudonym


class Tag(models.Model):
    label = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.label
