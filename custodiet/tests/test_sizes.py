"""No module over about 650 lines and no function over about 80 (issue 10): a module that grows past
that has a seam to split along, and a function that long does more than one thing.

The limits leave a little room ("about"), so that a docstring or a translated message does not force a
split; a module or function past them fails here with its size and where it is.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
MODULE_LINES = 680
FUNCTION_LINES = 90


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


def test_no_module_is_over_about_650_lines() -> None:
    long = [
        f"{path.relative_to(PACKAGE)}: {lines} lines"
        for path in _sources()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert long == [], "\n".join(long)


def test_no_function_is_over_about_80_lines() -> None:
    long = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {lines} lines")
    assert long == [], "\n".join(long)


def test_the_walk_reads_the_package() -> None:
    """Guards the two tests above against passing on nothing: the package's modules are found."""
    names = {path.relative_to(PACKAGE).as_posix() for path in _sources()}
    assert {"treaties/rules.py", "intake/dates.py", "cli.py"} <= names
    assert not any("/tests/" in name or "/migrations/" in name for name in names)
