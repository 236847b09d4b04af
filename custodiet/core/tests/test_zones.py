"""Local times typed in a place's time zone: a time the clocks skip or repeat names no single moment and is
refused, in the reader's language, with the time written as that language writes it."""

# ruff: noqa: RUF001  # Cyrillic letters are the point

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from custodiet.core.errors import DomainError
from custodiet.core.zones import check_zone, in_zone


def test_a_local_time_becomes_the_moment_it_names_in_its_zone() -> None:
    assert in_zone(datetime(2026, 11, 3, 14, 0), "Europe/Moscow") == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)


def test_an_hour_the_clocks_repeat_is_refused() -> None:
    with pytest.raises(DomainError, match=r"25 October 2026.*happened twice in Europe/Berlin"):
        in_zone(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")


def test_an_hour_the_clocks_skip_is_refused_in_the_readers_language() -> None:
    with translation.override("ru"), pytest.raises(DomainError) as refused:
        in_zone(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert "29 марта 2026 г." in str(refused.value) and "Europe/Berlin" in str(refused.value)
    assert "2026-03-29" not in str(refused.value)


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(DomainError, match="not a time zone"):
        check_zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("moment", "zone"),
    [
        (datetime(1, 1, 1, 0, 0), "Europe/Moscow"),  # east of Greenwich: before year 1 in UTC
        (datetime(9999, 12, 31, 23, 59), "America/New_York"),  # west: after year 9999 in UTC
        (datetime(1, 1, 1, 0, 0, tzinfo=datetime.fromisoformat("2000-01-01T00:00+14:00").tzinfo), ""),
    ],
)
def test_a_moment_with_no_utc_time_is_refused_not_a_server_error(moment: datetime, zone: str) -> None:
    with pytest.raises(DomainError, match="is not a moment that can be recorded"):
        in_zone(moment, zone)


def test_the_form_field_refuses_a_moment_with_no_utc_time() -> None:
    from django import forms

    from custodiet.core.forms import LocalDateTimeField

    field = LocalDateTimeField()
    for typed in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        with pytest.raises(forms.ValidationError):
            field.clean(typed)
    assert field.clean("2025-01-01T10:00") == datetime(2025, 1, 1, 10, 0)
