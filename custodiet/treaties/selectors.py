"""Reads of treaty records, shaped for the engine: a fixed number of queries whatever the record's size.

Every engine is built with the completeness of the charts (and of the States' checked records), so
that a State with no record is "unknown" where no chart is complete on the date, never "not bound".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, Count, Value
from django.utils.translation import gettext as _

from custodiet.core.errors import NotFound
from custodiet.treaties.models import (
    Chart,
    CommitteeMembership,
    Instrument,
    MonitoringBody,
    RecordCheck,
    State,
    TreatyAction,
    TreatyDataVersion,
    state_name,
)
from custodiet.treaties.records import Action, Completeness, shown_confidence
from custodiet.treaties.reference import InstrumentSpec, find_instrument
from custodiet.treaties.rules import Body, TreatyEngine


def instrument_specs() -> dict[str, InstrumentSpec]:
    """Every stored instrument's spec (one query)."""
    return {instrument.code: instrument.spec() for instrument in Instrument.objects.all()}


def _related_codes(specs: dict[str, InstrumentSpec], code: str) -> set[str]:
    """An instrument's code with those its status depends on (the treaty it amends, the organisation)."""
    wanted = {code}
    pending = [code]
    while pending:
        spec = specs.get(pending.pop())
        if spec is None:
            continue
        for other in (spec.part_of, spec.membership.instrument if spec.membership else None):
            if other and other not in wanted:
                wanted.add(other)
                pending.append(other)
    return wanted


def completeness(state: State | None = None) -> list[Completeness]:
    """How complete each chart is, and the States' checked records (one State's, if given): one query."""
    blank = Value("", output_field=CharField())
    charts = Chart.objects.order_by().values_list(
        "instrument__code", "complete_to", "source", "note", "file", blank
    )
    checks = RecordCheck.objects.order_by().values_list(
        "instrument__code", "complete_to", "source", "note", blank, "state__code"
    )
    if state is not None:
        checks = checks.filter(state=state)
    return [
        Completeness(code, complete_to, source, note, state=holder or None, file=file)
        for code, complete_to, source, note, file, holder in charts.union(checks, all=True)
    ]


def charts() -> list[Chart]:
    return list(Chart.objects.select_related("instrument").order_by("instrument__adopted_on"))


def engine_for_state(state: State, specs: dict[str, InstrumentSpec] | None = None) -> TreatyEngine:
    """An engine holding every action of one state (three queries, plus one for specs if not given)."""
    specs = specs if specs is not None else instrument_specs()
    rows = (  # plain values, not model instances: a State with 2,000 acts is read in milliseconds
        TreatyAction.objects.filter(state=state)
        .order_by("on", "id")
        .values_list(
            "instrument__code",
            "kind",
            "on",
            "precision",
            "confidence",
            "source",
            "note",
            "effective_on",
            "detail",
            "until",
        )
    )
    actions = [
        Action(
            state=state.code,
            instrument=instrument,
            kind=kind,
            on=on,
            precision=precision,  # type: ignore[arg-type]  # the column holds only Precision values
            confidence=confidence,
            source=source,
            note=note,
            effective_on=effective_on,
            detail=detail,
            until=until,
        )
        for instrument, kind, on, precision, confidence, source, note, effective_on, detail, until in rows
    ]
    return TreatyEngine(specs, actions, completeness(state))


def engine_for_instrument(code: str, specs: dict[str, InstrumentSpec] | None = None) -> TreatyEngine:
    """An engine holding every action on an instrument and on those its status depends on (three queries)."""
    specs = specs if specs is not None else instrument_specs()
    codes = _related_codes(specs, code)
    rows = (
        TreatyAction.objects.filter(instrument__code__in=codes)
        .select_related("instrument", "state")
        .order_by("on", "id")
    )
    return TreatyEngine(
        specs, [row.as_action(row.state.code, row.instrument.code) for row in rows], completeness()
    )


