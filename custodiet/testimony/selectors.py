"""Reads of testimony, scoped by who asks: a visit's interviews, one interview's whole record, an
identity, the persons at risk to check on, and counts of allegations without identities.

Every scoped read starts from a ``visible_to`` / ``recordable_by`` QuerySet method of
custodiet.testimony.models; no view filters by role. Each selector runs a fixed number of queries
whatever the number of rows. Aggregates count on columns in clear only (codes, place, year and
quarter), never on encrypted ones, and are suppressed by custodiet.testimony.aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case as CaseWhen
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.access import Actor, Capability, can
from custodiet.places.models import Place
from custodiet.testimony import aggregates, counts, rules, taxonomy
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    Person,
    PersonIdentity,
    ReprisalFollowUp,
    ReprisalRisk,
    interview_visits,
    recordable_visits,
)
from custodiet.treaties.models import State
from custodiet.visits.models import DelegationMember, Visit

# -- visits and interviews ------------------------------------------------------------------------


def visit_for_interviews(user: Actor, pk: int) -> Visit:
    """A visit whose interviews the user may read; Visit.DoesNotExist otherwise (a 404)."""
    return interview_visits(user).select_related("state", "body").get(pk=pk)


def visit_for_recording(user: Actor, pk: int) -> Visit:
    """A visit on which the user may record interviews; Visit.DoesNotExist otherwise."""
    return recordable_visits(user).select_related("state", "body").get(pk=pk)


def may_read_interviews(user: Actor, visit: Visit) -> bool:
    """Whether a link to the visit's interviews leads somewhere for this user (for the visit page)."""
    return interview_visits(user).filter(pk=visit.pk).exists()


def may_record_on(user: Actor, visit: Visit) -> bool:
    return recordable_visits(user).filter(pk=visit.pk).exists()


def interview_list(user: Actor, visit: Visit) -> QuerySet[Interview]:
    """A visit's interviews, in the order they were held, without decrypting any account: the list
    shows who, where, when, in which language and the kinds of allegation, never the words."""
    return (
        Interview.objects.visible_to(user)
        .filter(visit=visit)
        .select_related("place", "person", "interpreter__user")
        .defer("account")
        .prefetch_related(
            Prefetch("interviewers", queryset=DelegationMember.objects.select_related("user")),
            Prefetch("allegations", queryset=Allegation.objects.only("id", "interview_id", "type")),
        )
        .order_by("held_at", "id")
    )


def persons_with_open_risks(person_ids: list[int]) -> set[int]:
    return set(
        ReprisalRisk.objects.filter(person_id__in=person_ids, status="open").values_list(
            "person_id", flat=True
        )
    )


def _user_personal(relation: str) -> list[str]:
    """A related user's encrypted personal fields: the pages show the username only, so none is opened."""
    return [f"{relation}__{name}" for name in ("first_name", "last_name", "email")]


def interview_detail(user: Actor, pk: int) -> Interview:
    """One interview with its allegations, examinations, the person's consents and reprisal risks
    (Interview.DoesNotExist when the user may not read it)."""
    risks = (
        ReprisalRisk.objects.visible_to(user)
        .select_related("visit", "flagged_by")
        .defer(*_user_personal("flagged_by"))
        .prefetch_related(
            Prefetch("follow_ups", queryset=ReprisalFollowUp.objects.order_by("created_at", "id"))
        )
    )
    return (
        Interview.objects.visible_to(user)
        .select_related(
            "visit__state", "visit__body", "place", "person__state", "interpreter__user", "recorded_by"
        )
        .defer(*_user_personal("recorded_by"))
        .prefetch_related(
            Prefetch("interviewers", queryset=DelegationMember.objects.select_related("user")),
            Prefetch("allegations", queryset=Allegation.objects.select_related("place_alleged")),
            Prefetch(
                "examinations",
                queryset=MedicalExamination.objects.select_related(
                    "examined_by__user", "allegation", "recorded_by"
                ).defer(*_user_personal("recorded_by")),
            ),
            Prefetch(
                "person__consents",
                queryset=Consent.objects.order_by("-given_on", "-id"),
            ),
            Prefetch("person__reprisal_risks", queryset=risks),
        )
        .get(pk=pk)
    )


