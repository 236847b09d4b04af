"""A date asked for (the CLI's --on, a page's ?on=): read as YYYY-MM-DD, refused in the reader's language."""
# ruff: noqa: RUF001  # Cyrillic letters are the point: the Russian and Ukrainian messages

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from custodiet.core.dates import parse_query_date


def test_a_date_is_read_as_written() -> None:
    assert parse_query_date(" 2026-11-22 ") == date(2026, 11, 22)


@pytest.mark.parametrize(
    ("language", "raw", "said"),
    [
        ("en", "29/09/2025", "'29/09/2025' is not a date; use YYYY-MM-DD"),
        ("ru", "29/09/2025", "«29/09/2025» — не дата; укажите дату в виде ГГГГ-ММ-ДД"),
        ("uk", "", "дату не вказано; вкажіть її у вигляді РРРР-ММ-ДД"),
        ("fr", "1899-12-31", "1899-12-31 est hors de la période couverte"),
    ],
)
def test_a_refused_date_is_said_in_the_readers_language(language: str, raw: str, said: str) -> None:
    with translation.override(language), pytest.raises(ValueError) as refused:
        parse_query_date(raw)
    assert str(refused.value).startswith(said)
