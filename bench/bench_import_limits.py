"""Imports that stream: the time and peak memory of reading a register, and of refusing a zip bomb.

Each file is read in a fresh process (its peak resident memory is the process's own),
through the same path as the import page and the command line (read, check every
row; nothing written). The baseline is the same process reading a 1,000-row register.

    python bench/bench_import_limits.py        # writes bench/out/import_limits.md
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

READ = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from custodiet.core.errors import ImportRejected
from custodiet.places.importing import parse_file
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    parsed = parse_file(path.read_bytes(), name=path.name, state_lookup={"ru": "RU"}, today=date(2026, 11, 22))
    outcome = f"{len(parsed.places):,} places read"
except ImportRejected as refused:
    outcome = "refused: " + refused.problems[0][1][:90]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "outcome": outcome}))
"""


def register(path: Path, rows: int) -> Path:
    from custodiet.places.xlsxgen import write_xlsx

    def lines():
        yield ["ref", "name_local", "name_en", "type", "state", "region", "capacity", "source"]
        for number in range(rows):
            yield [
                f"RU-{number:06d}",
                f"Колония № {number}",
                f"Colony {number}",
                "penal_colony",
                "RU",
                f"Region {number % 80}",
                500 + number % 700,
                f"https://example.org/register/{number}",
            ]

    return write_xlsx(path, lines(), dimension=f"A1:H{rows + 1}")


def bomb(path: Path, target_bytes: int) -> Path:
    """A workbook of about ``target_bytes`` that unpacks to about a thousand times more: a first row that
    is no register's header, then the same row again and again."""
    from custodiet.places.xlsxgen import write_xlsx

    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'

    def lines(count: int):
        yield ["this is not a register"]
        for _ in range(count):
            yield row

    write_xlsx(path, lines(1_000_000), level=9)  # calibrate the ratio, then scale
    per_row = path.stat().st_size / 1_000_000
    return write_xlsx(path, lines(int(target_bytes / per_row)), level=9)


def measure(path: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="custodiet.settings")
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="custodiet-import-"))
    files = [
        ("register, 1,000 rows (baseline)", register(work / "r1k.xlsx", 1_000)),
        ("register, 10,000 rows", register(work / "r10k.xlsx", 10_000)),
        ("register, 100,000 rows (the limit)", register(work / "r100k.xlsx", 100_000)),
        ("zip bomb, about 2.7 MB", bomb(work / "bomb.xlsx", int(2.7 * 1024 * 1024))),
    ]
    results = []
    for label, path in files:
        import zipfile

        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        result = measure(path)
        results.append((label, path.stat().st_size, unpacked, result))
        print(label, result, flush=True)
    base = results[0][3]
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    lines = [
        f"`bench/bench_import_limits.py`, {date.today().isoformat()}, {machine}. Each file read and checked in a fresh "
        "process (nothing written); peak resident memory of that process. Baseline: the 1,000-row register.",
        "",
        "| file | size | unpacked | time | vs baseline | peak memory | outcome |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, size, unpacked, result in results:
        lines.append(
            f"| {label} | {size / 1024 / 1024:.2f} MB | {unpacked / 1024 / 1024:,.0f} MB | {result['seconds']:.2f} s | "
            f"{result['seconds'] / base['seconds']:.1f}x | {result['peak_mib']:.0f} MiB | {result['outcome']} |"
        )
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "import_limits.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
