"""A team channel's record and its members: who is in it (anyone Hearback knows who writes there
joins), what each member shares there, and what happens when someone leaves, the channel gets a
new id or Hearback is removed from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.contract.models import Channel, Share, User, user_key
from bot.core.contract.ports import Repository
from bot.core.language.wording import command_as_typed as cmd


@dataclass(frozen=True)
class Here:
    """A turn in a team channel: who wrote (None if Hearback doesn't know them) and where."""

    repo: Repository
    now: datetime
    platform: str
    chat: str
    user_id: str
    user: User | None
    default_tz: str

    @property
    def key(self) -> str:
        """The channel's record key, `platform:chat`."""
        return user_key(self.platform, self.chat)


def channel_for(here: Here, title: str | None) -> Channel:
    """The channel's record, created on first use; a known user who writes here joins it."""
    channel = here.repo.get_channel(here.key)
    changed = False
    if channel is None:
        channel = Channel(key=here.key, platform=here.platform, chat_id=here.chat, title=title,
                          created_at=here.now, digest_tz=here.default_tz)
        changed = True
    if title and channel.title != title:
        channel.title, changed = title, True
    if here.user is not None and here.user.key not in channel.members:
        channel.members.append(here.user.key)
        changed = True
    if changed:
        here.repo.save_channel(channel)
    return channel


def name_of(channel: Channel) -> str:
    """The channel as a sentence names it: `#general` (Slack), `“Job club”`, or 'the team
    channel' when its title is unknown."""
    if not channel.title:
        return "the team channel"
    return channel.title if channel.title.startswith("#") else f"“{channel.title}”"


def share_in(repo: Repository, user_key_: str, channel_key: str) -> Share | None:
    """What the user shares in the channel (one row per user and channel), or None."""
    return next((s for s in repo.shares_for(user_key_) if s.channel == channel_key), None)


def my_channels(repo: Repository, user: User) -> list[Channel]:
    """The channels the user has written in (sharing or not)."""
    return [c for c in repo.channels() if user.key in c.members]


def withdraw(repo: Repository, user_key_: str, channel_key: str) -> bool:
    """Remove what the user shares in the channel (their share row); True if there was any."""
    had = share_in(repo, user_key_, channel_key) is not None
    if had:
        repo.delete_share(user_key_, channel_key)
    return had


def member_left(repo: Repository, platform: str, chat: str, user_id: str) -> None:
    """They left the channel: everything they shared there is withdrawn."""
    key, who = user_key(platform, chat), user_key(platform, user_id)
    withdraw(repo, who, key)
    channel = repo.get_channel(key)
    if channel is not None and who in channel.members:
        channel.members.remove(who)
        repo.save_channel(channel)


def channel_moved(repo: Repository, platform: str, old: str, new: str) -> None:
    """The channel got a new id (a Telegram group upgraded to a supergroup): its record and
    every share in it follow, so nobody has to share again."""
    old_key, new_key = user_key(platform, old), user_key(platform, new)
    channel = repo.get_channel(old_key)
    if channel is None or old_key == new_key:
        return
    for member in channel.members:
        share = share_in(repo, member, old_key)
        if share is None:
            continue
        repo.delete_share(member, old_key)
        there = share_in(repo, member, new_key)
        if there is not None:  # they already share under the new id: keep both choices
            share.interviews = list(dict.fromkeys([*there.interviews, *share.interviews]))
            share.everything = share.everything or there.everything
            share.milestones = list(dict.fromkeys([*there.milestones, *share.milestones]))
            share.milestones_asked = share.milestones_asked or there.milestones_asked
        share.channel = new_key
        repo.save_share(share)
    repo.delete_channel(old_key)
    existing = repo.get_channel(new_key)
    if existing is not None:  # already used under the new id: keep both sets of members
        channel.members = list(dict.fromkeys([*existing.members, *channel.members]))
    channel.key, channel.chat_id = new_key, new
    repo.save_channel(channel)


def channel_gone(repo: Repository, platform: str, chat: str) -> None:
    """Hearback was removed from the channel (or it was deleted): every share there goes."""
    key = user_key(platform, chat)
    channel = repo.get_channel(key)
    if channel is None:
        return
    for member in channel.members:
        withdraw(repo, member, key)
    repo.delete_channel(key)


def no_channel_text(platform: str) -> str:
    """The answer to share or board in a private chat from someone in no team channel yet."""
    return ("You don't use me in a team channel yet. Add me to your group's channel (Slack: "
            f"/invite @Hearback; Telegram: add me to the group), type {cmd(platform, 'board')} "
            f"or {cmd(platform, 'share')} there, and you can share from here too.")