def engine_for_all(specs: dict[str, InstrumentSpec] | None = None) -> TreatyEngine:
    """An engine holding every recorded action (three queries, plus one for specs if not given)."""
    specs = specs if specs is not None else instrument_specs()
    rows = TreatyAction.objects.select_related("instrument", "state").order_by("on", "id")
    return TreatyEngine(
        specs, [row.as_action(row.state.code, row.instrument.code) for row in rows], completeness()
    )


def international_bodies() -> list[Body]:
    """The bodies with no national limit (CPT, SPT, the Committee against Torture), one query."""
    rows = MonitoringBody.objects.select_related("instrument", "state").filter(state__isnull=True)
    return [row.as_body() for row in rows.order_by("code")]


def data_version() -> str | None:
    """The token that every write to the treaty tables replaces (one query); None where no row holds it
    (a database just emptied), and then nothing may be read from what was kept."""
    return TreatyDataVersion.objects.filter(pk=1).values_list("token", flat=True).first()


def state_names() -> dict[str, str]:
    """Every State's code and English name, one query."""
    return dict(State.objects.order_by("name_en").values_list("code", "name_en"))


def bodies_for_state(state: State) -> list[Body]:
    """International bodies, and the national bodies of this state (one query)."""
    rows = MonitoringBody.objects.select_related("instrument", "state").filter(state__isnull=True) | (
        MonitoringBody.objects.select_related("instrument", "state").filter(state=state)
    )
    return [row.as_body() for row in rows.order_by("code")]


def all_bodies() -> list[Body]:
    return [row.as_body() for row in MonitoringBody.objects.select_related("instrument", "state")]


def states_with_actions() -> list[dict[str, Any]]:
    """The States with an act on record, each with its name in the interface's language (``shown_name``)."""
    rows = (
        State.objects.annotate(action_count=Count("actions"))
        .filter(action_count__gt=0)
        .order_by("name_en")
        .values("code", "code3", "name_en", "name_fr", "action_count")
    )
    return [{**row, "shown_name": state_name(row["code"], row["name_en"], row["name_fr"])} for row in rows]


def committee_memberships(body_code: str) -> list[CommitteeMembership]:
    return list(
        CommitteeMembership.objects.filter(body__code=body_code)
        .select_related("seat_state", "body")
        .order_by("seat_state__name_en", "term_start")
    )


def home_summary() -> dict[str, Any]:
    """What the home page shows: the states and instruments on record."""
    return {
        "featured_states": states_with_actions()[:12],
        "instruments": list(Instrument.objects.order_by("adopted_on").values("code", "short_title", "title")),
    }


def find_state(wanted: str) -> State | None:
    """A State by ISO code (alpha-2 or alpha-3) or English or French name, ignoring case; None if unknown."""
    text = wanted.strip()
    if not text:
        return None
    return (
        State.objects.filter(code__iexact=text).first()
        or State.objects.filter(code3__iexact=text).first()
        or State.objects.filter(name_en__iexact=text).first()
        or State.objects.filter(name_fr__iexact=text).first()
    )


def resolve_state(wanted: str) -> State:
    """The one way every interface names a State: "RU", "RUS", "Russian Federation", "Fédération de
    Russie", any case. Raises NotFound, with what was asked, when no State answers to it."""
    state = find_state(wanted)
    if state is None:
        raise NotFound(
            _("No State is known as '%(wanted)s': use its ISO code (RU, RUS) or its name.")
            % {"wanted": wanted.strip()}
        )
    return state


def find_instrument_row(wanted: str) -> Instrument | None:
    """An instrument by code, title or any alias in instruments.json; None if unknown or not loaded."""
    spec = find_instrument(instrument_specs(), wanted)
    return Instrument.objects.filter(code=spec.code).first() if spec else None


