"""Reading a chart of signatures and ratifications (CSV) into actions, all rows or none.

One row per state, as the depositaries publish them::

    state,signature,consent,consent_type,entry_into_force,denunciation,confidence,source,note
    FR,1987-11-26,1989-01-09,ratification,1989-05-01,,sourced,https://...,

``state`` is an ISO 3166 code (alpha-2 or alpha-3) or a name in English or
French; dates are ISO (2025-09-29) or day-first (29/09/2025, 29.09.2025). An
optional ``instrument`` column names the instrument per row, and ``confidence``
(certain, sourced, uncertain, disputed; default sourced) says how sure the row is. A row whose
``entry_into_force`` disagrees with the instrument's own clause is imported with
a warning, since the recorded date and the rule should be checked by a person.
Everything else that is wrong (an unknown state, a bad or future date, a
ratification before the signature, a denunciation of a treaty never ratified, a
date that contradicts what is already recorded) rejects the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from custodiet.core.errors import ImportRejected
from custodiet.treaties.reference import InstrumentSpec, find_instrument
from custodiet.treaties.rules import CONSENT_KINDS, NEEDS_PRIOR_SIGNATURE, Action, TreatyEngine

REQUIRED_COLUMNS = ("state", "signature", "consent", "source")
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    "consent_type",
    "entry_into_force",
    "denunciation",
    "confidence",
    "note",
    "instrument",
)
CONFIDENCES = ("certain", "sourced", "uncertain", "disputed")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


@dataclass
class ChartResult:
    instrument_codes: set[str] = field(default_factory=set)
    actions: list[Action] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0


def parse_chart_date(raw: str) -> date:
    text = raw.strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
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
) -> ChartResult:
    """Validate every row; return the new actions, or raise ImportRejected listing every bad line.

    ``state_lookup`` maps a lower-cased code or name to the ISO alpha-2 code;
    ``existing`` is what is already recorded, so that a file that says otherwise
    is refused and a file imported twice adds nothing.
    """
    if not text.strip():
        raise ImportRejected([(1, "the file is empty")])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
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

    problems: list[tuple[int, str]] = []
    result = ChartResult()
    recorded = {(act.state, act.instrument, act.kind): act for act in existing}
    seen: dict[tuple[str, str], int] = {}
    for raw_row in reader:
        line = reader.line_num
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw_row.items() if key}
        if not any(row.values()):
            continue
        result.rows += 1
        try:
            actions, warnings = _read_row(row, line, specs, state_lookup, recorded, today, instrument)
        except ValueError as error:
            problems.append((line, str(error)))
            continue
        key = (actions[0].state, actions[0].instrument) if actions else None
        if key is not None:
            if key in seen:
                problems.append((line, f"{key[0]} appears twice for {key[1]} (also on line {seen[key]})"))
                continue
            seen[key] = line
            result.instrument_codes.add(key[1])
        result.actions.extend(actions)
        result.warnings.extend((line, warning) for warning in warnings)
    if problems:
        raise ImportRejected(problems)
    if result.rows == 0:
        raise ImportRejected([(2, "the file has a header but no rows")])
    return result


def _read_row(
    row: dict[str, str],
    line: int,
    specs: Mapping[str, InstrumentSpec],
    state_lookup: Mapping[str, str],
    recorded: dict[tuple[str, str, str], Action],
    today: date,
    default_instrument: str | None,
) -> tuple[list[Action], list[str]]:
    """One row's new actions and warnings; a ValueError says what is wrong with it."""
    wanted = row.get("instrument") or default_instrument or ""
    spec = find_instrument(dict(specs), wanted)
    if spec is None:
        raise ValueError(f"unknown instrument {wanted!r}")
    state = state_lookup.get(row["state"].lower())
    if state is None:
        raise ValueError(
            f"unknown state {row['state']!r} (use an ISO 3166 code such as RU, or its English or French name)"
        )
    source = row.get("source", "")
    if not source:
        raise ValueError("no source: every fact needs a URL or a citation")
    dates = _row_dates(row, spec, today)
    _check_sequence(dates, state, spec)
    confidence = (row.get("confidence") or "sourced").lower()
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
    actions = []
    for kind, day in dates.acts():
        earlier = recorded.get((state, spec.code, kind))
        if earlier is not None:
            if earlier.on != day:
                raise ValueError(
                    f"{state} {kind} of the {spec.short_title} is already recorded as {earlier.on.isoformat()} "
                    f"(source: {earlier.source}); this row says {day.isoformat()}"
                )
            continue  # already recorded: importing again adds nothing
        actions.append(
            Action(
                state=state,
                instrument=spec.code,
                kind=kind,
                on=day,
                confidence=confidence,
                source=source,
                note=row.get("note", ""),
            )
        )
    return actions, _entry_into_force_warnings(dates, state, spec)


