"""The shape of the code, checked: the core's layers import only downwards, nothing in the core
or the scheduler imports an adapter or storage, no import cycles, no module over 450 lines, and
every package says what lives in it (docs/ARCHITECTURE.md describes the layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# bot/core's layers, lowest first: a module may import its own layer or a lower one.
LAYERS = ("contract", "language", "plan", "account", "coaching", "team")
TOP = {"basics": 6, "notices": 6, "features": 7, "asides": 8, "free_text": 8, "engine": 9}
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    found = {}
    for base in ("bot", "storage"):
        for path in (ROOT / base).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every bot./storage. module a file imports, lazily or not."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.split(".")[0] in ("bot", "storage")}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[:2] != ["bot", "core"] or len(parts) < 3:
        return None
    if parts[2] in LAYERS:
        return LAYERS.index(parts[2])
    return TOP.get(parts[2])


def test_core_layers_import_only_downwards() -> None:
    wrong = []
    for name, path in MODULES.items():
        mine = _layer(name)
        if mine is None:
            continue
        for target in _imports(path):
            theirs = _layer(target)
            if theirs is not None and theirs > mine:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_core_and_scheduler_import_no_adapter_or_storage() -> None:
    wrong = [f"{name} -> {target}" for name, path in MODULES.items()
             if name.startswith("bot.core") or name == "bot.scheduler"
             for target in _imports(path)
             if target.startswith(("bot.adapters", "storage", "bot.cli", "bot.config"))]
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = {name: {t for t in _imports(path) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    # A package's __init__ re-exporting its modules is not a cycle with them.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_450_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_every_package_says_what_lives_in_it() -> None:
    for path in (ROOT / "bot").rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.relative_to(ROOT)} has no docstring"
