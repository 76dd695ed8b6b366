"""The Slack adapter (slack-bolt, Socket Mode or HTTP mode).

What it takes in: direct messages (message.im), the `/hearback <word> [text]` slash command,
button presses and menu picks (block_actions), the two shortcuts and the interview form's
submission (view_submission), App Home openings, and in team channels (public C…, private G…)
only the bot's mentions and `/hearback` used there. What it sends: Block Kit messages (all text
escaped), files through files_upload_v2, the "Log an interview" modal (views.open), the App
Home dashboard (views.publish). A reply marked `private` in a channel
goes to the sender alone (chat.postEphemeral), one with `to` is posted in that channel; where
replies go is decided by `bot.adapters.delivery`. A person leaving a channel withdraws what they
shared there; the bot being removed (or the channel deleted or archived) withdraws everything
shared there. The package holds only the Slack side:

- `app`: the Bolt app, its start (Socket Mode or HTTP) and stop; `SlackAdapter`.
- `events`: the listeners, one turn at a time per user; `home`: the App Home tab, drawn by
  `home_blocks` (the dashboard).
- `forms`: the "Log an interview" modal: opened by `/hearback interview`, the shortcuts and the
  Home tab, submitted as one turn; `modal`: its Block Kit and its submitted state read back.
- `inflow`: requests kept in the inbox before Slack is told, replayed after a restart.
- `reading`: slash command texts, mentions and team channels read for the core.
- `channels`: channel names, and forgetting a channel the bot has left.
- `sending`: nudges and digests for the scheduler, the transport for a turn, Web API calls.
- `errors`: what Slack's errors mean; `render`: replies as Block Kit, Slack text back to plain.
"""

from bot.adapters.slack.app import SlackAdapter
from bot.adapters.slack.errors import SlackStartupError, delivery_error
from bot.adapters.slack.reading import command_text, mention_text, team_channel

__all__ = [
    "SlackAdapter",
    "SlackStartupError",
    "command_text",
    "delivery_error",
    "mention_text",
    "team_channel",
]
