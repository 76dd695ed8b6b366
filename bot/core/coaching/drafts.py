"""Drafts the user sends: the thank-you (step 4), the agreed follow-up email (step 3) and a
gracious reply after a rejection. Every draft is signed with the profile and checked before it
is shown (step 3: craft consciously).

Before a first draft the missing profile fields are asked (the profile flow, which hands back to
`after_profile`); before a thank-you, what the user enjoyed (the one step of this flow)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.account import profile
from bot.core.account.profile import LABELS, missing
from bot.core.coaching.letters import LETTERS, write
from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Resume, Retry, Rows, Step
from bot.core.contract.messages import Button, Reply, Span, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, Interview
from bot.core.language.checking import check_text, problems_text
from bot.core.language.extract import clean_name

FLOW = "draft"
BUTTON_ACTION = "dr"
# Draft kinds (in button payloads) -> how the user reads them.
KINDS = {code: letter.name for code, letter in LETTERS.items()}
SKIP_LIKED = "tys"
ASK_LIKED = "tyl"


@dataclass
class DraftState:
    """A draft waiting for an answer (Dialog.data): its interview and kind."""

    iv: str = ""
    kind: str = "ty"


def _liked(ctx: Ctx, s: DraftState, text: str) -> str:
    """What the user enjoyed, "" for nothing to mention."""
    liked = clean_name(text, 200)
    return "" if liked.lower() in ("skip", "no", "nothing", "none", "") else liked


def _liked_buttons(ctx: Ctx, s: DraftState, step: object = None) -> Rows:
    return [[buttons.make("Skip", BUTTON_ACTION, ctx.owner, s.iv, SKIP_LIKED),
             flows.cancel_button(ctx.owner)]]


STEPS: dict[str, Step[DraftState, str]] = flows.table(
    Step("liked", "Was there something you enjoyed or want to mention from the interview (e.g. "
                  "\"the team's approach to testing\")? It makes the note personal.",
         _liked, _liked_buttons),
)
LIKED = STEPS["liked"]


def draft_button(owner: str, iv: Interview, kind: str, label: str | None = None) -> Button:
    return buttons.make(label or f"Draft my {KINDS[kind]}", BUTTON_ACTION, owner, iv.id, kind)


# -- entry points -------------------------------------------------------------------------------
def press(ctx: Ctx, p: Press) -> list[Reply]:
    iv = ctx.repo.get_interview(p.interview) if p.interview else None
    if iv is not None and p.arg == SKIP_LIKED:
        dialog = ctx.repo.get_dialog(ctx.user.key)
        if dialog is not None and dialog.flow == FLOW:
            ctx.repo.clear_dialog(ctx.user.key)
        iv.liked = ""
        ctx.repo.save_interview(iv)
        return [draft_reply(ctx, iv, "ty")]
    if iv is not None and p.arg == ASK_LIKED:
        iv.liked = None
        ctx.repo.save_interview(iv)
        return after_profile(ctx, {"draft": "ty", "iv": iv.id})
    if iv is None or p.arg not in KINDS:
        return [reply("That draft button has nothing to work on any more.")]
    return start(ctx, iv, p.arg)


def latest_unsent(ctx: Ctx) -> Interview | None:
    """The interview whose thank-you is most likely meant: the newest one not marked sent."""
    unsent = [iv for iv in ctx.repo.interviews_for(ctx.user.key)
              if iv.status == "waiting" and iv.thank_you_sent_at is None]
    return unsent[-1] if unsent else None


def start(ctx: Ctx, iv: Interview, kind: str) -> list[Reply]:
    then = {"draft": kind, "iv": iv.id}
    if not ctx.user.profile_asked and missing(ctx.user):
        return profile.start(ctx, missing(ctx.user), Resume(FLOW, then),
                             lead="First, the details that sign your draft (Skip any you'd "
                                  "rather leave out).")
    return after_profile(ctx, then)


def after_profile(ctx: Ctx, then: dict[str, str]) -> list[Reply]:
    """Carry on after the profile questions: `then` is {"draft": kind, "iv": interview id} (the
    continuation the features registry declares for this flow: `Feature.resumes_after`)."""
    iv = ctx.repo.get_interview(str(then.get("iv")))
    kind = str(then.get("draft"))
    if iv is None or iv.user_key != ctx.user.key or kind not in KINDS:
        return [reply("Your profile is saved.")]
    if kind == "ty" and iv.liked is None:
        s = DraftState(iv=iv.id, kind=kind)
        flows.open_dialog(ctx, FLOW, LIKED.name, s)
        return [LIKED.ask(ctx, s)]
    return [draft_reply(ctx, iv, kind)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    s = flows.load(DraftState, dialog.data)
    if ctx.repo.get_interview(s.iv) is None:
        return reply(lead)
    return LIKED.ask(ctx, s, lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    s = flows.load(DraftState, dialog.data)
    iv = ctx.repo.get_interview(s.iv)
    ctx.repo.clear_dialog(ctx.user.key)
    if iv is None:
        return [reply("That interview is gone, so there's nothing to draft.")]
    liked = LIKED.read(ctx, s, text)
    iv.liked = "" if isinstance(liked, Retry) else liked  # any answer will do
    ctx.repo.save_interview(iv)
    return [draft_reply(ctx, iv, "ty")]


def known_words(ctx: Ctx, iv: Interview) -> list[str]:
    """Names the spelling check must not flag: the user's, the interviewer's, the company's."""
    u = ctx.user
    return [w for w in (u.full_name, u.display_name, u.address, iv.interviewer, iv.company,
                        iv.role) if w]


def draft_reply(ctx: Ctx, iv: Interview, kind: str) -> Reply:
    subject, body = write(ctx, iv, kind)
    t = TextBuilder()
    t.line(bold(f"Your {KINDS[kind]} draft"), " — copy it, make it yours, then send it:")
    t.blank()
    t.add(Span(f"Subject: {subject}\n\n{body}", "pre"))
    t.blank()
    # Fields never asked still show as placeholders; skipped ones are left out of the letter.
    gaps = [LABELS[f].lower() for f in missing(ctx.user)]
    # Every placeholder still in the draft is counted: it never "reads well" over one.
    problems = check_text(f"Subject: {subject}\n\n{body}", known_words(ctx, iv),
                          ctx.services.grammar)
    t.line(bold("Checked:"))
    for line in problems_text(problems):
        t.line(line)
    if gaps:
        one = len(gaps) == 1
        if ctx.user.profile_asked:
            t.line(f"You skipped your {', '.join(gaps)}, so I left {'it' if one else 'them'} "
                   f"out of the draft; add {'it' if one else 'them'} with profile whenever you "
                   f"like.")
        else:
            t.line(f"Your {', '.join(gaps)} {'is' if one else 'are'} not in your profile, so "
                   f"the draft has {'a placeholder' if one else 'placeholders'} for "
                   f"{'it' if one else 'them'}: fill {'it' if one else 'them'} in before "
                   f"sending, or add {'it' if one else 'them'} with profile.")
    rows: list[list[Button]] = []
    if kind == "ty":
        rows.append([buttons.make("Thank-you sent ✓", "ty", ctx.owner, iv.id)])
    if gaps:
        # The profile flow hands back to this draft when it's done.
        rows.append([buttons.make("Fill in my profile", profile.BUTTON_ACTION, ctx.owner, iv.id,
                                  f"all.{kind}")])
    if kind == "ty" and iv.liked:
        rows.append([buttons.make("Change what I enjoyed", BUTTON_ACTION, ctx.owner, iv.id,
                                  ASK_LIKED)])
    return reply(t, buttons=rows)
