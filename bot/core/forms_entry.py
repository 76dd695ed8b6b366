"""The engine's look-ups for a form and a home screen (a base of `Engine`): checking a form
before it is sent (Slack needs the answer within 3 seconds, while the modal is still open),
a form pre-filled from a message or from an interview to edit, and the dashboard. None of them
writes anything; a checked form is saved by `Engine.handle` with `Incoming.form`, as one turn.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.coaching.dashboard import Dashboard, dashboard
from bot.core.coaching.intake import form as forms
from bot.core.contract.clock import Clock
from bot.core.contract.context import Ctx
from bot.core.contract.forms import FormErrors, InterviewForm
from bot.core.contract.models import User, user_key
from bot.core.contract.ports import Repository, UserDataUnreadable


class FormEntries:
    """Form and dashboard look-ups (`Engine` sets these attributes and `_ctx`)."""

    repo: Repository
    clock: Clock
    default_timezone: str

    def _ctx(self, user: User) -> Ctx:
        raise NotImplementedError  # Engine's

    def _someone(self, platform: str, uid: str, timezone: str | None) -> User:
        """The user's record, or (not known yet) a passing one in `timezone` if it is a zone
        (else the default): nothing is saved."""
        try:
            known = self.repo.get_user(user_key(platform, uid))
        except UserDataUnreadable:
            known = None
        if known is not None:
            return known
        zone = self.default_timezone
        if timezone:
            try:
                ZoneInfo(timezone)
                zone = timezone
            except (ZoneInfoNotFoundError, ValueError):
                pass
        return User(key=user_key(platform, uid), platform=platform, user_id=uid, chat_id="",
                    timezone=zone, created_at=self.clock.now())

    def form_errors(self, platform: str, uid: str, form: InterviewForm,
                    timezone: str | None = None) -> FormErrors:
        """What is wrong with a form, by field (intake.form.check; empty when it can be saved);
        `timezone` (IANA) is the user's zone as the platform tells it, used when Hearback
        doesn't know them yet."""
        ctx = self._ctx(self._someone(platform, uid, timezone))
        before = self.repo.get_interview(form.interview_id) if form.interview_id else None
        if before is not None and before.user_key != ctx.user.key:
            before = None
        return forms.check(ctx, form, before)

    def form_from_text(self, platform: str, uid: str, text: str,
                       timezone: str | None = None) -> InterviewForm:
        """The form a message's text fills (intake.form.from_text), read in the user's zone."""
        ctx = self._ctx(self._someone(platform, uid, timezone))
        return forms.from_text(text, ctx.now, ctx.prefs.tz)

    def form_to_edit(self, platform: str, uid: str, interview_id: str) -> InterviewForm | str:
        """The form of one of the user's open interviews, to edit it; or, when there is none to
        edit (someone else's, gone, closed), why, in a sentence for them."""
        ctx = self._ctx(self._someone(platform, uid, None))
        iv = self.repo.get_interview(interview_id)
        if iv is None or iv.user_key != ctx.user.key:
            return "That interview isn't in your list any more, so there's nothing to edit."
        if iv.status != "waiting":
            return (f"The follow-up for {iv.label} is already closed ({iv.outcome or 'done'}), "
                    f"so there's nothing to edit.")
        return forms.of_interview(iv, ctx.prefs.tz)

    def dashboard(self, platform: str, uid: str) -> Dashboard | None:
        """The user's dashboard (coaching.dashboard); None for someone Hearback doesn't know."""
        try:
            known = self.repo.get_user(user_key(platform, uid))
        except UserDataUnreadable:
            return None
        return dashboard(self._ctx(known)) if known is not None else None
