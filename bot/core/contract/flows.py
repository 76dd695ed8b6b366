"""Flows: the contract between the engine and each multi-step flow, and what flows share.

A flow keeps its state in a Dialog row whose `flow` is its name. The engine routes:
- typed text while that dialog is open -> `answer(ctx, dialog, text)`;
- "help"/"list"/"status" mid-flow -> the reply, then `current(ctx, dialog, lead)` again;
- a button whose action the module registered -> its handler, with the parsed Press (the owner
  has already been checked; `press.interview`, when set, is one of this user's interviews).
Commands map a word to `(ctx, rest) -> replies`.

Inside, a flow declares its steps in one table of `Step` records (the question, how a typed
answer is read, the buttons) and keeps its state in a small dataclass, read from `Dialog.data`
by `load` and written back by `dump`. Flow names, step names and stored keys are identifiers on
disk: a dialog saved by one version must resume in the next, so rename one only together with a
migration where the flow loads its state (docs/flows.md).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import (
    Button,
    DateQuestion,
    DateRange,
    Reply,
    TextBuilder,
    reply,
)
from bot.core.contract.models import Dialog

Answer = Callable[[Ctx, Dialog, str], list[Reply]]
Current = Callable[[Ctx, Dialog, str], Reply]
Command = Callable[[Ctx, str], list[Reply]]
ButtonHandler = Callable[[Ctx, Press], list[Reply]]
Rows = list[list[Button]]  # the buttons under a reply, row by row

S = TypeVar("S")  # a flow's state
A = TypeVar("A")  # what a step reads an answer as
T = TypeVar("T")


@dataclass(frozen=True)
class Flow:
    """A flow as the engine sees it: its name (Dialog.flow, stored), how it reads a typed answer
    and how it shows where it stands."""

    name: str
    answer: Answer
    current: Current


# -- steps --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Retry:
    """An answer a step cannot use: its question is asked again after `why` ("" for no lead),
    and nothing is saved."""

    why: str = ""


def no_buttons(ctx: Ctx, state: Any, step: Any) -> Rows:
    """A question with no buttons under it."""
    return []


@dataclass(frozen=True)
class Step(Generic[S, A]):
    """One row of a flow's step table. S is the flow's state, A what an answer is read as.

    `name`: Dialog.step while this step is open (stored: never rename without a migration).
    `question`: what is asked, fixed or built from the context and the state.
    `parse`: reads a typed answer: an A, or Retry(why).
    `buttons`: the rows of buttons under the question, given the step (for its options).
    `options`: (label, value) answers offered as buttons; `pick` reads a pressed one's value
    (default: `parse`). `code`: the step in button payloads, short for Telegram's 64 bytes
    (default: `name`). `asks_date`: the question is about a day (which days make sense), so a
    platform may offer a date picker (`DateQuestion`); None for other questions."""

    name: str
    question: str | Callable[[Ctx, S], TextBuilder]
    parse: Callable[[Ctx, S, str], A | Retry]
    buttons: Callable[[Ctx, S, Step[S, A]], Rows] = no_buttons
    options: tuple[tuple[str, str], ...] = ()
    pick: Callable[[Ctx, S, str], A | Retry] | None = None
    code: str = ""
    asks_date: DateRange | None = None

    @property
    def tag(self) -> str:
        return self.code or self.name

    def ask(self, ctx: Ctx, state: S, lead: TextBuilder | str | None = None) -> Reply:
        """The question as a reply, after `lead` (a line, or text already built)."""
        t = lead if isinstance(lead, TextBuilder) else TextBuilder().line(lead or "")
        if isinstance(self.question, str):
            t.line(self.question)
        else:
            t.extend(self.question(ctx, state))
        asks = None
        if self.asks_date is not None:
            today = ctx.now.astimezone(ctx.prefs.tz).date()
            asks = DateQuestion(self.name, ctx.owner, today, self.asks_date)
        return reply(t, buttons=self.buttons(ctx, state, self), asks_date=asks)

    def read(self, ctx: Ctx, state: S, text: str, *, pressed: bool = False) -> A | Retry:
        """What a typed answer (or, `pressed`, a button's value) means for this step."""
        parse = self.pick if pressed and self.pick is not None else self.parse
        return parse(ctx, state, text)


def table(*steps: Step[S, A]) -> dict[str, Step[S, A]]:
    """A flow's steps by name, in the order given. Raises ValueError when two share a name or a
    code (a button of one would answer the other)."""
    by_name = {s.name: s for s in steps}
    if len(by_name) != len(steps) or len({s.tag for s in steps}) != len(steps):
        raise ValueError(f"steps share a name or code: {[s.name for s in steps]}")
    return by_name


# -- typed state in Dialog.data -----------------------------------------------------------------
KEY = "key"  # field metadata: the key a field is stored under, when it isn't the field's name


def stored(key: str) -> dict[str, str]:
    """Metadata for a state field kept under another key: `field(default=..., metadata=stored(
    "iv"))` reads and writes `data["iv"]`."""
    return {KEY: key}


def load(kind: type[T], data: Mapping[str, Any] | None) -> T:
    """A flow's state (a dataclass) from a stored dict. A missing or null key gives the field's
    default; dates and datetimes are read from ISO strings, nested dataclasses from dicts, lists
    and dicts are copied; keys no field names are ignored. Raises ValueError on a malformed
    date, TypeError when a field without a default is missing."""
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for f in fields(kind):  # type: ignore[arg-type]  # T is a dataclass by contract
        value = (data or {}).get(f.metadata.get(KEY, f.name))
        if value is not None:
            values[f.name] = _read(hints[f.name], value)
    return kind(**values)


def dump(state: object) -> dict[str, Any]:
    """The dict `load` reads back: a None field is left out (an unset fact has no key, as
    before the state was typed); dates and datetimes become ISO strings."""
    out: dict[str, Any] = {}
    for f in fields(state):  # type: ignore[arg-type]  # a dataclass by contract
        value = getattr(state, f.name)
        if value is not None:
            out[f.metadata.get(KEY, f.name)] = _write(value)
    return out


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type) -> dict[str, Any]:
    """A state class's field types, resolved once (annotations are strings: PEP 563)."""
    if kind not in _HINTS:
        _HINTS[kind] = get_type_hints(kind)
    return _HINTS[kind]