def recordable_interview(user: Actor, pk: int) -> Interview:
    """An interview the user may add to (Interview.DoesNotExist otherwise)."""
    return (
        Interview.objects.recordable_by(user)
        .select_related("visit__state", "place", "person")
        .defer("account")  # the forms do not show it: nothing to decrypt
        .get(pk=pk)
    )


def person_by_code(user: Actor, code: str, *, state_id: int | None = None) -> Person | None:
    """A person the user may see, by pseudonym (and in the given State): None if none."""
    persons = Person.objects.visible_to(user).filter(code=rules.normalize_pseudonym(code))
    if state_id is not None:
        persons = persons.filter(state_id=state_id)
    return persons.first()


def may_see_identity(user: Actor, person: Person) -> bool:
    """Whether the user may ask to see the person's identity (not whether one is recorded)."""
    return (
        can(user, Capability.VIEW_IDENTITIES)
        and Person.objects.visible_to(user).filter(pk=person.pk).exists()
    )


def identity_of(user: Actor, person: Person) -> PersonIdentity | None:
    """The person's identity when the user may see it and one is recorded; read it through
    services.identity_reveal, which writes the audit entry."""
    return PersonIdentity.objects.visible_to(user).filter(person=person).first()


def risk_for_recording(user: Actor, pk: int) -> ReprisalRisk:
    return ReprisalRisk.objects.recordable_by(user).select_related("person__state", "visit").get(pk=pk)


def follow_up_for_recording(user: Actor, pk: int) -> ReprisalFollowUp:
    return ReprisalFollowUp.objects.select_related("risk__person__state").get(
        pk=pk, risk__in=ReprisalRisk.objects.recordable_by(user).values("pk")
    )


# -- persons at risk ------------------------------------------------------------------------------

_LEVEL_RANK = CaseWhen(
    *[
        When(level=term.code, then=Value(rank))
        for rank, term in enumerate(reversed(taxonomy.REPRISAL_LEVELS))
    ],
    default=Value(9),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class AtRiskRow:
    risk: ReprisalRisk
    place: Place | None
    pending: list[ReprisalFollowUp]
    interview_id: int | None  # the interview to open, when the user may read it


def persons_to_check(user: Actor, state: State, *, place: Place | None = None) -> list[AtRiskRow]:
    """Open reprisal risks in a State, by the place where the person was last met (highest level first),
    with the follow-up actions still to do: the list a delegation takes to the next visit. Four queries."""
    last = Interview.objects.filter(person=OuterRef("person")).order_by("-held_at", "-id")
    risks = (
        ReprisalRisk.objects.visible_to(user)
        .filter(status="open", person__state=state)
        .select_related("person", "visit", "person__first_met_place")
        .defer("reason")  # not shown on the list: not decrypted
        .annotate(
            last_place_id=Subquery(last.values("place_id")[:1]),
            last_interview_id=Subquery(last.values("id")[:1]),
            level_rank=_LEVEL_RANK,
        )
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=ReprisalFollowUp.objects.filter(done_on__isnull=True).order_by("created_at", "id"),
                to_attr="pending",
            )
        )
        .order_by("level_rank", "person__code", "id")
    )
    if place is not None:
        risks = risks.filter(
            Q(last_place_id=place.pk) | Q(last_place_id__isnull=True, person__first_met_place=place)
        )
    chosen = list(risks)
    place_ids = {risk.last_place_id for risk in chosen if risk.last_place_id}  # type: ignore[attr-defined]
    places = Place.objects.in_bulk(place_ids)
    readable = set(
        Interview.objects.visible_to(user)
        .filter(pk__in=[risk.interview_id or risk.last_interview_id for risk in chosen])  # type: ignore[attr-defined]
        .values_list("pk", flat=True)
    )
    rows = []
    for risk in chosen:
        where = places.get(risk.last_place_id) or risk.person.first_met_place  # type: ignore[attr-defined]
        wanted = risk.interview_id or risk.last_interview_id  # type: ignore[attr-defined]
        rows.append(AtRiskRow(risk, where, risk.pending, wanted if wanted in readable else None))  # type: ignore[attr-defined]
    rows.sort(key=lambda row: (str(row.place) if row.place else "~", row.risk.level_rank))  # type: ignore[attr-defined]
    return rows


