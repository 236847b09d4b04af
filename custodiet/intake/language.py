"""Language identification of a document's text, restricted to the supported languages.

The lingua detector is large; it is built once, for English, Russian, Ukrainian,
German and French only, and cached. It is imported inside the function so that
the CLI and the web start without loading it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from custodiet.intake.vocabulary import SUPPORTED_LANGUAGES

SAMPLE_CHARS = 2000  # the opening of an article is enough to tell its language
MIN_CONFIDENCE = 0.5


@cache
def _detector() -> Any:
    from lingua import (
        IsoCode639_1,
        Language,
        LanguageDetectorBuilder,
    )  # lazily: a heavy library (start-up speed)

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED_LANGUAGES
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language among the supported ones, or "" if unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < 20:
        return ""
    detector = _detector()
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return ""
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return ""
    return str(best.language.iso_code_639_1.name).lower()
