"""Milestone posts: when a turn reaches a milestone (thank-you sent, follow-up call made, offer,
a closing) of an interview its owner shares, a post in each channel that opted into that kind,
with a cheer button anyone in the channel may press once."""

from __future__ import annotations

from bot.core.contract import buttons
from bot.core.contract.buttons import Press
from bot.core.contract.messages import Reply, reply
from bot.core.contract.models import Channel, Interview, User, user_key
from bot.core.contract.ports import Repository
from bot.core.plan.kinds import AGREED_CONTACT, CALL_PROMPT
from bot.core.team import board
from bot.core.team.channels import Here

CHEER_ACTION = "ch"
CHEER_LABEL = "👏 Cheer"
KEEP_POSTS = 200  # milestone posts whose cheers are remembered, per channel


# Per interview id: thank-you sent, status, outcome, ids of the call nudges answered.
Snapshot = dict[str, tuple[bool, str, str | None, frozenset[str]]]


def snapshot(repo: Repository, key: str) -> Snapshot | None:
    """What milestones are measured against; None when the user shares nothing (the usual case,
    and then nothing more is read)."""
    if not repo.shares_for(key):
        return None
    return {iv.id: _facts(repo, iv) for iv in repo.interviews_for(key)}


def _facts(repo: Repository, iv: Interview) -> tuple[bool, str, str | None, frozenset[str]]:
    # A call prompt (or an agreed call) answered with how it went: the call was made.
    answered = frozenset(n.id for n in repo.nudges_for_interview(iv.id)
                         if (n.kind == CALL_PROMPT or (n.kind == AGREED_CONTACT
                                                       and iv.agreed_contact_kind == "call"))
                         and n.answer is not None)
    return (iv.thank_you_sent_at is not None, iv.status, iv.outcome, answered)


def milestones(repo: Repository, user: User, before: Snapshot) -> list[Reply]:
    """Posts for the milestones this turn reached, in each channel that opted into them."""
    shares = repo.shares_for(user.key)
    if not shares:
        return []
    who = board.display_name(user)
    out: list[Reply] = []
    for iv in repo.interviews_for(user.key):
        was = before.get(iv.id)
        if was is None:
            continue
        now = _facts(repo, iv)
        reached: list[tuple[str, str]] = []
        company = iv.company or "their interview"
        if now[0] and not was[0]:
            reached.append(("thank_you", f"✉️ {who} sent a thank-you note after the "
                                         f"{company} interview."))
        if now[3] - was[3] and iv.status == "waiting":
            reached.append(("called", f"📞 {who} made the follow-up call to {company}."))
        if now[1] == "closed" and was[1] != "closed":
            if iv.outcome == "selected":
                reached.append(("offer", f"🎉 {who} got an offer from {company}!"))
            else:
                reached.append(("closed", f"🏁 {who}'s process with {company} has closed. On "
                                          "to the next one!"))
        for share in shares:
            channel = repo.get_channel(share.channel)
            if channel is None or not share.covers(iv.id):
                continue
            for kind, text in reached:
                if kind in share.milestones:
                    out.append(_milestone_post(repo, channel, user, text))
    return out


def _milestone_post(repo: Repository, channel: Channel, user: User, text: str) -> Reply:
    """A milestone post with a cheer button anyone in the channel may press."""
    post_id = repo.new_id()
    channel.posts[post_id] = {"owner": user.key, "cheers": []}
    while len(channel.posts) > KEEP_POSTS:
        del channel.posts[next(iter(channel.posts))]
    repo.save_channel(channel)
    cheer = buttons.make(CHEER_LABEL, CHEER_ACTION, buttons.ANYONE, post_id, channel.chat_id)
    return reply(text, buttons=[[cheer]], to=channel.chat_id, about=[user.key])


def cheer(here: Here, p: Press, name: str | None) -> list[Reply]:
    """Someone in the channel cheers a milestone: said in the channel, once per person."""
    channel = here.repo.get_channel(here.key)
    post = channel.posts.get(p.interview) if channel is not None else None
    if channel is None or post is None or p.arg != here.chat:
        return [reply("That post is too old to cheer, but a message says it just as well!",
                      private=True)]
    who = user_key(here.platform, here.user_id)
    if post.get("owner") == who:
        return [reply("That's your own news — let the others cheer you on!", private=True)]
    cheers: list[str] = post.setdefault("cheers", [])
    if who in cheers:
        return [reply("You've already cheered this one. 👏", private=True)]
    cheers.append(who)
    here.repo.save_channel(channel)
    owner = here.repo.get_user(str(post.get("owner")))
    fan = (here.user.display_name if here.user and here.user.display_name else name) or "Someone"
    them = board.display_name(owner) if owner is not None else "them"
    return [reply(f"👏 {fan.strip() or 'Someone'} cheers {them} on!",
                  about=[str(post.get("owner"))])]
