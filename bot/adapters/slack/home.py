"""Slack's App Home tab: the person's own interviews and next steps, then the boards of the team
channels they share into."""

from __future__ import annotations

from bot.adapters.slack import render
from bot.adapters.slack.channels import PLATFORM
from bot.adapters.slack.sending import Sending
from bot.core.contract.messages import Reply
from bot.core.notices import HOME_FOOTER, home_intro


class Home(Sending):
    """The App Home (a base of `SlackAdapter`)."""

    def home_reply(self, user_id: str) -> Reply:
        """What the Home tab shows: the user's interviews and next steps (the core's list view;
        no drafts, notes or contact details), or a short introduction."""
        overview = self.engine.overview(PLATFORM, user_id)
        return overview if overview is not None else home_intro(user_id)

    async def publish_home(self, user_id: str) -> None:
        """The Home tab: the person's own overview, then the board of each team channel they
        share into (the same board the channel gets)."""
        boards = [board for _, board in self.engine.boards(PLATFORM, user_id)]
        view = render.home_view(self.home_reply(user_id), HOME_FOOTER, boards=boards)
        await self._safely("views.publish", self.client.views_publish(user_id=user_id, view=view))
