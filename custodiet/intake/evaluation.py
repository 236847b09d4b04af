"""Measuring the intake against a labelled corpus, as a new user would see it.

A corpus is a directory with ``articles.jsonl`` (one article a line: its text,
URL, outlet, publication date as precise as known, and the labels: language,
event, dated steps, near-duplicate group) and ``events.json``. The articles are
imported through the ordinary services, with their labels hidden (the pipeline
gets what a user's JSON Lines file would hold: URL, outlet, title, publication
date, text), inside a transaction that is rolled back: the evaluation changes
nothing, and it starts from an empty intake whatever the database holds.

Measures, per language and overall:

- language identification accuracy;
- event grouping: each labelled event's articles should be in one pipeline
  event (recall: the share in the pipeline event holding most of them), and
  each pipeline event should hold one labelled event (precision: the share of
  its articles that belong to its majority label);
- dated steps found with the right step: a labelled step counts when the
  document has a fact of a matching kind (``KINDS``) whose date, cut to the
  label's precision, is the labelled date;
- dates no source states: the share of the pipeline's dated facts whose date is
  no date labelled for any article of the event (nor for the article itself);
- near-duplicate pairs found: labelled pairs the pipeline put in one group, and
  the pairs it grouped that the labels do not.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from django.db import transaction

from custodiet.core.errors import DomainError
from custodiet.intake.dates import DateValue
from custodiet.intake.models import Document, Event, Fact, Segment
from custodiet.intake.sources import RawDocument, sha256_of

# The corpus's step kinds each of the pipeline's attributes may stand for.
KINDS: dict[str, frozenset[str]] = {
    "signature": frozenset({"signature"}),
    "ratification": frozenset({"ratification"}),
    "accession": frozenset({"accession"}),
    "joined": frozenset({"accession", "other:became_party"}),
    "deposit": frozenset({"deposit"}),
    # A State becomes a party when the treaty enters into force for it.
    "entry_into_force": frozenset(
        {"entry_into_force", "other:ratification_law_in_force", "other:became_party"}
    ),
    "announcement": frozenset({"withdrawal_announced", "other:withdrawal_procedure_started"}),
    "decree": frozenset(
        {
            "withdrawal_announced",
            "denunciation_law",
            "other:government_resolution",
            "other:government_approval",
        }
    ),
    "government_proposal": frozenset(
        {
            "withdrawal_announced",
            "other:government_proposal",
            "other:government_approval",
            "other:government_decision",
        }
    ),
    "proposal_published": frozenset({"other:government_proposal", "other:government_resolution"}),
    "bill_submitted": frozenset({"other:bill_submitted"}),
    "lower_house_approval": frozenset({"parliament_vote"}),
    "upper_house_approval": frozenset({"parliament_vote", "other:senate_vote"}),
    "referendum": frozenset({"referendum"}),
    "law_signed": frozenset({"denunciation_law", "other:ratification_law_signed"}),
    "law_published": frozenset({"denunciation_law", "other:effective_date_decree_published"}),
    "notification": frozenset({"withdrawal_notified", "other:instrument_of_denunciation"}),
    "denunciation": frozenset(
        {"withdrawal_notified", "withdrawal_announced", "other:instrument_of_denunciation"}
    ),
    "takes_effect": frozenset({"withdrawal_effective"}),
    "adoption": frozenset({"other:adoption"}),
    "jurisdiction_accepted": frozenset(
        {"other:acceptance_of_court_jurisdiction", "other:acceptance_of_jurisdiction"}
    ),
    "procedure_started": frozenset(
        {
            "other:ratification_process_started",
            "other:ratification_process_resumed",
            "other:withdrawal_procedure_started",
        }
    ),
    "court_ruling": frozenset({"other:constitutional_court_ruling"}),
    "security_council": frozenset({"other:security_council_decision"}),
}
OVERALL = "all"


class CorpusError(ValueError):
    """The corpus cannot be read: the message says where and why."""


@dataclass(frozen=True)
class Step:
    kind: str
    value: DateValue


@dataclass(frozen=True)
class Article:
    id: str
    language: str
    event: str
    steps: tuple[Step, ...]
    other_dates: tuple[DateValue, ...]
    duplicate_group: str
    record: dict[str, Any]


@dataclass(frozen=True)
class Output:
    """What the pipeline made of one article."""

    language: str
    event: int | None
    group: int | None  # the near-duplicate group (its first document), None if not stored
    facts: tuple[tuple[str, DateValue, bool], ...]  # (attribute, value, inferred)


@dataclass
class Tally:
    """Numerators and denominators of each measure, for one language or overall."""

    counts: Counter[str] = field(default_factory=Counter)

    def ratio(self, good: str, total: str) -> float | None:
        return self.counts[good] / self.counts[total] if self.counts[total] else None

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "articles": c["articles"],
            "language_accuracy": self.ratio("language_right", "articles"),
            "grouping_recall": self.ratio("grouped_right", "events_labelled"),
            "grouping_precision": self.ratio("in_right_event", "in_an_event"),
            "dated_steps_found": self.ratio("steps_found", "steps"),
            "dated_steps": c["steps"],
            "unstated_dates": self.ratio("facts_unstated", "facts_dated"),
            "dated_facts": c["facts_dated"],
            "duplicate_pairs_found": self.ratio("pairs_found", "pairs"),
            "duplicate_pairs": c["pairs"],
            "duplicate_pairs_wrong": c["pairs_wrong"],
        }


def _value(raw: dict[str, Any], where: str) -> DateValue:
    try:
        return DateValue.parse(str(raw["date"]), str(raw.get("precision") or ""))
    except (KeyError, ValueError) as error:
        raise CorpusError(f"{where}: a step's date is not a date ({error})") from error


def load_corpus(directory: Path) -> list[Article]:
    """The labelled articles of a corpus directory; CorpusError names the first line that is wrong."""
    path = directory / "articles.jsonl"
    if not path.is_file():
        raise CorpusError(f"{directory}: no articles.jsonl (a corpus is a directory with articles.jsonl)")
    articles: list[Article] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
            steps = tuple(
                Step(str(s["kind"]), _value(s, where)) for s in record.get("steps") or [] if s.get("date")
            )
            others = tuple(_value(s, where) for s in record.get("other_steps") or [] if s.get("date"))
            articles.append(
                Article(
                    id=str(record["id"]),
                    language=str(record.get("language") or "").split("-")[0],
                    event=str(record.get("event") or ""),
                    steps=steps,
                    other_dates=others,
                    duplicate_group=str(record.get("duplicate_group") or ""),
                    record=record,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise CorpusError(f"{where}: not a labelled article ({error})") from error
    if not articles:
        raise CorpusError(f"{path}: no article")
    return articles


def unlabelled(article: Article) -> RawDocument:
    """The article as a user's JSON Lines file would give it: no language, event or steps."""
    from custodiet.intake.sources import parse_published

    record = article.record
    text = str(record.get("text") or "")
    published = parse_published(record.get("published"), record.get("published_precision"))
    data = text.encode("utf-8")
    return RawDocument(
        origin=f"corpus:{article.id}",
        sha256=sha256_of(article.id.encode("utf-8") + b"\0" + data),
        size=len(data),
        format="text",
        body=text,
        url=str(record.get("url") or ""),
        title=str(record.get("title") or ""),
        published=published,
        outlet=str(record.get("outlet") or ""),
    )


