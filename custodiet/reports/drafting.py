"""The items of a draft report, written as a committee writes them, from every kind of finding of a visit.

Pure functions over plain values; ``services.report_create_from_visit`` reads the records and hands them
here. Each subject gives one item, under the report's heading for it, with each place named once:

- measurements against standards: one recommendation per subject measured (living space, exercise, ...),
  in the standard's own words ("ensure that every prisoner has at least 4 m² of living space in
  multiple-occupancy cells"), at the places where it was missed;
- what the delegation wrote itself: a comment each;
- access refused, delayed or obstructed: one recommendation on the access the treaty guarantees;
- objections: a comment recalling the allowed grounds where the State objected on another ground, a
  request for information where it invoked an allowed one;
- allegations of ill-treatment, in aggregate only (kinds and the staff they concern, counts below the
  suppression threshold written as "a few"): never a person, a date or a place inside a place;
- medical findings consistent with allegations: a recommendation on recording and reporting injuries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from custodiet.reports.rules import THEME_OF_MEASURE, THEME_ORDER, ItemDraft, ItemKind, Theme
from custodiet.testimony.aggregates import SUPPRESS_BELOW


@dataclass(frozen=True)
class FindingFacts:
    pk: int
    origin: str  # "standard" or "delegation"
    text: str
    place_pk: int
    place_name: str
    authority: str = ""
    standard_code: str | None = None
    standard_title: str | None = None
    measure: str | None = None
    recommendation: str = ""  # the standard's own words: "ensure that ..."


@dataclass(frozen=True)
class AccessFacts:
    kind: str  # refused, delayed, documents_withheld, interview_prevented
    place_pk: int | None
    place_name: str
    on: date


@dataclass(frozen=True)
class ObjectionFacts:
    allowed: bool
    ground: str  # the allowed ground's label, or the State's own words
    article: str
    place_name: str
    on: date


@dataclass(frozen=True)
class TestimonyFacts:
    """The visit's allegations and medical findings, counted in persons (one who alleged three beatings
    counts once, as on the figures page): no person, no place, no date."""

    persons: int  # persons who alleged ill-treatment
    kinds: dict[str, int]  # a kind's label -> the persons who alleged it
    staff: dict[str, int]  # the perpetrators' label -> the persons who named them
    consistent_examinations: int  # persons whose injuries were found consistent (or more) with the account


def places_phrase(names: Iterable[str]) -> str:
    unique = [name for name in dict.fromkeys(names) if name]
    if not unique:
        return "the places visited"
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _authority(facts: Sequence[FindingFacts]) -> str:
    authorities = {fact.authority.strip() for fact in facts if fact.authority.strip()}
    return authorities.pop() if len(authorities) == 1 else ""


def _count(number: int, one: str, many: str) -> str:
    """A count as a report may give it: below the suppression threshold only "a few"."""
    if number < SUPPRESS_BELOW:
        return f"a few {many}"
    return f"{number} {one if number == 1 else many}"


def standard_items(findings: Sequence[FindingFacts]) -> list[ItemDraft]:
    """One recommendation per subject measured, in the standards' words, at each place once."""
    by_subject: dict[str, list[FindingFacts]] = defaultdict(list)
    for fact in findings:
        if fact.origin == "standard" and fact.standard_code:
            by_subject[fact.measure or fact.standard_code].append(fact)
    drafts = []
    for facts in by_subject.values():
        wanted = list(
            dict.fromkeys(
                fact.recommendation or f"meet the standard on {(fact.standard_title or '').lower()}"
                for fact in facts
            )
        )
        places = places_phrase(fact.place_name for fact in facts)
        drafts.append(
            ItemDraft(
                kind=ItemKind.RECOMMENDATION,
                theme=THEME_OF_MEASURE.get(facts[0].measure or "", Theme.OTHER),
                text=f"The Committee recommends that the authorities {'; and '.join(wanted)}, at {places}.",
                finding_pks=tuple(fact.pk for fact in facts),
                place_pks=tuple(dict.fromkeys(fact.place_pk for fact in facts)),
                authority=_authority(facts),
                standard_code=facts[0].standard_code,
            )
        )
    return drafts


def delegation_items(findings: Sequence[FindingFacts]) -> list[ItemDraft]:
    return [
        ItemDraft(
            kind=ItemKind.COMMENT,
            theme=Theme.OTHER,
            text=fact.text.strip(),
            finding_pks=(fact.pk,),
            place_pks=(fact.place_pk,),
            authority=fact.authority.strip(),
        )
        for fact in findings
        if not (fact.origin == "standard" and fact.standard_code)
    ]


ACCESS_WORDS = {
    "refused": (
        "access to {places} was refused",
        "unimpeded access to every place where persons are deprived of their liberty, at any time",
    ),
    "delayed": ("access to {places} was delayed", "access without delay"),
    "documents_withheld": (
        "documents or registers were withheld at {places}",
        "full information and every document and register it asks for",
    ),
    "interview_prevented": (
        "a private interview was prevented at {places}",
        "the possibility to interview persons deprived of their liberty in private",
    ),
}


