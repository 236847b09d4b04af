"""Benchmark of the keyed audit trail: what the audit key costs to write an entry and to verify the trail.

1. Writing: ``audit_record`` as it ships (SHA-256 of every field, then an HMAC-SHA256 under the audit
   key), against the same function with the code left out (the chain as it was before the key), in the
   same run, alternating in rounds so that drift of the machine falls on both alike.
2. Verifying: ``audit_verify`` over a trail of 100,000 keyed entries (hash, code, sequence and links
   checked, plus the append-only guard), against the baseline of the same walk computing the SHA-256
   chain only (what verifying cost before the key), over the same rows.

Runs against a throwaway SQLite database; prints Markdown and writes bench/out/audit.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CUSTODIET_DATA_DIR"] = tempfile.mkdtemp(prefix="custodiet-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"

import django

django.setup()

from django.core.management import call_command
from django.db import transaction

from custodiet.core import audit, clock
from custodiet.core.models import AuditEntry

TRAIL = 100_000
WRITES = 2_000
ROUNDS = 5
VERIFY_RUNS = 3


def _unkeyed(entry: Any, **_: Any) -> Any:
    """The baseline writer: the chained SHA-256 only, no code (the trail before the key)."""
    entry.version, entry.key_id, entry.mac = audit.KEYED, "", ""
    entry.hash = audit.entry_hash(entry, entry.prev_hash)
    return entry


def _writes(count: int) -> float:
    """Seconds per entry written; rolled back after, so that the trail to verify is only the keyed one."""
    with transaction.atomic():
        started = time.perf_counter()
        for n in range(count):
            audit.audit_record(actor=None, verb="bench.write", detail={"n": n})
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed / count


def writing() -> tuple[float, float]:
    """Median seconds per entry, keyed and unkeyed, over alternating rounds."""
    keyed, unkeyed, shipped = [], [], audit.seal_entry
    for round_ in range(ROUNDS):
        for which in (0, 1) if round_ % 2 == 0 else (1, 0):
            if which == 0:
                keyed.append(_writes(WRITES // ROUNDS))
            else:
                audit.seal_entry = _unkeyed  # type: ignore[assignment]
                try:
                    unkeyed.append(_writes(WRITES // ROUNDS))
                finally:
                    audit.seal_entry = shipped  # type: ignore[assignment]
    return statistics.median(keyed), statistics.median(unkeyed)


def fill(count: int) -> None:
    """A valid keyed chain after what is there, built in memory and inserted in batches."""
    last = AuditEntry.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.hash) if last else (0, audit.GENESIS)
    at = clock.now()
    batch: list[AuditEntry] = []
    for n in range(count):
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=at,
            actor=None,
            actor_label="system",
            verb="interview.read",
            target_type="testimony.interview",
            target_id=str(n),
            detail={"visit": n % 100, "via": "page"},
            prev_hash=prev,
        )
        audit.seal_entry(entry)
        prev = entry.hash
        batch.append(entry)
        if len(batch) == 5_000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


def chain_only() -> int:
    """The baseline walk: the same rows, in order, the SHA-256 chain recomputed, no code checked."""
    broken, prev = 0, audit.GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        broken += entry.prev_hash != prev or audit.entry_hash(entry, entry.prev_hash) != entry.hash
        prev = entry.hash
    return broken


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    call_command("migrate", verbosity=0)
    keyed_write, unkeyed_write = writing()
    fill(TRAIL - AuditEntry.objects.count())
    entries = AuditEntry.objects.count()
    timed(1, chain_only)  # warm the page cache for both
    baselines, verifies, broken, findings = [], [], 0, []
    for run in range(VERIFY_RUNS * 2):  # alternating which goes first
        for work in (chain_only, audit.audit_verify) if run % 2 == 0 else (audit.audit_verify, chain_only):
            seconds, result = timed(1, work)
            if work is chain_only:
                baselines.append(seconds)
                broken += result
            else:
                verifies.append(seconds)
                findings += result
    assert broken == 0 and findings == [], (broken, findings[:3])
    baseline, verify = statistics.median(baselines), statistics.median(verifies)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}, Python {platform.python_version()}"
    lines = [
        "## Audit trail: the cost of the key (issue 12)",
        "",
        f"`bench/bench_audit.py`, run on {clock.today():%Y-%m-%d} on {machine}, SQLite.",
        "",
        "| | keyed (as shipped) | baseline: the SHA-256 chain only | ratio |",
        "| --- | --- | --- | --- |",
        f"| writing one entry (`audit_record`, {WRITES:,} in {ROUNDS} alternating rounds, one transaction each) "
        f"| {keyed_write * 1e6:.0f} µs | {unkeyed_write * 1e6:.0f} µs | {keyed_write / unkeyed_write:.2f} |",
        f"| verifying {entries:,} entries (`audit_verify`, median of {VERIFY_RUNS * 2}, alternating) "
        f"| {verify:.2f} s | {baseline:.2f} s | {verify / baseline:.2f} |",
        "",
        "The keyed writer computes the same SHA-256 over every field, then one HMAC-SHA256 of the 64-character "
        "hash; the keyed verifier also checks each code and the append-only guard. The baseline is the same "
        "code without the code, in the same process, on the same rows.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "audit.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
