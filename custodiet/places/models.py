"""The register of places of deprivation of liberty and the dated history of their population.

A place is identified by its `ref`, a stable identifier chosen by the body that
keeps the register (e.g. "RU-MOW-SIZO-1"), so that importing the same register
twice changes nothing. Population figures are dated and sourced; occupancy on a
date is the latest figure on or before it over the capacity in force then.
Writes go through ``custodiet.places.services``.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models

from custodiet.places.rules import MOST_HELD, PlaceType, search_text

__all__ = ["Place", "PlaceType", "PopulationRecord"]


class Place(models.Model):
    ref = models.CharField(max_length=60, unique=True, help_text="A stable identifier in the register")
    name_local = models.CharField(max_length=300, help_text="The name in the local language")
    name_en = models.CharField(max_length=300, blank=True, help_text="The name in English")
    type = models.CharField(max_length=20, choices=PlaceType.choices)
    authority = models.CharField(max_length=300, blank=True, help_text="The authority in charge")
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="places")
    region = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="IANA time zone (Europe/Moscow): times at the place are entered and shown in it; empty: "
        "the visit's",
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MOST_HELD)],
        help_text="Official capacity, if known",
    )
    source = models.TextField(blank=True, help_text="Where the register entry comes from")
    notes = models.TextField(blank=True)
    search_text = models.TextField(
        blank=True, editable=False, help_text="Names, ref and region, case-folded, for the text search"
    )
    state_name_en = models.CharField(
        max_length=120,
        blank=True,
        default="",
        editable=False,
        help_text="The State's English name, copied by database triggers on every write of a place or a State: "
        "the list's order, served by an index",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one at each change: two editors cannot overwrite each other",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The register's order: the State's English name, then the place's names (custodiet.places.selectors).
        ordering = ["state_name_en", "name_en", "name_local", "id"]
        indexes = [
            models.Index(fields=["state", "type"]),
            models.Index(fields=["state_name_en", "name_en", "name_local", "id"], name="place_list_by_state"),
            models.Index(
                fields=["state", "name_en", "name_local", "id"], name="place_list_order"
            ),  # one State
            models.Index(fields=["name_en"]),
            models.Index(fields=["region"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=PlaceType.values), name="place_type_known"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en or self.name_local

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()  # also for places created outside the services (tests, admin)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(self.ref, self.name_local, self.name_en, self.region)


class PopulationRecord(models.Model):
    """How many people the place held on a date, and its official capacity then if it changed."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="population")
    on = models.DateField()
    population = models.PositiveIntegerField(validators=[MaxValueValidator(MOST_HELD)])
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MOST_HELD)],
        help_text="Official capacity on that date, when it differs from the place's",
    )
    source = models.TextField()

    class Meta:
        ordering = ["place", "on"]
        constraints = [
            models.UniqueConstraint(fields=["place", "on"], name="population_once_per_day"),
            models.CheckConstraint(condition=~models.Q(source=""), name="population_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id} on {self.on}: {self.population}"
