"""One way to name a State or an instrument, for the CLI, the pages and the API alike."""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.core.errors import NotFound
from custodiet.treaties.selectors import resolve_instrument, resolve_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "wanted", ["RU", "ru", "RUS", "rus", "Russian Federation", "russian federation", "Fédération de Russie"]
)
def test_a_state_answers_to_its_codes_and_its_english_and_french_names(
    reference_data: Any, wanted: str
) -> None:
    assert resolve_state(wanted).code == "RU"


@pytest.mark.parametrize("wanted", ["", "  ", "XX", "Russia Federation", "SU"])
def test_an_unknown_state_is_refused_with_what_was_asked(reference_data: Any, wanted: str) -> None:
    with pytest.raises(NotFound, match="No State is known as"):
        resolve_state(wanted)


@pytest.mark.parametrize(
    ("wanted", "code"),
    [
        ("ETS-126", "ETS-126"),
        ("ets126", "ETS-126"),
        ("ECPT", "ETS-126"),
        ("ETS No. 126", "ETS-126"),
        ("European Convention for the Prevention of Torture", "ETS-126"),
        ("Европейская конвенция по предупреждению пыток", "ETS-126"),
        ("CAT", "UN-CAT"),
        ("Convention against Torture", "UN-CAT"),
        ("OPCAT", "UN-OPCAT"),
        ("ECHR", "ETS-005"),
    ],
)
def test_an_instrument_answers_to_its_code_titles_and_aliases(
    reference_data: Any, wanted: str, code: str
) -> None:
    assert resolve_instrument(wanted).code == code


def test_an_unknown_instrument_is_refused_with_the_known_codes(reference_data: Any) -> None:
    with pytest.raises(NotFound, match="ETS-126"):
        resolve_instrument("Geneva Convention")


def test_a_refusal_is_said_in_the_readers_language(reference_data: Any) -> None:
    """The CLI under --language ru and a page in Russian say why a name was refused in Russian; the API
    (which answers in English) keeps the English sentence."""
    from django.utils import translation

    with translation.override("ru"), pytest.raises(NotFound, match="Государство «Атлантида» не найдено"):
        resolve_state("Атлантида")
    with (
        translation.override("uk"),
        pytest.raises(NotFound, match="Інструмент «Geneva» не знайдено; відомі: "),
    ):
        resolve_instrument("Geneva")
    with (
        translation.override("fr"),
        pytest.raises(NotFound, match=r"Aucun État n.est connu sous le nom « XX »"),
    ):
        resolve_state("XX")
