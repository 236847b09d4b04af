"""Stored treaty records: instruments with their clauses, states, actions, bodies and seats, and how
complete each chart (and a State's own record) is.

The rules live in custodiet.treaties.rules; these models only keep the facts,
each with its source, and turn rows into the engine's plain records.
"""

from __future__ import annotations

import functools

from babel import Locale
from django.db import models
from django.utils.translation import get_language

from custodiet.treaties.coverage import Body
from custodiet.treaties.records import ACTION_KINDS, ACTION_LABELS, Action, Completeness
from custodiet.treaties.reference import InstrumentSpec, spec_from_data


class Standing(models.TextChoices):
    """Whether an ISO 3166-1 entry is a State (data/states.json): lists of States offer only States."""

    UN_MEMBER = "un_member", "Member State of the United Nations"
    UN_OBSERVER = "un_observer", "Non-member observer State of the United Nations"
    OTHER = "other", "Territory or area, not a State"


class StateQuerySet(models.QuerySet["State"]):
    def listed(self) -> StateQuerySet:
        """The States a list offers (UN members and observers); the other ISO entries are found by name
        or code only (custodiet.treaties.selectors.find_state)."""
        return self.filter(standing__in=[Standing.UN_MEMBER, Standing.UN_OBSERVER])


@functools.cache
def _territory_names(language: str) -> dict[str, str]:
    """CLDR's names of countries and territories in ``language`` (babel), by ISO 3166 code."""
    return {code: str(name) for code, name in Locale(language).territories.items()}


def state_name(code: str, name_en: str, name_fr: str) -> str:
    """A State's name in the interface's language: its recorded English or French name, the CLDR name in
    Russian and Ukrainian (the English one where CLDR has none)."""
    language = (get_language() or "en")[:2]
    if language == "fr":
        return name_fr or name_en
    if language in ("ru", "uk"):
        return _territory_names(language).get(code, name_en)
    return name_en


class State(models.Model):
    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    code3 = models.CharField(max_length=3, unique=True, help_text="ISO 3166-1 alpha-3")
    name_en = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120)
    standing = models.CharField(
        max_length=12,
        choices=Standing.choices,
        default=Standing.UN_MEMBER,
        help_text="Whether the entry is a State (lists of States offer only States)",
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def shown_name(self) -> str:
        """The State's name in the interface's language (``state_name``)."""
        return state_name(self.code, self.name_en, self.name_fr)


class Instrument(models.Model):
    code = models.CharField(max_length=20, unique=True)
    short_title = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(max_length=80)
    adopted_on = models.DateField()
    depositary = models.CharField(max_length=120)
    source = models.URLField(max_length=300)
    clauses = models.JSONField(help_text="The instrument's reference data, final clauses included")

    class Meta:
        ordering = ["adopted_on"]

    def __str__(self) -> str:
        return f"{self.short_title} ({self.code})"

    def spec(self) -> InstrumentSpec:
        return spec_from_data(self.clauses)


class Precision(models.TextChoices):
    DAY = "day", "to the day"
    MONTH = "month", "to the month"
    YEAR = "year", "to the year"


class Confidence(models.TextChoices):
    CERTAIN = "certain", "certain"
    SOURCED = "sourced", "sourced"
    UNCERTAIN = "uncertain", "unverified"
    DISPUTED = "disputed", "sources disagree"


class TreatyAction(models.Model):
    KIND_CHOICES = [(kind, ACTION_LABELS[kind]) for kind in ACTION_KINDS]

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="actions")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    on = models.DateField()
    precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.SOURCED)
    source = models.TextField(help_text="A URL or a citation")
    note = models.TextField(blank=True)
    effective_on = models.DateField(
        null=True, blank=True, help_text="For an ending: the day it took effect, where a source gives it"
    )
    detail = models.CharField(
        max_length=30, blank=True, help_text="For a declaration: its code (art24-part4, art28)"
    )
    until = models.DateField(null=True, blank=True, help_text="For a declaration: the day it stops applying")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "instrument", "kind", "on", "detail"], name="treaty_action_once"
            ),
            models.CheckConstraint(condition=~models.Q(source=""), name="treaty_action_has_source"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ACTION_KINDS), name="treaty_action_kind_known"
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "state"]),
            models.Index(fields=["state", "on", "id"], name="treaty_action_state_timeline"),  # its page
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind} {self.on}"

    def as_action(self, state_code: str, instrument_code: str) -> Action:
        return Action(
            state=state_code,
            instrument=instrument_code,
            kind=self.kind,
            on=self.on,
            precision=self.precision,  # type: ignore[arg-type]
            confidence=self.confidence,
            source=self.source,
            note=self.note,
            effective_on=self.effective_on,
            detail=self.detail,
            until=self.until,
        )


