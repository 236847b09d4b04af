"""Language identification of a document's text, among the languages monitors read.

lingua chooses among every language it knows (75: all the official languages
of the Council of Europe's member States but Maltese, Luxembourgish and Romansh,
Russian, the six UN languages, and others such as Indonesian and Japanese,
``vocabulary.IDENTIFIED_LANGUAGES`` lists those the intake names States in), so
that a Hungarian or an Indonesian article is called Hungarian or Indonesian, not
the nearest language that has a vocabulary. Whether the intake can read the language is a separate question
(``vocabulary.load``). A few stray characters can decide lingua's whole answer (mojibake such as
"âVenezuelaâ" made an English article Tagalog), so a text first called a language without a
vocabulary is read again piece by piece: when most of it is in one language that has a vocabulary,
it is that language; otherwise the first answer stands. The detector is built once and cached; lingua is imported
inside the function so that the CLI and the web start without loading it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from custodiet.intake import vocabulary

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
    code = str(values[0].language.iso_code_639_1.name).lower()
    if vocabulary.load(code) is None:
        return _mostly(sample) or code
    return code


def _mostly(sample: str) -> str:
    """The language with a vocabulary in which most of ``sample``'s characters are written, or ""."""
    covered: dict[str, int] = {}
    for part in _detector().detect_multiple_languages_of(sample):
        code = str(part.language.iso_code_639_1.name).lower()
        covered[code] = covered.get(code, 0) + part.end_index - part.start_index
    if not covered:
        return ""
    code, size = max(covered.items(), key=lambda item: item[1])
    return code if size * 2 > len(sample) and vocabulary.load(code) is not None else ""
