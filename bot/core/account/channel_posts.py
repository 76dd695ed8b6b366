"""What the bot posted about a user in team channels, so that `delete` can take it down
(issue 15, item 7).

A channel post about someone (their "now sharing" announcement, a milestone, a cheer for them)
carries `Reply.about`; once the platform has it, the adapter reports the message ids it got
(`record`), and they are kept with that user (`User.channel_posts`, the most recent KEEP per
channel). On `delete`, `queue_for_removal` moves them to their channels' `retract` lists (ids
only: nothing about the person stays) before the user's records go; the scheduler then deletes
each message through the adapter (`ChannelPoster.retract`: deleted, or where the platform won't,
its text replaced by POST_REMOVED and its buttons removed) and `retracted` drops the ids.
A post that lands after its subject was deleted is queued for removal at once.
"""

from __future__ import annotations

from bot.core.contract.models import Channel, user_key
from bot.core.contract.ports import Repository

KEEP = 100  # message ids remembered per user and channel (older posts stay up on delete)


def record(repo: Repository, platform: str, about: str, chat: str, ids: list[str]) -> None:
    """The adapter posted `ids` (platform message ids) in team channel `chat` about the user
    with key `about`. Kept with the user; if they are gone already, queued for removal."""
    if not ids:
        return
    key = user_key(platform, chat)
    user = repo.get_user(about)
    if user is None:
        channel = repo.get_channel(key)
        if channel is not None:
            _queue(repo, channel, ids)
        return
    posts = user.channel_posts.setdefault(key, [])
    posts.extend(i for i in ids if i not in posts)
    del posts[:-KEEP]
    repo.save_user(user)


def queue_for_removal(repo: Repository, user_key_: str) -> int:
    """Before a user's data is deleted: every post recorded about them goes on its channel's
    removal list. Returns how many posts will be taken down."""
    user = repo.get_user(user_key_)
    if user is None:
        return 0
    queued = 0
    for key, ids in user.channel_posts.items():
        channel = repo.get_channel(key)
        if channel is not None and ids:  # a channel the bot left: it can't remove them
            _queue(repo, channel, ids)
            queued += len(ids)
    return queued


def _queue(repo: Repository, channel: Channel, ids: list[str]) -> None:
    channel.retract.extend(i for i in ids if i not in channel.retract)
    repo.save_channel(channel)


def pending(repo: Repository) -> list[Channel]:
    """Channels with posts waiting to be taken down."""
    return [c for c in repo.channels() if c.retract]


def retracted(repo: Repository, channel_key: str, ids: list[str]) -> None:
    """These posts are down (or can't be reached any more): off the channel's list."""
    channel = repo.get_channel(channel_key)
    if channel is None or not ids:
        return
    channel.retract = [i for i in channel.retract if i not in ids]
    repo.save_channel(channel)
