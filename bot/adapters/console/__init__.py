"""The terminal chat (`hearback console`): `chat` (the adapter: typed lines in, numbered choices
and nudges out; piped input read line by line), `terminal` (a real terminal: prompt_toolkit line
editing, nudges above the prompt, colour), `history` (Up/Down history in the data directory),
`screen` (plain-text rendering) and `files` (exports and charts saved owner-only)."""

from bot.adapters.console.chat import (
    PLATFORM,
    ConsoleChat,
    history_file,
    is_interactive,
    machine_zone,
)
from bot.adapters.console.files import (
    ExportRefused,
    save_attachment,
    save_attachments,
    write_private,
)
from bot.adapters.console.screen import render

__all__ = ["PLATFORM", "ConsoleChat", "ExportRefused", "history_file", "is_interactive",
           "machine_zone", "render", "save_attachment", "save_attachments", "write_private"]
