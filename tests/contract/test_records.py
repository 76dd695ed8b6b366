"""Every record type goes in and comes back equal, as a copy; updates replace; unknown keys read
as nothing; ids are unique."""

from __future__ import annotations

from datetime import timedelta

from bot.core.contract.ports import Repository
from tests.contract.conftest import make_channel, make_share
from tests.records import (
    T0,
    make_dialog,
    make_interview,
    make_nudge,
    make_nudges,
    make_user,
    save_everything,
)


def test_every_record_type_comes_back_equal(repo: Repository) -> None:
    save_everything(repo)
    share, channel = make_share(), make_channel()
    repo.save_share(share)
    repo.save_channel(channel)

    assert repo.get_user("console:ana") == make_user()
    assert repo.get_interview("iv000001") == make_interview()
    assert repo.interviews_for("console:ana") == [make_interview()]
    assert repo.nudges_for_interview("iv000001") == make_nudges()
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.shares_for("console:ana") == [share]
    assert repo.get_channel(channel.key) == channel
    assert repo.channels() == [channel]


def test_unknown_keys_read_as_nothing(repo: Repository) -> None:
    save_everything(repo)  # someone else's records do not leak into the answers
    nobody = "console:nobody"
    assert repo.get_user(nobody) is None
    assert repo.get_interview("missing") is None
    assert repo.interviews_for(nobody) == []
    assert repo.nudges_for_interview("missing") == []
    assert repo.get_dialog(nobody) is None
    assert repo.shares_for(nobody) == []
    assert repo.get_channel("slack:C404") is None
    assert repo.channels() == []
    assert not repo.event_seen("telegram", "1")


def test_an_empty_store_has_nothing_due(repo: Repository) -> None:
    assert repo.due_nudges(T0 + timedelta(days=365)) == []
    assert repo.claimed_nudges() == []
    assert repo.next_due_at() is None


def test_saving_again_replaces_the_record_without_a_second_copy(repo: Repository) -> None:
    save_everything(repo)
    repo.save_share(make_share())
    repo.save_channel(make_channel())

    repo.save_user(make_user(display_name="Ana Lima-Souza", timezone="America/New_York"))
    interview = make_interview()
    interview.status, interview.outcome = "closed", "selected"
    repo.save_interview(interview)
    first = make_nudges()[0]
    first.status, first.done_at = "cancelled", T0 + timedelta(hours=3)
    repo.save_nudge(first)
    dialog = make_dialog()
    dialog.step, dialog.data = "agreed", {"company": "Initech"}
    repo.save_dialog(dialog)
    share = make_share(everything=True, interviews=[])
    repo.save_share(share)
    channel = make_channel(title="#offers", digest_day=None)
    repo.save_channel(channel)

    user = repo.get_user("console:ana")
    assert user is not None
    assert (user.display_name, user.timezone) == ("Ana Lima-Souza", "America/New_York")
    assert repo.interviews_for("console:ana") == [interview]
    assert repo.nudges_for_interview("iv000001") == [first, make_nudges()[1]]
    assert repo.get_dialog("console:ana") == dialog
    assert repo.shares_for("console:ana") == [share]
    assert repo.channels() == [channel]


def test_records_are_copied_in(repo: Repository) -> None:
    user, dialog = make_user(news_checks=["2026-11-25T15:00:00+00:00"]), make_dialog()
    share, channel = make_share(), make_channel()
    repo.save_user(user)
    repo.save_dialog(dialog)
    repo.save_share(share)
    repo.save_channel(channel)

    user.news_checks.append("later")
    user.display_name = "Changed"
    dialog.data["names"].append("Smith")
    share.interviews.append("iv-other")
    channel.members.append("console:eve")
    channel.posts["p1"]["cheers"].append("console:eve")

    assert repo.get_user("console:ana") == make_user(news_checks=["2026-11-25T15:00:00+00:00"])
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.shares_for("console:ana") == [make_share()]
    assert repo.get_channel("slack:C01") == make_channel()


