"""Every language the intake reads names the treaties of the preventive mechanism, and a sentence of
news in each links the right one.

The sentences (``instrument_sentences.json``) were written for this test, in the way news in each
language names these treaties (official titles, short names, inflected forms); none is from a corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custodiet.intake import vocabulary
from custodiet.intake.entities import Matcher, family_qualifiers, instrument_entities, state_entities
from custodiet.intake.tests.reading import raw_text

SENTENCES = json.loads(
    (Path(__file__).resolve().parent / "instrument_sentences.json").read_text(encoding="utf-8")
)
INSTRUMENTS = json.loads((vocabulary.DATA / "instruments.json").read_text(encoding="utf-8"))
# The treaties and bodies of the mechanism: the torture conventions of the Council of Europe and of the
# UN, their committees, the European Convention on Human Rights and its court, the Council of Europe.
MECHANISM = (
    ("ETS-126", "ECPT"),
    ("ETS-126", "CPT"),
    ("ETS-005", "ECHR"),
    ("ETS-005", "European Court of Human Rights"),
    ("ETS-001", "Statute of the Council of Europe"),
    ("ETS-001", "Council of Europe"),
    ("UN-CAT", "UNCAT"),
    ("UN-CAT", "Committee against Torture"),
    ("UN-OPCAT", "OPCAT"),
)


@pytest.mark.parametrize("language", vocabulary.languages())
def test_every_language_read_names_the_treaties_of_the_mechanism(language: str) -> None:
    entries = {(entry["code"], entry.get("label")): entry["names"] for entry in INSTRUMENTS["instruments"]}
    missing = [label for key in MECHANISM for label in [key[1]] if not entries[key].get(language)]
    assert missing == [], f"{language} has no name for {missing}"


@pytest.fixture(scope="module")
def wide_matcher() -> Any:
    states = [(code, code, ()) for code in ("RU", "UA", "PL", "DE", "FR", "TR", "HU", "LT", "LV", "EE", "FI")]
    return Matcher([*instrument_entities(), *state_entities(states)], family_qualifiers())


@pytest.mark.parametrize(
    ("language", "text", "instrument"),
    [(s["language"], s["text"], s["instrument"]) for s in SENTENCES],
    ids=[f"{s['language']}-{index}" for index, s in enumerate(SENTENCES)],
)
def test_a_sentence_of_news_links_the_treaty_it_names(
    language: str, text: str, instrument: str, wide_matcher: Any
) -> None:
    from custodiet.intake.analysis import analyse

    assert analyse(raw_text(text, language, None), wide_matcher).instrument == instrument
