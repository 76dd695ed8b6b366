"""The ports: what the core needs from storage (`Repository`) and what the scheduler needs from an
adapter to deliver (`Sender`, `ChannelPoster`, `DeliveryError`). storage/ and the adapters implement
them; the core never touches a file or a platform."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from bot.core.contract.messages import Reply
from bot.core.contract.models import Channel, Dialog, Interview, Nudge, Share, User


class UserDataUnreadable(Exception):
    """A user's stored data can't be read (a damaged or unreadable file). Raised by any read or
    write of that user; the data is set aside unchanged for the operator (quarantined) while
    everyone else is served. The engine tells the user; the scheduler skips them."""


class PartlySaved(Exception):
    """A transaction failed after part of it reached the disk (a change spanning several
    files, where a later write failed). The engine must not say that nothing changed."""


class Repository(Protocol):
    """Every backend keeps these promises (tests/contract/ checks them on each): records are
    copied in and out, so changing an object after saving or reading it changes nothing stored;
    unknown keys and ids read as None or []; a user's records are theirs alone."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: they reach the disk together, durably, when the outermost block ends;
        if it raises, none of them is kept. Reads inside see the block's own writes. A write
        outside a block is its own transaction."""
        ...

    def close(self) -> None:
        """Release what the store holds (the data directory's lock). Called once, by whoever
        opened it (bot/cli.py), never by the core."""
        ...

    def new_id(self) -> str:
        """A fresh id for an interview or nudge, unique across users, short enough for a
        Telegram button's 64 bytes."""
        ...

    def get_user(self, key: str) -> User | None:
        """The user with key "<platform>:<user id>", or None."""
        ...
    def save_user(self, user: User) -> None:
        """Create or overwrite the user's record."""
        ...

    def get_interview(self, interview_id: str) -> Interview | None:
        """An interview by id, whoever's it is (callers check `user_key`), or None."""
        ...
    def save_interview(self, interview: Interview) -> None:
        """Create or overwrite an interview (it belongs to `interview.user_key`)."""
        ...
    def interviews_for(self, user_key: str) -> list[Interview]:
        """The user's interviews, oldest `created_at` first."""
        ...
    def delete_interview(self, interview_id: str) -> None:
        """Remove one interview and every nudge of it (issue 17: removing one application);
        nothing happens for an unknown id. The user's other records stay."""
        ...

    def get_dialog(self, user_key: str) -> Dialog | None:
        """The user's open dialog (at most one), or None."""
        ...
    def save_dialog(self, dialog: Dialog) -> None:
        """Open or overwrite the user's dialog."""
        ...
    def clear_dialog(self, user_key: str) -> None:
        """Close the user's dialog; nothing happens when none is open."""
        ...

    def add_nudges(self, nudges: Iterable[Nudge]) -> None:
        """Store new nudges (fresh ids from `new_id`)."""
        ...
    def save_nudge(self, nudge: Nudge) -> None:
        """Overwrite a stored nudge (a status change, a new time)."""
        ...
    def nudges_for_interview(self, interview_id: str) -> list[Nudge]:
        """The interview's nudges, every status, earliest `due_at` first."""
        ...
    def nudges_for_user(self, user_key: str) -> list[Nudge]:
        """Every nudge of the user's, every status and interview, those of no interview (their
        own reminders, `interview_id` "") included; earliest `due_at` first."""
        ...
    def due_nudges(self, now: datetime) -> list[Nudge]:
        """Pending nudges due at or before `now`, oldest first."""
        ...
    def claimed_nudges(self) -> list[Nudge]:
        """Nudges claimed for sending and not yet marked done (after a crash: to recover)."""
        ...
    def next_due_at(self) -> datetime | None:
        """When the earliest pending nudge is due (UTC), None when none is pending."""
        ...

    # -- what several workers on one database need (every backend keeps the same promises) ----
    def claim_event(self, platform: str, event_id: str) -> bool:
        """Record a platform event (a Telegram update_id, a Slack event_id) as handled, in one
        atomic step: True when this caller is the first, False when it was claimed before (a
        redelivery, or another worker has it). Inside a transaction the claim is undone if the
        block raises, so a turn that failed is handled again when the platform retries. PostgreSQL
        keeps claims a week (pruned by age), the file backends the most recent 5,000 per
        platform: far beyond Slack's retries (minutes) and Telegram's 24 hours."""
        ...
    def event_seen(self, platform: str, event_id: str) -> bool:
        """True when this platform event was claimed already (its turn committed)."""
        ...

    def hold_user(self, user_key: str) -> None:
        """Take the user for the rest of the open transaction: another transaction that holds
        the same user (a turn or the scheduler at another worker) waits until this one ends, so
        two workers handling one user's events do it one after the other. Re-entrant; call it
        inside `transaction()`, before reading what the block will change (RuntimeError outside
        one where holding means something). PostgreSQL takes a transaction-level advisory lock
        (never a session-level one: those break behind PgBouncer in transaction mode); the
        one-process backends need nothing, their callers already run one transaction at a time
        (bot/adapters/lanes.py: the core thread and `guarded`)."""
        ...

    def lease_due_nudges(self, now: datetime, worker: str, lease_until: datetime,
                         limit: int = 100, platforms: Collection[str] | None = None
                         ) -> list[Nudge]:
        """Claim due nudges for `worker` until `lease_until` (UTC), atomically: of each user with
        no nudge claimed (in flight), only their earliest pending nudge due at or before `now`,
        so one user's nudges go out in order whichever worker sends them. At most `limit`,
        earliest due first (equal times by id). Each is returned claimed (`attempts` counted,
        `leased_by` and `lease_until` set); two workers never get the same nudge. `platforms`,
        if given, limits the claim to users of those platforms (the ones the worker can send
        to), e.g. {"telegram"}."""
        ...
    def mark_sent_leased(self, nudge_id: str, worker: str, attempt: int,
                         now: datetime) -> bool:
        """Mark a leased nudge sent at `now`, only while the lease is still ours: the nudge is
        claimed by `worker` with `attempts == attempt` (the fence: once the lease was returned
        and taken again the attempt differs). True when marked; False changes nothing (the
        lease expired and was returned, or another worker holds it now)."""
        ...
    def release_expired_leases(self, now: datetime) -> int:
        """Put back in the queue every leased nudge whose lease ended at or before `now` (its
        worker stopped or hangs); how many. A claim without a lease (a single process's) is
        left to that process's `claimed_nudges` recovery."""
        ...

    def delete_user(self, user_key: str) -> None:
        """Forget a user: every record of theirs, pending nudges and shares included, leaves
        storage, and they leave every channel (membership, their posts, their cheers)."""
        ...

    # Team channels: shares live with their user; channels in one small shared file.
    def shares_for(self, user_key: str) -> list[Share]: ...
    def save_share(self, share: Share) -> None: ...
    def delete_share(self, user_key: str, channel: str) -> None: ...
    def get_channel(self, key: str) -> Channel | None: ...
    def save_channel(self, channel: Channel) -> None: ...
    def delete_channel(self, key: str) -> None: ...
    def channels(self) -> list[Channel]:
        """Every channel, by key."""
        ...


# -- outgoing: what the scheduler needs from an adapter ------------------------------------------
class DeliveryError(Exception):
    """Sending failed. `retry_after` (seconds) when the platform said when to try again;
    `permanent` when retrying cannot help (the user blocked the bot, the app was removed)."""

    def __init__(self, message: str, *, retry_after: float | None = None,
                 permanent: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    """What the scheduler sends nudges through: one adapter. `send` delivers one reply to the
    user's chat, or raises DeliveryError (with `retry_after` in seconds, or `permanent`)."""

    platform: str
    # Nudges per second the scheduler may send through this adapter (None: no pacing). Kept
    # below the platform's own limit so that replies to people chatting still get through.
    nudges_per_second: float | None

    async def send(self, user: User, reply: Reply) -> None: ...


@runtime_checkable
class ChannelPoster(Protocol):
    """A sender that can also post in a team channel (the weekly digest) and take down its own
    posts there (after a member deleted their data)."""

    async def post(self, chat: str, reply: Reply) -> None:
        """DeliveryError(permanent=True) when the bot is no longer in the channel."""
        ...

    async def retract(self, chat: str, message_id: str) -> None:
        """Remove the bot's message `message_id` (the platform's id: a Telegram message_id, a
        Slack ts) from team channel `chat`: delete it, or where the platform refuses (Telegram:
        group messages older than 48 hours) replace its text with `notices.POST_REMOVED` and
        drop its buttons. DeliveryError(permanent=True) when it can't be reached any more (gone
        already, the bot out of the channel); a DeliveryError with `retry_after` or neither is
        worth another try later."""
        ...


# -- optional services the core asks for through ports (issue 17) -------------------------------
@dataclass(frozen=True)
class TimelineRow:
    """One open application on the `stats` chart: its label, the day of the (latest) interview,
    the day they promised a decision (None: not given) and the day of its next step (None:
    nothing planned). Days are local to the user."""

    label: str
    interviewed: date
    promised: date | None = None
    next_step: date | None = None


class ChartRenderer(Protocol):
    """Draws the `stats` timeline as an image. Implemented outside the core (bot/charts.py,
    matplotlib with the Agg backend): the core hands it plain data and attaches the bytes."""

    def timeline(self, rows: Sequence[TimelineRow], today: date) -> bytes:
        """A PNG image of `rows` (one line each, oldest interview first) with `today` marked.
        Raises ValueError for no rows."""
        ...


@dataclass(frozen=True)
class TextFinding:
    """A problem a text service found: where it starts in the text (characters), how long it
    is, and the suggestion to show ("Possible typo: did you mean “their”?")."""

    offset: int
    length: int
    message: str


class TextService(Protocol):
    """A grammar checker beyond the local checks (a LanguageTool server's /v2/check, see
    bot/languagetool.py). Never raises: a server that is slow, down or answers nonsense gives
    None, and the draft checker keeps its local findings only."""

    def check(self, text: str) -> list[TextFinding] | None:
        """The findings for `text` (English), or None when the service couldn't answer."""
        ...


@dataclass(frozen=True)
class Services:
    """The optional services of a deployment, given to the engine (bot/cli.py wires them):
    `charts` draws the `stats` chart (None: text only), `grammar` adds a LanguageTool server's
    findings to the draft checks (None: local checks only)."""

    charts: ChartRenderer | None = None
    grammar: TextService | None = None
