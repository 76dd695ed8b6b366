"""What to do with nudges that came due while the bot was down (or all at once).

Pure: given the due nudges of one user, decide which to send, which to move to a better time and
which to fold into another, so that a restart after a week does not flood anyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.contract.models import Nudge
from bot.core.contract.prefs import Prefs
from bot.core.plan.kinds import AGREED_CONTACT, CALL_PROMPT, kind_of
from bot.core.plan.planner import in_quiet_hours, next_contact_slot, out_of_quiet_hours

# A late nudge that asks the user to contact the employer waits for a proper slot past this.
RETIME_AFTER = timedelta(minutes=30)
# How stale a kind may get, which kinds merge and which the call covers: see `kinds.KINDS`.


@dataclass
class Triage:
    send: list[Nudge] = field(default_factory=list)
    retime: list[tuple[Nudge, datetime]] = field(default_factory=list)
    drop: list[tuple[Nudge, str, str]] = field(default_factory=list)  # nudge, status, reason


def triage(due: list[Nudge], now: datetime, prefs: Prefs) -> Triage:
    result = Triage()
    by_interview: dict[str, list[Nudge]] = defaultdict(list)
    for nudge in sorted(due, key=lambda n: n.due_at):
        by_interview[nudge.interview_id].append(nudge)
    for nudges in by_interview.values():
        _triage_interview(nudges, now, prefs, result)
    result.send.sort(key=lambda n: n.due_at)
    return result


def _triage_interview(nudges: list[Nudge], now: datetime, prefs: Prefs, out: Triage) -> None:
    due_kinds = {n.kind for n in nudges}
    latest_in_group: dict[str, Nudge] = {}
    for n in nudges:
        if (group := kind_of(n.kind).merge_group) is not None:
            latest_in_group[group] = n
    for n in nudges:
        late = now - n.due_at
        kind = kind_of(n.kind)
        if kind.merge_group and latest_in_group[kind.merge_group] is not n:
            out.drop.append((n, "merged", "a later reminder of the same kind was due"))
        elif kind.covered_by_call and CALL_PROMPT in due_kinds:
            out.drop.append((n, "merged", "the call prompt is due and covers it"))
        elif kind.stale_after is not None and late > kind.stale_after:
            out.drop.append((n, "expired", f"{late} late"))
        elif kind.contact and late > RETIME_AFTER:
            slot = next_contact_slot(now, prefs)
            if slot > now:
                out.retime.append((n, slot))
            else:
                out.send.append(n)
        elif in_quiet_hours(now, prefs) and (n.kind != AGREED_CONTACT or late > RETIME_AFTER):
            # Caught up during the night: hold it until the morning instead of waking anyone.
            slot = (next_contact_slot(now, prefs) if kind.contact
                    else out_of_quiet_hours(now, prefs))
            out.retime.append((n, slot))
        else:
            out.send.append(n)
