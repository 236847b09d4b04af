"""Language identification of a document's text, among the languages monitors read.

lingua chooses among every language it knows (75: all the official languages
of the Council of Europe's member States but Maltese, Luxembourgish and Romansh,
Russian, the six UN languages, and others such as Indonesian and Japanese,
``vocabulary.IDENTIFIED_LANGUAGES`` lists those the intake names States in), so
that a Hungarian or an Indonesian article is called Hungarian or Indonesian, not
the nearest language that has a vocabulary. Whether the intake can read the language is a separate question
(``vocabulary.load``). A few stray characters can decide lingua's whole answer (mojibake such as
"âVenezuelaâ" made an English article Tagalog), so a text first called a language without a
vocabulary, whose letters are nearly all ASCII, is read again without its few other letters: when it
is then a language that has a vocabulary, it is that language; otherwise the first answer stands. The detector is built once and cached; lingua is imported
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
STRAY_SHARE = 0.03  # at most this share of a text's letters outside ASCII may be stray (mojibake)


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
        return _without_stray(sample) or code
    return code


def _without_stray(sample: str) -> str:
    """The language with a vocabulary that ``sample`` is in once its few stray non-ASCII letters are left
    out, or "". Only for a text whose letters are nearly all ASCII (fewer than ``STRAY_SHARE``): the
    letters of a language that writes with diacritics are never stray, and a Czech or Romanian text is
    read as it is. The sample is read whole, as before: lingua reads a text of over 120 characters with
    one kind of model, a shorter one with five (about 1 GiB more for all its languages)."""
    letters = [char for char in sample if char.isalpha()]
    stray = sum(1 for char in letters if not char.isascii())
    if not stray or stray > STRAY_SHARE * len(letters):
        return ""
    cleaned = "".join(char if char.isascii() or not char.isalpha() else " " for char in sample)
    values = _detector().compute_language_confidence_values(cleaned)
    if not values or values[0].value < MIN_CONFIDENCE:
        return ""
    code = str(values[0].language.iso_code_639_1.name).lower()
    return code if vocabulary.load(code) is not None else ""
