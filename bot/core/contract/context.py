"""Everything one turn of the conversation needs, gathered once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.contract.buttons import Press
from bot.core.contract.messages import Reply
from bot.core.contract.models import Interview, User
from bot.core.contract.ports import Repository, Services
from bot.core.contract.prefs import Prefs


@dataclass(frozen=True)
class Ctx:
    """One turn: the repository, the user, the current instant (aware, UTC), their planning
    preferences, and the continuations a flow may hand back to by name (see
    `flows.Resume`; the engine passes the features registry's, so a lower flow never imports
    a higher one)."""

    repo: Repository
    user: User
    now: datetime
    prefs: Prefs
    continuations: Mapping[str, Continuation] = field(default_factory=dict)
    # The deployment's optional services (a chart renderer, a grammar server): see ports.
    services: Services = field(default_factory=Services)

    @property
    def owner(self) -> str:
        """The platform user id that button payloads carry."""
        return self.user.user_id


# How a flow carries on when another flow that ran on its behalf is done: (ctx, args) -> replies.
Continuation = Callable[[Ctx, dict[str, str]], list[Reply]]


def interview_pressed(ctx: Ctx, press: Press) -> Interview:
    """The interview a button names. For a button declared with `needs_interview` the engine has
    already checked that it exists and is this user's; LookupError if not (a routing error)."""
    iv = ctx.repo.get_interview(press.interview) if press.interview else None
    if iv is None or iv.user_key != ctx.user.key:
        raise LookupError(f"button {press.action!r} names no interview of this user")
    return iv
