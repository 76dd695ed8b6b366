"""Everything one turn of the conversation needs, gathered once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.models import User
from bot.core.planner import Prefs
from bot.core.ports import Repository


@dataclass(frozen=True)
class Ctx:
    repo: Repository
    user: User
    now: datetime
    prefs: Prefs

    @property
    def owner(self) -> str:
        """The platform user id that button payloads carry."""
        return self.user.user_id
