"""The profile that signs every draft: full name, phone, email, mailing address (step 4 of the
article: include them so the interviewer can reach you). Each is optional.

The four questions are one step table (STEPS). Asked on the way to a draft, the profile keeps
where to go back to as plain data (`flows.Resume`) and hands back through the continuation the
layer above registered for that flow, so this module never imports the flow it returns to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.contract import buttons, flows
from bot.core.contract.buttons import Press
from bot.core.contract.context import Ctx
from bot.core.contract.flows import Resume, Retry, Rows, Step
from bot.core.contract.messages import Reply, TextBuilder, bold, reply
from bot.core.contract.models import Dialog, User
from bot.core.language.extract import EMAIL_RE, PHONE_RE, clean_name
from bot.core.language.intents import means_skip

FLOW = "profile"
BUTTON_ACTION = "pf"
# The flow a "Fill in my profile" button under a draft ("all.<kind>") hands back to: drafts.FLOW,
# a stored name.
DRAFT_FLOW = "draft"
FIELDS = ("full_name", "phone", "email", "address")
LABELS = {"full_name": "Full name", "phone": "Phone", "email": "Email",
          "address": "Mailing address"}
SKIP_RE = re.compile(r"^(?:skip|pass|none|no|n/?a|rather not)[.!]?$", re.IGNORECASE)


@dataclass
class ProfileState:
    """The profile questions in progress (Dialog.data): the fields still to ask after the open
    one, and where to go back to when they are done (None: show the profile)."""

    queue: list[str] = field(default_factory=list)
    then: Resume | None = None


def _state(dialog: Dialog) -> ProfileState:
    data = dialog.data
    then = data.get("then")
    if isinstance(then, dict) and "flow" not in then:
        # Saved before `then` named its flow ({"draft": kind, "iv": id}): only drafts asked.
        data = {**data, "then": {"flow": DRAFT_FLOW, "args": then} if then.get("draft")
                else None}
    return flows.load(ProfileState, data)


# -- the questions ------------------------------------------------------------------------------
def _retry(problem: str) -> Retry:
    return Retry(f"{problem} Try again, or Skip.")


def _full_name(ctx: Ctx, s: object, text: str) -> str | Retry:
    value = clean_name(text, 100)
    if len(value) < 2 or not any(ch.isalpha() for ch in value):
        return _retry("Please give your name as you'd sign it (at least two letters).")
    return value


def _phone(ctx: Ctx, s: object, text: str) -> str | Retry:
    m = PHONE_RE.search(text)
    if not m:
        return _retry("That doesn't look like a phone number (+44 7700 900123).")
    return re.sub(r"\s+", " ", m.group(0)).strip()


def _email(ctx: Ctx, s: object, text: str) -> str | Retry:
    m = EMAIL_RE.fullmatch(text.strip())
    return m.group(0) if m else _retry("That doesn't look like an email address "
                                       "(name@example.com).")


def _address(ctx: Ctx, s: object, text: str) -> str | Retry:
    return clean_name(text, 200) or _retry("I couldn't read an address there.")


def skip_cancel(ctx: Ctx, s: object, step: Step[object, str]) -> Rows:
    """Skip this question, or Cancel."""
    return [[buttons.make("Skip", BUTTON_ACTION, ctx.owner, arg=f"skip:{step.name}"),
             flows.cancel_button(ctx.owner)]]


# Each answer is kept on the User record, in the attribute the step is named after.
STEPS: dict[str, Step[object, str]] = flows.table(
    Step("full_name", "What's your full name, as you'd sign an email?", _full_name, skip_cancel),
    Step("phone", "Which phone number should they call you on?", _phone, skip_cancel),
    Step("email", "Which email address should they reply to?", _email, skip_cancel),
    Step("address", "Your mailing address (one line is fine, e.g. \"12 High St, Leeds LS1 4AB\")?",
         _address, skip_cancel),
)


def missing(user: User) -> list[str]:
    return [f for f in FIELDS if not getattr(user, f)]


def command(ctx: Ctx, rest: str) -> list[Reply]:
    return [show(ctx)]


def show(ctx: Ctx, lead: str | None = None) -> Reply:
    u = ctx.user
    t = TextBuilder()
    if lead:
        t.line(lead)
    t.line(bold("Your profile"), " (it signs your drafts; nothing here is ever shown in a "
           "group)")
    for f in FIELDS:
        t.line(f"• {LABELS[f]}: {getattr(u, f) or 'not set'}")
    rows = [[buttons.make(f"Change {LABELS[f].lower()}", BUTTON_ACTION, ctx.owner, arg=f)]
            for f in FIELDS]
    if missing(u):
        rows.insert(0, [buttons.make("Fill in what's missing", BUTTON_ACTION, ctx.owner,
                                     arg="all")])
    return reply(t, buttons=rows)


def start(ctx: Ctx, fields: list[str], then: Resume | None = None,
          lead: str | None = None) -> list[Reply]:
    """Ask for `fields` one by one; `then` says where to go back to afterwards (e.g. the draft
    that needs them); without it the profile is shown."""
    ctx.user.profile_asked = True
    ctx.repo.save_user(ctx.user)
    if not fields:
        return finish(ctx, then)
    s = ProfileState(queue=fields[1:], then=then)
    flows.open_dialog(ctx, FLOW, fields[0], s)
    return [STEPS[fields[0]].ask(ctx, s, lead)]


def current(ctx: Ctx, dialog: Dialog, lead: str) -> Reply:
    return STEPS[dialog.step].ask(ctx, _state(dialog), lead)


def answer(ctx: Ctx, dialog: Dialog, text: str) -> list[Reply]:
    """The open field's answer (kept on the user at once), or "skip"."""
    if SKIP_RE.match(text.strip()) or means_skip(text):
        return _next(ctx, dialog)
    step = STEPS[dialog.step]
    value = step.read(ctx, None, text)
    if isinstance(value, Retry):
        return [step.ask(ctx, None, value.why)]
    setattr(ctx.user, step.name, value)
    ctx.repo.save_user(ctx.user)
    return _next(ctx, dialog)


def _next(ctx: Ctx, dialog: Dialog) -> list[Reply]:
    s = _state(dialog)
    if s.queue:
        step = s.queue.pop(0)
        flows.save(ctx, dialog, s, step)
        return [STEPS[step].ask(ctx, s)]
    ctx.repo.clear_dialog(ctx.user.key)
    return finish(ctx, s.then)


def finish(ctx: Ctx, then: Resume | None) -> list[Reply]:
    """The questions are done: back to what asked for them, or the profile as it now stands."""
    resumed = flows.resume(ctx, then) if then is not None else None
    return resumed if resumed is not None else [show(ctx, "Saved.")]


def press(ctx: Ctx, p: Press) -> list[Reply]:
    """"skip:<field>" (the open question), "all" or "all.<kind>" (every missing field, then the
    draft of that kind for `p.interview`), "<field>" (change one)."""
    if p.arg.startswith("skip:"):
        dialog = ctx.repo.get_dialog(ctx.user.key)
        if dialog is None or dialog.flow != FLOW or dialog.step != p.arg[5:]:
            return [reply("That question has already moved on.")]
        return _next(ctx, dialog)
    if p.arg.startswith("all"):
        _, _, kind = p.arg.partition(".")
        then = Resume(DRAFT_FLOW, {"draft": kind, "iv": p.interview}) \
            if kind and p.interview else None
        return start(ctx, missing(ctx.user), then)
    if p.arg in FIELDS:
        return start(ctx, [p.arg])
    return [show(ctx)]