# -- aggregates -----------------------------------------------------------------------------------

# The dimensions one may count by: each is a column (or columns) in clear.
DIMENSIONS = counts.COLUMNS
DIMENSION_LABELS = {  # said in the reader's language
    "type": gettext_lazy("Type of ill-treatment"),
    "perpetrator": gettext_lazy("Alleged perpetrators"),
    "stage": gettext_lazy("Stage"),
    "place": gettext_lazy("Place where it is said to have happened"),
    "period": gettext_lazy("When it is said to have happened"),
    "year": gettext_lazy("Year it is said to have happened"),
    "state": gettext_lazy("State visited"),
}
_TAXONOMY_DIMENSIONS = {
    "type": taxonomy.ALLEGATION_TYPES,
    "perpetrator": taxonomy.PERPETRATOR_CATEGORIES,
    "stage": taxonomy.STAGES,
}


@dataclass(frozen=True)
class AggregateRow:
    key: tuple[str, ...]
    labels: tuple[str, ...]
    persons: aggregates.Cell  # distinct persons alleging: the suppressed figure
    allegations: int | None  # shown only beside a shown count of persons


@dataclass(frozen=True)
class AggregateTable:
    dimensions: tuple[str, ...]
    rows: list[AggregateRow]

    @property
    def title(self) -> str:
        first, *rest = (str(DIMENSION_LABELS[name]) for name in self.dimensions)
        for other in rest:
            first = _("%(first)s by %(second)s") % {"first": first, "second": other}
        return first

    @property
    def cells(self) -> list[aggregates.Cell]:
        return [row.persons for row in self.rows]


@dataclass(frozen=True)
class AggregateReport:
    tables: list[AggregateTable]
    persons_total: aggregates.Cell
    allegations_total: int | None
    threshold: int


def counted_allegations(
    *, state: State | None = None, place: Place | None = None, year: int | None = None
) -> QuerySet[Allegation]:
    """Allegations that may be counted: the person's latest consent allows the use of the information."""
    allegations: QuerySet[Allegation] = counts.counted()
    if state is not None:
        allegations = allegations.filter(interview__visit__state=state)
    if place is not None:
        allegations = allegations.filter(place_alleged=place)
    if year is not None:
        allegations = allegations.filter(period_year=year)
    return allegations


_key_part = counts.key_part


def _label(dimension: str, key: str, places: dict[int, Place]) -> str:
    if dimension in _TAXONOMY_DIMENSIONS:
        return taxonomy.label(_TAXONOMY_DIMENSIONS[dimension], key)
    if dimension == "place":
        return str(places[int(key)]) if key else _("not in the register or not known")
    if dimension == "period":
        if not key:
            return _("date not known")
        year, _dash, quarter = key.partition("-Q")
        return rules.period_label(int(year), int(quarter) if quarter else None)
    if dimension == "year":
        return key or _("date not known")
    return key


