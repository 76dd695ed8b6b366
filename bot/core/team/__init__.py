"""Team channels: opt-in sharing of how interviews stand, the channel records, milestone posts,
the weekly digest and the board. It may import every layer below it (`contract`, `language`,
`plan`, `account`, `coaching`), never `features` or `engine`."""

# The names the engine and the adapters use, so they read `team.X` whatever module X lives in:
# `channels` (records and members), `sharing` (share/unshare), `milestone_posts`, `digest`,
# `board`, `in_channel` (a message typed in a channel).
from bot.core.team.board import board_command, boards_for
from bot.core.team.channels import (
    Here,
    channel_for,
    channel_gone,
    channel_moved,
    member_left,
    name_of,
)
from bot.core.team.digest import digest_in_private, digest_reply, due_digests, reschedule_digest
from bot.core.team.in_channel import CHANNEL_HELP, CHANNEL_WORDS, channel_turn
from bot.core.team.milestone_posts import CHEER_ACTION, cheer, milestones, snapshot
from bot.core.team.sharing import BUTTON_ACTION, press, share_command, unshare_command

__all__ = [
    "BUTTON_ACTION", "CHANNEL_HELP", "CHANNEL_WORDS", "CHEER_ACTION", "Here", "board_command",
    "boards_for", "channel_for", "channel_gone", "channel_moved", "channel_turn", "cheer",
    "digest_in_private", "digest_reply", "due_digests", "member_left", "milestones", "name_of",
    "press", "reschedule_digest", "share_command", "snapshot", "unshare_command",
]
