"""The `stats` chart (issue 17, item 7), drawn with matplotlib's Agg backend: no display, no
files; the figure is written into memory and returned as PNG bytes. The core builds the rows
(`bot/core/coaching/stats.py`) and asks for the image through the `ChartRenderer` port, so it
never imports matplotlib; bot/cli.py wires this renderer in.

One line per open application, from its interview (a dot) to today, with a diamond on the day
they promised a decision and a green dot on the next step; a dashed line marks today. The legend
names each kind of mark the chart shows, and no other."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

from bot.core.contract.ports import TimelineRow

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_INCHES = 7.0
ROW_INCHES = 0.45
DPI = 110  # about 770 pixels wide: sharp on a phone, a few tens of kilobytes
MAX_LABEL = 34
MIN_DAYS = 14  # the narrowest time axis, in days


class MatplotlibCharts:
    """`ChartRenderer` on matplotlib. Safe to call from several threads (one lock: matplotlib's
    font cache and text layout are shared state)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def timeline(self, rows: Sequence[TimelineRow], today: date) -> bytes:
        """A PNG of `rows`, oldest at the top, `today` marked. Raises ValueError for no rows."""
        if not rows:
            raise ValueError("a timeline needs at least one application")
        with self._lock:
            return _draw(rows, today)


EPOCH = date(1970, 1, 1)


def _x(day: date) -> float:
    """A day on the x axis: days since 1970-01-01 (plain numbers, labelled by `_day_label`)."""
    return float((day - EPOCH).days)


def _day_label(value: float, position: int | None = None) -> str:
    return (EPOCH + timedelta(days=round(value))).strftime("%d %b")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


class _Mark(NamedTuple):
    """A kind of mark as the legend shows it."""

    label: str
    colour: str
    marker: str
    style: Literal["none", "-", "--"]
    width: float


# The kinds of mark, in the legend's order.
_INTERVIEW = _Mark("interview", "#4c78a8", "o", "none", 0.0)
_WAITING = _Mark("waiting", "#4c78a8", "none", "-", 3.0)
_PROMISED = _Mark("their date", "#e45756", "D", "none", 0.0)
_NEXT = _Mark("next step", "#54a24b", "o", "none", 0.0)
_TODAY = _Mark("today", "#888888", "none", "--", 1.0)


def legend_kinds(rows: Sequence[TimelineRow], today: date) -> list[str]:
    """The legend's labels: every kind of mark drawn for `rows`, and only those (a row's
    diamond or next step counts wherever it is, not just on the top row)."""
    kinds = [_INTERVIEW]
    if any(row.interviewed < today for row in rows):  # a line of no length is not drawn
        kinds.append(_WAITING)
    if any(row.promised is not None for row in rows):
        kinds.append(_PROMISED)
    if any(row.next_step is not None for row in rows):
        kinds.append(_NEXT)
    kinds.append(_TODAY)
    return [k.label for k in kinds]


def _draw(rows: Sequence[TimelineRow], today: date) -> bytes:
    out = io.BytesIO()
    timeline_figure(rows, today).savefig(out, format="png")
    return out.getvalue()


def timeline_figure(rows: Sequence[TimelineRow], today: date) -> Figure:
    """The chart of `rows` as a matplotlib Figure (not yet drawn), `today` marked."""
    # Imported on the first chart, not at start-up (matplotlib takes a moment to load). The Agg
    # backend draws without a display; Figure() rather than pyplot registers nothing globally.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = Figure(figsize=(WIDTH_INCHES, 1.6 + ROW_INCHES * len(rows)), dpi=DPI,
                 layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]  # the first row at the top
    now = _x(today)
    for y, row in zip(ys, rows, strict=True):
        if row.interviewed < today:
            ax.plot([_x(row.interviewed), now], [y, y], color=_WAITING.colour, linewidth=3,
                    solid_capstyle="round")
        ax.plot([_x(row.interviewed)], [y], "o", color=_INTERVIEW.colour, markersize=6)
        if row.promised is not None:
            ax.plot([_x(row.promised)], [y], "D", color=_PROMISED.colour, markersize=7)
        if row.next_step is not None:
            ax.plot([_x(row.next_step)], [y], "o", color=_NEXT.colour, markersize=8)
    ax.axvline(now, color=_TODAY.colour, linestyle="--", linewidth=1)
    # At least MIN_DAYS across, a day's margin each side: with every mark on one day matplotlib
    # would otherwise stretch the axis over months.
    days = [_x(d) for row in rows for d in (row.interviewed, row.promised, row.next_step)
            if d is not None] + [now]
    lo, hi = min(days), max(days)
    pad = max(1.0, (MIN_DAYS - (hi - lo)) / 2)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_yticks(ys, [_short(r.label) for r in rows])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    ax.set_title("Your open applications")
    ax.grid(axis="x", alpha=0.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    # The legend is built from the kinds drawn anywhere, not from the top row's marks (whose
    # missing date used to drop "their date" from the legend).
    shown = legend_kinds(rows, today)
    handles = [Line2D([], [], color=k.colour, marker=k.marker, linestyle=k.style,
                      linewidth=k.width, markersize=7, label=k.label)
               for k in (_INTERVIEW, _WAITING, _PROMISED, _NEXT, _TODAY) if k.label in shown]
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False,
               fontsize="small")
    return fig
