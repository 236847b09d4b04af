"""`make bench`: run every benchmark script in bench/ and collect their Markdown in bench/out/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    print(f"Results in {HERE / 'out'}; copy them into BENCHMARKS.md with the machine and the date.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
