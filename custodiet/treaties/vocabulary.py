"""The words of the reference data that the engine's sentences quote, marked for the catalogue.

The final clauses (``data/instruments.json``) name the depositary, the organisation, who must
consent, and say in a sentence what a declaration or an ending clause provides; a reason quotes
them as a ``Word`` and a reader sees them in their language where the catalogue has them (a word
not listed here is shown as recorded, in English). The notes of a chart or of one recorded act are
sources' words and stay as recorded. A test checks that every such word of the bundled reference
data is listed here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, pgettext_lazy

DATA_WORDS = (
    gettext_noop("Council of Europe"),
    gettext_noop("United Nations"),
    gettext_noop("Secretary General of the Council of Europe"),
    gettext_noop("Secretary-General of the United Nations"),
    gettext_noop("member States of the Council of Europe"),
    gettext_noop("members of the Council of Europe"),
    gettext_noop("all Parties to the Convention"),
    gettext_noop("signatories"),
    gettext_noop("States"),
    gettext_noop(
        "A Party that ceases to be a member of the Council of Europe ceases to be a Party to the Convention "
        "under the same conditions (six months)."
    ),
    gettext_noop(
        "A Party that ceases to be a member of the Council of Europe ceases to be a Party to the Convention "
        "under the same conditions as a denunciation (six months)."
    ),
    gettext_noop(
        "A member that has seriously violated Article 3 may be suspended and asked to withdraw; if it does "
        "not, the Committee of Ministers may decide that it has ceased to be a member from a date the "
        "Committee sets."
    ),
    gettext_noop(
        "The Committee of Ministers' decision that a member which did not comply with a request to withdraw "
        "has ceased to be a member, from a date it sets (an expulsion)."
    ),
    gettext_noop(
        "The State does not recognise the Committee's competence under Article 20: no confidential inquiry, "
        "and so no inquiry visit, while the declaration stands."
    ),
    gettext_noop(
        "Postpones the obligations of Part III (visits by the Subcommittee on Prevention) for up to three "
        "years, extendable by two."
    ),
    gettext_noop(
        "Postpones the obligations of Part IV (the national preventive mechanism) for up to three years, "
        "extendable by two."
    ),
    gettext_noop(
        "Postpones the obligations of Part III (SPT visits) or Part IV (the national preventive mechanism) "
        "for up to three years, extendable by two; the record does not say which part."
    ),
)

# How precisely a date is recorded, in "The deposit is recorded only to the %(precision)s".
PRECISION = "precision of a date"  # the context, written out in each call for makemessages
PRECISION_WORDS = (
    pgettext_lazy("precision of a date", "day"),
    pgettext_lazy("precision of a date", "month"),
    pgettext_lazy("precision of a date", "year"),
)