def test_records_are_copied_out(repo: Repository) -> None:
    repo.save_user(make_user(news_checks=["2026-11-25T15:00:00+00:00"]))
    repo.save_interview(make_interview())
    repo.add_nudges([make_nudge("n1")])
    repo.save_dialog(make_dialog())
    repo.save_share(make_share())
    repo.save_channel(make_channel())

    user, dialog = repo.get_user("console:ana"), repo.get_dialog("console:ana")
    interview, [nudge] = repo.get_interview("iv000001"), repo.nudges_for_interview("iv000001")
    [share], channel = repo.shares_for("console:ana"), repo.get_channel("slack:C01")
    assert user and dialog and interview and channel
    # Changing what was read, without saving it, changes nothing stored.
    user.news_checks.append("later")
    dialog.data["nested"]["n"] = 2
    interview.company = "Changed"
    nudge.status = "sent"
    share.milestones.append("closed")
    channel.posts["p1"]["cheers"].clear()

    assert repo.get_user("console:ana") == make_user(news_checks=["2026-11-25T15:00:00+00:00"])
    assert repo.get_dialog("console:ana") == make_dialog()
    assert repo.get_interview("iv000001") == make_interview()
    assert repo.nudges_for_interview("iv000001") == [make_nudge("n1")]
    assert [n.id for n in repo.due_nudges(T0)] == ["n1"]
    assert repo.shares_for("console:ana") == [make_share()]
    assert repo.channels() == [make_channel()]


def test_interviews_come_oldest_first_and_each_users_are_their_own(repo: Repository) -> None:
    later, earlier = make_interview("iv-late"), make_interview("iv-early")
    later.created_at, earlier.created_at = T0 + timedelta(days=2), T0 - timedelta(days=2)
    repo.save_interview(later)
    repo.save_interview(make_interview())
    repo.save_interview(earlier)
    repo.save_interview(make_interview("iv-bob", "console:bob"))

    assert [i.id for i in repo.interviews_for("console:ana")] == [
        "iv-early", "iv000001", "iv-late"]
    assert [i.id for i in repo.interviews_for("console:bob")] == ["iv-bob"]
    assert repo.get_interview("iv-bob") == make_interview("iv-bob", "console:bob")


def test_an_interviews_nudges_come_earliest_first_in_every_status(repo: Repository) -> None:
    repo.save_interview(make_interview())
    repo.save_interview(make_interview("iv000002"))
    statuses = ["sent", "pending", "claimed", "cancelled", "paused", "expired", "merged"]
    nudges = [make_nudge(f"n{i}", due_at=T0 + timedelta(hours=10 - i), status=status)
              for i, status in enumerate(statuses)]
    repo.add_nudges([*nudges, make_nudge("other", iid="iv000002")])

    assert repo.nudges_for_interview("iv000001") == nudges[::-1]
    assert [n.id for n in repo.nudges_for_interview("iv000002")] == ["other"]


def test_one_dialog_per_user_until_cleared(repo: Repository) -> None:
    repo.save_user(make_user())
    repo.save_dialog(make_dialog())
    second = make_dialog()
    second.flow, second.step, second.pending = "rehearsal", "answer", None
    repo.save_dialog(second)
    repo.save_dialog(make_dialog("console:bob"))
    assert repo.get_dialog("console:ana") == second

    repo.clear_dialog("console:ana")
    assert repo.get_dialog("console:ana") is None
    assert repo.get_dialog("console:bob") == make_dialog("console:bob")
    assert repo.get_user("console:ana") == make_user()  # only the dialog went
    repo.clear_dialog("console:ana")  # again: nothing to clear
    repo.clear_dialog("console:nobody")  # a user never seen
    assert repo.get_user("console:nobody") is None


def test_ids_are_unique_and_fit_a_button(repo: Repository) -> None:
    ids = [repo.new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert all(0 < len(i.encode()) <= 16 and i.isascii() and "|" not in i for i in ids)