def access_items(events: Sequence[AccessFacts], *, treaty: str = "the Convention") -> list[ItemDraft]:
    """One recommendation on the access the treaty guarantees, saying what was obstructed and where."""
    by_kind: dict[str, list[AccessFacts]] = defaultdict(list)
    for event in events:
        if event.kind in ACCESS_WORDS:
            by_kind[event.kind].append(event)
    if not by_kind:
        return []
    happened = [
        ACCESS_WORDS[kind][0].format(places=places_phrase(e.place_name or "a place visited" for e in found))
        for kind, found in by_kind.items()
    ]
    owed = [ACCESS_WORDS[kind][1] for kind in by_kind]
    places = tuple(dict.fromkeys(e.place_pk for found in by_kind.values() for e in found if e.place_pk))
    return [
        ItemDraft(
            kind=ItemKind.RECOMMENDATION,
            theme=Theme.COOPERATION,
            text=(
                f"During the visit, {'; '.join(happened)}. The Committee recommends that the authorities "
                f"ensure that its delegations are given {'; '.join(owed)}, as {treaty} requires."
            ),
            finding_pks=(),
            place_pks=places,
        )
    ]


def objection_items(objections: Sequence[ObjectionFacts]) -> list[ItemDraft]:
    """A comment on objections on grounds the treaty does not allow; a request for information on those
    it allows."""
    drafts = []
    improper = [objection for objection in objections if not objection.allowed]
    if improper:
        grounds = "; ".join(dict.fromkeys(f"“{objection.ground}”" for objection in improper))
        article = improper[0].article
        drafts.append(
            ItemDraft(
                kind=ItemKind.COMMENT,
                theme=Theme.COOPERATION,
                text=(
                    f"The authorities objected to the visit on grounds that {article} does not allow "
                    f"({grounds}). The Committee recalls that an objection may be made only in exceptional "
                    f"circumstances and only on the grounds {article} lists."
                ),
                finding_pks=(),
                place_pks=(),
            )
        )
    allowed = [objection for objection in objections if objection.allowed]
    if allowed:
        grounds = "; ".join(dict.fromkeys(objection.ground.lower() for objection in allowed))
        drafts.append(
            ItemDraft(
                kind=ItemKind.REQUEST_FOR_INFORMATION,
                theme=Theme.COOPERATION,
                text=(
                    f"The authorities invoked {grounds} ({allowed[0].article}). The Committee would like to "
                    "receive information on the circumstances invoked and on the steps taken to make the "
                    "visit possible as soon as they allowed."
                ),
                finding_pks=(),
                place_pks=(),
            )
        )
    return drafts


def _at_least_threshold(counts: dict[str, int]) -> list[str]:
    """The kinds (or staff) alleged often enough to be named: a kind fewer persons alleged than the
    suppression threshold could point to the person who alleged it, so it is not named at all."""
    return [name for name, count in counts.items() if count >= SUPPRESS_BELOW]


def testimony_items(facts: TestimonyFacts) -> list[ItemDraft]:
    """Allegations in aggregate and medical findings: counts by kind and by the staff concerned only;
    a count below the suppression threshold is "a few", and a kind or staff below it is not named."""
    drafts = []
    if facts.persons:
        kinds = {kind.lower(): count for kind, count in facts.kinds.items()}
        staff = {name.lower(): count for name, count in facts.staff.items()}
        named_staff = [
            name
            for name in _at_least_threshold(staff)
            if name not in ("not known to the interviewee", "other")
        ]
        by_whom = f" by {places_phrase(named_staff)}" if named_staff else ""
        shown_kinds = _at_least_threshold(kinds)
        what = f" ({places_phrase(shown_kinds)})" if shown_kinds else ""
        drafts.append(
            ItemDraft(
                kind=ItemKind.RECOMMENDATION,
                theme=Theme.ILL_TREATMENT,
                text=(
                    f"The delegation received allegations of ill-treatment{by_whom}{what} from "
                    f"{_count(facts.persons, 'person', 'persons')}. The Committee recommends that the authorities "
                    "remind the staff concerned, firmly and at regular intervals, that every form of "
                    "ill-treatment of persons deprived of their liberty is unlawful and will be punished, and "
                    "that every such allegation be investigated effectively."
                ),
                finding_pks=(),
                place_pks=(),
            )
        )
    if facts.consistent_examinations:
        cases = _count(facts.consistent_examinations, "case", "cases")
        drafts.append(
            ItemDraft(
                kind=ItemKind.RECOMMENDATION,
                theme=Theme.HEALTHCARE,
                text=(
                    f"In {cases}, the delegation's doctors found injuries consistent with the account given. "
                    "The Committee recommends that the authorities ensure that every injury is recorded on "
                    "admission and at any later examination, with the person's account and the doctor's "
                    "conclusion on their consistency, and reported to the competent prosecuting authority."
                ),
                finding_pks=(),
                place_pks=(),
            )
        )
    return drafts


def draft_all(
    findings: Sequence[FindingFacts],
    *,
    access: Sequence[AccessFacts] = (),
    objections: Sequence[ObjectionFacts] = (),
    testimony: TestimonyFacts | None = None,
    treaty: str = "the Convention",
) -> list[ItemDraft]:
    """Every item of the draft, grouped under the report's headings in their order."""
    drafts = [
        *access_items(access, treaty=treaty),
        *objection_items(objections),
        *(testimony_items(testimony) if testimony else []),
        *standard_items(findings),
        *delegation_items(findings),
    ]
    return sorted(drafts, key=lambda draft: THEME_ORDER.get(draft.theme, len(THEME_ORDER)))
