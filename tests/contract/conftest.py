"""The repository contract: every test in this package runs once per backend, so a backend is
ready when it passes them all (add it to tests/backends.py BACKENDS). The tests use only the
`Repository` port; what only the TinyDB files can show (durability, locking, the layout) is in
tests/test_storage.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.contract.models import Channel, Share
from bot.core.contract.ports import Repository
from tests.backends import BACKENDS, open_backend
from tests.records import T0


@pytest.fixture(params=BACKENDS)
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    store = open_backend(request.param, tmp_path)
    yield store
    store.close()


def make_share(user_key: str = "console:ana", channel: str = "slack:C01", **changes: object
               ) -> Share:
    share = Share(user_key=user_key, channel=channel, interviews=["iv000001"],
                  milestones=["thank_you", "offer"], milestones_asked=True, created_at=T0)
    for name, value in changes.items():
        setattr(share, name, value)
    return share


def make_channel(key: str = "slack:C01", **changes: object) -> Channel:
    channel = Channel(key=key, platform=key.split(":", 1)[0], chat_id=key.split(":", 1)[1],
                      title="#job-hunt", members=["console:ana", "console:bob"], digest_day=0,
                      digest_hour=10, digest_tz="Europe/London",
                      next_digest_at=T0 + timedelta(days=5), created_at=T0,
                      posts={"p1": {"owner": "console:ana", "cheers": ["console:bob"]},
                             "p2": {"owner": "console:bob", "cheers": ["console:ana"]}})
    for name, value in changes.items():
        setattr(channel, name, value)
    return channel
