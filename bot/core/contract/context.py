"""Everything one turn of the conversation needs, gathered once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.contract.models import User
from bot.core.contract.ports import Repository
from bot.core.contract.prefs import Prefs


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