def _read(hint: Any, value: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        hint = next(a for a in get_args(hint) if a is not type(None))
    if isinstance(hint, type) and is_dataclass(hint):
        return load(hint, value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value[:10])
    if get_origin(hint) is list:
        return list(value)
    if get_origin(hint) is dict:
        return dict(value)
    return value


def _write(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, list):
        return [_write(v) for v in value]
    if isinstance(value, dict):
        return {k: _write(v) for k, v in value.items()}
    return value


def open_dialog(ctx: Ctx, flow: str, step: str, state: object) -> Dialog:
    """A new dialog of `flow` at `step` holding `state`, saved (it replaces any other)."""
    dialog = Dialog(user_key=ctx.user.key, flow=flow, step=step, data=dump(state))
    ctx.repo.save_dialog(dialog)
    return dialog


def save(ctx: Ctx, dialog: Dialog, state: object, step: str | None = None) -> None:
    """Write `state` (and the open `step`, if given) into the dialog, and store it."""
    dialog.data = dump(state)
    if step is not None:
        dialog.step = step
    ctx.repo.save_dialog(dialog)


# -- handing back to another flow ---------------------------------------------------------------
@dataclass(frozen=True)
class Resume:
    """What to go back to when a flow that ran on behalf of another is done, as plain data
    kept in the dialog: the other flow's name and what it needs to carry on (e.g. the profile
    asked for on the way to a draft: `Resume("draft", {"draft": "ty", "iv": "<id>"})`)."""

    flow: str
    args: dict[str, str] = field(default_factory=dict)


def resume(ctx: Ctx, then: Resume) -> list[Reply] | None:
    """Carry on the flow `then` names; None when no continuation is known for it."""
    go = ctx.continuations.get(then.flow)
    return go(ctx, then.args) if go is not None else None


# -- cancelling ---------------------------------------------------------------------------------
CANCEL = "cx"  # the Cancel button under a question, whatever the flow (stored in messages)
# A day picked on a date picker (Telegram's inline calendar): "<step>:<YYYYMMDD>" (stored in
# messages). The features registry reads it as the ISO date typed, while `step` is open.
DATE_PICK = "dp"
# The longest DATE_PICK argument: a step name of up to 14 characters ("interviewed_at"), the
# colon and 8 digits (the registry checks it fits Telegram's 64 bytes).
DATE_PICK_ARG = 23


def date_pick(owner: str, step: str, day: date, label: str) -> Button:
    """The button for picking `day` as the answer to the open question `step`. Raises
    ValueError for a step name too long for DATE_PICK_ARG, or an owner too long for 64 bytes."""
    arg = f"{step}:{day:%Y%m%d}"
    if len(arg) > DATE_PICK_ARG:
        raise ValueError(f"step name too long for a date pick: {step!r}")
    return buttons.make(label, DATE_PICK, owner, arg=arg)


def picked_day(arg: str) -> tuple[str, str] | None:
    """(step, ISO date "YYYY-MM-DD") from a DATE_PICK argument; None when it is not one (an old
    format, damaged or forged)."""
    step, _, digits = arg.partition(":")
    if not step or len(digits) != 8 or not digits.isdigit():
        return None
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return step, day.isoformat()


def cancel_button(owner: str) -> Button:
    """The Cancel button under a question (pressed, it is `cancel`)."""
    return buttons.make("Cancel", CANCEL, owner)


def cancel_only(ctx: Ctx, state: object, step: object) -> Rows:
    """The buttons of a question with no options: Cancel."""
    return [[cancel_button(ctx.owner)]]


def cancel(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`cancel`, typed or pressed: the open question is dropped, nothing saved from it."""
    if ctx.repo.get_dialog(ctx.user.key) is None:
        return [reply("There's nothing in progress to cancel.")]
    ctx.repo.clear_dialog(ctx.user.key)
    return [reply("Cancelled — I didn't save anything from that. Type help whenever "
                  "you need me.")]