class Chart(models.Model):
    """A chart of an instrument's parties, as loaded: the depositary chart it stands for, and the date up
    to which it lists every party (null: complete on no date). No record + a complete chart = not bound;
    no record + an incomplete chart = unknown."""

    instrument = models.OneToOneField(Instrument, on_delete=models.PROTECT, related_name="chart")
    file = models.CharField(max_length=120, blank=True)
    source = models.TextField()
    complete_to = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instrument__adopted_on"]

    def __str__(self) -> str:
        return f"chart of {self.instrument.code}, complete to {self.complete_to or 'no date'}"

    def as_completeness(self) -> Completeness:
        return Completeness(self.instrument.code, self.complete_to, self.source, self.note, file=self.file)


class RecordCheck(models.Model):
    """One State's record on one instrument, known to list every act up to ``complete_to``."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="record_checks")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="record_checks")
    complete_to = models.DateField()
    source = models.TextField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "instrument"], name="record_check_once"),
            models.CheckConstraint(condition=~models.Q(source=""), name="record_check_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} record on {self.instrument_id} complete to {self.complete_to}"

    def as_completeness(self) -> Completeness:
        return Completeness(
            self.instrument.code, self.complete_to, self.source, self.note, state=self.state.code
        )


class MonitoringBody(models.Model):
    class Kind(models.TextChoices):
        INTERNATIONAL = "international", "International visiting body"
        NPM = "national_preventive_mechanism", "National preventive mechanism"
        TREATY_COMMITTEE = "treaty_committee", "Treaty committee"
        DOMESTIC = "domestic", "Domestic monitoring body"
        NGO = "ngo", "Non-governmental organisation"

    class Basis(models.TextChoices):
        TREATY = "treaty", "a treaty right to visit"
        CONSENT_ONLY = "consent_only", "visits only with the State's agreement"
        DOMESTIC_LAW = "domestic_law", "a right under domestic law"
        NONE = "none", "no right to visit"

    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    basis_article = models.CharField(max_length=200, blank=True)
    instrument = models.ForeignKey(Instrument, null=True, blank=True, on_delete=models.PROTECT)
    state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="For a national body: where it works",
    )
    designated_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis__in=["treaty", "consent_only"])
                | models.Q(instrument__isnull=False),
                name="body_treaty_basis_names_instrument",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def as_body(self) -> Body:
        return Body(
            code=self.code,
            name=self.name,
            kind=self.kind,  # type: ignore[arg-type]
            instrument=self.instrument.code if self.instrument_id and self.instrument else None,
            basis=self.basis,  # type: ignore[arg-type]
            basis_article=self.basis_article,
            state=self.state.code if self.state_id and self.state else None,
            designated_on=self.designated_on,
            ended_on=self.ended_on,
        )


class CommitteeMembership(models.Model):
    """A member's term on a committee, in the seat of one party. A seat with no current term is vacant."""

    body = models.ForeignKey(MonitoringBody, on_delete=models.PROTECT, related_name="memberships")
    seat_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="committee_seats")
    member_name = models.CharField(max_length=200, null=True, blank=True, help_text="Unknown stays unknown")
    term_start = models.DateField(null=True, blank=True, help_text="Unknown stays unknown")
    term_end = models.DateField(help_text="The last day of the term")
    source = models.TextField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["seat_state__name_en", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_start__isnull=True) | models.Q(term_end__gt=models.F("term_start")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.code} seat of {self.seat_state_id}: {self.member_name or 'name not recorded'}"


class RecordNote(models.Model):
    """What is known to be absent or unknown in a state's record (e.g. "notification not known")."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="record_notes")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="record_notes")
    text = models.TextField()
    source = models.TextField()

    class Meta:
        ordering = ["instrument__adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["state", "instrument", "text"], name="record_note_once")
        ]

    def __str__(self) -> str:
        return self.text


class TreatyDataVersion(models.Model):
    """A token that every write to a treaty table replaces (one row, kept by database triggers).

    Pages whose answer depends only on the treaty data and a day (every State's coverage) keep that
    answer under this token: a write anywhere in the treaty tables, through the ORM, a bulk insert, a
    queryset's ``update()`` or plain SQL, gives a new token, so nothing kept can be read after it. The
    triggers are created by migration 0005 (SQLite and PostgreSQL); the row is written by them too.
    """

    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token
