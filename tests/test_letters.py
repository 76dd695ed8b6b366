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


def test_as_you_suggested_only_when_someone_did_suggest_it() -> None:
    ctx = _ctx("Sam Lee")
    _, body = write(ctx, _iv(company="Acme"), "fu")
    assert "As you suggested" not in body
    assert "I am writing to follow up on our interview yesterday for the position at Acme" in body
    agreed = _iv(company="Acme")
    agreed.agreed_contact_at = START + timedelta(days=2)
    _, body = write(ctx, agreed, "fu")
    assert "As you suggested when we met yesterday" in body


def test_a_skipped_field_is_left_out_and_a_placeholder_is_never_read_as_fine() -> None:
    from bot.core.language.checking import check_text, problems_text

    ctx = _ctx("Sam Lee")
    ctx.user.profile_asked = True  # asked once; phone, address and email skipped
    subject, body = write(ctx, _iv(company="Acme"), "ty")
    assert "<your" not in subject + body
    assert body.rstrip().endswith("Kind regards,\nSam Lee")
    lines = problems_text(check_text("Dear Ann,\n\nThanks!\n\nKind regards,\n<your phone number>"))
    assert not any("reads well" in line for line in lines)
    assert any("Placeholder" in line for line in lines)
