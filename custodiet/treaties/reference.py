"""Instruments as data: reading final clauses from the reference JSON into typed specs.

``load_instruments()`` needs no database; the Django layer stores the same JSON
on ``Instrument.clauses`` and builds the same specs from it with ``spec_from_data``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from custodiet.treaties.clauses import (
    CommitteeRules,
    DeclarationRule,
    Denunciation,
    EndingClause,
    EntryIntoForce,
    MembershipCondition,
    SeatRule,
    Timing,
    parse_date,
)
from custodiet.treaties.dates import Period

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class InstrumentSpec:
    code: str
    short_title: str
    title: str
    title_fr: str
    aliases: tuple[str, ...]
    organisation: str
    adopted_on: date
    adopted_at: str
    depositary: str
    source: str
    entry_into_force: EntryIntoForce
    denunciation: Denunciation | None
    part_of: str | None = None
    part_of_text: str = ""
    membership: MembershipCondition | None = None
    committee: CommitteeRules | None = None
    endings: dict[str, EndingClause] = field(default_factory=dict, hash=False)
    declarations: dict[str, DeclarationRule] = field(default_factory=dict, hash=False)
    follows_parent_from: date | None = None  # an amending protocol in force for all: part of the treaty

    def ending_article(self, kind: str) -> str | None:
        """The article that governs an ending of this kind (None where the instrument names none)."""
        if self.denunciation is not None and kind in ("denunciation", "withdrawal"):
            return self.denunciation.article
        clause = self.endings.get(kind)
        return clause.article if clause else None

    def __str__(self) -> str:
        return f"{self.short_title} ({self.code})"


def spec_from_data(data: dict[str, Any]) -> InstrumentSpec:
    """Build a spec from one instrument's JSON; a malformed clause raises ValueError naming it."""
    code = data.get("code", "?")
    try:
        eif = data["entry_into_force"]
        entry = EntryIntoForce(
            article=eif["article"],
            general=Timing.from_data(eif["general"]),
            later=Timing.from_data(eif["later"]),
            later_article=eif["later_article"],
            consents_required=eif.get("consents_required"),
            consents_from=eif.get("consents_from", ""),
            in_force_on=parse_date(eif.get("in_force_on")),
            text=eif.get("text", ""),
        )
        denunciation = None
        if den := data.get("denunciation"):
            denunciation = Denunciation(
                article=den["article"],
                notify=den["notify"],
                timing=Timing.from_data(den["timing"]),
                not_before=Period.from_data(den["not_before"]) if den.get("not_before") else None,
                not_before_article=den.get("not_before_article"),
                text=den.get("text", ""),
                kind=den.get("kind", "denunciation"),
            )
        membership = None
        if mem := data.get("membership"):
            membership = MembershipCondition(
                instrument=mem["instrument"],
                article=mem["article"],
                timing=Timing.from_data(mem["timing"]),
                text=mem.get("text", ""),
            )
        committee = _committee(data.get("committee"))
        return InstrumentSpec(
            code=data["code"],
            short_title=data["short_title"],
            title=data["title"],
            title_fr=data.get("title_fr", ""),
            aliases=tuple(data.get("aliases", [])),
            organisation=data.get("organisation", ""),
            adopted_on=date.fromisoformat(data["adopted_on"]),
            adopted_at=data.get("adopted_at", ""),
            depositary=data["depositary"],
            source=data["source"],
            entry_into_force=entry,
            denunciation=denunciation,
            part_of=data.get("part_of"),
            part_of_text=data.get("part_of_text", ""),
            membership=membership,
            committee=committee,
            endings={
                kind: EndingClause(kind=kind, article=item["article"], text=item.get("text", ""))
                for kind, item in data.get("endings", {}).items()
            },
            declarations={
                code: _declaration(code, item) for code, item in data.get("declarations", {}).items()
            },
            follows_parent_from=parse_date(data.get("follows_parent_from")),
        )
    except KeyError as missing:
        raise ValueError(f"instrument {code}: its final clauses lack {missing}") from missing


def _declaration(code: str, item: dict[str, Any]) -> DeclarationRule:
    return DeclarationRule(
        code=code,
        article=item["article"],
        text=item.get("text", ""),
        suspends=tuple(item.get("suspends", ())),
        may_suspend=tuple(item.get("may_suspend", ())),
        limits=tuple(item.get("limits", ())),
        max_period=Period.from_data(item["max_period"]) if item.get("max_period") else None,
        extension=Period.from_data(item["extension"]) if item.get("extension") else None,
    )


def _committee(com: dict[str, Any] | None) -> CommitteeRules | None:
    """The committee an instrument sets up, from its JSON (None where it sets up none)."""
    if not com:
        return None
    return CommitteeRules(
        body=com["body"],
        seats=com["seats"],
        seats_article=com["seats_article"],
        term_years=int(com["term_years"]),
        term_article=com["term_article"],
        reelections=tuple(
            (
                parse_date(rule.get("from")),
                parse_date(rule.get("until")),
                int(rule["times"]),
                rule["article"],
            )
            for rule in com.get("reelections", [])
        ),
        seat_rules=tuple(
            SeatRule(
                seats=int(rule["seats"]),
                since=parse_date(rule.get("from")),
                article=rule["article"],
                precision=rule.get("precision", "day"),
            )
            for rule in com.get("seat_rules", [])
        ),
    )


def read_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def load_instruments() -> dict[str, InstrumentSpec]:
    """The reference instruments, keyed by code ("ETS-126")."""
    return {item["code"]: spec_from_data(item) for item in read_json("instruments.json")}


def squash(text: str) -> str:
    """A name reduced to its letters and digits, lower case, in any script ("ETS No. 126" -> "etsno126")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def find_instrument(specs: dict[str, InstrumentSpec], wanted: str) -> InstrumentSpec | None:
    """An instrument by its code, short title, full title or any alias in its data, ignoring case, spaces
    and punctuation ("ets126", "ECPT", "ETS No. 126", "CAT", "Convention against Torture")."""
    key = squash(wanted)
    if not key:
        return None
    for spec in specs.values():
        names = (spec.code, spec.short_title, spec.title, spec.title_fr, *spec.aliases)
        if key in {squash(name) for name in names}:
            return spec
    return None


def state_standing(code: str) -> str:
    """Whether an ISO 3166-1 entry is a UN member State, a UN observer State or neither
    (``data/states.json``): the values of ``custodiet.treaties.models.Standing``."""
    data = read_json("states.json")
    if code in data["un_observers"]:
        return "un_observer"
    return "other" if code in data["not_states"] else "un_member"
