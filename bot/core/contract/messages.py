"""What flows between adapters and the core: plain data, no platform objects.

Reply text is a sequence of styled spans rather than a markup string, so that user-typed text can
never turn into markup: each adapter escapes every span for its platform and adds the styling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal

from bot.core.contract.forms import InterviewForm

Style = Literal["plain", "bold", "italic", "code", "pre"]


@dataclass(frozen=True)
class Span:
    """A piece of reply text in one style. `when`: the instant (UTC) the text names, which
    `text` shows in one zone (the channel's, the person's); an adapter that can show an instant
    in each reader's own zone (Slack's date formatting) uses it, with `text` as the fallback,
    and the others show `text` as it is. `day_only`: only the date is meant (a step's day)."""

    text: str
    style: Style = "plain"
    when: datetime | None = None
    day_only: bool = False


@dataclass(frozen=True)
class Button:
    label: str
    payload: str
    # A link the button opens instead of sending `payload` back (Telegram's URL button: the
    # pointer to a private chat). Platforms without link buttons show `label` and `url` as text.
    url: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Incoming:
    platform: str
    user: str
    chat: str
    text: str | None = None
    button: str | None = None
    display_name: str | None = None
    # The platform's id for this event (Telegram update_id, Slack event_id): a redelivered
    # event with an id already handled gets no second answer.
    event_id: str | None = None
    # The user's IANA time zone if the platform knows it (a Slack profile, the terminal's
    # machine): a new user starts in it; a change is offered to a known user.
    timezone: str | None = None
    # The platform shows the user `timezone` itself (a Slack profile): adopting it for a new
    # user needs no word; a zone from the machine (the terminal) is announced.
    zone_shown: bool = False
    # True where the platform never tells a zone (Telegram): a new user is asked where they are.
    zone_unknown: bool = False
    # The user's language code as the platform gives it ("de", "pt-br"): likely zones to offer.
    language: str | None = None
    # A shared location (latitude, longitude in degrees): it sets the user's zone.
    location: tuple[float, float] | None = None
    # A message from a team channel (Slack channel, Telegram group): `chat` is the channel.
    # Adapters pass only commands and mentions from channels, never the conversation.
    in_channel: bool = False
    channel_title: str | None = None
    # An interview told as one form (Slack's modal), already checked (Engine.form_errors).
    form: InterviewForm | None = None


# Which days a date question accepts: the interview was in the past, a decision or a call is
# ahead, or either.
DateRange = Literal["past", "future", "any"]


@dataclass(frozen=True)
class DateQuestion:
    """A reply that asks for a day: a platform with a date picker (Telegram's inline calendar)
    may offer one beside the buttons. `step` is the open question's step name (Dialog.step) and
    `owner` the platform user id who may answer; `today` is the user's local date (their zone,
    from the core's clock), `accepts` which days make sense. A picked day is sent back as the
    button `flows.date_pick(owner, step, day)`, which the core reads exactly as the ISO date
    typed (so every check of a typed date applies), and only while `step` is still open."""

    step: str
    owner: str
    today: date
    accepts: DateRange = "any"


@dataclass(frozen=True)
class Reply:
    spans: tuple[Span, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[Attachment, ...] = field(default=())
    # Where it goes. `to`: another chat of the same platform (a team channel) instead of the one
    # the message came from. `private`: only the sender may see it (in a channel, Slack shows it
    # to them alone; Telegram sends it to their private chat).
    to: str | None = None
    private: bool = False
    # The user keys of the people a team-channel post is about ("now sharing", a milestone, a
    # cheer, a board): the adapter records where it landed, so their `delete` takes it down.
    about: tuple[str, ...] = ()
    # The reply asks for a date (see DateQuestion); None for every other reply. Typing the date
    # always works too.
    asks_date: DateQuestion | None = None

    @property
    def text(self) -> str:
        """The reply as plain text (the terminal shows exactly this)."""
        return "".join(s.text for s in self.spans)

    @property
    def button_labels(self) -> list[str]:
        return [b.label for row in self.buttons for b in row]


Part = str | Span


def bold(text: str) -> Span:
    return Span(text, "bold")


def italic(text: str) -> Span:
    return Span(text, "italic")


def instant(text: str, when: datetime, *, day_only: bool = False) -> Span:
    """`text` naming the instant `when` (aware; kept in UTC): see Span. Raises ValueError for
    a naive `when`."""
    if when.tzinfo is None:
        raise ValueError("an instant needs an aware datetime")
    return Span(text, when=when.astimezone(UTC), day_only=day_only)


class TextBuilder:
    """Collects spans line by line; plain strings become plain spans."""

    def __init__(self) -> None:
        self._spans: list[Span] = []
        self._breaks = 0  # line breaks owed before the next text

    def add(self, *parts: Part) -> TextBuilder:
        for part in parts:
            span = Span(part) if isinstance(part, str) else part
            if not span.text:
                continue
            if self._breaks and self._spans:
                self._spans.append(Span("\n" * self._breaks))
            self._breaks = 0
            self._spans.append(span)
        return self

    def line(self, *parts: Part) -> TextBuilder:
        """Start a new line (a blank() before it leaves an empty line between)."""
        self._breaks = max(self._breaks, 1)
        return self.add(*parts)

    def blank(self) -> TextBuilder:
        self._breaks = 2
        return self

    def extend(self, other: TextBuilder) -> TextBuilder:
        """Append another builder's text, starting on a new line."""
        self._breaks = max(self._breaks, 1)
        return self.add(*other.spans())

    def spans(self) -> tuple[Span, ...]:
        return tuple(self._spans)


def reply(
    *parts: Part | TextBuilder,
    buttons: Iterable[Sequence[Button]] = (),
    attachments: Iterable[Attachment] = (),
    to: str | None = None,
    private: bool = False,
    about: Iterable[str] = (),
    asks_date: DateQuestion | None = None,
) -> Reply:
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, TextBuilder):
            spans.extend(part.spans())
        elif isinstance(part, str):
            spans.append(Span(part))
        else:
            spans.append(part)
    return Reply(
        spans=tuple(spans),
        buttons=tuple(tuple(row) for row in buttons if row),
        attachments=tuple(attachments),
        to=to,
        private=private,
        about=tuple(about),
        asks_date=asks_date,
    )