def allegation_table(
    allegations: QuerySet[Allegation],
    dimensions: tuple[str, ...],
    *,
    threshold: int = aggregates.SUPPRESS_BELOW,
) -> AggregateTable:
    """Persons alleging (and allegations) by one or more dimensions, counted now in one GROUP BY query
    (and one for place names); cells with fewer than ``threshold`` persons are hidden, and a second cell
    where only one would be (aggregates.suppress_with_complement)."""
    _check_dimensions(dimensions)
    columns = [column for name in dimensions for column in DIMENSIONS[name]]
    grouped = (
        allegations.order_by()
        .values(*columns)
        .annotate(persons=Count("interview__person", distinct=True), allegations=Count("id"))
    )
    found = {
        tuple(_key_part(name, tuple(row[column] for column in DIMENSIONS[name])) for name in dimensions): (
            row["persons"],
            row["allegations"],
        )
        for row in grouped
    }
    return _table(found, dimensions, threshold)


def _check_dimensions(dimensions: tuple[str, ...]) -> None:
    unknown = [name for name in dimensions if name not in DIMENSIONS]
    if unknown or not dimensions:
        raise ValueError(f"unknown dimension(s) {unknown}; choose among {', '.join(DIMENSIONS)}")


def _table(
    found: dict[tuple[str, ...], tuple[int, int]], dimensions: tuple[str, ...], threshold: int
) -> AggregateTable:
    """The suppressed table from {key: (persons, allegations)} (and one query for place names)."""
    persons = {key: pair[0] for key, pair in found.items()}
    counts_of = {key: pair[1] for key, pair in found.items()}
    if len(dimensions) == 1 and dimensions[0] in _TAXONOMY_DIMENSIONS:  # show the zeros of the taxonomy
        for code in taxonomy.codes(_TAXONOMY_DIMENSIONS[dimensions[0]]):
            persons.setdefault((code,), 0)
            counts_of.setdefault((code,), 0)
    place_ids = {
        int(key[index])
        for key in persons
        for index, name in enumerate(dimensions)
        if name == "place" and key[index]
    }
    places = Place.objects.in_bulk(place_ids) if place_ids else {}
    rows = []
    for cell in aggregates.suppress_with_complement(persons, threshold=threshold):
        labels = tuple(_label(name, part, places) for name, part in zip(dimensions, cell.key, strict=True))
        rows.append(AggregateRow(cell.key, labels, cell, None if cell.suppressed else counts_of[cell.key]))
    if dimensions[0] in _TAXONOMY_DIMENSIONS:  # the taxonomy's own order reads better than the alphabet
        order = {
            code: index for index, code in enumerate(taxonomy.codes(_TAXONOMY_DIMENSIONS[dimensions[0]]))
        }
        rows.sort(key=lambda row: (order.get(row.key[0], 99), row.key[1:]))
    return AggregateTable(tuple(dimensions), rows)


def allegation_report(
    dimension_sets: list[tuple[str, ...]],
    *,
    state: State | None = None,
    place: Place | None = None,
    year: int | None = None,
    threshold: int = aggregates.SUPPRESS_BELOW,
) -> AggregateReport:
    """Several tables over the same allegations, with one total that none of them can be subtracted from.

    Tables kept by custodiet.testimony.counts are read from the maintained counts (one query for all of
    them and the total); any other crossing is counted from the allegations on request."""
    for dimensions in dimension_sets:
        _check_dimensions(dimensions)
    found = counts.read(
        [dims for dims in dimension_sets if counts.kept(dims)],
        state=state.pk if state else 0,
        place=place.pk if place else 0,
        year=year or 0,
    )
    allegations = counted_allegations(state=state, place=place, year=year)
    tables = [
        _table(found[counts.table_name(dims)], dims, threshold)
        if counts.kept(dims)
        else allegation_table(allegations, dims, threshold=threshold)
        for dims in dimension_sets
    ]
    persons, allegation_count = found[counts.TOTAL].get(("",), (0, 0))
    persons_total = aggregates.shared_total([table.cells for table in tables], persons, threshold=threshold)
    return AggregateReport(
        tables,
        persons_total,
        None if persons_total.suppressed else allegation_count,
        threshold,
    )


def aggregate_years() -> list[int]:
    """The years counted allegations are said to have happened in (from the maintained counts)."""
    return counts.years()


def states() -> QuerySet[State]:
    return State.objects.listed().order_by("name_en")
