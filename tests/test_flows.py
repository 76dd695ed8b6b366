"""The shared flow machinery (bot/core/contract/flows.py): typed state in Dialog.data and step
tables. (The import layers are checked in tests/test_architecture.py.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from bot.core.contract import flows
from bot.core.contract.flows import Resume, Retry, Step


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


