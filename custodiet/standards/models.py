"""The catalogue of standards, the measurements a delegation records, and the findings they give.

Standards are data (``data/standards.json``), loaded like the treaty reference:
each has its source. The evaluation is pure (``custodiet.standards.rules``);
``custodiet.standards.services.measurement_record`` validates a measurement,
stores it and writes one finding per breach, in one transaction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from custodiet.core.models import account_field


class MeasurementKind(models.TextChoices):
    CELL_SPACE = "cell_space", _("Cell: living space and occupants")
    OUTDOOR_EXERCISE = "outdoor_exercise", _("Outdoor exercise per day")
    SOLITARY_CONFINEMENT = "solitary_confinement", _("Solitary confinement as a punishment")
    POLICE_SAFEGUARDS = "police_safeguards", _("Fundamental safeguards in police custody")
    NATURAL_LIGHT = "natural_light", _("Natural light")
    VENTILATION = "ventilation", _("Ventilation and fresh air")
    IN_CELL_SANITATION = "in_cell_sanitation", _("In-cell sanitation")
    ADMISSION_SCREENING = "admission_screening", _("Medical screening on admission")


# The kinds as bare values, for the API schema's single enum (settings.SPECTACULAR_SETTINGS).
MEASUREMENT_KIND_VALUES = tuple(MeasurementKind.values)


class Standard(models.Model):
    code = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    measure = models.CharField(max_length=30, choices=MeasurementKind.choices)
    spec = models.JSONField(
        help_text="The standard's data as in data/standards.json (threshold, unit, scope)"
    )
    source = models.TextField(help_text="The document that sets the standard, with its paragraph")
    source_url = models.URLField(max_length=300, blank=True)

    class Meta:
        ordering = ["measure", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__in=MeasurementKind.values), name="standard_measure_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Measurement(models.Model):
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="measurements")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="measurements")
    kind = models.CharField(max_length=30, choices=MeasurementKind.choices)
    location = models.CharField(
        max_length=200, blank=True, help_text="Where in the place, e.g. cell 12, block B"
    )
    measured_on = models.DateField()
    values = models.JSONField(help_text="The values measured, by name (see custodiet.standards.rules)")
    note = models.TextField(blank=True)
    recorded_by = account_field(related_name=None)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_on", "-id"]
        indexes = [
            models.Index(fields=["place", "-measured_on"]),
            models.Index(fields=["visit", "-measured_on"]),
            # covers the counts by year on a place's page (no table lookups)
            models.Index(fields=["place", "measured_on", "visit"], name="measurement_place_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MeasurementKind.values), name="measurement_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.location or self.place} on {self.measured_on}"


class Finding(models.Model):
    """What the delegation establishes: from a breached standard, or written by the delegation."""

    class Origin(models.TextChoices):
        STANDARD = "standard", "From a measurement against a standard"
        DELEGATION = "delegation", "Written by the delegation"

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="findings")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="findings")
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.STANDARD)
    measurement = models.ForeignKey(
        Measurement, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    location = models.CharField(max_length=200, blank=True)
    observed_on = models.DateField()
    observed = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    required = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    shortfall = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="By how much the standard was missed, in `unit` (below a minimum or beyond a maximum)",
    )
    text = models.TextField(help_text="Which standard, by how much, and where")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [
            models.Index(fields=["place", "-observed_on"]),
            models.Index(fields=["visit", "-observed_on"]),
            # covers the counts by standard and by year on a place's page (no table lookups)
            models.Index(fields=["place", "standard", "observed_on", "visit"], name="finding_place_standard"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(origin="standard")
                | models.Q(measurement__isnull=False, standard__isnull=False),
                name="finding_from_standard_names_it",
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=["standard", "delegation"]), name="finding_origin_known"
            ),
            models.CheckConstraint(
                condition=models.Q(shortfall__isnull=True) | models.Q(shortfall__gt=0),
                name="finding_shortfall_positive",
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="finding_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
