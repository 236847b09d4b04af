"""What the treaty tests share: the reference instruments, Russia's record and bodies, the bundled charts."""

from __future__ import annotations

from datetime import date
from functools import cache

from custodiet.treaties.bundled import Bundle, read_bundle, record_actions, record_checks
from custodiet.treaties.records import Action, Completeness
from custodiet.treaties.reference import load_instruments, read_json
from custodiet.treaties.rules import Body, TreatyEngine

SPECS = load_instruments()
TODAY = date(2026, 11, 22)  # the suite's frozen clock (custodiet/conftest.py)


def russian_record() -> list[Action]:
    return record_actions(read_json("russian_federation.json"))


def russian_checks() -> list[Completeness]:
    return record_checks(read_json("russian_federation.json"))


def bodies() -> list[Body]:
    return [
        Body(
            item["code"],
            item["name"],
            item["kind"],
            item.get("instrument"),
            item["basis"],
            item.get("basis_article", ""),
            item.get("state"),
        )
        for item in read_json("russian_federation.json")["bodies"]
    ]


def body(code: str) -> Body:
    return next(item for item in bodies() if item.code == code)


def chart(instrument: str, complete_to: date | None) -> Completeness:
    return Completeness(instrument, complete_to, "https://example.org/chart", "test chart", file="test.csv")


@cache
def bundle() -> Bundle:
    """Russia's record and every bundled chart, read once for the session (no database)."""
    return read_bundle(SPECS, today=TODAY)


@cache
def bundled_engine() -> TreatyEngine:
    found = bundle()
    return TreatyEngine(SPECS, found.actions, found.completeness)