def resolve_instrument(wanted: str) -> Instrument:
    """The one way every interface names an instrument: its code ("ETS-126"), short title ("ECPT") or any
    alias ("ETS No. 126", "CAT", the full title). Raises NotFound when none answers to it."""
    instrument = find_instrument_row(wanted)
    if instrument is None:
        known = ", ".join(sorted(instrument_specs()))
        raise NotFound(
            _("No instrument is known as '%(wanted)s'; known: %(known)s.")
            % {"wanted": wanted.strip(), "known": known}
        )
    return instrument


def parties_on(code: str, on: date, *, today: date | None = None) -> list[dict[str, Any]]:
    """The States bound by an instrument on a date, and those whose answer is uncertain (each row says
    which: ``answer``), with their dates and confidence (a fixed number of queries). A State whose
    answer is unknown is in neither: see ``unknown_count``."""
    engine = engine_for_instrument(code)
    states = engine.states_on_record(code)
    names = dict(State.objects.filter(code__in=states).values_list("code", "name_en"))
    rows = []
    for state in states:
        status = engine.status(state, code, on, today=today)
        if status.answer in ("bound", "uncertain"):
            rows.append(
                {
                    "state": state,
                    "name": names.get(state, state),
                    "answer": status.answer,
                    "in_force_from": status.in_force_from.isoformat() if status.in_force_from else None,
                    "ceases_on": status.ceases_on.isoformat() if status.ceases_on else None,
                    "uncertain": status.uncertain,
                    "confidence": shown_confidence(status.confidence),
                    "summary": status.summary,
                }
            )
    return rows


@dataclass(frozen=True)
class Seats:
    """A committee's seats on a date, from the treaty engine: how many (one per party, or the fixed size
    its instrument sets then), how many of them are known to be vacant (a recorded seat whose last term has
    ended with no successor recorded), and the article that sets the size."""

    body: str
    on: date
    total: int
    vacant: int
    article: str
    complete: bool = True  # False: the parties on record, from a chart complete only to an earlier date

    @property
    def filled_at_most(self) -> int:
        """How many members can sit on the date: the seats less those known to be vacant."""
        return self.total - self.vacant


def committee_seats(body: MonitoringBody, on: date, *, today: date | None = None) -> Seats | None:
    """The seats of the committee a body is, on a date; None where its instrument sets up no committee of
    a known size (a national body, an NGO), or where its size follows the parties and no chart of the
    parties is loaded: an unknown size is never taken for a small one. Where the chart is complete only to
    an earlier date, the size is that of the parties on record (``complete`` False), which the refusal
    says, so that a Party missing from the record can be recorded."""
    instrument = body.instrument
    try:
        spec = instrument.spec() if instrument is not None else None
    except ValueError:  # final clauses not recorded: the committee's size is unknown, not small
        return None
    if spec is None or spec.committee is None or spec.committee.body != body.code:
        return None
    seated: set[str] | None = None  # one seat per party: only a party's seat can be vacant
    if spec.committee.seats == "one_per_party":
        chart = Chart.objects.filter(instrument__code=spec.code).first()
        if chart is None:
            return None
        complete = chart.complete_to is not None and chart.complete_to >= on
        seated = {row["state"] for row in parties_on(spec.code, on, today=today)}
        total, article = len(seated), spec.committee.seats_article
    else:
        fixed = spec.committee.fixed_seats(on)
        if fixed is None:
            return None
        total, article, complete = fixed.seats, fixed.article, True
    terms: dict[int, list[tuple[date | None, date]]] = {}
    for seat, code, start, end in CommitteeMembership.objects.filter(body=body).values_list(
        "seat_state_id", "seat_state__code", "term_start", "term_end"
    ):
        if seated is None or code in seated:
            terms.setdefault(seat, []).append((start, end))
    vacant = sum(
        1
        for spans in terms.values()
        if max(end for _, end in spans) < on  # every recorded term of the seat ended before the date
    )
    return Seats(
        body=body.code, on=on, total=total, vacant=min(vacant, total), article=article, complete=complete
    )
