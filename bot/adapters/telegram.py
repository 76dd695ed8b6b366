"""The Telegram adapter (python-telegram-bot 22). (Being written.)"""

from __future__ import annotations

import asyncio

from bot.config import Config
from bot.core.engine import Engine
from bot.core.messages import Reply
from bot.core.models import User

PLATFORM = "telegram"


class TelegramAdapter:
    platform = PLATFORM
    nudges_per_second: float | None = 25.0

    def __init__(self, config: Config, engine: Engine) -> None:
        self.config = config
        self.engine = engine

    async def send(self, user: User, reply: Reply) -> None:
        raise NotImplementedError

    async def run(self, stop: asyncio.Event) -> None:
        raise NotImplementedError
