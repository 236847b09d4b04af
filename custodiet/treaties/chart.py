"""Reading a chart of signatures and ratifications (CSV) into acts, all rows or none.

One row per State and period of participation, as the depositaries publish them::

    state,signature,consent,consent_type,entry_into_force,denunciation,denunciation_effective,ending_kind,
    declaration,declaration_on,declaration_withdrawn_on,declaration_until,reservations,confidence,source,note

Only ``state``, ``signature``, ``consent`` and ``source`` are required (the dates may be empty).
``state`` is an ISO 3166 code (alpha-2 or alpha-3) or a name in English or French; dates are ISO
(2025-09-29) or day-first (29/09/2025, 29.09.2025). ``entry_into_force`` alone, with no consent,
records a State bound from that day whose deposit date is not known. ``denunciation`` is the day
the depositary received the notification (or, for a cessation or an expulsion, the day of the
decision), ``denunciation_effective`` the day it took effect, ``ending_kind`` one of
denunciation, withdrawal, cessation, expulsion (default denunciation). ``declaration`` names a
declaration the instrument's data knows (OPCAT "art24-part3", "art24-part4", "art24"; UNCAT
"art28"), made on ``declaration_on`` (default: the consent), withdrawn on
``declaration_withdrawn_on``, applying until ``declaration_until``. ``reservations`` is free
text. ``confidence`` (certain, sourced, uncertain, disputed; default sourced) says how sure the
row is; "uncertain" rows are shown as unverified.

A State may have a second row for a second period (Greece rejoined the Council of Europe in 1974)
if it starts after the first one's ending. A row that gives no date at all is kept as a note on
the State's record. A row whose entry into force disagrees with the instrument's own clause is
imported with a warning. Everything else that is wrong (an unknown State, a bad or future date,
a ratification before the signature, an ending of a treaty never ratified, a date that
contradicts what is already recorded) rejects the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from custodiet.core.errors import ImportRejected
from custodiet.treaties.periods import participations
from custodiet.treaties.records import (
    CONFIDENCES,
    CONSENT_KINDS,
    ENDING_KINDS,
    NEEDS_PRIOR_SIGNATURE,
    NOTIFIED_ENDINGS,
    Action,
)
from custodiet.treaties.reference import InstrumentSpec, find_instrument
from custodiet.treaties.rules import TreatyEngine

REQUIRED_COLUMNS = ("state", "signature", "consent", "source")
DATE_COLUMNS = (
    "signature",
    "consent",
    "entry_into_force",
    "denunciation",
    "denunciation_effective",
    "declaration_on",
    "declaration_withdrawn_on",
    "declaration_until",
)
MAY_BE_FUTURE = ("entry_into_force", "denunciation_effective", "declaration_until")
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    "consent_type",
    "entry_into_force",
    "denunciation",
    "denunciation_effective",
    "ending_kind",
    "declaration",
    "declaration_on",
    "declaration_withdrawn_on",
    "declaration_until",
    "reservations",
    "confidence",
    "note",
    "instrument",
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


@dataclass(frozen=True)
class ChartNote:
    """A row that gives no date: what the chart says of the State, kept as a note on its record."""

    state: str
    instrument: str
    text: str
    source: str


@dataclass
class ChartResult:
    instrument_codes: set[str] = field(default_factory=set)
    actions: list[Action] = field(default_factory=list)
    notes: list[ChartNote] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0


def parse_chart_date(raw: str) -> date:
    text = raw.strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date (use 2025-09-29 or 29/09/2025)") from None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date, no time
    except ValueError:
        raise ValueError(f"{raw!r} is not a date (use 2025-09-29 or 29/09/2025)") from None


def read_chart(
    text: str,
    *,
    specs: Mapping[str, InstrumentSpec],
    state_lookup: Mapping[str, str],
    existing: list[Action],
    today: date,
    instrument: str | None = None,
    read_on: date | None = None,
) -> ChartResult:
    """Validate every row; return the new acts and notes, or raise ImportRejected listing every bad line.

    ``state_lookup`` maps a lower-cased code or name to the ISO alpha-2 code; ``existing`` is what
    is already recorded, so that a file that says otherwise is refused and a file imported twice
    adds nothing.
    """
    if not text.strip():
        raise ImportRejected([(1, "the file is empty")])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    _check_header(header, instrument)
    problems: list[tuple[int, str]] = []
    result = ChartResult()
    recorded: dict[tuple[str, str], list[Action]] = defaultdict(list)
    for act in existing:
        recorded[(act.state, act.instrument)].append(act)
    seen: dict[tuple[str, str], list[tuple[int, date | None, date | None]]] = defaultdict(list)
    for raw_row in reader:
        line = reader.line_num
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw_row.items() if key}
        if not any(row.values()):
            continue
        result.rows += 1
        try:
            state, spec = _who(row, specs, state_lookup, instrument)
            reading = _read_row(row, state, spec, read_on or today, compiled=read_on is not None)
            _check_periods(seen[(state, spec.code)], reading, state, spec)
            new = _new_acts(reading, recorded[(state, spec.code)], spec)
        except ValueError as error:
            problems.append((line, str(error)))
            continue
        seen[(state, spec.code)].append((line, reading.start_day, reading.end_day))
        result.instrument_codes.add(spec.code)
        recorded[(state, spec.code)].extend(new)
        result.actions.extend(new)
        if reading.note is not None:
            result.notes.append(reading.note)
        result.warnings.extend((line, warning) for warning in reading.warnings)
    if problems:
        raise ImportRejected(problems)
    if result.rows == 0:
        raise ImportRejected([(2, "the file has a header but no rows")])
    return result


def _check_header(header: list[str], instrument: str | None) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRejected(
            [(1, f"the header lacks the column(s) {', '.join(missing)}; expected {', '.join(KNOWN_COLUMNS)}")]
        )
    if instrument is None and "instrument" not in header:
        raise ImportRejected(
            [(1, "no instrument: add an 'instrument' column or name one (--instrument ETS-126)")]
        )
    unknown = [column for column in header if column not in KNOWN_COLUMNS]
    if unknown:
        raise ImportRejected(
            [(1, f"unknown column(s) {', '.join(unknown)}; expected {', '.join(KNOWN_COLUMNS)}")]
        )


def _who(
    row: dict[str, str],
    specs: Mapping[str, InstrumentSpec],
    state_lookup: Mapping[str, str],
    default: str | None,
) -> tuple[str, InstrumentSpec]:
    wanted = row.get("instrument") or default or ""
    spec = find_instrument(dict(specs), wanted)
    if spec is None:
        raise ValueError(f"unknown instrument {wanted!r}")
    state = state_lookup.get(row["state"].lower())
    if state is None:
        raise ValueError(
            f"unknown state {row['state']!r} (use an ISO 3166 code such as RU, or its English or French name)"
        )
    if not row.get("source", ""):
        raise ValueError("no source: every fact needs a URL or a citation")
    return state, spec


@dataclass
class _Row:
    """What one row says: its acts, the day its period starts and ends, a note, warnings."""

    acts: list[Action]
    start_day: date | None
    end_day: date | None
    note: ChartNote | None = None
    warnings: list[str] = field(default_factory=list)


def _read_row(row: dict[str, str], state: str, spec: InstrumentSpec, today: date, *, compiled: bool) -> _Row:
    """One row's acts; a ValueError says what is wrong with it."""
    dates = _row_dates(row, spec, today, compiled=compiled)
    confidence = (row.get("confidence") or "sourced").lower()
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
    source, note = row["source"], row.get("note", "")

    def act(kind: str, on: date, **extra: Any) -> Action:
        extra.setdefault("note", note)
        return Action(state, spec.code, kind, on, confidence=confidence, source=source, **extra)

    signed, consented, in_force = dates.get("signature"), dates.get("consent"), dates.get("entry_into_force")
    consent_type = _consent_type(row, consented, signed)
    acts: list[Action] = []
    if signed:
        acts.append(act("signature", signed))
    if consented:
        acts.append(act(consent_type, consented))
    elif in_force:
        acts.append(act("entry_into_force", in_force))
    start = consented or in_force
    ending = _ending(row, dates, spec, start)
    if ending is not None:
        acts.append(act(ending[0], ending[1], effective_on=ending[2]))
    acts.extend(_declarations(row, dates, spec, act, start or signed))
    if reservations := row.get("reservations", ""):
        day = consented or signed or in_force
        if day is not None:
            acts.append(act("reservation", day, note=reservations))
        else:
            note = f"{note} Reservations: {reservations}".strip()
    reading = _Row(acts, start, ending[2] or ending[1] if ending else None)
    if not acts:
        text = note or "Listed in the chart with no date."
        reading.note = ChartNote(state, spec.code, f"Chart row with no date: {text}", source)
    if in_force and consented:
        reading.warnings.extend(_entry_into_force_warnings(state, spec, consent_type, consented, in_force))
    return reading