@dataclass(frozen=True)
class _RowDates:
    """The dates a chart row gives, and the kind of its consent ("" when it gives none)."""

    signed: date | None
    consented: date | None
    consent_type: str
    in_force: date | None
    denounced: date | None

    def acts(self) -> list[tuple[str, date]]:
        """The acts the row records, as (kind, date)."""
        acts = (
            ("signature", self.signed),
            (self.consent_type, self.consented),
            ("denunciation", self.denounced),
        )
        return [(kind, day) for kind, day in acts if day is not None and kind]


def _row_dates(row: dict[str, str], spec: InstrumentSpec, today: date) -> _RowDates:
    """The row's dates, each parsed and checked against today and the instrument's adoption."""

    def when(column: str) -> date | None:
        raw = row.get(column, "")
        if not raw:
            return None
        try:
            day = parse_chart_date(raw)
        except ValueError as error:
            raise ValueError(f"{column}: {error}") from None
        if day > today and column != "entry_into_force":
            raise ValueError(f"{column} {day.isoformat()} is in the future")
        if day < spec.adopted_on and column in ("signature", "consent"):
            raise ValueError(
                f"{column} {day.isoformat()} is before the {spec.short_title} was adopted ({spec.adopted_on.isoformat()})"
            )
        return day

    signed, consented, in_force, denounced = (
        when("signature"),
        when("consent"),
        when("entry_into_force"),
        when("denunciation"),
    )
    consent_type = (row.get("consent_type") or ("ratification" if consented else "")).lower()
    return _RowDates(signed, consented, consent_type, in_force, denounced)


def _check_sequence(dates: _RowDates, state: str, spec: InstrumentSpec) -> None:
    """Refuse a row whose acts cannot follow one another (a ratification before its signature...)."""
    signed, consented, consent_type, denounced = (
        dates.signed,
        dates.consented,
        dates.consent_type,
        dates.denounced,
    )
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
    if denounced is not None:
        if consented is None:
            raise ValueError(
                f"denunciation on {denounced.isoformat()} of a treaty {state} never ratified or acceded to"
            )
        if denounced < consented:
            raise ValueError(
                f"denunciation on {denounced.isoformat()} is before the consent on {consented.isoformat()}"
            )
        if spec.denunciation is None:
            raise ValueError(f"the {spec.short_title} has no denunciation clause of its own")
    if dates.in_force is not None and consented is None:
        raise ValueError("an entry into force with no consent")


def _entry_into_force_warnings(dates: _RowDates, state: str, spec: InstrumentSpec) -> list[str]:
    """A warning when the row's entry into force disagrees with the instrument's own clause."""
    if dates.in_force is None or dates.consented is None:
        return []
    computed = TreatyEngine(
        {spec.code: spec}, [Action(state, spec.code, dates.consent_type, dates.consented)]
    ).entry_into_force(state, spec.code)
    if computed.on == dates.in_force:
        return []
    return [
        f"{state}: the chart gives entry into force on {dates.in_force.isoformat()}, but "
        f"{spec.entry_into_force.later_article} gives {computed.on} from a deposit on "
        f"{dates.consented.isoformat()}; check the record"
    ]
