"""Benchmark of the cost of encryption on the testimony pages, with 100,000 interviews.

The same data (same seed) is written twice, each time into its own throwaway SQLite database, by a
child process of this script; the two are filled one after the other, then measured side by side in
the same run (one request to each in turn, alternating which goes first):

- **encrypted**: the application as it ships: every testimony field (accounts, identities, medical
  notes, descriptions, exact dates, reasons, actions) and the users' personal fields are sealed with
  AES-256-GCM on write and opened on read (custodiet.core.fields / custodiet.core.crypto);
- **plain**: the same code with the encryption layer bypassed, and nothing else changed: the
  encrypted fields' ``get_prep_value`` stores the encoded plaintext and ``from_db_value`` decodes it
  (no padding, no AES-GCM, no base64, no key derivation), and a blind index stores the normalized
  value instead of its HMAC. Same tables, same columns, same indexes, same queries, same templates.

In each, as a secretariat user, it measures the median and 90th-percentile time (and the median of the
paired differences) and the number of queries of the pages of a visit's interviews (first and a deep page), the interview page (each
request a different interview; every read writes its audit entry, as in production), the same in
the API, the counts of allegations, and a bare Django page (the login form) for reference; it
also counts how many values each page decrypts.

Prints Markdown and writes bench/out/testimony.md. BENCH_SCALE=0.1 runs at a tenth of the size.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
INTERVIEWS = max(200, int(100_000 * SCALE))
PER_VISIT = 1_000 if INTERVIEWS >= 10_000 else 100
BATCH = 2_000
REPEATS = int(os.environ.get("BENCH_REPEATS", "25"))
SEED = 20261122

SENTENCES = [
    "They took me to the office on the second floor after midnight.",
    "Two officers held my arms while a third hit me on the back with a plastic bottle full of water.",
    "I was not allowed to call my family for four days.",
    "The doctor did not look at my injuries and wrote nothing down.",
    "They said that if I told the commission anything my brother would be arrested too.",
    "The cell had no window and the light was on day and night.",
    "We were given water only twice a day, and food once.",
    "I asked for a lawyer and they laughed and said I would see one in court.",
    "In the van they made us sit bent forward with our hands cuffed behind our backs.",
    "The other prisoners were told to teach me how to behave.",
    "I signed the statement because they promised the beatings would stop.",
    "My wrists still hurt from the handcuffs, the marks are here.",
]


# -- the child: fill one database and measure it ----------------------------------------------------


def _bypass_encryption() -> None:
    """Replace sealing by plain encoding in the field layer (the 'plain' run only)."""
    from custodiet.core import fields

    def get_prep_value(self: Any, value: Any) -> Any:
        if value is None:
            return None
        return self.encode(self.python_value(value)).decode("utf-8")

    def from_db_value(self: Any, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else self.decode(value.encode("utf-8"))

    def compute(self: Any, value: Any, *, key: Any = None) -> Any:
        if value is None or value == "":
            return None
        from custodiet.core.crypto import normalize_for_index

        return normalize_for_index(value.isoformat() if isinstance(value, date) else str(value))[:80]

    fields.EncryptedField.get_prep_value = get_prep_value  # type: ignore[method-assign]
    fields.EncryptedField.from_db_value = from_db_value  # type: ignore[method-assign]
    fields.BlindIndexField.compute = compute  # type: ignore[method-assign]


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(low, high)))


def _batched(model: Any, rows: list[Any]) -> list[Any]:
    made = []
    for start in range(0, len(rows), BATCH):
        made.extend(model.objects.bulk_create(rows[start : start + BATCH]))
    return made


def fill(rng: random.Random) -> dict[str, Any]:
    from django.db import transaction

    from custodiet.core.models import User
    from custodiet.places.models import Place
    from custodiet.testimony import rules, taxonomy
    from custodiet.testimony.models import (
        Allegation,
        Consent,
        Interview,
        MedicalExamination,
        Person,
        PersonIdentity,
        ReprisalFollowUp,
        ReprisalRisk,
    )
    from custodiet.treaties.models import Instrument, MonitoringBody, State
    from custodiet.visits.models import DelegationMember, ItineraryStop, Visit

    types = taxonomy.codes(taxonomy.ALLEGATION_TYPES)
    perpetrators = taxonomy.codes(taxonomy.PERPETRATOR_CATEGORIES)
    stages = taxonomy.codes(taxonomy.STAGES)
    consistency = taxonomy.codes(taxonomy.CONSISTENCY_SCALE)
    with transaction.atomic():
        secretariat = User.objects.create_user(
            username="bench-secretariat",
            password=None,  # force_login: the pages are measured, not the login
            role="secretariat",
            first_name="Bench",
            last_name="Secretariat",
            email="bench@example.org",
        )
        ru = State.objects.create(code="RU", code3="RUS", name_en="Russian Federation", name_fr="Russie")
        ecpt = Instrument.objects.create(
            code="ETS-126",
            short_title="ECPT",
            title="ECPT",
            organisation="Council of Europe",
            adopted_on=date(1987, 11, 26),
            depositary="Secretary General",
            source="https://example.org",
            clauses={},
        )
        body = MonitoringBody.objects.create(
            code="CPT", name="CPT", kind="international", basis="treaty", instrument=ecpt, source="bench"
        )
        places = _batched(
            Place,
            [
                Place(
                    ref=f"RU-BENCH-{n:04d}",
                    name_local=f"Учреждение № {n}",
                    name_en=f"Institution No. {n}",
                    type="pre_trial",
                    state=ru,
                )
                for n in range(200)
            ],
        )
        visit_count = max(1, INTERVIEWS // PER_VISIT)
        start = date(2016, 1, 11)
        visits = _batched(
            Visit,
            [
                Visit(
                    body=body,
                    state=ru,
                    kind="periodic",
                    status="completed",
                    title=f"Visit {n}",
                    planned_start=start + timedelta(days=30 * n),
                    planned_end=start + timedelta(days=30 * n + 9),
                    started_on=start + timedelta(days=30 * n),
                    ended_on=start + timedelta(days=30 * n + 9),
                )
                for n in range(visit_count)
            ],
        )
        itinerary: dict[int, list[Any]] = {}
        stops: list[Any] = []
        for visit in visits:
            itinerary[visit.pk] = rng.sample(places, 5)
            stops.extend(ItineraryStop(visit=visit, place=place) for place in itinerary[visit.pk])
        _batched(ItineraryStop, stops)
        members: dict[int, dict[str, Any]] = {}
        delegation: list[Any] = []
        for visit in visits:
            roles = {
                "doctor": DelegationMember(
                    visit=visit, name="Dr Forensic", role="expert", expertise="forensic doctor"
                ),
                "head": DelegationMember(visit=visit, name="Head of delegation", role="head"),
                "member": DelegationMember(visit=visit, name="Committee member", role="member"),
                "interpreter": DelegationMember(visit=visit, name="Interpreter", role="interpreter"),
            }
            members[visit.pk] = roles
            delegation.extend(roles.values())
        _batched(DelegationMember, delegation)

        persons, identities, consents, interviews = [], [], [], []
        codes: set[str] = set()
        while (
            len(codes) < INTERVIEWS
        ):  # 100,000 random codes out of 30**8 may repeat once (birthday odds ~1%)
            codes.add(rules.new_pseudonym())
        for n, code in enumerate(sorted(codes, key=lambda _: rng.random())):
            visit = visits[min(n // PER_VISIT, len(visits) - 1)]
            place = rng.choice(itinerary[visit.pk])
            persons.append(
                Person(
                    code=code,
                    state=ru,
                    first_met_visit=visit,
                    first_met_place=place,
                    uses_information=rng.random() < 0.9,  # the latest consent's answer (below)
                )
            )
        persons = _batched(Person, persons)
        for n, person in enumerate(persons):
            visit = visits[min(n // PER_VISIT, len(visits) - 1)]
            held = datetime.combine(
                visit.planned_start + timedelta(days=rng.randint(0, 9)), datetime.min.time(), UTC
            )
            if rng.random() < 0.6:
                identities.append(
                    PersonIdentity(  # type: ignore[misc]  # an encrypted date: the stubs see a TextField
                        person=person,
                        name=f"Name{n} Surname{n}",
                        born_on=date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000)),
                        registry_number=f"R-{n:07d}",
                        other_identifying="" if rng.random() < 0.8 else "scar on the left hand",
                    )
                )
            consents.append(
                Consent(
                    person=person,
                    given_on=held.date(),
                    use_information=person.uses_information,  # as services.consent_record keeps it
                    be_named=False,
                    be_contacted_again=rng.random() < 0.5,
                )
            )
            interviews.append(
                Interview(
                    visit=visit,
                    place=person.first_met_place,
                    person=person,
                    held_at=held + timedelta(hours=rng.randint(8, 19), minutes=rng.randint(0, 59)),
                    language=rng.choice(["ru", "ru", "ru", "uk", "ce", "ky"]),
                    interpreter=members[visit.pk]["interpreter"] if rng.random() < 0.5 else None,
                    private=True,
                    account=_text(rng, 4, 20),
                    recorded_by=secretariat,
                )
            )
        _batched(PersonIdentity, identities)
        _batched(Consent, consents)
        interviews = _batched(Interview, interviews)
        through = Interview.interviewers.through
        _batched(
            through,
            [
                through(interview_id=interview.pk, delegationmember_id=members[interview.visit_id][role].pk)
                for interview in interviews
                for role in ("doctor", "head")
            ],
        )
        allegations = []
        for interview in interviews:
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                known = rng.random() < 0.7
                occurred = interview.held_at.date() - timedelta(days=rng.randint(1, 400))
                allegations.append(
                    Allegation(  # type: ignore[misc]  # encrypted dates: the stubs see TextFields
                        interview=interview,
                        type=rng.choice(types),
                        perpetrator=rng.choice(perpetrators),
                        stage=rng.choice(stages),
                        precision="day" if known else "unknown",
                        occurred_from=occurred if known else None,
                        period_year=occurred.year if known else None,
                        period_quarter=(occurred.month - 1) // 3 + 1 if known else None,
                        place_alleged=rng.choice(places) if rng.random() < 0.5 else None,
                        location_detail="" if rng.random() < 0.5 else "the room behind the duty office",
                        description=_text(rng, 1, 4),
                    )
                )
        allegations = _batched(Allegation, allegations)
        _batched(
            MedicalExamination,
            [
                MedicalExamination(
                    interview=allegation.interview,
                    allegation=allegation,
                    examined_by=members[allegation.interview.visit_id]["doctor"],
                    examined_at=allegation.interview.held_at + timedelta(hours=1),
                    injuries="Linear bruises 2 cm wide across both shoulder blades, yellow-green.",
                    notes="Tenderness on palpation; no fracture felt.",
                    consistency=rng.choice(consistency),
                    photographs=rng.random() < 0.5,
                )
                for allegation in allegations
                if rng.random() < 0.2
            ],
        )
        risks = _batched(
            ReprisalRisk,
            [
                ReprisalRisk(
                    person=interview.person,
                    visit=interview.visit,
                    interview=interview,
                    level=rng.choice(["low", "medium", "high"]),
                    reason="Threatened by the deputy head.",
                )
                for interview in interviews
                if rng.random() < 0.05
            ],
        )
        _batched(
            ReprisalFollowUp, [ReprisalFollowUp(risk=risk, action="See the person alone.") for risk in risks]
        )
    return {
        "secretariat": secretariat,
        "visit": visits[len(visits) // 2],
        "year": max(a.period_year or 0 for a in allegations[:1000]),
        "interviews": [interview.pk for interview in interviews[:: max(1, len(interviews) // 500)]],
        "rows": {
            "interviews": len(interviews),
            "persons": len(persons),
            "identities": len(identities),
            "allegations": len(allegations),
            "visits": len(visits),
            "risks": len(risks),
        },
    }


class Page:
    """One page to measure: its URLs (cycled through) and the client that asks for them."""

    def __init__(self, label: str, client: Any, urls: list[str]) -> None:
        self.label, self.client, self.urls, self.asked = label, client, urls, 0

    def get(self) -> float:
        url = self.urls[self.asked % len(self.urls)]
        self.asked += 1
        started = time.perf_counter()
        response = self.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, url
        return elapsed

    def census(self, requests: int = 10) -> dict[str, Any]:
        """Queries and values decrypted per request, counted over a few requests (after a warming one);
        the number decrypted varies with what each interview holds, so it is the mean."""
        from django.db import connection

        from custodiet.core import crypto

        self.get()
        original = crypto.unseal
        queries: set[int] = set()
        opened = [0]

        def count_unseal(*args: Any, **kwargs: Any) -> bytes:
            opened[0] += 1
            return original(*args, **kwargs)

        crypto.unseal = count_unseal
        try:
            for _ in range(requests):
                counted: list[str] = []

                def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                    counted.append(sql)  # noqa: B023 - used within this iteration only
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    self.get()
                queries.add(len(counted))
        finally:
            crypto.unseal = original
        # A prefetch of nothing is skipped (no reprisal risk: no query for their follow-ups), hence a range.
        low, high = min(queries), max(queries)
        shown = str(low) if low == high else f"{low} to {high}"
        return {"label": self.label, "queries": shown, "decrypted": opened[0] / requests}


def say(message: dict[str, Any]) -> None:
    print("BENCH " + json.dumps(message), flush=True)


def child(mode: str) -> None:
    """Fill a database, then answer the parent's requests for timings on stdin/stdout (one line each)."""
    os.environ["CUSTODIET_DATA_DIR"] = tempfile.mkdtemp(prefix=f"custodiet-bench-{mode}-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "custodiet.settings"
    os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
    os.environ["CUSTODIET_DEBUG"] = "true"
    os.environ["CUSTODIET_REQUIRE_2FA"] = "false"  # the pages are measured, not the login
    os.environ.pop("CUSTODIET_DATABASE_URL", None)
    os.environ.pop("CUSTODIET_KEYS", None)
    # The key lives outside the data directory, as docs/security.md asks (mode 600).
    sys.path.insert(0, str(ROOT))
    from custodiet.core.crypto import keyfile_create

    key_file = Path(tempfile.mkdtemp(prefix="custodiet-bench-keys-")) / "custodiet.keys"
    keyfile_create(key_file)
    os.environ["CUSTODIET_KEY_FILE"] = str(key_file)

    import django

    django.setup()

    if mode == "plain":
        _bypass_encryption()

    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.urls import reverse

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        made = fill(random.Random(SEED))
        fill_seconds = time.perf_counter() - started
        from custodiet.testimony.counts import recount

        started = time.perf_counter()
        recount()  # the bulk inserts bypass the counts kept on every save: build them once
        recount_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
        db_bytes = sum(
            path.stat().st_size
            for path in Path(os.environ["CUSTODIET_DATA_DIR"]).iterdir()
            if path.name.startswith("custodiet.sqlite3")
        )
        # Keep one connection across requests, so that every query of a request is counted.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(made["secretariat"])
        visit = made["visit"]
        listed = reverse("testimony:visit_interviews", args=[visit.pk])
        last = (PER_VISIT + 49) // 50
        pages = [
            Page(f"interview list, page 1 ({PER_VISIT:,} interviews on the visit)", client, [listed]),
            Page(f"interview list, page {last} (the last)", client, [f"{listed}?page={last}"]),
            Page(
                "interview page (a different interview each time)",
                client,
                [reverse("testimony:interview_detail", args=[pk]) for pk in made["interviews"][:200]],
            ),
            Page(
                "API: a visit's interviews, 100 a page",
                client,
                [reverse("testimony-api:visit_interviews", args=[visit.pk])],
            ),
            Page(
                "API: one interview in full",
                client,
                [reverse("testimony-api:interview_detail", args=[pk]) for pk in made["interviews"][200:400]],
            ),
            Page("counts of allegations (all of them, 6 tables)", client, [reverse("testimony:aggregates")]),
            Page(
                "counts of allegations, one State and one year",
                client,
                [reverse("testimony:aggregates") + f"?state=RU&year={made['year']}"],
            ),
            Page(
                "bare Django page (the login form, anonymous)",
                Client(HTTP_HOST="127.0.0.1"),
                ["/accounts/login/"],
            ),
        ]
        say(
            {
                "mode": mode,
                "fill_seconds": fill_seconds,
                "recount_seconds": recount_seconds,
                "db_bytes": db_bytes,
                "pages": [page.census() for page in pages],
                "counts": made["rows"],
                "crypto": crypto_microseconds() if mode == "encrypted" else None,
            }
        )
        for line in sys.stdin:
            asked = json.loads(line)
            if asked.get("quit"):
                break
            say({"ms": pages[asked["page"]].get()})
    finally:
        connection.close()
        shutil.rmtree(os.environ["CUSTODIET_DATA_DIR"], ignore_errors=True)
        shutil.rmtree(key_file.parent, ignore_errors=True)


def crypto_microseconds() -> dict[str, float]:
    """Sealing and opening one account of about 600 characters, alone: microseconds per value."""
    from custodiet.core import crypto

    account = " ".join(SENTENCES[:9])
    context = "testimony_interview.account"
    crypto.seal(account.encode(), context=context)  # the key ring is read once
    rounds = 20_000
    started = time.perf_counter()
    tokens = [crypto.seal(account.encode(), context=context) for _ in range(rounds)]
    sealed = (time.perf_counter() - started) / rounds * 1e6
    started = time.perf_counter()
    for token in tokens:
        crypto.unseal(token, context=context)
    opened = (time.perf_counter() - started) / rounds * 1e6
    return {"seal": sealed, "unseal": opened, "bytes": len(account)}


# -- the parent: run both, compare ------------------------------------------------------------------


class Run:
    """A child process: one database, answering requests for timings."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--child", mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.meta = self.hear()

    def hear(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("BENCH "):
                heard: dict[str, Any] = json.loads(line[len("BENCH ") :])
                return heard
        raise RuntimeError(f"the {self.mode} run ended early (exit {self.process.wait()})")

    def time(self, page: int) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"page": page}) + "\n")
        self.process.stdin.flush()
        return float(self.hear()["ms"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"quit": True}) + "\n")
        self.process.stdin.close()
        self.process.wait()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def main() -> None:
    runs = {}
    for mode in ("encrypted", "plain"):  # filled one after the other, measured side by side
        print(f"… {mode}: filling {INTERVIEWS:,} interviews", file=sys.stderr, flush=True)
        started = time.perf_counter()
        runs[mode] = Run(mode)
        print(f"  ready in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    on, off = runs["encrypted"], runs["plain"]
    times: dict[str, list[list[float]]] = {mode: [[] for _ in on.meta["pages"]] for mode in runs}
    try:
        print(f"… measuring, {REPEATS} rounds, the two runs in turn", file=sys.stderr, flush=True)
        for round_ in range(REPEATS):
            order = (on, off) if round_ % 2 == 0 else (off, on)
            for page in range(len(on.meta["pages"])):
                for run in order:
                    times[run.mode][page].append(run.time(page))
    finally:
        for run in runs.values():
            run.close()
    counts = on.meta["counts"]
    unseal = on.meta["crypto"]["unseal"]
    lines = [
        f"### Testimony: the cost of encryption ({date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite)",
        "",
        f"{counts['interviews']:,} interviews on {counts['visits']:,} visits; {counts['persons']:,} persons "
        f"({counts['identities']:,} with an identity), {counts['allegations']:,} allegations, "
        f"{counts['risks']:,} reprisal risks. Secretariat user; {REPEATS} requests per page and run.",
        "",
        "Method: the same data (same seed) written twice, into two throwaway SQLite files, by two processes in "
        "this run. *encrypted* is the application as it ships. *plain* is the same code with the field "
        "encryption bypassed (the encrypted fields store the encoded plaintext instead of an AES-256-GCM token; "
        "blind indexes store the normalized value instead of its HMAC); same tables, indexes, queries and "
        "templates. Both stay open and are asked in turn, one request each, alternating which goes first, so "
        "that drift of the machine falls on both alike; *difference* is the median of the paired differences. "
        "Every interview page and list writes its audit entry in both runs.",
        "",
        "| page | queries | values decrypted | median, encrypted | median, plain | difference | "
        "decryption alone (computed) | p90, encrypted | p90, plain |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for index, census in enumerate(on.meta["pages"]):
        assert census["queries"] == off.meta["pages"][index]["queries"], (census, off.meta["pages"][index])
        mine, theirs = times["encrypted"][index], times["plain"][index]
        paired = statistics.median(a - b for a, b in zip(mine, theirs, strict=True))
        base = statistics.median(theirs)
        computed = census["decrypted"] * unseal / 1000
        lines.append(
            f"| {census['label']} | {census['queries']} | {census['decrypted']:.1f} | {statistics.median(mine):.1f} ms "
            f"| {base:.1f} ms | {paired:+.1f} ms ({paired / base:+.0%}) | {computed:.2f} ms "
            f"| {percentile(mine, 0.9):.1f} ms | {percentile(theirs, 0.9):.1f} ms |"
        )
    bare = statistics.median(times["encrypted"][-1])
    figures = [
        (census["label"], statistics.median(times["encrypted"][index]))
        for index, census in enumerate(on.meta["pages"])
        if census["label"].startswith("counts of allegations")
    ]
    lines += [
        "",
        "Figures of allegations against the bare page (encrypted run): "
        + "; ".join(f"{label}: {ms:.1f} ms, {ms / bare:.1f}x" for label, ms in figures)
        + f". Building the maintained counts from scratch (`custodiet testimony recount`): "
        f"{on.meta['recount_seconds']:.1f} s.",
    ]
    lines += [
        "",
        "| | encrypted | plain |",
        "| --- | --- | --- |",
        f"| filling the database (bulk inserts, every value sealed) | {on.meta['fill_seconds']:.0f} s "
        f"| {off.meta['fill_seconds']:.0f} s |",
        f"| database file | {on.meta['db_bytes'] / 2**20:,.0f} MiB | {off.meta['db_bytes'] / 2**20:,.0f} MiB |",
        f"| sealing one {on.meta['crypto']['bytes']}-byte account, alone | {on.meta['crypto']['seal']:.1f} µs | — |",
        f"| opening it | {unseal:.1f} µs | — |",
        "",
        "How to read it: *values decrypted* is the mean number of values a request of the page opens (the signed-in "
        "user's own name and e-mail are 3 of them). The list pages open none of the interviews' values: the "
        "accounts are deferred, and nothing encrypted is shown there. An interview page opens the account and "
        "the allegations, examinations, consents and reprisal records it shows. *Decryption alone* is that "
        "count times the cost of opening one value, measured on its own. The *difference* is what was measured "
        "between the two runs: decryption, and whatever else the encrypted layout costs (an encrypted value is "
        "stored padded and in base64, so rows are larger and SQLite reads more pages: the file is "
        f"{on.meta['db_bytes'] / off.meta['db_bytes'] - 1:.0%} larger). Compare it with the p90 columns to "
        "judge the noise.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    target = ROOT / "bench" / "out"
    target.mkdir(parents=True, exist_ok=True)
    (target / "testimony.md").write_text(text)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
