"""The one clock: what "now" and "today" are, for every page, service, command and check.

Nothing else in the package reads the system clock (a test walks the sources to
keep it so). An answer "for today" takes its date from here, so a test freezes
one moment (the autouse ``clock`` fixture in ``custodiet/conftest.py``) and every
layer agrees on the date, whatever the real one is. Today is the
local date of ``TIME_ZONE`` (the site's), as Django's ``timezone.localdate``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment, aware (UTC)."""
    return timezone.now()


def today() -> date:
    """Today's date where the site is (its ``TIME_ZONE``)."""
    return timezone.localdate(now())


def today_or(given: date | None) -> date:
    """The date a caller asked about, or today when it named none."""
    return given if given is not None else today()
