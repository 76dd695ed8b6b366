"""`stats` (issue 17, item 7): the figures on a known set of applications through the core, the
chart drawn with matplotlib, and the image as each platform sends it: Telegram's sendPhoto and
Slack's files upload (the real python-telegram-bot and slack-bolt against the fakes), the
terminal's file in the data directory."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date, timedelta
from pathlib import Path

from bot.adapters.console import ConsoleChat
from bot.charts import MatplotlibCharts
from bot.core.contract.clock import FakeClock
from bot.core.contract.messages import Incoming
from bot.core.contract.ports import Repository, Services, TimelineRow
from bot.core.engine import Engine
from tests.conftest import Chat, log_interview
from tests.test_slack import slack
from tests.test_telegram import ADA, Session, methods, run

GLOBEX = ("I just had an interview with Bob at Globex for the data role, they said by "
          "11 December. HR will tell me")
INITECH = ("I just had an interview with Sam at Initech for the QA role, they said by "
           "11 December. HR will tell me")
UMBRELLA = ("I just had an interview with Kim at Umbrella for the ops role, they said by "
            "11 December. HR will tell me")
PNG = b"\x89PNG\r\n\x1a\n"


def known_search(chat: Chat, clock: FakeClock) -> None:
    """Four applications: Acme (25 Nov, answered "not selected" 10 days later), Globex (an
    offer 4 days after its interview), Initech (standby after 6 days), Umbrella still waiting."""
    log_interview(chat)  # Acme, Wed 25 Nov
    clock.advance(timedelta(days=1))
    log_interview(chat, GLOBEX)  # Thu 26 Nov
    log_interview(chat, INITECH)
    log_interview(chat, UMBRELLA)
    clock.advance(timedelta(days=3))  # Sun 29 Nov
    chat.say("outcome")
    press_in(chat, 1, "Selected 🎉")
    chat.press("They didn't say")
    clock.advance(timedelta(days=3))  # Wed 2 Dec
    chat.say("outcome")
    press_in(chat, 1, "On standby")  # Initech, now the second open one after Acme
    chat.press("They didn't say")
    clock.advance(timedelta(days=8))  # Thu 10 Dec
    chat.say("outcome")
    press_in(chat, 0, "Not selected")  # Acme


def press_in(chat: Chat, index: int, label: str) -> None:
    """Press `label` under the `index`-th reply (the `outcome` list has one per interview)."""
    [payload] = [b.payload for row in chat.last[index].buttons for b in row if b.label == label]
    chat.last = chat.engine.handle(Incoming(chat.platform, chat.user, chat.user, button=payload))


def test_stats_figures_on_a_known_search(chat: Chat, clock: FakeClock) -> None:
    known_search(chat, clock)
    chat.say("stats")
    text = chat.text
    assert "Your search: 4 applications" in text
    assert "• decision overdue: 0" not in text  # only stages with applications
    assert "• waiting for their date: 1" in text  # Umbrella
    assert "• on standby: 1" in text and "• offer: 1" in text and "• not selected: 1" in text
    assert "Response rate: 75% (3 of 4 got an answer)" in text
    # Globex 26 Nov -> 29 Nov: 3 days; Initech 26 Nov -> 2 Dec: 6; Acme 25 Nov -> 10 Dec: 15.
    assert "Median time to an answer: 6 days" in text
    assert "Longest wait so far: data role at Initech" not in text
    assert "Longest wait so far: QA role at Initech, 14 days" in text
    assert chat.last[0].attachments == ()  # no renderer wired: text only


def test_a_withdrawn_application_is_its_own_stage_and_left_out_of_the_response_rate(
        chat: Chat, clock: FakeClock) -> None:
    known_search(chat, clock)
    chat.say("I withdrew from Umbrella")
    assert "Withdrawn: the ops role at Umbrella" in chat.text
    chat.say("stats")
    text = chat.text
    assert "Your search: 4 applications" in text
    assert "• withdrawn: 1" in text and "closed" not in text
    assert "waiting for their date" not in text
    # The user ended Umbrella, not the employer: 3 answers out of the other 3.
    assert "Response rate: 100% (3 of 3 got an answer; the 1 you withdrew from is left out)" \
        in text


def test_with_every_application_withdrawn_there_is_no_response_rate(chat: Chat) -> None:
    log_interview(chat)
    chat.say("I withdrew from Acme")
    chat.say("stats")
    assert "• withdrawn: 1" in chat.text
    assert "Response rate: none yet (you withdrew from every application so far)" in chat.text


def test_stats_with_nothing_logged_says_so(chat: Chat) -> None:
    chat.say("stats")
    assert "No applications yet" in chat.text


def test_stats_attaches_the_timeline_chart_when_a_renderer_is_wired(
        chat: Chat, clock: FakeClock) -> None:
    chat.engine.services = Services(charts=MatplotlibCharts())
    known_search(chat, clock)
    chat.say("stats")
    [att] = chat.last[0].attachments
    assert att.filename == "hearback-stats.png" and att.mime == "image/png"
    assert att.data.startswith(PNG) and 5_000 < len(att.data) < 300_000


def test_the_words_under_the_figures_name_only_the_marks_the_chart_has(chat: Chat) -> None:
    chat.engine.services = Services(charts=MatplotlibCharts())
    chat.say("I just had an interview with Bob at Globex for the data role. HR will tell me")
    chat.press("They didn't say")
    chat.press("No")
    chat.say("stats")
    assert "The chart shows each open application: interview, your next step." in chat.text
    log_interview(chat)  # Acme, with their date
    chat.say("stats")
    assert "The chart shows each open application: interview, their date, your next step." \
        in chat.text


def test_a_chart_that_cannot_be_drawn_leaves_the_figures(chat: Chat) -> None:
    class Broken:
        def timeline(self, rows: object, today: date) -> bytes:
            raise RuntimeError("no fonts")

    chat.engine.services = Services(charts=Broken())
    log_interview(chat)
    chat.say("stats")
    assert "Your search: 1 application" in chat.text
    assert "couldn't be drawn" in chat.text


def test_the_chart_is_a_png_of_the_rows() -> None:
    from PIL import Image

    data = MatplotlibCharts().timeline(
        [TimelineRow("backend role at Acme", date(2026, 11, 25), date(2026, 11, 27),
                     date(2026, 11, 30)),
         TimelineRow("data role at Globex", date(2026, 11, 20), None, None)], date(2026, 12, 1))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    width, height = image.size
    assert 600 < width < 1000 and 150 < height < 500


def _legend(rows: list[TimelineRow], today: date) -> list[str]:
    from bot.charts import timeline_figure

    [legend] = timeline_figure(rows, today).legends
    return [t.get_text() for t in legend.get_texts()]


def test_the_legend_names_every_kind_of_mark_even_when_the_top_row_lacks_it() -> None:
    # The audit's search: the top row (Initech, on standby) has no date of theirs; the rows
    # below have one, and the chart draws their diamonds.
    rows = [TimelineRow("QA role at Initech", date(2026, 11, 16), None, date(2026, 11, 26)),
            TimelineRow("backend role at Acme", date(2026, 11, 25), date(2026, 11, 27),
                        date(2026, 11, 30)),
            TimelineRow("data role at Globex", date(2026, 11, 25), date(2026, 12, 11),
                        date(2026, 12, 14))]
    assert _legend(rows, date(2026, 11, 25)) == [
        "interview", "waiting", "their date", "next step", "today"]


def test_the_legend_names_only_the_marks_drawn() -> None:
    # No date of theirs, no next step, and every interview today (no waiting line yet).
    rows = [TimelineRow("QA role at Initech", date(2026, 12, 1), None, None),
            TimelineRow("data role at Globex", date(2026, 12, 1), None, None)]
    assert _legend(rows, date(2026, 12, 1)) == ["interview", "today"]
    rows.append(TimelineRow("ops role at Umbrella", date(2026, 11, 20), None, date(2026, 12, 3)))
    assert _legend(rows, date(2026, 12, 1)) == ["interview", "waiting", "next step", "today"]


def test_telegram_sends_the_chart_with_send_photo(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Session(tmp_path) as h:
            h.engine.services = Services(charts=MatplotlibCharts())
            await h.intake()
            calls = await h.say("/stats")
            assert methods(calls) == ["sendMessage", "sendPhoto"]
            assert "Your search: 1 application" in calls[0].text
            name, data = calls[1].files["photo"]
            assert name == "hearback-stats.png" and data.startswith(PNG)
            assert calls[1].chat_id == ADA and calls[1].status == 200

    run(scenario())


def test_slack_uploads_the_chart_to_the_dm(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with slack(tmp_path) as s:
            s.engine.services = Services(charts=MatplotlibCharts())
            await s.intake()
            posted = await s.dm("stats")
            assert "Your search: 1 application" in posted.text
            await s.fake.wait_for("files.completeUploadExternal")
            [done] = s.fake.calls_to("files.completeUploadExternal")
            assert done.args["channel_id"] == "DU1"
            assert [f["title"] for f in json.loads(done.args["files"])] == ["hearback-stats.png"]
            [data] = s.fake.uploads.values()
            assert data.startswith(PNG)

    asyncio.run(asyncio.wait_for(scenario(), 30))


def test_the_terminal_prints_the_stats_and_saves_the_chart_in_the_data_dir(
        repo: Repository, clock: FakeClock, tmp_path: Path) -> None:
    engine = Engine(repo, clock, "Europe/London", Services(charts=MatplotlibCharts()))
    out = io.StringIO()
    charts = tmp_path / "data" / "charts"
    console = ConsoleChat(engine, out, user="ada", files_dir=tmp_path / "exports",
                          charts_dir=charts, zone="Europe/London")
    log_interview(Chat(engine, user="ada"))
    console._show(engine.handle(console.incoming("stats")))
    printed = out.getvalue()
    assert "Your search: 1 application" in printed
    saved = charts / "hearback-stats.png"
    assert f"(saved {saved})" in printed
    assert saved.read_bytes().startswith(PNG)
    assert not (tmp_path / "exports").exists()


def test_a_mistyped_status_is_still_status_next_to_stats(chat: Chat) -> None:
    from bot.core.features import suggest_command

    assert suggest_command("/stauts") == "status" and suggest_command("statsu") == "status"
    assert suggest_command("stsats") == "stats"
    chat.say("statistics")  # the alias
    assert "No applications yet" in chat.text
