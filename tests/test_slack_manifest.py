"""slack-manifest.yml asks for exactly the scopes the code needs: every Web API method the Slack
adapter calls and every event it subscribes to, mapped to its scopes as Slack's reference
pages give them (docs.slack.dev/reference/methods/…, /reference/events/…); and it declares the
shortcuts and the interactivity the adapter listens for."""

from __future__ import annotations

import re
from pathlib import Path

from bot.adapters.slack.app import COMMAND
from bot.adapters.slack.forms import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT

ROOT = Path(__file__).resolve().parent.parent
ADAPTER = ROOT / "bot" / "adapters" / "slack"

# Bot-token scopes of each Web API method the adapter may call (Slack's method reference).
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth.test": frozenset(),
    "apps.connections.open": frozenset(),  # the app-level token's connections:write
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.delete": frozenset({"chat:write"}),
    "users.info": frozenset({"users:read"}),
    "conversations.open": frozenset({"im:write"}),  # a DM only
    "conversations.info": frozenset({"channels:read", "groups:read"}),  # team channels only
    # files_upload_v2 = files.getUploadURLExternal + files.completeUploadExternal
    "files.upload.v2": frozenset({"files:write"}),
    "views.open": frozenset(),
    "views.publish": frozenset(),
}
# Scopes each subscribed bot event needs (Slack's event reference).
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "message.im": frozenset({"im:history"}),
    "app_mention": frozenset({"app_mentions:read"}),
    "app_home_opened": frozenset(),
    "member_left_channel": frozenset({"channels:read", "groups:read"}),
    **{f"channel_{e}": frozenset({"channels:read"})
       for e in ("left", "deleted", "archive", "rename")},
    **{f"group_{e}": frozenset({"groups:read"}) for e in ("left", "deleted", "archive", "rename")},
}
# Slash commands and shortcuts (global and message) need `commands`.
INTERACTION_SCOPES = frozenset({"commands"})


def manifest() -> str:
    return (ROOT / "slack-manifest.yml").read_text(encoding="utf-8")


def listed(section: str, text: str) -> set[str]:
    """The `- item` lines right under `section:` (comments skipped)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{section}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    items: set[str] = set()
    for line in lines[start + 1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent and not stripped.startswith("- "):
            break
        if stripped.startswith("- "):
            items.add(stripped[2:].strip())
    return items


def methods_called() -> set[str]:
    """Web API methods named in the adapter's code: client.chat_postMessage(…) is
    chat.postMessage."""
    found: set[str] = set()
    for path in ADAPTER.glob("*.py"):
        for name in re.findall(r"client\.([a-z]+_[A-Za-z0-9_]+)\(", path.read_text("utf-8")):
            found.add(name.replace("_", "."))
    return found


def events_listened() -> set[str]:
    """Events the adapter registers listeners for (app.py's event names), as subscriptions:
    a direct message is message.im."""
    code = (ADAPTER / "app.py").read_text("utf-8")
    named = set(re.findall(r'"([a-z_]+)"', code))
    events = {e for e in EVENT_SCOPES if e in named}
    return events | ({"message.im"} if '"message"' in code else set())


def test_every_method_the_code_calls_has_its_scopes_known() -> None:
    called = methods_called()
    assert {"chat.postMessage", "views.open", "views.publish", "users.info"} <= called
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"


def test_the_manifest_asks_for_exactly_the_scopes_used() -> None:
    text = manifest()
    events = listed("bot_events", text)
    assert events == events_listened()
    needed = set(INTERACTION_SCOPES)
    for method in methods_called():
        needed |= METHOD_SCOPES[method]
    for event in events:
        needed |= EVENT_SCOPES[event]
    bot_scopes = listed("bot", text)
    assert bot_scopes == needed, (f"unused: {bot_scopes - needed}; "
                                  f"missing: {needed - bot_scopes}")
    assert "im:read" not in bot_scopes and "channels:history" not in bot_scopes


def test_the_manifest_declares_the_shortcuts_and_interactivity() -> None:
    text = manifest()
    assert f"callback_id: {GLOBAL_SHORTCUT}" in text and "type: global" in text
    assert f"callback_id: {MESSAGE_SHORTCUT}" in text and "type: message" in text
    assert f"command: {COMMAND}" in text
    interactivity = text[text.index("interactivity:"):]
    assert "is_enabled: true" in interactivity.split("org_deploy_enabled")[0]
    for flag in ("socket_mode_enabled: true", "home_tab_enabled: true",
                 "messages_tab_enabled: true"):
        assert flag in text
