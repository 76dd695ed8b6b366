"""The drafts' letters: one table, one frame, user text copied as typed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core.coaching.letters import LETTERS, write
from bot.core.contract.context import Ctx
from bot.core.contract.models import Interview, User
from bot.core.contract.prefs import Prefs
from storage import open_store
from tests.conftest import LONDON, START


def _ctx(full_name: str | None) -> Ctx:
    repo = open_store("memory://", Path("unused"))
    user = User(key="console:u1", platform="console", user_id="u1", chat_id="u1",
                timezone="Europe/London", created_at=START, full_name=full_name)
    return Ctx(repo=repo, user=user, now=START, prefs=Prefs(tz=LONDON))


def _iv(**facts: str) -> Interview:
    return Interview(id="i1", user_key="console:u1", created_at=START,
                     interviewed_at=START - timedelta(days=1), **facts)  # type: ignore[arg-type]


def test_every_letter_has_the_frame_and_the_signature() -> None:
    ctx = _ctx("Sam Lee")
    for kind in LETTERS:
        subject, body = write(ctx, _iv(company="Acme", role="backend", interviewer="Jane Doe"),
                              kind)
        assert subject.endswith("– Sam Lee")
        lines = body.splitlines()
        assert lines[0] == "Dear Jane Doe,"
        assert "Kind regards," in lines and lines[lines.index("Kind regards,") + 1] == "Sam Lee"
        assert "<your phone number>" in body and "<your email>" in body


def test_the_thank_you_says_when_they_met_and_what_they_enjoyed() -> None:
    subject, body = write(_ctx(None), _iv(company="Acme", liked="the on-call rota"), "ty")
    assert subject == "Job interview follow up – <your full name>"
    assert "meet me yesterday to discuss the position at Acme." in body
    assert "I especially enjoyed hearing about the on-call rota." in body
    assert body.startswith("Dear Hiring Team,")


def test_braces_in_what_the_user_typed_are_copied_as_typed() -> None:
    _, body = write(_ctx("{name}"), _iv(company="{role} Labs", role="{at}", liked="{when}"),
                    "ty")
    assert "the {at} position at {role} Labs." in body
    assert "hearing about {when}." in body
    assert body.rstrip().splitlines()[-4] == "{name}"
