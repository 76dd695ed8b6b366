"""The nudge rate limits that several workers on one PostgreSQL database share (bot/pacing.py's
SharedPacing): a token bucket per key and the hold after a 429, in the `rate_limits` table
(storage/pg_migrations/0003_workers.sql). A key is a platform ("telegram", "slack": the bot's
overall limit) or one chat of a platform ("slack:D0123", bot/pacing.py `chat_key`: Slack limits
posting per channel). Chat rows come and go: one idle for PRUNE_IDLE (its bucket long full again)
and not held is deleted now and then (every PRUNE_EVERY chat takes of a worker), so the table
holds the chats nudged lately, not every chat ever nudged.

Why own SQL rather than a library: aiolimiter, the pacing of one process, keeps its bucket in
memory. pyrate-limiter does offer a PostgreSQL bucket, but as a log of one row per send counted
over a window (rows to prune at every send), timestamped by each client's clock, in a table it
creates itself outside the numbered migrations (storage/pg_migrations/), and without a hold for
a 429's Retry-After; limits keeps shared state in Redis, Memcached or MongoDB, a second
database to run. Here the bucket is one row per platform, read and written under its row lock in
one short transaction, timed by the database's clock (`clock_timestamp()`), so workers on
machines whose clocks differ still share one rate.
"""

from __future__ import annotations

from datetime import datetime

from storage.postgres import PostgresRepository

# The bucket holds one token at most: sends are spaced 1/rate apart by the database's clock,
# so no second ever sees more than `rate` takes, however many workers draw from it.
CAPACITY = 1.0
PRUNE_IDLE_MINUTES = 10
PRUNE_EVERY = 256


class PostgresRateLimits:
    """`take`, `hold` and `held_until` of bot/pacing.py's RateStore on `repo`'s database.
    Platform names as the user keys spell them ("telegram", "slack")."""

    def __init__(self, repo: PostgresRepository) -> None:
        self._repo = repo
        self._known: set[str] = set()  # platforms whose row exists (chat rows may be pruned)
        self._chat_takes = 0

    def take(self, platform: str, rate: float) -> float:
        """Take one token of the bucket of `platform` (a platform or a chat key), refilled at
        `rate` tokens per second (>0): 0.0 when taken, else the seconds until one is there
        (nothing taken then)."""
        repo = self._repo
        chat = ":" in platform
        if chat:
            self._chat_takes += 1
            if self._chat_takes % PRUNE_EVERY == 0:
                self.prune()
        for _ in range(2):  # a chat's row may be pruned by another worker between the two
            if platform not in self._known:
                repo.execute("INSERT INTO rate_limits (platform, tokens, updated_at) "
                             "VALUES (%s, %s, clock_timestamp()) ON CONFLICT DO NOTHING",
                             (platform, CAPACITY))
                if not chat:
                    self._known.add(platform)
            with repo.transaction():
                rows = repo.query(
                    "SELECT tokens, extract(epoch FROM clock_timestamp() - updated_at)::float8, "
                    "clock_timestamp() FROM rate_limits WHERE platform = %s FOR UPDATE",
                    (platform,))
                if not rows:
                    continue
                [(tokens, elapsed, now)] = rows
                available = min(CAPACITY, float(tokens) + max(0.0, float(elapsed)) * rate)
                if available < 1.0:
                    return (1.0 - available) / rate
                repo.execute("UPDATE rate_limits SET tokens = %s, updated_at = %s "
                             "WHERE platform = %s", (available - 1.0, now, platform))
                return 0.0
        return 1.0 / rate  # pruned twice in a row: ask again shortly

    def prune(self) -> int:
        """Delete the chat rows idle for PRUNE_IDLE_MINUTES and not held (their buckets are
        full, as a new row's is); how many."""
        return self._repo.execute(
            "DELETE FROM rate_limits WHERE position(':' in platform) > 0 "
            "AND updated_at < clock_timestamp() - make_interval(mins => %s) "
            "AND (hold_until IS NULL OR hold_until < clock_timestamp())",
            (PRUNE_IDLE_MINUTES,))

    def hold(self, platform: str, until: datetime) -> None:
        """No nudge to `platform` (a platform or a chat key) before `until` (UTC); never
        shortens a later hold."""
        self._repo.execute(
            "INSERT INTO rate_limits (platform, tokens, updated_at, hold_until) "
            "VALUES (%s, %s, clock_timestamp(), %s) ON CONFLICT (platform) DO UPDATE SET "
            "hold_until = greatest(rate_limits.hold_until, EXCLUDED.hold_until)",
            (platform, CAPACITY, until))

    def held_until(self, platform: str, now: datetime) -> datetime | None:
        """When the hold of `platform` (a platform or a chat key) lifts, None when it is not
        held at `now` (UTC)."""
        rows = self._repo.query("SELECT hold_until FROM rate_limits WHERE platform = %s "
                                "AND hold_until > %s", (platform, now))
        return rows[0][0] if rows else None
