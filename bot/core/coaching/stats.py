"""`stats` (issue 17, item 7): the search at a glance. Applications by stage, the response rate
(the share that got an answer from the employer: selected, standby or not selected; applications
the user withdrew from are left out, since the user ended them, not the employer), the median
days from interview to their first answer (`Interview.answered_at`), and the longest wait still
open; with a chart renderer (`Services.charts`, drawn outside the core) also a timeline image of
each open application's dates: interview, promised decision, next step, today.

Pure: the figures come from the stored records; the chart is plain data handed to the port."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from statistics import median

from bot.core.contract.context import Ctx
from bot.core.contract.messages import Attachment, Reply, TextBuilder, bold, reply
from bot.core.contract.models import Interview
from bot.core.contract.ports import TimelineRow
from bot.core.plan.planner import local_day
from bot.core.plan.views import next_step

log = logging.getLogger("hearback.stats")

CHART_FILE = "hearback-stats.png"
# The stages in the order `stats` lists them.
STAGES = ("waiting, no date yet", "waiting for their date", "decision overdue", "on standby",
          "offer", "not selected", "withdrawn", "closed")
ANSWERS = ("selected", "standby", "not selected")
WITHDRAWN = "withdrawn"  # Interview.outcome of one the user withdrew from (applications.py)


@dataclass(frozen=True)
class Figures:
    """The numbers `stats` shows: applications per stage (only stages with any), how many, how
    many the user withdrew from, how many got an answer, the median whole days from interview
    to answer (None: no answer with its day recorded), and the longest open wait (label, days;
    None: nothing open)."""

    by_stage: dict[str, int]
    total: int
    withdrawn: int
    answered: int
    median_days: float | None
    longest: tuple[str, int] | None

    @property
    def counted(self) -> int:
        """The applications the response rate is out of: all but the withdrawn ones."""
        return self.total - self.withdrawn

    @property
    def response_rate(self) -> int:
        """Answered applications as a whole percentage of the counted ones (0 with none)."""
        return round(100 * self.answered / self.counted) if self.counted else 0


def stage_of(iv: Interview, today: date) -> str:
    """One of STAGES for an application, on `today` (local)."""
    if iv.status == "waiting":
        if iv.outcome == "standby":
            return "on standby"
        if iv.decision_by is None:
            return "waiting, no date yet"
        return "decision overdue" if today > iv.decision_by else "waiting for their date"
    return {"selected": "offer", "not selected": "not selected",
            WITHDRAWN: "withdrawn"}.get(iv.outcome or "", "closed")


def figures(ctx: Ctx) -> Figures:
    """The user's figures now (days counted in their zone)."""
    tz = ctx.prefs.tz
    today = local_day(ctx.now, tz)
    ivs = ctx.repo.interviews_for(ctx.user.key)
    counts = {s: 0 for s in STAGES}
    for iv in ivs:
        counts[stage_of(iv, today)] += 1
    answered = [iv for iv in ivs if iv.outcome in ANSWERS]
    days = [(local_day(iv.answered_at, tz) - local_day(iv.interviewed_at, tz)).days
            for iv in answered if iv.answered_at is not None]
    waits = [(iv.label, (today - local_day(iv.interviewed_at, tz)).days)
             for iv in ivs if iv.status == "waiting"]
    return Figures(by_stage={s: n for s, n in counts.items() if n}, total=len(ivs),
                   withdrawn=counts["withdrawn"], answered=len(answered),
                   median_days=median(days) if days else None,
                   longest=max(waits, key=lambda w: w[1]) if waits else None)


def timeline(ctx: Ctx) -> list[TimelineRow]:
    """The chart's rows: each open application, oldest interview first."""
    tz = ctx.prefs.tz
    rows = []
    for iv in sorted((iv for iv in ctx.repo.interviews_for(ctx.user.key)
                      if iv.status == "waiting"), key=lambda iv: iv.interviewed_at):
        step = next_step(ctx, iv)
        rows.append(TimelineRow(iv.label, local_day(iv.interviewed_at, tz), iv.decision_by,
                                local_day(step.due_at, tz) if step is not None else None))
    return rows


def _days(n: float) -> str:
    shown = f"{n:g}" if n != int(n) else str(int(n))
    return f"{shown} day{'' if n == 1 else 's'}"


def _response_rate(f: Figures) -> str:
    """The response-rate line; the withdrawn applications are named as left out."""
    if not f.counted:
        return "Response rate: none yet (you withdrew from every application so far)"
    line = f"Response rate: {f.response_rate}% ({f.answered} of {f.counted} got an answer"
    if f.withdrawn:
        line += (f"; the {f.withdrawn} you withdrew from {'is' if f.withdrawn == 1 else 'are'}"
                 f" left out")
    return line + ")"


def figures_text(ctx: Ctx) -> TextBuilder | None:
    """The figures as `stats` words them (also on Slack's App Home); None with no
    applications."""
    f = figures(ctx)
    if not f.total:
        return None
    t = TextBuilder().line(bold(f"Your search: {f.total} application"
                                f"{'' if f.total == 1 else 's'}"))
    for stage, n in f.by_stage.items():
        t.line(f"• {stage}: {n}")
    t.blank()
    t.line(_response_rate(f))
    if f.median_days is not None:
        t.line(f"Median time to an answer: {_days(f.median_days)}")
    if f.longest is not None:
        t.line(f"Longest wait so far: {f.longest[0]}, {_days(f.longest[1])}")
    return t


def command(ctx: Ctx, rest: str = "") -> list[Reply]:
    """`stats`: the figures as text, and the timeline image when a renderer is wired and
    something is open."""
    t = figures_text(ctx)
    if t is None:
        return [reply("No applications yet, so no figures. Tell me about an interview and "
                      "they'll start adding up.")]
    rows = timeline(ctx)
    charts = ctx.services.charts
    if charts is None or not rows:
        return [reply(t)]
    # Only the marks the chart has (as its legend): "their date" when some row has one.
    marks = ["interview", *(["their date"] if any(r.promised for r in rows) else []),
             *(["your next step"] if any(r.next_step for r in rows) else [])]
    t.line(f"The chart shows each open application: {', '.join(marks)}.")
    try:
        image = charts.timeline(rows, local_day(ctx.now, ctx.prefs.tz))
    except Exception:  # a drawing failure must not lose the figures: the text goes alone
        log.exception("the stats chart could not be drawn")
        t.line("(The chart couldn't be drawn this time; the figures above are complete.)")
        return [reply(t)]
    return [reply(t, attachments=[Attachment(CHART_FILE, "image/png", image)])]
