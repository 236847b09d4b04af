"""Language identification of a document's text, among the languages monitors read.

lingua chooses among every language it knows (75: all the official languages
of the Council of Europe's member States but Maltese, Luxembourgish and Romansh,
Russian, the six UN languages, and others such as Indonesian and Japanese,
``vocabulary.IDENTIFIED_LANGUAGES`` lists those the intake names States in), so
that a Hungarian or an Indonesian article is called Hungarian or Indonesian, not
the nearest language that has a vocabulary. Whether the intake can read the language is a separate question
(``vocabulary.load``). The detector is built once and cached; lingua is imported
inside the function so that the CLI and the web start without loading it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SAMPLE_CHARS = (
    1000  # the opening of an article is enough to tell its language (as accurate as 3000 on the corpus)
)
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 20


@cache
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder  # lazily: a heavy library (start-up speed)

    return LanguageDetectorBuilder.from_all_languages().build()


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < MIN_LETTERS:
        return ""
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return ""
    return str(values[0].language.iso_code_639_1.name).lower()
