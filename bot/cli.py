"""`hearback [console|telegram|slack]`: start the chat adapters over one data directory."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys

from bot.adapters.base import AdapterStartupError
from bot.adapters.console import ConsoleChat, is_interactive
from bot.adapters.serve import Adapter, serve
from bot.config import Config, ConfigError, load_config, load_env_file
from bot.core.contract.clock import Clock, OffsetClock, SystemClock
from bot.core.engine import Engine
from bot.scheduler import Scheduler
from storage import StorageError, open_repository

log = logging.getLogger("hearback")


def _fail(message: str) -> int:
    print(f"hearback: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hearback",
        description="Hearback, a follow-up coach for the days after a job interview. With no "
        "mode it starts every adapter whose credentials are set, or the terminal chat.",
    )
    parser.add_argument("mode", nargs="?", choices=("console", "telegram", "slack"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    load_env_file()
    try:
        config = load_config()
    except ConfigError as exc:
        return _fail(str(exc))
    mode = args.mode
    if mode is None:
        mode = "all" if (config.telegram_token or config.slack_bot_token) else "console"
    if mode == "console":
        return _run_console(config)
    return _run_adapters(config, mode)


def _adapters(config: Config, mode: str, engine: Engine) -> list[Adapter] | str:
    """The adapters to start, or the reason they can't be."""
    from bot.adapters.slack import SlackAdapter
    from bot.adapters.telegram import TelegramAdapter

    chosen: list[Adapter] = []
    if mode in ("telegram", "all") and config.telegram_token:
        chosen.append(TelegramAdapter(config, engine))
    elif mode == "telegram":
        return "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and set its token."
    if mode in ("slack", "all") and config.slack_bot_token:
        if not config.slack_app_token and not config.slack_signing_secret:
            return ("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor "
                    "SLACK_SIGNING_SECRET (HTTP mode) is: set one of them.")
        chosen.append(SlackAdapter(config, engine))
    elif mode == "slack":
        return "SLACK_BOT_TOKEN is not set. Install the Slack app and set its bot token."
    return chosen


def _run_adapters(config: Config, mode: str) -> int:
    try:
        repo = open_repository(config.data_dir)
    except StorageError as exc:
        return _fail(str(exc))
    clock: Clock = OffsetClock(config.now) if config.now else SystemClock()
    try:
        engine = Engine(repo, clock, default_timezone=config.timezone)
        adapters = _adapters(config, mode, engine)
        if isinstance(adapters, str):
            return _fail(adapters)
        scheduler = Scheduler(repo, engine, clock, {a.platform: a for a in adapters})
        scheduler.recover()
        logging.getLogger().setLevel(logging.INFO)
        log.info("Hearback running: %s", ", ".join(a.platform for a in adapters))
        asyncio.run(serve(adapters, scheduler, config.tick_seconds))
    except AdapterStartupError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        pass
    finally:
        repo.close()
    return 0


def _run_console(config: Config) -> int:
    try:
        repo = open_repository(config.data_dir)
    except StorageError as exc:
        return _fail(str(exc))
    clock: Clock = OffsetClock(config.now) if config.now else SystemClock()
    try:
        engine = Engine(repo, clock, default_timezone=config.timezone)
        interactive = is_interactive(sys.stdin)
        chat = ConsoleChat(engine, sys.stdout, echo=not interactive)
        scheduler = Scheduler(repo, engine, clock, {chat.platform: chat})
        scheduler.recover()
        if interactive:
            print("Hearback — your interview follow-up coach. Type help, or tell me about an "
                  "interview. Ctrl-D to quit.")
        asyncio.run(chat.run(scheduler, sys.stdin, tick_seconds=config.tick_seconds,
                             prompt=interactive))
    except KeyboardInterrupt:
        print()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly; everything is already saved.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
    finally:
        repo.close()
    return 0
