"""The steps the intake extracts, and how they group: a treaty's life, a legislative process, counts.

Pure data shared by extraction, claims, the legal check, the models and the
evaluation. A step is an attribute of an event: "lower_house_approval" is the
date a lower house approved the law of the event; "signature" the date a State
signed the treaty a sentence names.
"""

from __future__ import annotations

from typing import Final

ATTRIBUTES: Final[dict[str, str]] = {
    "adoption": "Treaty adopted",
    "signature": "Signature",
    "ratification": "Ratification",
    "accession": "Accession",
    "deposit": "Instrument deposited with the depositary",
    "entry_into_force": "Entry into force",
    "joined": "Joined (act not specified: signature, ratification or accession)",
    "jurisdiction_accepted": "Court's jurisdiction accepted",
    "procedure_started": "Ratification or accession procedure started or resumed",
    "court_ruling": "Constitutional court ruling on the treaty",
    "security_council": "National security council decision",
    "announcement": "Withdrawal announced or decided",
    "decree": "Decree or resolution signed",
    "government_proposal": "Government proposal or decision",
    "proposal_published": "Government proposal made public",
    "bill_submitted": "Bill submitted to parliament",
    "lower_house_approval": "Lower house approval",
    "upper_house_approval": "Upper house approval",
    "referendum": "Referendum",
    "law_signed": "Law signed",
    "law_published": "Law published",
    "notification": "Notification to the depositary",
    "denunciation": "Denunciation (as reported)",
    "takes_effect": "Denunciation takes effect",
    "visits_made": "Visits made",
    "reports_written": "Reports written",
    "reports_published": "Reports published",
}
COUNT_ATTRIBUTES: Final = ("visits_made", "reports_written", "reports_published")
# The domestic procedure of a treaty action, in order (the legal-effect check reads them too).
DOMESTIC_STEPS: Final = (
    "government_proposal",
    "proposal_published",
    "bill_submitted",
    "lower_house_approval",
    "upper_house_approval",
    "referendum",
    "law_signed",
    "law_published",
)
# Steps that belong to the event itself, whatever treaty the sentence names.
EVENT_STEPS: Final = frozenset(
    {
        *DOMESTIC_STEPS,
        "notification",
        "denunciation",
        "takes_effect",
        "announcement",
        "decree",
        "procedure_started",
        "court_ruling",
        "security_council",
        "jurisdiction_accepted",
    }
)
# Steps that may take a date introduced by "since" ("a signatory since 1996").
LASTING_STEPS: Final = frozenset(
    {"entry_into_force", "ratification", "signature", "joined", "accession", "jurisdiction_accepted"}
)
# Steps that take a date naming a document ("the decree of 23 August", "the Protocols of 4 November 1993").
DOCUMENT_STEPS: Final = frozenset(
    {
        "adoption",
        "government_proposal",
        "proposal_published",
        "decree",
        "law_signed",
        "law_published",
        "court_ruling",
        "security_council",
    }
)
# For each kind of action, the steps that date the action itself (not its background, not its effect):
# the year of a day and month that no publication date anchors is taken from them.
ACTION_STEPS: Final[dict[str, frozenset[str]]] = {
    "denunciation": frozenset(
        {
            *DOMESTIC_STEPS,
            "announcement",
            "decree",
            "notification",
            "denunciation",
            "deposit",
            "security_council",
            "procedure_started",
        }
    ),
    "ratification": frozenset({*DOMESTIC_STEPS, "decree", "ratification", "deposit", "procedure_started"}),
    "accession": frozenset(
        {*DOMESTIC_STEPS, "decree", "accession", "joined", "deposit", "procedure_started"}
    ),
    "signature": frozenset({"signature", "decree", "government_proposal"}),
}