def cut(value: DateValue, precision: str) -> str:
    """A value's ISO form at a coarser precision ("2025-05-20" at "month" is "2025-05")."""
    if precision == "year":
        return DateValue(value.year).iso() if value.year is not None else value.iso()
    if precision == "month":
        return DateValue(value.year, value.month).iso() if value.month is not None else value.iso()
    return value.iso()


def states_date(label: DateValue, fact: DateValue) -> bool:
    """True when a labelled date states the fact's date (the fact no more precise than the label)."""
    if fact.year is None:  # a day and month, or a weekday, without a year
        if fact.month is not None:
            return (label.month, label.day) == (fact.month, fact.day)
        return label.precision == "day" and label.known_weekday() == fact.weekday
    return label.rank >= fact.rank and cut(label, fact.precision) == fact.iso()


def finds(step: Step, facts: Iterable[tuple[str, DateValue, bool]]) -> bool:
    """True when a fact of a matching kind gives the step's date at the step's precision."""
    wanted = step.value.precision
    for attribute, value, _inferred in facts:
        if step.kind not in KINDS.get(attribute, frozenset()) or value.year is None:
            continue
        if value.rank >= step.value.rank and cut(value, wanted) == step.value.iso():
            return True
    return False


def score(articles: list[Article], outputs: dict[str, Output]) -> dict[str, Tally]:
    """Every measure, per labelled language and overall."""
    tallies: dict[str, Tally] = defaultdict(Tally)

    def add(article: Article, key: str, amount: int = 1) -> None:
        tallies[article.language].counts[key] += amount
        tallies[OVERALL].counts[key] += amount

    _score_grouping(articles, outputs, add)
    event_dates: dict[str, list[DateValue]] = defaultdict(list)
    for article in articles:
        event_dates[article.event].extend(step.value for step in article.steps)
        event_dates[article.event].extend(article.other_dates)
    for article in articles:
        output = outputs[article.id]
        add(article, "articles")
        add(article, "language_right", int(output.language == article.language))
        add(article, "steps", len(article.steps))
        add(article, "steps_found", sum(finds(step, output.facts) for step in article.steps))
        known = [*event_dates[article.event], *(s.value for s in article.steps), *article.other_dates]
        for _attribute, value, _inferred in output.facts:
            add(article, "facts_dated")
            add(article, "facts_unstated", int(not any(states_date(label, value) for label in known)))
    _score_pairs(articles, outputs, add)
    return dict(tallies)


