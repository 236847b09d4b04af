"""The apps import only downward, and a cross-app import inside a function says why it is there.

Layers, lowest first: core < ops (serving, background jobs, paging) < treaties < places < visits < standards < testimony <
reports; intake stands on core, ops and treaties only; portal (search, published timelines) on all of
them; site (the pages that combine
apps) and the project modules (urls, settings, cli) may use any. Tests are free.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ORDER = ["core", "ops", "treaties", "places", "visits", "standards", "testimony", "reports"]
MAY_IMPORT: dict[str, set[str]] = {app: set(ORDER[: index + 1]) for index, app in enumerate(ORDER)}
MAY_IMPORT["intake"] = {"core", "ops", "treaties", "intake"}
MAY_IMPORT["portal"] = {*ORDER, "intake", "portal"}  # the public face: search over reports and timelines
MAY_IMPORT["site"] = {*ORDER, "intake", "portal", "site"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) > 1 and parts[0] in MAY_IMPORT and not {"tests", "migrations"} & set(parts):
            found.append((parts[0], path))
    return found


def _imported_apps(node: ast.AST) -> set[str]:
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = [node.module]
    return {name.split(".")[1] for name in names if name.startswith("custodiet.") and name.count(".") >= 1}


def test_no_app_imports_a_higher_one() -> None:
    upward = []
    for app, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            upward.extend(
                f"{path.relative_to(PACKAGE)}:{node.lineno} imports custodiet.{imported}"
                for imported in _imported_apps(node) - MAY_IMPORT[app]
            )
    assert upward == [], "\n".join(upward)


def test_a_cross_app_import_inside_a_function_says_why() -> None:
    silent = []
    for app, path in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not _imported_apps(node) - {app}:
                    continue
                here, above = lines[node.lineno - 1], lines[node.lineno - 2]
                if "#" not in here and not above.strip().startswith("#"):
                    silent.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {here.strip()}")
    assert silent == [], "move these to the top of the module, or say why they cannot be:\n" + "\n".join(
        silent
    )
