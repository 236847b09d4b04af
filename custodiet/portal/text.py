"""Words to search terms: the same terms for the index and for a query, in every language the portal reads.

A word's term is its stem or lemma, so that "пытками" finds "пыток" and "visiting" finds "visits":

- Russian and Ukrainian: the lemma from pymorphy3's dictionaries (Snowball has no Ukrainian stemmer,
  and its Russian one misses the fleeting vowel: "пыток", "пытки");
- English, French and the other languages Snowball knows: the Snowball stem (PyStemmer);
- a language with neither: the word itself, folded.

Which rules make a word's term: the document's language when its rules are for the word's script, else
the usual language of that script (a Latin word in a Russian report is stemmed as English, a Cyrillic word
in an English one as Russian). A query's language is not known, so each of its words stands for the terms
it has in every language of its script that the interface or the documents use; a document matches when it
has one term of each word. Terms are letters and digits only, folded (case, Latin diacritics, "ё"), so that
SQLite's FTS5 and PostgreSQL's ``simple`` configuration read them alike: both back ends see the same tokens.

Snippets and highlighted titles are cut from the document's own text by the same rules, so the words marked
are the words that matched. Pure functions; no database.
"""

# ruff: noqa: RUF001, RUF002  # Cyrillic letters and typographic apostrophes are the point: texts use them
from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

INTERFACE_LANGUAGES = ("en", "fr", "ru", "uk")
LATIN, CYRILLIC, GREEK, ARMENIAN, ARABIC, OTHER = "latin", "cyrillic", "greek", "armenian", "arabic", "other"

# ISO 639-1 code: the Snowball algorithm of that language, and the script it reads.
SNOWBALL: dict[str, tuple[str, str]] = {
    "en": ("english", LATIN),
    "fr": ("french", LATIN),
    "de": ("german", LATIN),
    "es": ("spanish", LATIN),
    "it": ("italian", LATIN),
    "pt": ("portuguese", LATIN),
    "nl": ("dutch", LATIN),
    "da": ("danish", LATIN),
    "sv": ("swedish", LATIN),
    "nb": ("norwegian", LATIN),
    "nn": ("norwegian", LATIN),
    "fi": ("finnish", LATIN),
    "et": ("estonian", LATIN),
    "lt": ("lithuanian", LATIN),
    "hu": ("hungarian", LATIN),
    "ro": ("romanian", LATIN),
    "ca": ("catalan", LATIN),
    "cs": ("czech", LATIN),
    "pl": ("polish", LATIN),
    "tr": ("turkish", LATIN),
    "ga": ("irish", LATIN),
    "id": ("indonesian", LATIN),
    "el": ("greek", GREEK),
    "hy": ("armenian", ARMENIAN),
    "ar": ("arabic", ARABIC),
}
LEMMATIZED: dict[str, str] = {"ru": CYRILLIC, "uk": CYRILLIC}  # pymorphy3's dictionaries
# The language whose rules make the terms of a word of a script when the document's language has none.
USUAL: dict[str, str] = {LATIN: "en", CYRILLIC: "ru", GREEK: "el", ARMENIAN: "hy", ARABIC: "ar"}
MAX_QUERY_WORDS = 12
MAX_WORD = 64  # longer "words" (hashes, run-together text) are left out of the index and of queries

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ]")


def language_rules(language: str) -> str | None:
    """The script a language's rules read, or None when the portal has no rules for it."""
    if language in LEMMATIZED:
        return LEMMATIZED[language]
    if language in SNOWBALL:
        return SNOWBALL[language][1]
    return None


def script_of(word: str) -> str:
    """The script of a word, from its first letter (digits alone: OTHER)."""
    for char in word:
        if not char.isalpha():
            continue
        code = ord(char)
        if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            return LATIN
        if 0x400 <= code <= 0x52F:
            return CYRILLIC
        if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
            return GREEK
        if 0x530 <= code <= 0x58F:
            return ARMENIAN
        if 0x600 <= code <= 0x6FF:
            return ARABIC
        return OTHER
    return OTHER


@cache
def _stemmer(algorithm: str) -> Any:
    import Stemmer  # lazily: the web and the CLI start without it

    return Stemmer.Stemmer(algorithm)


@cache
def _morph(language: str) -> Any:
    import pymorphy3  # lazily: its dictionaries take a tenth of a second to open

    return pymorphy3.MorphAnalyzer(lang=language)