def _score_grouping(articles: list[Article], outputs: dict[str, Output], add: Any) -> None:
    by_label: dict[str, Counter[int | None]] = defaultdict(Counter)
    by_event: dict[int, Counter[str]] = defaultdict(Counter)
    for article in articles:
        event = outputs[article.id].event
        if article.event:
            by_label[article.event][event] += 1
        if event is not None:
            by_event[event][article.event] += 1
    home = {
        label: max((e for e in counter if e is not None), key=lambda e: (counter[e], -e), default=None)
        for label, counter in by_label.items()
    }
    # A pipeline event stands for the labelled event most of its articles are about; one made of
    # articles about no labelled event (the distractors) stands for none and is not scored.
    majority = {event: counter.most_common(1)[0][0] for event, counter in by_event.items()}
    for article in articles:
        event = outputs[article.id].event
        if article.event:
            add(article, "events_labelled")
            add(article, "grouped_right", int(event is not None and event == home[article.event]))
        if event is not None and majority[event]:
            add(article, "in_an_event")
            add(article, "in_right_event", int(majority[event] == article.event))


def _score_pairs(articles: list[Article], outputs: dict[str, Output], add: Any) -> None:
    for first, second in combinations(articles, 2):
        labelled = bool(first.duplicate_group) and first.duplicate_group == second.duplicate_group
        grouped = outputs[first.id].group is not None and outputs[first.id].group == outputs[second.id].group
        if labelled:
            add(first, "pairs")
            add(first, "pairs_found", int(grouped))
        elif grouped:
            add(first, "pairs_wrong")


class _Rollback(Exception):
    """Raised to roll the evaluation's transaction back once it has been read."""


def run(directory: Path) -> dict[str, Any]:
    """Import the corpus in a transaction that is rolled back; return the measures and each article's output."""
    from custodiet.intake.claims import resolve_years
    from custodiet.intake.selectors import event_claims
    from custodiet.intake.services import build_matcher, document_import, event_refresh

    articles = load_corpus(directory)
    outputs: dict[str, Output] = {}
    skipped: dict[str, str] = {}
    try:
        with transaction.atomic():
            Segment.objects.all().delete()
            Fact.objects.all().delete()
            Document.objects.all().delete()
            Event.objects.all().delete()
            matcher = build_matcher()
            for article in articles:
                try:
                    document, _created = document_import(
                        raw=unlabelled(article), matcher=matcher, keep_raw=False
                    )
                except DomainError as refused:
                    skipped[article.id] = str(refused)
                    outputs[article.id] = Output("", None, None, ())
                    continue
                outputs[article.id] = _output(document)
            resolved: dict[int, list[tuple[str, DateValue, bool]]] = defaultdict(list)
            for event in Event.objects.all():
                event_refresh(event=event)
                for claim in resolve_years(event_claims(event), event.first_published):
                    if claim.value is not None:
                        resolved[claim.document].append((claim.attribute, claim.value, claim.inferred))
            groups = dict(Document.objects.values_list("pk", "duplicate_of"))
            outputs = {
                key: Output(
                    o.language,
                    o.event,
                    groups.get(o.group or 0) or o.group,
                    tuple(resolved[o.group]) if o.event is not None and o.group is not None else o.facts,
                )
                for key, o in outputs.items()
            }
            raise _Rollback
    except _Rollback:
        pass
    tallies = score(articles, outputs)
    return {
        "corpus": str(directory),
        "measures": {language: tally.as_dict() for language, tally in sorted(tallies.items())},
        "articles": {key: _output_dict(output) for key, output in outputs.items()},
        "skipped": skipped,
    }


def _output(document: Document) -> Output:
    facts = tuple(
        (attribute, DateValue.from_iso(value), inferred)
        for attribute, value, inferred in document.facts.exclude(value="").values_list(
            "attribute", "value", "inferred"
        )
    )
    return Output(document.language, document.event_id, document.pk, facts)


def _output_dict(output: Output) -> dict[str, Any]:
    return {
        "language": output.language,
        "event": output.event,
        "group": output.group,
        "facts": [[attribute, value.iso(), inferred] for attribute, value, inferred in output.facts],
    }
