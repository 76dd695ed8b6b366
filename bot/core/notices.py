"""The sentences adapters show that do not come from a conversation turn.

A turn's answers come from the engine; these are what a platform adds around them: the pointer
to a private chat left in a group, the note that a channel the bot has left can't be posted in,
refusals ("that button isn't yours", "only text"), the App Home's introduction, the command menu's
entries for help in a channel, and the few words a renderer puts around buttons. They live in the
core so that every word a user reads is written (and reviewed) in one place, and adapters keep
only their transport. This module imports nothing but `bot.core.contract`.
"""

from __future__ import annotations

import errno

from bot.core.contract import buttons
from bot.core.contract.messages import Reply, TextBuilder, bold, reply

# -- any platform -------------------------------------------------------------------------------
# What a team-channel post about someone becomes where the platform won't delete it (Telegram:
# a bot's group messages older than 48 hours), after they deleted their data.
POST_REMOVED = "(Removed: this member asked Hearback to delete their data.)"
# A message that is not text (a photo, a voice note) where only text is understood.
TEXT_ONLY = "I can only read text messages — please type it out."
# Sent when a reply has buttons but no text (Telegram refuses an empty message).
CHOOSE = "Choose:"
# Under a pressed message, before the chosen button's label.
YOU_CHOSE = "You chose:"


def start_private(name: str, handle: str | None) -> Reply:
    """In a group, for a writer whose private answer can't reach them (they never started a
    private chat with the bot, or blocked it); never the answer itself. `handle` is the bot's
    username without "@" (None: unknown)."""
    where = f" (@{handle})" if handle else ""
    return reply(f"{name}, please start a private chat with me first{where} so I can send you "
                 "that.")


# -- the terminal -------------------------------------------------------------------------------
# Printed once when the terminal chat starts interactively.
CONSOLE_GREETING = ("Hearback — your interview follow-up coach. Type help, or tell me about an "
                    "interview. Ctrl-D to quit.")


# -- Telegram -----------------------------------------------------------------------------------
# The group command menu's entry for help (what it does in a group, not in a private chat).
GROUP_HELP_MENU = ("help", "what Hearback does in a group")
# The bot's profile texts (setMyDescription, at most 512 characters: shown in an empty chat
# before /start; setMyShortDescription, at most 120: on the profile page and in shared links).
BOT_DESCRIPTION = (
    "Hearback coaches you through the days after a job interview: a thank-you note ready to "
    "send, a polite way to ask when you'll hear back, reminders at the right moments, calm "
    "while you wait, and a practice run before you call. Press Start and tell me about your "
    "interview in your own words.")
BOT_SHORT_DESCRIPTION = ("Your coach after a job interview: thank-you note, follow-up "
                         "reminders, and the call.")
# The label of the button under the pointer in a group (a link that opens the private chat).
OPEN_PRIVATE_CHAT = "Open a private chat"


def from_group(title: str | None) -> Reply:
    """The first words in a private chat opened from the pointer in a group (before the
    welcome); `title` is the group's name, None when it can't be shown (the writer is not a
    member, or Telegram did not say)."""
    where = f" in {title}" if title else " in the group"
    return reply(f"Thanks for opening a chat with me. Now I can answer you here: ask again{where}"
                 " (or right here) and the answer comes to this chat.")

# A press on someone else's date picker (its month buttons).
NOT_YOUR_CALENDAR = "That calendar belongs to someone else's conversation, so I left it alone."
# Month and weekday names on the date picker (English, like every other word).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def group_gone() -> Reply:
    """To the writer (privately) when a post for a Telegram group finds the bot gone from it."""
    return reply("I couldn't post in that group: I'm no longer a member there, so everything "
                 "shared there is withdrawn. Add me to the group again to share there.",
                 private=True)


# -- Slack --------------------------------------------------------------------------------------
HOME_FOOTER = ("Write to me in the Messages tab: tell me about an interview, or type help. "
               "/hearback works in any conversation.")
# Through a slash command's response_url, when the bot can't answer in that channel.
NOT_IN_CHANNEL = ("I'm not in this channel, so I can't answer here. Add me with "
                  "/invite @Hearback, then try again.")
# The slash command's acknowledgement when the answer goes to the user's DM instead.
ANSWER_IN_DM = "I'll answer in our direct messages (Apps → Hearback)."
# A press on someone else's button, when the core gave no refusal of its own.
NOT_YOURS = "That button isn't yours."


def channel_left(where: str) -> Reply:
    """To the writer (privately) when a post in a Slack channel (`where`: its "#name", or
    "that channel") finds the bot gone from it."""
    return reply(f"I couldn't post in {where}: I'm not in it any more, so nothing of yours is "
                 "shared there now. Add me again with /invite @Hearback to share there.",
                 private=True)


def home_intro(user: str) -> Reply:
    """The App Home of someone Hearback doesn't know yet (`user`: their platform user id, the
    owner of the button)."""
    t = TextBuilder()
    t.line(bold("Your follow-up coach after job interviews."))
    t.line("Tell me about an interview and I'll plan your thank-you, when to ask HR, "
           "and when to call — then remind you at the right times.")
    return reply(t, buttons=[[buttons.command_button("Log an interview", user, "interview")]])


def boards_left_out(count: int) -> str:
    """The App Home's line for `count` (>= 1) team boards that did not fit."""
    more = "1 more team board" if count == 1 else f"{count} more team boards"
    return f"{more} didn't fit here: type board in our messages to see them all."


DATA_SET_ASIDE = (
    "Sorry — I can't read what I had saved about you: the file looks damaged. I've set it "
    "aside without changing anything, and the person who runs this bot can see it in the log "
    "and restore it. Until then I can't answer you or send your reminders; everyone else's "
    "are unaffected.")
PARTLY_SAVED = (
    "Sorry — my storage failed half-way through saving that, so only part of it was kept. "
    "Type list to see where things stand, and tell me again what's missing.")
# -- when storage fails (issue 15: a reply says truthfully what was and wasn't saved) ----------
# What the operating system said, in words a user can take.
_OS_FAULTS = {errno.ENOSPC: "the server's disk is full",
              errno.EDQUOT: "the server's disk quota is used up",
              errno.EACCES: "I'm not allowed to write my data files",
              errno.EPERM: "I'm not allowed to write my data files",
              errno.EROFS: "my data files are read-only",
              errno.EIO: "the server's disk reported an error"}


def not_saved(exc: BaseException | None) -> str:
    """The apology for a turn that failed with nothing saved, naming the cause in a few words
    when an OSError in `exc`'s chain says it (a full disk, a read-only folder)."""
    why = "something went wrong on my side"
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
            why = _OS_FAULTS[exc.errno]
            break
        exc = exc.__cause__
    return (f"Sorry — {why}, so I couldn't handle that and saved nothing of it. Nothing you "
            "told me before is lost; please try again in a moment.")
