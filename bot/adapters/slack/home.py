"""Slack's App Home tab: for someone Hearback knows, the dashboard (each open application with
its next step and buttons, the closed ones, the figures: home_blocks.py) and the boards of the
team channels they share into; for anyone else a short introduction with "Log an interview"."""

from __future__ import annotations

from bot.adapters.lanes import CoreThread
from bot.adapters.slack import render
from bot.adapters.slack.channels import PLATFORM
from bot.adapters.slack.home_blocks import dashboard_view
from bot.adapters.slack.sending import Sending
from bot.core.notices import HOME_FOOTER, home_intro


class Home(Sending):
    """The App Home (a base of `SlackAdapter`)."""

    core: CoreThread

    def home_view(self, user_id: str) -> dict[str, object]:
        """The Home tab's view (views.publish `view`): the dashboard and the user's team boards,
        or the introduction."""
        board = self.engine.dashboard(PLATFORM, user_id)
        boards = [reply for _, reply in self.engine.boards(PLATFORM, user_id)]
        if board is None:
            return render.home_view(home_intro(user_id), HOME_FOOTER, boards=boards)
        return dashboard_view(board, HOME_FOOTER, boards=boards)

    async def publish_home(self, user_id: str) -> None:
        """Publish the Home tab (on opening it, and after a change made there)."""
        view = await self.core.run(self.home_view, user_id)
        await self._safely("views.publish", self.client.views_publish(user_id=user_id, view=view))
