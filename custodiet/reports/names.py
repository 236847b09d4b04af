"""Name matching: the check that a text to be published carries no name of a person on record.

Art. 11(3) ECPT: no personal data is published without the express consent of
the person concerned. Names are compared folded (case, accents, Cyrillic yo as
ie, whitespace) and in either order (``Ivan Petrov``, ``Petrov, Ivan``), as
whole words. Pure functions: the names to look for come from
``selectors.protected_names`` and the texts from ``selectors.publication_sections``;
``services.report_publish`` calls ``check_no_personal_data`` before it publishes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from custodiet.core.errors import DomainError
from custodiet.reports.rules import ART_11_3

MIN_NAME_LENGTH = 3
YO, IE = "\u0451", "\u0435"  # Cyrillic yo is often written as ie: names compare alike either way


def fold(text: str) -> str:
    """Case-folded, without accents, yo read as ie, whitespace collapsed: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace(YO, IE))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def name_variants(name: str) -> set[str]:
    """A name as written, and surname-first (``Ivan Petrov`` and ``Petrov Ivan``), folded."""
    folded = fold(name)
    if len(folded) < MIN_NAME_LENGTH:
        return set()
    parts = folded.replace(",", " ").split()
    variants = {" ".join(parts)}
    if len(parts) >= 2:
        variants.add(" ".join([parts[-1], *parts[:-1]]))
    return variants


def names_in_text(text: str, names: Iterable[str]) -> list[str]:
    """The names (as given) that appear in the text as whole words, in any case, either order."""
    haystack = " ".join(fold(text).replace(",", " ").split())
    found = []
    for name in names:
        for variant in name_variants(name):
            if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", haystack):
                found.append(name)
                break
    return found


def check_no_personal_data(
    sections: Sequence[tuple[str, str]], names: Iterable[str], *, instrument: str | None = "ETS-126"
) -> None:
    """Refuse publication where a text names a person on record; the message says where, not who."""
    known = list(dict.fromkeys(name for name in names if name and name.strip()))
    where = [label for label, text in sections if text and names_in_text(text, known)]
    if where:
        places = ", ".join(dict.fromkeys(where))
        if (instrument or "ETS-126") == "ETS-126":
            said = _(
                "The report cannot be published: it names a person whose identity is on record (%(where)s). "
                "%(article)s: no personal data is published without the express consent of the person "
                "concerned. Replace the name with the person's pseudonym."
            )
        else:
            said = _(
                "The report cannot be published: it names a person whose identity is on record (%(where)s). "
                "The instrument: no personal data is published without the express consent of the person "
                "concerned. Replace the name with the person's pseudonym."
            )
        raise DomainError(said % {"where": places, "article": ART_11_3})
