"""Language identification of a document's text, among the languages monitors read.

lingua chooses among the official languages of the Council of Europe's member
States that it knows, Russian and the six UN languages
(``vocabulary.IDENTIFIED_LANGUAGES``), so that a Hungarian or a Lithuanian
article is called Hungarian or Lithuanian, not the nearest language that has a
vocabulary. Whether the intake can read the language is a separate question
(``vocabulary.load``). The detector is built once and cached; lingua is imported
inside the function so that the CLI and the web start without loading it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from custodiet.intake.vocabulary import IDENTIFIED_LANGUAGES

SAMPLE_CHARS = 3000  # the opening of an article is enough to tell its language
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 20


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # lazily: a heavy library

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in IDENTIFIED_LANGUAGES
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < MIN_LETTERS:
        return ""
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return ""
    return str(values[0].language.iso_code_639_1.name).lower()
