"""The contract between the engine and each multi-step flow or command module.

A flow keeps its state in a Dialog row whose `flow` is its name. The engine routes:
- typed text while that dialog is open -> `answer(ctx, dialog, text)`;
- "help"/"list"/"status" mid-flow -> the reply, then `current(ctx, dialog, lead)` again;
- a button whose action the module registered -> its handler, with the parsed Press (the owner
  has already been checked; `press.interview`, when set, is one of this user's interviews).
Commands map a word to `(ctx, rest) -> replies`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.messages import Reply
from bot.core.contract.models import Dialog

Answer = Callable[[Ctx, Dialog, str], list[Reply]]
Current = Callable[[Ctx, Dialog, str], Reply]
Command = Callable[[Ctx, str], list[Reply]]
ButtonHandler = Callable[[Ctx, Press], list[Reply]]


@dataclass(frozen=True)
class Flow:
    name: str
    answer: Answer
    current: Current
