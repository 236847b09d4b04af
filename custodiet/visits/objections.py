"""The grounds on which a State may object to a visit: ECPT Art. 9(1), OPCAT Art. 14(2).

Pure functions over an instrument's reference data (``Instrument.clauses``, read from
``custodiet/treaties/data/instruments.json``: ``objection_grounds``); no database.
A State may object on any ground, and an objection on a ground the treaty does not
list ("the Convention no longer applies", "state of emergency") is exactly the
evidence of non-cooperation a committee must keep: ``classify_objection`` records
it as *not on an allowed ground*, with the treaty's reason where the reference data
gives one, so that the visit, the State's record and the indicators can count it.
``check_objection`` is the strict question (is this an allowed ground?), whose
refusal names the allowed grounds and the article. Under OPCAT an objection on an
allowed ground concerns a particular place, which must be named. A body whose
treaty has no objection clause has no objections to record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from custodiet.core.errors import DomainError

# The words of the objection clauses as the reference data records them (treaties/data/instruments.json,
# in English): the pages show them in the reader's language through the catalogues; the data, the API and
# the reports keep them as recorded. A text not listed here is shown as recorded.
CLAUSE_WORDS = frozenset(
    {
        gettext_noop("Art. 9(1) ECPT"),
        gettext_noop("Art. 14(2) OPCAT"),
        gettext_noop("National defence"),
        gettext_noop("Public safety"),
        gettext_noop("Natural disaster"),
        gettext_noop("Serious disorder in places where persons are deprived of their liberty"),
        gettext_noop("Serious disorder in the place to be visited"),
        gettext_noop("The medical condition of a person"),
        gettext_noop("An urgent interrogation relating to a serious crime in progress"),
        gettext_noop(
            "Only in exceptional circumstances may the authorities make representations against a visit at "
            "the time or to the particular place the Committee proposed, and only on the grounds listed."
        ),
        gettext_noop(
            "Art. 9(2): the Committee and the Party then consult at once to clarify the situation and agree on "
            "arrangements that let the Committee carry out its functions as soon as possible; the Party informs "
            "the Committee about any person concerned."
        ),
        gettext_noop(
            "An objection may concern only a visit to a particular place of detention, on urgent and "
            "compelling grounds that temporarily prevent the visit."
        ),
        gettext_noop(
            "A declared state of emergency is not, as such, a ground on which a State Party may object to a "
            "visit."
        ),
    }
)


def shown(text: str) -> str:
    """A text of an objection clause in the reader's language, where the catalogues have it."""
    return _(text) if text in CLAUSE_WORDS else text


@dataclass(frozen=True)
class Ground:
    code: str
    label: str


@dataclass(frozen=True)
class ObjectionClause:
    """The grounds on which a State may object to a visit, from the instrument's reference data."""

    instrument: str
    short_title: str
    article: str
    grounds: tuple[Ground, ...]
    scope: str = "time_or_place"  # "place": an objection concerns a particular place (OPCAT Art. 14(2))
    condition: str = ""
    consequence: str = ""
    note: str = ""
    excluded: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (code, why it is no ground)

    @property
    def citation(self) -> str:
        return f"{self.article} {self.short_title}"

    @property
    def shown_citation(self) -> str:
        """The citation as the reader's language writes it ("ст. 9(1) ЕКПП"); the data and the API keep it."""
        return shown(self.citation)

    def choices(self) -> list[tuple[str, str]]:
        return [(ground.code, ground.label) for ground in self.grounds]

    def label(self, code: str) -> str:
        return next((ground.label for ground in self.grounds if ground.code == code), code)

    # What the pages show: the same, in the reader's language (the reports and the API keep the recorded words).
    def shown_choices(self) -> list[tuple[str, str]]:
        return [(ground.code, shown(ground.label)) for ground in self.grounds]

    def shown_label(self, code: str) -> str:
        return shown(self.label(code))

    @property
    def shown_condition(self) -> str:
        return shown(self.condition)

    @property
    def shown_consequence(self) -> str:
        return shown(self.consequence)

    @property
    def shown_note(self) -> str:
        return shown(self.note)

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "article": self.citation,
            "scope": self.scope,
            "condition": self.condition,
            "note": self.note,
            "grounds": [{"code": ground.code, "label": ground.label} for ground in self.grounds],
        }


