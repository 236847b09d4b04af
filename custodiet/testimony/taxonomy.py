"""The shared vocabulary of testimony: kinds of ill-treatment, perpetrators, and the Istanbul Protocol's
scale of consistency between medical findings and an account.

Plain data and pure functions; the models store the codes. The labels are the
product's own wording; the consistency scale follows the Istanbul Protocol
(Manual on the Effective Investigation and Documentation of Torture and Other
Cruel, Inhuman or Degrading Treatment or Punishment, OHCHR Professional
Training Series No. 8, Rev. 2, 2022), which grades each lesion or pattern of
lesions against the attributed cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


@dataclass(frozen=True)
class Term:
    code: str
    label: StrOrPromise  # in the reader's language when shown (gettext_lazy)
    explanation: StrOrPromise = ""


ALLEGATION_TYPES: tuple[Term, ...] = (
    Term("physical", _("Physical ill-treatment"), _("blows, kicks, beatings with objects, forced positions")),
    Term(
        "psychological", _("Psychological ill-treatment"), _("threats, humiliation, mock execution, insults")
    ),
    Term(
        "sexual", _("Sexual violence"), _("rape, sexual assault, forced nudity, threats of sexual violence")
    ),
    Term("electric_shocks", _("Electric shocks")),
    Term("asphyxiation", _("Asphyxiation"), _("bags over the head, gas masks, water")),
    Term("deprivation_food", _("Deprivation of food")),
    Term("deprivation_water", _("Deprivation of water")),
    Term("deprivation_sleep", _("Deprivation of sleep")),
    Term("deprivation_medical_care", _("Denial of medical care")),
    Term("excessive_solitary", _("Excessive solitary confinement")),
    Term("restraints", _("Misuse of means of restraint"), _("handcuffs, straps, cages, prolonged fixation")),
    Term("excessive_force", _("Excessive force during arrest or transfer")),
    Term("inter_prisoner_violence", _("Violence by other detainees, tolerated or encouraged by staff")),
    Term("threats_of_reprisals", _("Threats of reprisals for speaking to monitors")),
    Term("other", _("Other ill-treatment")),
)

PERPETRATOR_CATEGORIES: tuple[Term, ...] = (
    Term("police", _("Police")),
    Term("prison_staff", _("Prison staff")),
    Term("security_service", _("Security service")),
    Term("military", _("Military personnel")),
    Term("medical_staff", _("Medical or care staff")),
    Term("other_detainees", _("Other detainees")),
    Term("escort_staff", _("Escort or transfer staff")),
    Term("unknown", _("Not known to the interviewee")),
    Term("other", _("Other")),
)

# Ordered from weakest to strongest support for the account.
CONSISTENCY_SCALE: tuple[Term, ...] = (
    Term(
        "not_consistent",
        _("Not consistent"),
        _("the lesion could not have been caused by the trauma described"),
    ),
    Term(
        "consistent",
        _("Consistent with"),
        _(
            "the lesion could have been caused by the trauma described, but it is non-specific and has many other "
            "possible causes"
        ),
    ),
    Term(
        "highly_consistent",
        _("Highly consistent"),
        _(
            "the lesion could have been caused by the trauma described, and there are few other possible causes"
        ),
    ),
    Term(
        "typical",
        _("Typical of"),
        _("an appearance usually found with this type of trauma, though there are other possible causes"),
    ),
    Term("diagnostic", _("Diagnostic of"), _("an appearance that could not have been caused otherwise")),
)

REPRISAL_LEVELS: tuple[Term, ...] = (
    Term("low", _("Low")),
    Term("medium", _("Medium")),
    Term("high", _("High"), _("act before the delegation leaves the place")),
)


def choices(terms: tuple[Term, ...]) -> list[tuple[str, StrOrPromise]]:
    """(code, label) pairs; the labels stay lazy, said in the language of whoever reads them."""
    return [(term.code, term.label) for term in terms]


def label(terms: tuple[Term, ...], code: str) -> str:
    """The term's label in the active language."""
    for term in terms:
        if term.code == code:
            return str(term.label)
    raise KeyError(code)


def consistency_rank(code: str) -> int:
    """0 for "not consistent" up to 4 for "diagnostic of"."""
    return [term.code for term in CONSISTENCY_SCALE].index(code)


# Where in the chain of custody the ill-treatment is said to have happened.
STAGES: tuple[Term, ...] = (
    Term("arrest", _("At arrest or apprehension")),
    Term("transport", _("During transport or transfer")),
    Term("police_custody", _("In police custody")),
    Term("interrogation", _("During questioning"), _("by police, investigators or the security service")),
    Term("pre_trial", _("In pre-trial detention")),
    Term("prison", _("In prison after sentence")),
    Term("psychiatric_or_care", _("In a psychiatric or social care institution")),
    Term("immigration", _("In immigration detention")),
    Term("other", _("Elsewhere")),
    Term("unknown", _("Not known")),
)

# How precisely the interviewee could say when it happened.
DATE_PRECISIONS: tuple[Term, ...] = (
    Term("day", _("On the day given")),
    Term("month", _("In the month given")),
    Term("year", _("In the year given")),
    Term("approximate", _("Approximately"), _("the interviewee gave an estimate")),
    Term("unknown", _("Not known")),
)

REPRISAL_STATUSES: tuple[Term, ...] = (
    Term("open", _("Open"), _("the person is to be checked on")),
    Term("closed", _("Closed")),
)


def codes(terms: tuple[Term, ...]) -> list[str]:
    return [term.code for term in terms]


def explanation(terms: tuple[Term, ...], code: str) -> str:
    for term in terms:
        if term.code == code:
            return str(term.explanation)
    raise KeyError(code)
