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


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    explanation: str = ""


ALLEGATION_TYPES: tuple[Term, ...] = (
    Term("physical", "Physical ill-treatment", "blows, kicks, beatings with objects, forced positions"),
    Term("psychological", "Psychological ill-treatment", "threats, humiliation, mock execution, insults"),
    Term("sexual", "Sexual violence", "rape, sexual assault, forced nudity, threats of sexual violence"),
    Term("electric_shocks", "Electric shocks"),
    Term("asphyxiation", "Asphyxiation", "bags over the head, gas masks, water"),
    Term("deprivation_food", "Deprivation of food"),
    Term("deprivation_water", "Deprivation of water"),
    Term("deprivation_sleep", "Deprivation of sleep"),
    Term("deprivation_medical_care", "Denial of medical care"),
    Term("excessive_solitary", "Excessive solitary confinement"),
    Term("restraints", "Misuse of means of restraint", "handcuffs, straps, cages, prolonged fixation"),
    Term("excessive_force", "Excessive force during arrest or transfer"),
    Term("inter_prisoner_violence", "Violence by other detainees, tolerated or encouraged by staff"),
    Term("threats_of_reprisals", "Threats of reprisals for speaking to monitors"),
    Term("other", "Other ill-treatment"),
)

PERPETRATOR_CATEGORIES: tuple[Term, ...] = (
    Term("police", "Police"),
    Term("prison_staff", "Prison staff"),
    Term("security_service", "Security service"),
    Term("military", "Military personnel"),
    Term("medical_staff", "Medical or care staff"),
    Term("other_detainees", "Other detainees"),
    Term("escort_staff", "Escort or transfer staff"),
    Term("unknown", "Not known to the interviewee"),
    Term("other", "Other"),
)

# Ordered from weakest to strongest support for the account.
CONSISTENCY_SCALE: tuple[Term, ...] = (
    Term("not_consistent", "Not consistent", "the lesion could not have been caused by the trauma described"),
    Term(
        "consistent",
        "Consistent with",
        "the lesion could have been caused by the trauma described, but it is non-specific and has many other "
        "possible causes",
    ),
    Term(
        "highly_consistent",
        "Highly consistent",
        "the lesion could have been caused by the trauma described, and there are few other possible causes",
    ),
    Term(
        "typical",
        "Typical of",
        "an appearance usually found with this type of trauma, though there are other possible causes",
    ),
    Term("diagnostic", "Diagnostic of", "an appearance that could not have been caused otherwise"),
)

REPRISAL_LEVELS: tuple[Term, ...] = (
    Term("low", "Low"),
    Term("medium", "Medium"),
    Term("high", "High", "act before the delegation leaves the place"),
)


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms]


def label(terms: tuple[Term, ...], code: str) -> str:
    for term in terms:
        if term.code == code:
            return term.label
    raise KeyError(code)


def consistency_rank(code: str) -> int:
    """0 for "not consistent" up to 4 for "diagnostic of"."""
    return [term.code for term in CONSISTENCY_SCALE].index(code)


# Where in the chain of custody the ill-treatment is said to have happened.
STAGES: tuple[Term, ...] = (
    Term("arrest", "At arrest or apprehension"),
    Term("transport", "During transport or transfer"),
    Term("police_custody", "In police custody"),
    Term("interrogation", "During questioning", "by police, investigators or the security service"),
    Term("pre_trial", "In pre-trial detention"),
    Term("prison", "In prison after sentence"),
    Term("psychiatric_or_care", "In a psychiatric or social care institution"),
    Term("immigration", "In immigration detention"),
    Term("other", "Elsewhere"),
    Term("unknown", "Not known"),
)

# How precisely the interviewee could say when it happened.
DATE_PRECISIONS: tuple[Term, ...] = (
    Term("day", "On the day given"),
    Term("month", "In the month given"),
    Term("year", "In the year given"),
    Term("approximate", "Approximately", "the interviewee gave an estimate"),
    Term("unknown", "Not known"),
)

REPRISAL_STATUSES: tuple[Term, ...] = (
    Term("open", "Open", "the person is to be checked on"),
    Term("closed", "Closed"),
)


def codes(terms: tuple[Term, ...]) -> list[str]:
    return [term.code for term in terms]


def explanation(terms: tuple[Term, ...], code: str) -> str:
    for term in terms:
        if term.code == code:
            return term.explanation
    raise KeyError(code)