def _fold(term: str, script: str) -> str:
    if script == LATIN:
        term = "".join(char for char in unicodedata.normalize("NFD", term) if not unicodedata.combining(char))
    elif script == CYRILLIC:
        term = _APOSTROPHES.sub("", term.replace("ё", "е"))
    return "".join(char for char in term if char.isalnum())


@lru_cache(maxsize=262_144)
def term(word: str, language: str) -> str:
    """The term of one word (already case-folded) under one language's rules ("" for none)."""
    script = script_of(word)
    if language in LEMMATIZED and script == CYRILLIC:
        made = str(_morph(language).parse(_APOSTROPHES.sub("'", word))[0].normal_form)
    elif language in SNOWBALL and SNOWBALL[language][1] == script:
        made = str(_stemmer(SNOWBALL[language][0]).stemWord(_APOSTROPHES.sub("", word)))
    else:
        made = word
    return _fold(made.casefold(), script)


def rules_for(word: str, language: str) -> str:
    """The language whose rules make the term of a word in a document of ``language``."""
    script = script_of(word)
    if language_rules(language) == script:
        return language
    return USUAL.get(script, "")


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of a text with its span, case-folded; a Latin word is cut at its apostrophes (l'homme,
    prisoner's), a Cyrillic one keeps them (Ukrainian в'язниця)."""
    for match in _WORD.finditer(text):
        found = match.group()
        if "'" in found or "’" in found or "ʼ" in found:
            if script_of(found) != CYRILLIC:
                start = match.start()
                for part in _APOSTROPHES.split(found):
                    yield start, start + len(part), unicodedata.normalize("NFKC", part).casefold()
                    start += len(part) + 1
                continue
        yield match.start(), match.end(), unicodedata.normalize("NFKC", found).casefold()


@lru_cache(maxsize=262_144)
def _index_term(word: str, language: str) -> str:
    return term(word, rules_for(word, language)) if len(word) <= MAX_WORD else ""


def index_terms(text: str, language: str = "") -> str:
    """The text as the index stores it: its terms, in order, separated by spaces."""
    made: list[str] = []
    for found in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if ("'" in found or "’" in found or "ʼ" in found) and script_of(found) != CYRILLIC:
            made.extend(_index_term(part, language) for part in _APOSTROPHES.split(found))
        else:
            made.append(_index_term(found, language))
    return " ".join(filter(None, made))


@dataclass(frozen=True)
class Query:
    """A query: for each word, the terms it may stand for; a document matches with one term of each."""

    words: tuple[str, ...]
    groups: tuple[frozenset[str], ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*self.groups) if self.groups else frozenset()


def query_terms(word: str, languages: Iterable[str]) -> frozenset[str]:
    """Every term a query word may stand for: its term under each language of its script."""
    script = script_of(word)
    wanted = {language for language in languages if language_rules(language) == script}
    if script in USUAL:
        wanted.add(USUAL[script])
    made = {term(word, language) for language in wanted} or {term(word, "")}
    return frozenset(made_term for made_term in made if made_term)


def parse_query(text: str, languages: Iterable[str] = INTERFACE_LANGUAGES) -> Query:
    """The words of a query and their terms, at most ``MAX_QUERY_WORDS`` words. Single letters are left
    out (prepositions: "в", "à") unless the query has nothing else; a word said twice counts once."""
    languages = tuple(languages)
    found = [word for _, _, word in words(text) if len(word) <= MAX_WORD]
    kept = [word for word in found if len(word) > 1 or word.isdigit()] or found
    seen: dict[frozenset[str], str] = {}
    for word in kept:
        made = query_terms(word, languages)
        if made and made not in seen:
            seen[made] = word
        if len(seen) == MAX_QUERY_WORDS:
            break
    return Query(words=tuple(seen.values()), groups=tuple(seen))


@dataclass(frozen=True)
class Piece:
    """A piece of a snippet or title: text to show as it is (escaped), marked when it matched."""

    text: str
    mark: bool


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    if script_of(lowered) == LATIN:
        return unicodedata.normalize("NFD", lowered)[0]
    return "е" if lowered == "ё" else lowered


# Character for character (so that positions stay), the folding of the terms: case, Latin diacritics, ё.
_FOLD = {
    code: _fold_char(chr(code))
    for start, end in ((0x41, 0x250), (0x370, 0x400), (0x400, 0x530), (0x1E00, 0x1F00))
    for code in range(start, end)
    if chr(code).isalpha() and _fold_char(chr(code)) != chr(code)
}
SNIPPET_CHARS = 260  # about forty words
_LEAD = 70  # characters shown before the first word that matched


def _variants() -> dict[str, str]:
    """For each folded letter, the lower-case letters that fold to it ("e": "eéèêë…", "е": "её")."""
    found: dict[str, set[str]] = {}
    for code, folded in _FOLD.items():
        lowered = chr(code).lower()
        if len(lowered) == 1 and lowered != folded:
            found.setdefault(folded, {folded}).add(lowered)
    return {letter: "".join(sorted(chars)) for letter, chars in found.items()}


_VARIANTS = _variants()


def _spelled(prefix: str, *, plain: bool = False) -> str:
    """A pattern for a folded prefix in lower-case text: each letter or its accented forms (``plain``: the
    letter alone, for a text without them); in Cyrillic, an apostrophe allowed after each letter
    (Ukrainian в'язниця)."""
    apostrophe = "['’ʼ]?" if script_of(prefix) == CYRILLIC else ""
    return apostrophe.join(
        f"[{re.escape(_VARIANTS[char])}]" if char in _VARIANTS and not plain else re.escape(char)
        for char in prefix
    )


_WORD_START = r"(?<![^\W_].)"  # after a word's first letter: the letter before it is not one of a word


@lru_cache(maxsize=1024)
def _patterns(terms: frozenset[str], *, ascii_text: bool = False) -> tuple[re.Pattern[str], ...]:
    """Where a word of a query's terms may start in lower-case text: a stem's first three letters; a
    lemma's first two (a lemma can differ from its forms soon after: "пытка", "пыток"; "сон", "сна").
    Each candidate is then checked by its term.

    One pattern a prefix, each opening with its first letter and checking after it that the letter
    starts a word, so that the regular expression engine looks for that letter in C (a pattern opening
    with a look-behind or an alternation is tried at every position: several times slower). For a text
    all in ASCII (``ascii_text``), only the ASCII prefixes, spelled as they are: literal strings, the
    fastest to look for."""
    prefixes = {made[: 2 if script_of(made) == CYRILLIC else 3] for made in terms if made}
    if ascii_text:
        prefixes = {prefix for prefix in prefixes if prefix.isascii()}
    return tuple(_prefix_pattern(prefix, plain=ascii_text) for prefix in sorted(prefixes))


def _prefix_pattern(prefix: str, *, plain: bool) -> re.Pattern[str]:
    first = _spelled(prefix[0], plain=plain)
    return re.compile(first + _WORD_START + _spelled(prefix, plain=plain)[len(first) :])


def _starts(lowered: str, patterns: tuple[re.Pattern[str], ...]) -> Iterator[int]:
    """Where a word that opens with one of the prefixes starts, in the text's order, once each."""
    found: Iterable[int]
    if len(patterns) == 1:
        found = (match.start() for match in patterns[0].finditer(lowered))
    else:
        found = heapq.merge(*((match.start() for match in pattern.finditer(lowered)) for pattern in patterns))
    last = -1
    for start in found:
        if start != last:
            last = start
            yield start


def _word_at(text: str, position: int) -> tuple[int, str]:
    """The end of the word that starts at ``position``, and the word as ``words`` gives it."""
    found = _WORD.match(text, position)
    if found is None:
        return position, ""
    length, word = _read_word(found.group())
    return position + length, word


@lru_cache(maxsize=262_144)
def _read_word(word: str) -> tuple[int, str]:
    """A word as the text has it: its length up to an apostrophe (outside Cyrillic), and as ``words``
    gives it."""
    if script_of(word) != CYRILLIC and _APOSTROPHES.search(word):
        word = _APOSTROPHES.split(word)[0]
    return len(word), unicodedata.normalize("NFKC", word).casefold()


def matches(
    text: str, language: str, terms: frozenset[str], *, most: int = 400
) -> list[tuple[int, int, str]]:
    """The words of ``text`` whose term is one of ``terms``, with their spans (the first ``most``
    candidates are checked: a long report is not read to its end for a snippet)."""
    return list(_matching(text, language, terms, most=most))


def _matching(
    text: str, language: str, terms: frozenset[str], *, most: int
) -> Iterator[tuple[int, int, str]]:
    """``matches``, one at a time in the text's order: a snippet reads only as far as it needs."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer (İ): fold letter by letter
        lowered = text.translate(_FOLD)
    patterns = _patterns(terms, ascii_text=lowered.isascii())
    if not patterns:
        return
    for checked, start in enumerate(_starts(lowered, patterns)):
        if checked >= most:
            return
        end, word = _word_at(text, start)
        made = _index_term(word, language) if word else ""
        if made in terms:
            yield start, end, made


class _Read:
    """The hits of a text, read from ``_matching`` as far as asked."""

    def __init__(self, found: Iterator[tuple[int, int, str]]) -> None:
        self.found = found
        self.hits: list[tuple[int, int, str]] = []
        self.done = False

    def has(self, index: int) -> bool:
        while len(self.hits) <= index and self._next():
            pass
        return index < len(self.hits)

    def upto(self, position: int) -> None:
        """Read every hit that starts before ``position``."""
        while (not self.hits or self.hits[-1][0] < position) and self._next():
            pass

    def _next(self) -> bool:
        if not self.done:
            hit = next(self.found, None)
            self.done = hit is None
            if hit is not None:
                self.hits.append(hit)
        return not self.done


def _pieces(text: str, hits: list[tuple[int, int, str]], start: int, end: int) -> list[Piece]:
    pieces: list[Piece] = []
    position = start
    for first, last, _ in hits:
        if first < start or last > end:
            continue
        if first > position:
            pieces.append(Piece(text[position:first], False))
        pieces.append(Piece(text[first:last], True))
        position = last
    if end > position:
        pieces.append(Piece(text[position:end], False))
    return pieces


def highlight(text: str, language: str, terms: frozenset[str]) -> list[Piece]:
    """The whole (short) text, its matching words marked: titles."""
    return _pieces(text, matches(text, language, terms), 0, len(text))


def snippet(
    text: str, language: str, query: Query | frozenset[str], *, size: int = SNIPPET_CHARS
) -> list[Piece]:
    """About ``size`` characters of the text around the passage where the most words of the query meet
    (each word counted once, in whichever of its forms; the earliest such passage), the matching words
    marked, "…" where the text is cut; with no match, the opening of the text. The text is read only up
    to the first passage that holds every word. Given bare terms, each term counts as a word."""
    groups = query.groups if isinstance(query, Query) else tuple(frozenset([made]) for made in sorted(query))
    words_of: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        for made in group:
            words_of.setdefault(made, []).append(number)
    text = " ".join(text.split())
    read = _Read(_matching(text, language, frozenset(words_of), most=400))
    begin, best = 0, 0
    together: Counter[int] = Counter()  # the words of the hits from this one to the end of its passage
    following = index = 0
    while read.has(index):  # in the text's order: one pass, the passage sliding along
        first, _, made = read.hits[index]
        read.upto(first + size - _LEAD)
        while following < len(read.hits) and read.hits[following][0] < first + size - _LEAD:
            together.update(words_of[read.hits[following][2]])
            following += 1
        if len(together) > best:
            begin, best = max(0, first - _LEAD), len(together)
            if best == len(groups):
                break
        for number in words_of[made]:  # this hit leaves the passage
            together[number] -= 1
            if not together[number]:
                del together[number]
        index += 1
    if begin > 0:
        begin = text.find(" ", begin) + 1 or begin  # from the start of a word
    end = begin + size
    if end < len(text):
        end = text.rfind(" ", begin, end) if text.rfind(" ", begin, end) > begin else end
    read.upto(end)
    pieces = _pieces(text, read.hits, begin, min(end, len(text)))
    if begin > 0:
        pieces.insert(0, Piece("… ", False))
    if end < len(text):
        pieces.append(Piece(" …", False))
    return pieces


# Languages told apart in a document (lingua, low-accuracy mode: small models, enough for whole texts).
DETECTED = (*INTERFACE_LANGUAGES, *(code for code in SNOWBALL if code not in INTERFACE_LANGUAGES))
MIN_LETTERS = 20


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder  # lazily: start-up speed

    codes = [getattr(IsoCode639_1, code.upper()) for code in DETECTED if hasattr(IsoCode639_1, code.upper())]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of a text's language among those the portal has rules for, or "" when the
    text is too short to tell (a title, a name) or the detector is not sure."""
    sample = text[:2000]
    if sum(1 for char in sample if char.isalpha()) < MIN_LETTERS:
        return ""
    found = _detector().detect_language_of(sample)
    return str(found.iso_code_639_1.name).lower() if found is not None else ""
