"""The shared flow machinery (bot/core/contract/flows.py): typed state in Dialog.data, step
tables, and the import layers that keep the flows apart."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.contract import flows
from bot.core.contract.flows import Resume, Retry, Step

CORE = Path(__file__).resolve().parent.parent / "bot" / "core"
# Layer order: a package may import its own layer or lower ones.
LAYERS = ("contract", "language", "plan", "account", "coaching", "team")


@dataclass
class Sample:
    done: list[str] = field(default_factory=list)
    session: str = field(default="", metadata=flows.stored("sess"))
    day: date | None = None
    at: datetime | None = None
    flag: bool = False
    then: Resume | None = None


def test_typed_state_reads_and_writes_the_stored_keys() -> None:
    state = Sample(done=["a"], session="ab12", day=date(2026, 12, 4),
                   at=datetime(2026, 11, 25, 15, tzinfo=UTC),
                   then=Resume("draft", {"draft": "ty", "iv": "x"}))
    stored = flows.dump(state)
    assert stored == {"done": ["a"], "sess": "ab12", "day": "2026-12-04",
                      "at": "2026-11-25T15:00:00+00:00", "flag": False,
                      "then": {"flow": "draft", "args": {"draft": "ty", "iv": "x"}}}
    assert flows.load(Sample, stored) == state
    stored["done"].append("b")  # the state holds its own copy
    assert state.done == ["a"]


def test_a_missing_null_or_unknown_key_leaves_the_default() -> None:
    assert flows.load(Sample, {"sess": None, "from a newer version": 1}) == Sample()
    assert flows.load(Sample, None) == Sample()
    assert "day" not in flows.dump(Sample())  # an unset fact has no key, as before


def test_a_step_table_refuses_a_name_or_code_twice() -> None:
    def parse(ctx: object, s: object, text: str) -> str | Retry:
        return text

    with pytest.raises(ValueError, match="share"):
        flows.table(Step("a", "A?", parse), Step("a", "B?", parse))
    with pytest.raises(ValueError, match="share"):
        flows.table(Step("a", "A?", parse, code="x"), Step("b", "B?", parse, code="x"))


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, at the top or inside a function."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_no_package_of_the_core_imports_a_higher_layer() -> None:
    wrong = []
    for layer in LAYERS:
        for path in sorted((CORE / layer).glob("*.py")) + sorted((CORE / layer).glob("*/*.py")):
            for name in _imports(path):
                parts = name.split(".")
                if parts[:2] == ["bot", "core"] and len(parts) > 2 and (
                        parts[2] not in LAYERS[:LAYERS.index(layer) + 1]):
                    wrong.append(f"{path.relative_to(CORE)} imports {name}")
    assert wrong == []
