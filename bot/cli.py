"""`hearback [console|telegram|slack]`: start the chat adapters over one data directory;
`hearback migrate --to postgresql://…`: copy the data directory into PostgreSQL (`_migrate`).

Every mode runs on the same wiring (`_wired`): the repository, the clock, the engine and the
scheduler are built once here. The chat platforms are the rows of `PLATFORMS`; the terminal chat
is the fallback when none has its credentials set.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.adapters.base import AdapterStartupError
from bot.adapters.console import ConsoleChat, history_file, is_interactive, machine_zone
from bot.adapters.lanes import CoreThread, guarded
from bot.adapters.roles import PollingLease, RoleLeases
from bot.adapters.serve import Adapter, serve
from bot.adapters.shared_replies import ReplyPacing
from bot.channel_work import Offload, inline
from bot.charts import MatplotlibCharts
from bot.config import Config, ConfigError, load_config, load_env_file
from bot.core.contract.clock import Clock, OffsetClock, SystemClock
from bot.core.contract.ports import Repository, Sender, Services
from bot.core.engine import Engine
from bot.core.notices import CONSOLE_GREETING
from bot.languagetool import LanguageTool
from bot.ops.check import run_check
from bot.ops.health import Health
from bot.ops.logs import configure_logging, secrets_of
from bot.ops.settings import SECRET_NAMES, help_epilog
from bot.ops.version import hearback_version
from bot.pacing import ChatPaced, RateStore, SharedPacing
from bot.scheduler import Scheduler
from storage import StorageError, open_repository, open_store
from storage.memory import MemoryRepository
from storage.repository import ShardedRepository

log = logging.getLogger("hearback")


@dataclass(frozen=True)
class Platform:
    """A chat platform `hearback` can start. `configured`: its credentials are set (with no
    mode given, every configured platform starts). `missing`: the error when it is asked for by
    name and they are not. `incomplete`: the error when they are set but can't work, else None.
    `factory` builds the adapter (importing the platform's library only then)."""

    name: str
    configured: Callable[[Config], bool]
    missing: str
    incomplete: Callable[[Config], str | None]
    factory: Callable[[Config, Engine], Adapter]


def _telegram(config: Config, engine: Engine) -> Adapter:
    from bot.adapters.telegram import TelegramAdapter

    return TelegramAdapter(config, engine)


def _slack(config: Config, engine: Engine) -> Adapter:
    from bot.adapters.slack import SlackAdapter

    return SlackAdapter(config, engine)


def _slack_incomplete(config: Config) -> str | None:
    if not config.slack_app_token and not config.slack_signing_secret:
        return ("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor "
                "SLACK_SIGNING_SECRET (HTTP mode) is: set one of them.")
    return None


PLATFORMS: tuple[Platform, ...] = (
    Platform("telegram", lambda c: bool(c.telegram_token),
             "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and set its token.",
             lambda c: None, _telegram),
    Platform("slack", lambda c: bool(c.slack_bot_token),
             "SLACK_BOT_TOKEN is not set. Install the Slack app and set its bot token.",
             _slack_incomplete, _slack),
)


@dataclass(frozen=True)
class Wiring:
    """What every mode runs on: one repository, one clock, one engine."""

    repo: Repository
    clock: Clock
    engine: Engine
    # The database's rate limits and job leases when several workers may share it
    # (PostgreSQL), else None.
    rates: RateStore | None = None
    roles: RoleLeases | None = None
    worker: str = "local"  # this process's id among the workers (worker_id) when shared
    health: Health | None = None  # GET /healthz on the adapters' HTTP servers (bot/ops/health.py)

    def scheduler(self, senders: Mapping[str, Sender], offload: Offload | None = None
                  ) -> Scheduler:
        """The nudge scheduler over these senders (platform -> sender), its claims of a run
        that stopped half-way already recovered; `offload` runs its storage steps (the
        platforms' core thread, so a tick never holds up their event loop). On a shared
        database it leases under this process's own worker id and paces through the
        database; otherwise as "local", paced in this process."""
        run = offload if offload is not None else inline
        if self.rates is None:
            scheduler = Scheduler(self.repo, self.engine, self.clock, senders, run)
        else:
            scheduler = Scheduler(self.repo, self.engine, self.clock, senders, run,
                                  worker=self.worker, pacing=SharedPacing(self.rates, run))
        scheduler.recover()
        return scheduler


def worker_id() -> str:
    """This process's name in the nudges it leases: host, process id and a random part (a
    restarted process, or a reused pid in another container, is a new worker)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _fail(message: str) -> int:
    print(f"hearback: {message}", file=sys.stderr)
    return 2


COMMANDS = (
    ("", "start every platform whose credentials are set, else the terminal chat"),
    ("console", "the terminal chat (piped input works: one message per line)"),
    *((p.name, f"the {p.name.capitalize()} adapter only") for p in PLATFORMS),
    ("check", "validate the configuration and the tokens (getMe, auth.test), then exit"),
    ("migrate", "copy the data directory into PostgreSQL (hearback migrate --help)"),
)


def parser() -> argparse.ArgumentParser:
    """`hearback`'s arguments; its --help lists every command and environment variable."""
    commands = "\n".join(f"  {name or '(none)':<10} {what}" for name, what in COMMANDS)
    out = argparse.ArgumentParser(
        prog="hearback", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Hearback, a follow-up coach for the days after a job interview.\n\n"
        f"commands:\n{commands}", epilog=help_epilog())
    out.add_argument("command", nargs="?", metavar="command", help="one of the commands above",
                     choices=("console", *(p.name for p in PLATFORMS), "check", "migrate"))
    out.add_argument("--version", action="version", version=f"hearback {hearback_version()}")
    return out


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["migrate"]:
        return _migrate(args_in[1:])
    if args_in[:1] == ["check"]:
        return _check(args_in[1:])
    args = parser().parse_args(args_in)
    mode = args.command
    config = _setup("WARNING" if mode == "console" else "INFO")
    if isinstance(config, int):
        return config
    if mode is None:
        mode = "all" if any(p.configured(config) for p in PLATFORMS) else "console"
        if mode == "console" and not config.log_level:
            logging.getLogger().setLevel(logging.WARNING)  # log lines stay out of the chat
    if mode == "console":
        return _wired(config, lambda wiring: _run_console(config, wiring))
    return _wired(config, lambda wiring: _run_adapters(config, mode, wiring))


def _setup(default_level: str = "INFO") -> Config | int:
    """The `.env` file, the configuration every command starts from, and the log lines
    (HEARBACK_LOG_LEVEL, else `default_level`; HEARBACK_LOG_FORMAT); the exit code 2 (said in
    one line) when the configuration is malformed."""
    load_env_file()
    try:
        config = load_config()
    except ConfigError as exc:
        configure_logging("WARNING", "text")
        return _fail(str(exc))
    configure_logging(config.log_level or default_level, config.log_format,
                      secrets_of(os.environ.get(name) for name in SECRET_NAMES))
    return config


def _check(argv: list[str]) -> int:
    """`hearback check`: bot/ops/check.py."""
    argparse.ArgumentParser(
        prog="hearback check",
        description="Validate the configuration (settings, data directory, database, token "
        "shapes) and ask Telegram (getMe) and Slack (auth.test) who the tokens belong to; "
        "nothing is started or changed. Exit 0 when all is well, 1 on a problem."
    ).parse_args(argv)
    load_env_file()
    configure_logging("WARNING", "text")
    return run_check(os.environ, sys.stdout)


def _migrate(argv: list[str]) -> int:
    """`hearback migrate --to URL`: copy the TinyDB data directory (HEARBACK_DATA_DIR, or
    --from) into the PostgreSQL database at URL (its schema created or upgraded first) and
    print what was copied. Records already there are left alone, so a second run changes
    nothing. Exit 2 with one line when either side can't be opened."""
    parser = argparse.ArgumentParser(
        prog="hearback migrate",
        description="Copy the data directory (TinyDB files) into a PostgreSQL database. Stop "
        "Hearback first; running it again copies only what is missing.")
    parser.add_argument("--to", required=True, metavar="URL",
                        help='the PostgreSQL database, e.g. "$HEARBACK_DATABASE_URL"')
    parser.add_argument("--from", dest="source", metavar="DIR",
                        help="the data directory (default: HEARBACK_DATA_DIR, else ./data)")
    args = parser.parse_args(argv)
    config = _setup()
    if isinstance(config, int):
        return config
    source_dir = Path(args.source) if args.source else config.data_dir
    if not args.to.strip().lower().startswith("postgres"):
        return _fail("--to must be a postgresql:// URL (the database to copy into).")
    if not (source_dir / "meta.json").exists() and not (source_dir / "hearback.json").exists():
        return _fail(f"{source_dir} holds no Hearback data: nothing to copy.")
    try:
        from storage.pg_copy import copy_to_postgres
        from storage.postgres import PostgresRepository

        source = open_repository(source_dir)
        try:
            target = open_store(args.to, source_dir)
            assert isinstance(target, PostgresRepository)
            try:
                report = copy_to_postgres(source, target)
            finally:
                target.close()
        finally:
            source.close()
    except StorageError as exc:
        return _fail(str(exc))
    print(f"Copied {source_dir} into PostgreSQL (schema version {target.schema_version}):")
    print("\n".join(report.lines()))
    if not any(report.copied.values()):
        print("Nothing new: the database already held every record.")
    return 0


def _wired(config: Config, run: Callable[[Wiring], int]) -> int:
    """Open the repository, build the clock and the engine, `run`, and close the repository
    whatever happens. A repository that can't be opened is reported (exit 2)."""
    try:
        repo = open_store(config.database_url, config.data_dir)
    except StorageError as exc:
        return _fail(str(exc))
    if isinstance(repo, MemoryRepository):
        # Meant for tests and demos: an operator who set it by mistake must not find out from
        # users whose interviews vanished at the next restart.
        log.warning("HEARBACK_DATABASE_URL=memory:// keeps everything in memory; nothing is "
                    "saved and all of it is forgotten when Hearback stops.")
    clock: Clock = OffsetClock(config.now) if config.now else SystemClock()
    # Chat turns run in the core thread while the nudge loop uses the repository from the event
    # loop (bot/adapters/lanes.py): every call takes one lock.
    shared = guarded(repo)
    engine = Engine(shared, clock, default_timezone=config.timezone, services=services(config))
    health = Health.of(repo)  # the store itself: a chat turn's lock doesn't hold it up
    wiring = Wiring(shared, clock, engine, health=health)
    if not isinstance(repo, MemoryRepository | ShardedRepository):
        from storage.pg_rates import PostgresRateLimits  # psycopg loads only when chosen
        from storage.pg_roles import PostgresRoleLeases
        from storage.postgres import PostgresRepository

        assert isinstance(repo, PostgresRepository)
        wiring = Wiring(shared, clock, engine, PostgresRateLimits(repo),
                        PostgresRoleLeases(repo), worker_id(), health)
    try:
        return run(wiring)
    finally:
        repo.close()


def services(config: Config) -> Services:
    """The optional services: the `stats` chart (matplotlib), and a LanguageTool server for the
    draft checks when HEARBACK_LANGUAGETOOL_URL is set."""
    grammar = None
    if config.languagetool_url:
        grammar = LanguageTool(config.languagetool_url, language=config.languagetool_language,
                               timeout=config.languagetool_timeout)
    return Services(charts=MatplotlibCharts(), grammar=grammar)


def _adapters(config: Config, mode: str, engine: Engine) -> list[Adapter] | str:
    """The adapters to start ("all": every configured platform), or the reason they can't be."""
    chosen: list[Adapter] = []
    for platform in PLATFORMS:
        if mode not in (platform.name, "all"):
            continue
        if not platform.configured(config):
            if mode == platform.name:
                return platform.missing
            continue
        if (problem := platform.incomplete(config)) is not None:
            return problem
        chosen.append(platform.factory(config, engine))
    return chosen


def _run_adapters(config: Config, mode: str, wiring: Wiring) -> int:
    """Serve the chosen platforms and the nudges until SIGINT/SIGTERM; exit 2 when a platform
    can't be chosen or can't start."""
    try:
        adapters = _adapters(config, mode, wiring.engine)
        if isinstance(adapters, str):
            return _fail(adapters)
        if wiring.roles is not None and not config.telegram_webhook_url:
            for adapter in adapters:  # Telegram allows one poller: the lease's holder
                if hasattr(adapter, "polling_lease"):
                    adapter.polling_lease = PollingLease(wiring.roles, wiring.worker)
        for adapter in adapters:  # the HTTP servers (webhook, Slack HTTP mode) answer /healthz
            if hasattr(adapter, "health"):
                adapter.health = wiring.health
        scheduler = wiring.scheduler({a.platform: a for a in adapters},
                                     offload=CoreThread.shared().run)
        if isinstance(scheduler.pacing, SharedPacing):
            for adapter in adapters:  # replies draw from the bucket the nudges do
                if hasattr(adapter, "reply_pacing"):
                    adapter.reply_pacing = ReplyPacing(
                        scheduler.pacing, adapter.platform,
                        getattr(adapter, "shared_reply_rate", None), wiring.clock,
                        per_chat=isinstance(adapter, ChatPaced))
        log.info("Hearback running: %s", ", ".join(a.platform for a in adapters))
        asyncio.run(serve(adapters, scheduler, config.tick_seconds,
                          config.stop_grace_seconds))
    except AdapterStartupError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        pass
    return 0


def _run_console(config: Config, wiring: Wiring) -> int:
    """The terminal chat until end of input or Ctrl-C, nudges printed as they come due."""
    try:
        interactive = is_interactive(sys.stdin)
        zone = config.timezone if config.timezone_set else machine_zone(config.timezone)
        chat = ConsoleChat(wiring.engine, sys.stdout, echo=not interactive, zone=zone,
                           charts_dir=config.data_dir / "charts")
        scheduler = wiring.scheduler({chat.platform: chat})
        if interactive:
            print(CONSOLE_GREETING)
        asyncio.run(chat.run(scheduler, sys.stdin, tick_seconds=config.tick_seconds,
                             prompt=interactive,
                             history_file=history_file(config.data_dir, config.database_url)))
    except KeyboardInterrupt:
        print()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly; everything is already saved.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
    return 0
