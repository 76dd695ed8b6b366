"""Team channels in one small file (channels.json): a channel's title, who uses Hearback there
and its digest settings. What each person shares lives in their own user file, not here.
Without a path (the memory backend) the same store keeps them in memory only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.contract.models import Channel
from storage.durable import atomic_write, corrupt, dumps, load_document


class ChannelStore:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._docs: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        doc = load_document(path) or {}
        for key, value in doc.get("channels", {}).items():
            try:
                channel = Channel.from_dict(value)
            except (KeyError, TypeError, ValueError) as exc:
                raise corrupt(path, f"a damaged channel record ({type(exc).__name__})") from exc
            if channel.key != key:
                raise corrupt(path, "a channel record is filed under the wrong key")
            self._docs[key] = value

    def get(self, key: str) -> Channel | None:
        doc = self._docs.get(key)
        return Channel.from_dict(doc) if doc is not None else None

    def all(self) -> list[Channel]:
        return [Channel.from_dict(d) for _, d in sorted(self._docs.items())]

    def save(self, channel: Channel) -> None:
        self._docs[channel.key] = channel.to_dict()
        self.dirty = True

    def forget_user(self, user_key: str) -> None:
        """Take a user out of every channel (part of `delete`; see `forget_in_channel`)."""
        for channel in self.all():
            if forget_in_channel(channel, user_key):
                self.save(channel)

    def delete(self, key: str) -> None:
        if self._docs.pop(key, None) is not None:
            self.dirty = True

    def commit(self) -> None:
        if self.dirty and self.path is not None:
            atomic_write(self.path, dumps({"channels": self._docs}))
        self.dirty = False


def forget_in_channel(channel: Channel, user_key: str) -> bool:
    """Take a user out of one channel: membership, their milestone posts and their cheers on
    other people's posts. True when `channel` changed (then the caller saves it)."""
    posts = {pid: post for pid, post in channel.posts.items() if post.get("owner") != user_key}
    for post in posts.values():
        post["cheers"] = [k for k in post.get("cheers", []) if k != user_key]
    if user_key not in channel.members and posts == channel.posts:
        return False
    channel.members = [k for k in channel.members if k != user_key]
    channel.posts = posts
    return True