def _row_dates(row: dict[str, str], spec: InstrumentSpec, today: date, *, compiled: bool) -> dict[str, date]:
    """The row's dates, each parsed and checked against today (or, ``compiled``, the day a bundled chart
    was compiled) and the instrument's adoption."""
    found: dict[str, date] = {}
    for column in DATE_COLUMNS:
        raw = row.get(column, "")
        if not raw:
            continue
        try:
            day = parse_chart_date(raw)
        except ValueError as error:
            raise ValueError(f"{column}: {error}") from None
        if day > today and column not in MAY_BE_FUTURE:
            if compiled:
                raise ValueError(
                    f"{column} {day.isoformat()} is after the day the chart was compiled ({today.isoformat()}, "
                    "read_on in charts.json)"
                )
            raise ValueError(f"{column} {day.isoformat()} is in the future")
        if day < spec.adopted_on and column in ("signature", "consent"):
            raise ValueError(
                f"{column} {day.isoformat()} is before the {spec.short_title} was adopted ({spec.adopted_on.isoformat()})"
            )
        found[column] = day
    return found


def _consent_type(row: dict[str, str], consented: date | None, signed: date | None) -> str:
    """The kind of the row's consent, checked against its signature ("" when the row gives none)."""
    consent_type = (row.get("consent_type") or ("ratification" if consented else "")).lower()
    if consent_type and consent_type not in CONSENT_KINDS:
        raise ValueError(f"consent_type {consent_type!r} is not one of {', '.join(CONSENT_KINDS)}")
    if consent_type and not consented:
        raise ValueError(f"consent_type {consent_type!r} is given but the consent date is empty")
    if consented and consent_type in NEEDS_PRIOR_SIGNATURE:
        if signed is None:
            raise ValueError(
                f"{consent_type} on {consented.isoformat()} with no signature (an accession needs none)"
            )
        if consented < signed:
            raise ValueError(
                f"{consent_type} on {consented.isoformat()} is before the signature on {signed.isoformat()}"
            )
    return consent_type


