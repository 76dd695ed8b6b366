"""Every environment variable Hearback reads, in one table: `hearback --help` prints it, and
tests/test_ops.py checks that the README's configuration table and .env.example name exactly
these (so the three can't drift apart). bot/config.py reads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default as shown to people ("" when unset
    means off), and what it does in a few words. `secret`: its value is never printed."""

    name: str
    default: str
    meaning: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("HEARBACK_DATA_DIR", "./data", "where the data files (or, with PostgreSQL, the "
            "inbox) live; one process per directory"),
    Setting("HEARBACK_DATABASE_URL", "", "unset: TinyDB files; postgresql://… a database "
            "workers share; memory:// tests only", secret=True),
    Setting("HEARBACK_TIMEZONE", "UTC", "IANA zone for new users until theirs is known"),
    Setting("HEARBACK_TICK_SECONDS", "30", "how often the nudge loop looks for due nudges"),
    Setting("HEARBACK_STOP_GRACE_SECONDS", "8", "how long a stop (SIGTERM, Ctrl-C) may take"),
    Setting("HEARBACK_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING, ERROR or CRITICAL (the terminal "
            "chat: WARNING unless set)"),
    Setting("HEARBACK_LOG_FORMAT", "text", "text, or json: one JSON object per line"),
    Setting("HEARBACK_LANGUAGETOOL_URL", "", "a LanguageTool server for the draft checks"),
    Setting("HEARBACK_LANGUAGETOOL_LANGUAGE", "en-US", "the language code sent to LanguageTool"),
    Setting("HEARBACK_LANGUAGETOOL_TIMEOUT", "2", "seconds one LanguageTool check may take"),
    Setting("HEARBACK_NOW", "", "tests and demos: start the clock at this ISO date-time"),
    Setting("TELEGRAM_BOT_TOKEN", "", "the bot's token from @BotFather; starts Telegram",
            secret=True),
    Setting("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot", "a self-hosted Bot API "
            "server"),
    Setting("TELEGRAM_WEBHOOK_URL", "", "webhook mode at this https:// URL (unset: polling)"),
    Setting("TELEGRAM_WEBHOOK_SECRET", "(random per start)", "the webhook's secret token",
            secret=True),
    Setting("TELEGRAM_WEBHOOK_PORT", "8443", "the port the webhook server listens on"),
    Setting("SLACK_BOT_TOKEN", "", "the app's Bot User OAuth Token (xoxb-…); starts Slack",
            secret=True),
    Setting("SLACK_APP_TOKEN", "", "an app-level token (xapp-…): Socket Mode", secret=True),
    Setting("SLACK_SIGNING_SECRET", "", "HTTP mode: the app's Signing Secret", secret=True),
    Setting("SLACK_HTTP_HOST", "127.0.0.1", "HTTP mode: the address to listen on"),
    Setting("SLACK_HTTP_PORT", "3000", "HTTP mode: the port to listen on"),
    Setting("SLACK_API_URL", "https://slack.com/api/", "the Slack Web API base (GovSlack)"),
)

SECRET_NAMES = frozenset(s.name for s in SETTINGS if s.secret)


def help_epilog(width: int = 100) -> str:
    """The environment part of `hearback --help`: each variable with what it does and its
    default, wrapped to `width` columns."""
    import textwrap

    column = max(len(s.name) for s in SETTINGS) + 4
    lines = ["environment (also read from ./.env; real variables win):"]
    for s in SETTINGS:
        default = f" [default: {s.default}]" if s.default else ""
        lines += textwrap.wrap(s.meaning + default, width,
                               initial_indent=f"  {s.name:<{column - 2}}",
                               subsequent_indent=" " * column)
    lines.append("")
    lines.append("Documentation: README.md (configuration), docs/operations.md, "
                 "docs/telegram.md, docs/slack.md.")
    return "\n".join(lines)
