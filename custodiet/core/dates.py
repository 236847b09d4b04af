"""Dates users ask about: "on this date" parameters of pages, the API and the CLI, parsed one way.

A date is written YYYY-MM-DD and must fall in the range the engines answer for;
anything else is refused with a message that says what was wrong, never a
traceback and never silently replaced (the pages show today instead, and say so).
"""

from __future__ import annotations

from datetime import date

EARLIEST_QUERY = date(1900, 1, 1)
LATEST_QUERY = date(2200, 12, 31)


def parse_query_date(raw: str) -> date:
    """A date a user asks about (YYYY-MM-DD), within the range the engine answers for."""
    text = raw.strip()
    if not text:
        raise ValueError("no date given; use YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD") from None
    if not EARLIEST_QUERY <= day <= LATEST_QUERY:
        raise ValueError(
            f"{day.isoformat()} is outside the range answered ({EARLIEST_QUERY} to {LATEST_QUERY})"
        )
    return day