def _ending(
    row: dict[str, str], dates: dict[str, date], spec: InstrumentSpec, start: date | None
) -> tuple[str, date, date | None] | None:
    """The row's ending as (kind, day it happened, day it took effect), checked; None if it has none."""
    notified, effective = dates.get("denunciation"), dates.get("denunciation_effective")
    kind = (row.get("ending_kind") or "").lower()
    if not (notified or effective or kind):
        return None
    kind = kind or "denunciation"
    if kind not in ENDING_KINDS:
        raise ValueError(f"ending_kind {kind!r} is not one of {', '.join(ENDING_KINDS)}")
    if kind in NOTIFIED_ENDINGS:  # a cessation or an expulsion may give only the day it took effect
        if notified is None:
            raise ValueError(
                f"a {kind} needs the day the depositary received the notification (column 'denunciation')"
            )
        if spec.denunciation is None:
            raise ValueError(f"the {spec.short_title} has no {kind} clause of its own")
    happened = notified or effective
    assert happened is not None
    if start is None:
        raise ValueError(
            f"{kind} on {happened.isoformat()} of a treaty the State never ratified or acceded to"
        )
    if happened < start:
        raise ValueError(
            f"{kind} on {happened.isoformat()} is before the consent or entry into force on {start}"
        )
    if effective is not None and effective < happened:
        raise ValueError(
            f"denunciation_effective {effective.isoformat()} is before the {kind} on {happened.isoformat()}"
        )
    return kind, happened, effective