def objection_clause(clauses: Mapping[str, Any] | None) -> ObjectionClause | None:
    """The objection clause in an instrument's JSON (``Instrument.clauses``), or None if it has none."""
    if not clauses or not clauses.get("objection_grounds"):
        return None
    data = clauses["objection_grounds"]
    try:
        return ObjectionClause(
            instrument=clauses.get("code", "?"),
            short_title=clauses.get("short_title", clauses.get("code", "?")),
            article=data["article"],
            grounds=tuple(Ground(item["code"], item["label"]) for item in data["grounds"]),
            scope=data.get("scope", "time_or_place"),
            condition=data.get("condition", ""),
            consequence=data.get("consequence", ""),
            note=data.get("note", ""),
            excluded=tuple((item["code"], item.get("why", "")) for item in data.get("excluded", [])),
        )
    except KeyError as missing:
        raise ValueError(
            f"instrument {clauses.get('code', '?')}: objection_grounds lacks {missing}"
        ) from missing


def _normalise(ground: str) -> str:
    return "_".join(ground.strip().lower().replace("-", " ").replace("_", " ").split())


def check_objection(
    clause: ObjectionClause | None,
    *,
    ground: str,
    body: str,
    has_place: bool,
) -> Ground:
    """The ground the treaty allows, or a DomainError naming the allowed grounds and the article."""
    if clause is None:
        raise DomainError(
            _(
                "%(body)s's right to visit comes from no treaty that lets a State object to a visit on listed "
                "grounds: no objection can be recorded for its visits."
            )
            % {"body": body}
        )
    wanted = _normalise(ground)
    for allowed in clause.grounds:
        if wanted in (allowed.code, _normalise(allowed.label)):
            if clause.scope == "place" and not has_place:
                raise DomainError(
                    _(
                        "Under %(article)s an objection concerns a visit to a particular place of detention: "
                        "name the place."
                    )
                    % {"article": clause.shown_citation}
                )
            return allowed
    allowed_list = "; ".join(f"{shown(g.label).lower()} ({g.code})" for g in clause.grounds)
    why = next((reason for code, reason in clause.excluded if code == wanted), "")
    given = ground.strip() or _("no ground")
    values = {
        "ground": given,
        "treaty": clause.short_title,
        "article": clause.shown_citation,
        "allowed": allowed_list,
    }
    if why:
        raise DomainError(
            _(
                "“%(ground)s” is not a ground on which the %(treaty)s lets a State object to a visit: %(why)s "
                "%(article)s allows only: %(allowed)s."
            )
            % {**values, "why": shown(why)}
        )
    raise DomainError(
        _(
            "“%(ground)s” is not a ground on which the %(treaty)s lets a State object to a visit. %(article)s "
            "allows only: %(allowed)s."
        )
        % values
    )


@dataclass(frozen=True)
class Classification:
    """An objection's ground as recorded: the allowed ground's code, or the State's own words for a ground
    the treaty does not allow (``allowed`` False), with why it is no ground where the data says."""

    ground: str
    allowed: bool
    label: str
    why: str = ""


def classify_objection(
    clause: ObjectionClause | None, *, ground: str, body: str, has_place: bool
) -> Classification:
    """An objection on any ground, classified against the treaty's list (the ground is refused only when
    none is given, or when an allowed ground that concerns a particular place names none)."""
    if clause is None:
        check_objection(None, ground=ground, body=body, has_place=has_place)  # raises: nothing to record
        raise AssertionError("unreachable")
    shown = " ".join(ground.split())
    if not shown:
        raise DomainError(
            _("Give the ground of the objection: one that %(article)s allows, or the State's own words.")
            % {"article": clause.shown_citation}
        )
    wanted = _normalise(shown)
    if any(wanted in (allowed.code, _normalise(allowed.label)) for allowed in clause.grounds):
        allowed = check_objection(clause, ground=shown, body=body, has_place=has_place)
        return Classification(allowed.code, True, allowed.label)
    why = next((reason for code, reason in clause.excluded if code == wanted), "")
    return Classification(shown[:300], False, shown[:300], why)
