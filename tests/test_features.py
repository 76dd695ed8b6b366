"""The features registry: one ordered declaration from which commands, help and buttons derive,
and which refuses clashes and buttons too long for Telegram."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core import features
from bot.core.contract.buttons import MAX_PAYLOAD
from bot.core.features import FEATURES, ButtonSpec, Feature
from tests.conftest import Chat


def test_help_lists_every_command_with_a_help_line_in_registry_order(chat: Chat) -> None:
    chat.say("help")
    listed = [line.split(" — ")[0].lstrip("• ") for line in chat.text.splitlines()
              if line.startswith("• ")]
    assert listed == [f.word for f in FEATURES if f.word and f.help and f.in_help]
    assert "start" not in listed and "digest" not in listed


def test_every_word_and_alias_reaches_its_feature() -> None:
    for f in FEATURES:
        for word in (f.word, *f.aliases) if f.word else ():
            cmd = features.parse_command(f"/{word}", in_dialog=False)
            assert cmd is not None and cmd.word == f.word


def test_the_menu_starts_with_start_then_the_help() -> None:
    assert features.MENU[0][0] == "start"
    assert features.MENU[1:] == features.HELP_LINES


def test_a_clashing_word_or_button_is_refused_at_import() -> None:
    twin = dataclasses.replace(FEATURES[-1], name="twin")
    with pytest.raises(ValueError, match="also"):
        features._check((*FEATURES, twin))
    alias = Feature("other", "other", aliases=("stop",))
    with pytest.raises(ValueError, match="word 'stop'"):
        features._check((*FEATURES, alias))
    engine_code = Feature("mine", buttons=(ButtonSpec("cmd", lambda ctx, p: []),))
    with pytest.raises(ValueError, match="button 'cmd'"):
        features._check((*FEATURES, engine_code))


def test_a_button_that_could_pass_telegrams_64_bytes_is_refused() -> None:
    room = MAX_PAYLOAD - len("hb1|xx|" + "x" * features.LONGEST_OWNER + "|"
                             + "x" * features.INTERVIEW_ID_LENGTH + "|")
    fits = Feature("fits", buttons=(ButtonSpec("xx", lambda ctx, p: [], room),))
    features._check((*FEATURES, fits))
    too_long = Feature("long", buttons=(ButtonSpec("xx", lambda ctx, p: [], room + 1),))
    with pytest.raises(ValueError, match="64 bytes"):
        features._check((*FEATURES, too_long))