def _declarations(
    row: dict[str, str],
    dates: dict[str, date],
    spec: InstrumentSpec,
    act: Callable[..., Action],
    default_day: date | None,
) -> list[Action]:
    """The row's declaration and its withdrawal, checked against the declarations the instrument knows."""
    code = (row.get("declaration") or "").lower()
    given = [
        column
        for column in ("declaration_on", "declaration_withdrawn_on", "declaration_until")
        if column in dates
    ]
    if not code:
        if given:
            raise ValueError(f"{', '.join(given)} given without a 'declaration'")
        return []
    if code not in spec.declarations:
        known = ", ".join(sorted(spec.declarations)) or "none"
        raise ValueError(f"declaration {code!r} is not one the {spec.short_title} knows (known: {known})")
    made = dates.get("declaration_on") or default_day
    if made is None:
        raise ValueError(f"declaration {code!r} with no date (declaration_on, consent or signature)")
    found = [act("declaration", made, detail=code, until=dates.get("declaration_until"))]
    if withdrawn := dates.get("declaration_withdrawn_on"):
        if withdrawn < made:
            raise ValueError(
                f"declaration_withdrawn_on {withdrawn.isoformat()} is before the declaration on {made}"
            )
        found.append(act("declaration_withdrawn", withdrawn, detail=code))
    return found


def _check_periods(
    earlier: list[tuple[int, date | None, date | None]], reading: _Row, state: str, spec: InstrumentSpec
) -> None:
    """A second row for a State must describe a later period: it starts after the previous one ended."""
    for line, _, ended in earlier:
        if ended is None or reading.start_day is None or reading.start_day <= ended:
            raise ValueError(
                f"{state} appears twice for {spec.code} (also on line {line}); a second row must start a new "
                "period after the first one's ending"
            )


def _new_acts(reading: _Row, recorded: list[Action], spec: InstrumentSpec) -> list[Action]:
    """The row's acts not recorded yet; a ValueError where the record already says otherwise."""
    have = {(act.kind, act.on, act.detail) for act in recorded}
    new = [act for act in reading.acts if (act.kind, act.on, act.detail) not in have]
    for act in new:
        clash = _contradiction(act, recorded, reading)
        if clash is not None:
            raise ValueError(
                f"{act.state} {act.kind} of the {spec.short_title} is already recorded as "
                f"{clash.on.isoformat()} (source: {clash.source}); this row says {act.on.isoformat()}"
            )
    return new


def _contradiction(act: Action, recorded: list[Action], reading: _Row) -> Action | None:
    """An act already recorded that the new one contradicts (None when they can both be true)."""
    if act.kind == "signature":
        return next((old for old in recorded if old.kind == "signature" and old.on != act.on), None)
    periods = participations([old for old in recorded if not old.is_domestic])
    if act.kind in CONSENT_KINDS:
        row_end = reading.end_day or date.max
        for period in periods:
            if period.start.kind not in CONSENT_KINDS or period.start.on == act.on:
                continue
            ends = period.ending.effective_on or period.ending.on if period.ending else date.max
            if period.start.earliest <= act.on < ends or act.on <= period.start.earliest < row_end:
                return period.start
    if act.kind in ENDING_KINDS:
        for period in periods:
            ending = period.ending
            if (
                ending is not None
                and ending.kind == act.kind
                and ending.on != act.on
                and period.start.on <= act.on
            ):
                return ending
    return None


def _entry_into_force_warnings(
    state: str, spec: InstrumentSpec, consent_type: str, consented: date, in_force: date
) -> list[str]:
    """A warning when the row's entry into force disagrees with the instrument's own clause."""
    computed = TreatyEngine(
        {spec.code: spec}, [Action(state, spec.code, consent_type, consented)]
    ).entry_into_force(state, spec.code)
    if computed.on == in_force:
        return []
    return [
        f"{state}: the chart gives entry into force on {in_force.isoformat()}, but "
        f"{spec.entry_into_force.later_article} gives {computed.on} from a deposit on "
        f"{consented.isoformat()}; check the record"
    ]
