"""What the public may find, made into search entries, and the index kept in step with it.

Only published material is read here, each kind from the public read of the app that owns it:

- reports: ``Report.objects.published()``, each as the public reads it (``reports.rendering.assemble``
  with the public policy: no vote, no internal note, no deadline, detainees only by pseudonym), and each
  of its State's responses as an entry of its own;
- public statements (Art. 10(2) ECPT: public once made);
- the timelines the secretariat published (``PublishedTimeline``), and their sources, each with its
  public address and never the place a file was read from;
- States (their names in English, French, Russian and Ukrainian, from CLDR) and treaties.

A source field that is not a web address (a file path, "shared/DOMAIN.md", "(seeds)") is never shown:
``public_address`` keeps only http(s) addresses.

Writing is by difference: each entry carries the SHA-256 of what was indexed, and ``sync`` rewrites only
the entries that changed and removes those whose material is no longer public. ``reindex`` does every kind
(``custodiet portal reindex``: idempotent); the ``refresh_*`` functions one record, called by the portal's
services and, after each commit, by the receivers in ``custodiet.portal.signals``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from custodiet.intake.dates import DateValue
from custodiet.intake.models import Document, Event
from custodiet.portal.models import Kind, Precision, PublishedTimeline, SearchEntry
from custodiet.portal.text import detect_language, index_terms
from custodiet.reports import rendering
from custodiet.reports import selectors as report_selectors
from custodiet.reports.models import PublicStatement, Report, StateResponse
from custodiet.treaties.models import Instrument, State
from custodiet.treaties.reference import load_instruments

NAME_LANGUAGES = ("en", "fr", "ru", "uk")  # a State is found by its name in each interface language


def public_address(value: str) -> str:
    """``value`` if it is a web address (http or https, with a host), else "": a path on a server, a file
    of the project or a note in brackets is not an address the public can open."""
    value = (value or "").strip()
    if not value or any(char.isspace() for char in value):
        return ""
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else ""


@dataclass(frozen=True)
class Draft:
    """An entry as it will be stored, before its terms."""

    key: str
    kind: str
    title: str
    url: str
    text: str
    address: str = ""
    state: str = ""
    body: str = ""
    day: date | None = None
    precision: str = ""
    language: str = ""

    def digest(self) -> str:
        made = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(made.encode()).hexdigest()

    def entry(self) -> SearchEntry:
        return SearchEntry(
            key=self.key,
            kind=self.kind,
            title=self.title[:500],
            url=self.url,
            address=self.address,
            state=self.state,
            body=self.body,
            day=self.day,
            precision=self.precision if self.day else "",
            year=self.day.year if self.day else None,
            language=self.language,
            text=self.text,
            title_terms=index_terms(self.title, self.language),
            terms=index_terms(self.text, self.language),
            digest=self.digest(),
        )


def _lines(*parts: Iterable[str] | str) -> str:
    found: list[str] = []
    for part in parts:
        found.extend([part] if isinstance(part, str) else part)
    return "\n".join(line.strip() for line in found if line and line.strip())


# -- reports and their responses -------------------------------------------------------------------------


def _report_drafts(report: Report) -> Iterator[Draft]:
    document = rendering.assemble(report, policy=rendering.POLICIES[rendering.Audience.PUBLIC])
    url = reverse("reports:published_detail", args=[report.pk])
    text = _lines(
        f"{document.body} ({document.body_code}). {document.state}.",
        document.introduction,
        document.visits,
        (f"{name}, {location}" for name, location, _ in document.places),
        document.cooperation,
        document.observations,
        (
            line
            for section in document.sections
            for line in (
                section.heading,
                *(finding.text for finding in section.findings),
                *(f"{item.number}. {item.text}" for item in section.items),
            )
        ),
        document.reference,
    )
    yield Draft(
        key=f"report:{report.pk}",
        kind=Kind.REPORT,
        title=document.title,
        url=url,
        text=text,
        address=public_address(report.publication_url),
        state=report.state.code,
        body=report.body.code,
        day=report.published_on,
        precision=Precision.DAY,
        language=detect_language(f"{document.title}\n{text}"),
    )
    for response in report.responses.all():  # as the public rendering shows them, once published
        yield _response_draft(report, response, url)


def _response_draft(report: Report, response: StateResponse, url: str) -> Draft:
    text = _lines(
        response.reference,
        response.summary,
        (f"{answer.item.number}. {answer.text}" for answer in response.answers.all()),
    )
    return Draft(
        key=f"response:{report.pk}.{response.pk}",
        kind=Kind.RESPONSE,
        title=report.title,
        url=url,
        text=text,
        state=report.state.code,
        body=report.body.code,
        day=response.received_on,
        precision=Precision.DAY,
        language=detect_language(text),
    )


def report_drafts(pk: int | None = None) -> list[Draft]:
    reports = report_selectors.with_record(Report.objects.published().select_related("state", "body"))
    if pk is not None:
        reports = reports.filter(pk=pk)
    return [draft for report in reports for draft in _report_drafts(report)]


# -- public statements -----------------------------------------------------------------------------------


def _statement_draft(statement: PublicStatement) -> Draft:
    text = _lines(statement.subject, statement.text)
    return Draft(
        key=f"statement:{statement.pk}",
        kind=Kind.STATEMENT,
        title=statement.title,
        url=f"{reverse('reports:statement_list')}?state={statement.state.code}",
        text=text,
        address=public_address(statement.source),
        state=statement.state.code,
        body=statement.body.code,
        day=statement.decided_on,
        precision=statement.decided_precision if statement.decided_on else "",
        language=detect_language(f"{statement.title}\n{text}"),
    )


def statement_drafts(pk: int | None = None) -> list[Draft]:
    statements = report_selectors.public_statements().select_related("state", "body")
    if pk is not None:
        statements = statements.filter(pk=pk)
    return [_statement_draft(statement) for statement in statements]


# -- published timelines and their sources ---------------------------------------------------------------


def _dated(iso: str) -> tuple[date | None, str]:
    """A date written as precise as known (2025-09-29, 2025-09, 2025) as a first day and a precision."""
    if not iso:
        return None, ""
    try:
        value = DateValue.from_iso(iso)
    except ValueError:
        return None, ""
    precision = {"day": Precision.DAY, "month": Precision.MONTH, "year": Precision.YEAR}.get(value.precision)
    return (value.earliest_day(), precision) if precision else (None, "")


def _timeline_drafts(published: PublishedTimeline) -> Iterator[Draft]:
    event = published.event
    url = reverse("portal:timeline_detail", args=[event.pk])
    state = event.state.code if event.state else ""
    documents = list(event.documents.all())
    day, precision = _dated(event.last_date)
    text = _lines(published.summary, (document.title for document in documents))
    yield Draft(
        key=f"timeline:{event.pk}",
        kind=Kind.TIMELINE,
        title=event.title,
        url=url,
        text=text,
        state=state,
        day=day,
        precision=precision,
        language=detect_language(f"{event.title}\n{text}"),
    )
    for document in documents:
        day, precision = _dated(document.published_iso)
        yield Draft(
            key=f"source:{event.pk}.{document.pk}",
            kind=Kind.SOURCE,
            title=document.title or document.outlet or event.title,
            url=f"{url}#source-{document.pk}",
            text=document.text,
            address=public_address(document.url),
            state=state,
            day=day,
            precision=precision,
            language=document.language,
        )


def timeline_drafts(event_pk: int | None = None) -> list[Draft]:
    published = PublishedTimeline.objects.select_related("event", "event__state").prefetch_related(
        Prefetch("event__documents", queryset=Document.objects.defer("prints").order_by("pk"))
    )
    if event_pk is not None:
        published = published.filter(event_id=event_pk)
    return [draft for row in published for draft in _timeline_drafts(row)]


# -- States and treaties ---------------------------------------------------------------------------------


@cache
def _territory_names(language: str) -> dict[str, str]:
    return dict(Locale(language).territories)


def state_drafts(code: str | None = None) -> list[Draft]:
    states = State.objects.order_by("code")
    if code is not None:
        states = states.filter(code=code)
    drafts = []
    for state in states:
        names = [state.name_en, state.name_fr]
        names += [_territory_names(language).get(state.code, "") for language in NAME_LANGUAGES]
        drafts.append(
            Draft(
                key=f"state:{state.code}",
                kind=Kind.STATE,
                title=state.name_en,
                url=reverse("treaties:state_detail", args=[state.code]),
                text=" · ".join([*dict.fromkeys(name for name in names if name), state.code, state.code3]),
                state=state.code,
            )
        )
    return drafts


def instrument_drafts(code: str | None = None) -> list[Draft]:
    instruments = Instrument.objects.order_by("code")
    if code is not None:
        instruments = instruments.filter(code=code)
    aliases = {spec.code: spec.aliases for spec in load_instruments().values()}
    return [
        Draft(
            key=f"instrument:{instrument.code}",
            kind=Kind.INSTRUMENT,
            title=instrument.title,
            url=reverse("treaties:instrument_detail", args=[instrument.code]),
            text=" · ".join(
                dict.fromkeys([instrument.short_title, instrument.code, *aliases.get(instrument.code, ())])
            ),
            day=instrument.adopted_on,
            precision=Precision.DAY if instrument.adopted_on else "",
            language="en",
        )
        for instrument in instruments
    ]


# -- writing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synced:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def __add__(self, other: Synced) -> Synced:
        return Synced(
            *(
                mine + theirs
                for mine, theirs in zip(asdict(self).values(), asdict(other).values(), strict=True)
            )
        )


@transaction.atomic
def sync(
    drafts: list[Draft], *, keys: Iterable[str] = (), prefixes: Iterable[str] = (), kinds: Iterable[str] = ()
) -> Synced:
    """Make the entries named by ``keys``, ``prefixes`` or ``kinds`` what ``drafts`` say: add the new,
    rewrite the changed, remove those no draft names any more."""
    existing = SearchEntry.objects.none()
    for key in keys:
        existing |= SearchEntry.objects.filter(key=key)
    for prefix in prefixes:
        existing |= SearchEntry.objects.filter(key__startswith=prefix)
    kinds = list(kinds)
    if kinds:
        existing |= SearchEntry.objects.filter(kind__in=kinds)
    stored = dict(existing.values_list("key", "digest"))
    wanted = {draft.key: draft for draft in drafts}
    gone = set(stored) - set(wanted)
    SearchEntry.objects.filter(key__in=gone).delete()
    added = changed = unchanged = 0
    for key, draft in wanted.items():
        digest = draft.digest()
        if stored.get(key) == digest:
            unchanged += 1
            continue
        entry = draft.entry()
        if key in stored:
            SearchEntry.objects.filter(key=key).update(**{field: getattr(entry, field) for field in _FIELDS})
            changed += 1
        else:
            entry.save()
            added += 1
    return Synced(added=added, changed=changed, removed=len(gone), unchanged=unchanged)


_FIELDS = [field.name for field in SearchEntry._meta.concrete_fields if field.name not in ("id", "key")]


def reindex() -> Synced:
    """Every kind of public material, all or nothing; an unchanged entry is left as it is."""
    with transaction.atomic():
        total = Synced()
        for kinds, drafts in (
            ((Kind.REPORT, Kind.RESPONSE), report_drafts()),
            ((Kind.STATEMENT,), statement_drafts()),
            ((Kind.TIMELINE, Kind.SOURCE), timeline_drafts()),
            ((Kind.STATE,), state_drafts()),
            ((Kind.INSTRUMENT,), instrument_drafts()),
        ):
            total = total + sync(drafts, kinds=kinds)
        return total


def refresh_report(pk: int) -> Synced:
    """One report and its responses: indexed while published, removed otherwise."""
    return sync(report_drafts(pk), keys=[f"report:{pk}"], prefixes=[f"response:{pk}."])


def refresh_statement(pk: int) -> Synced:
    return sync(statement_drafts(pk), keys=[f"statement:{pk}"])


def refresh_timeline(event_pk: int) -> Synced:
    """One event's timeline and sources: indexed while published, removed otherwise."""
    return sync(timeline_drafts(event_pk), keys=[f"timeline:{event_pk}"], prefixes=[f"source:{event_pk}."])


def refresh_state(code: str) -> Synced:
    return sync(state_drafts(code), keys=[f"state:{code}"])


def refresh_instrument(code: str) -> Synced:
    return sync(instrument_drafts(code), keys=[f"instrument:{code}"])


def event_is_published(event: Event | int) -> bool:
    pk = event.pk if isinstance(event, Event) else event
    return PublishedTimeline.objects.filter(event_id=pk).exists()
