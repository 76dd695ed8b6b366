"""The `stats` chart (issue 17, item 7), drawn with matplotlib's Agg backend: no display, no
files; the figure is written into memory and returned as PNG bytes. The core builds the rows
(`bot/core/coaching/stats.py`) and asks for the image through the `ChartRenderer` port, so it
never imports matplotlib; bot/cli.py wires this renderer in.

One line per open application, from its interview to today, with a diamond on the day they
promised a decision and a dot on the next step; a dashed line marks today."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date, timedelta

from bot.core.contract.ports import TimelineRow

WIDTH_INCHES = 7.0
ROW_INCHES = 0.45
DPI = 110  # about 770 pixels wide: sharp on a phone, a few tens of kilobytes
MAX_LABEL = 34


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


def _draw(rows: Sequence[TimelineRow], today: date) -> bytes:
    # Imported on the first chart, not at start-up (matplotlib takes a moment to load). The Agg
    # backend draws without a display; Figure() rather than pyplot registers nothing globally.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = Figure(figsize=(WIDTH_INCHES, 1.6 + ROW_INCHES * len(rows)), dpi=DPI,
                 layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]  # the first row at the top
    now = _x(today)
    for y, row in zip(ys, rows, strict=True):
        ax.plot([_x(row.interviewed), now], [y, y], color="#4c78a8", linewidth=3,
                solid_capstyle="round", label="waiting" if y == ys[0] else None)
        ax.plot([_x(row.interviewed)], [y], "o", color="#4c78a8", markersize=6)
        if row.promised is not None:
            ax.plot([_x(row.promised)], [y], "D", color="#e45756", markersize=7,
                    label="their date" if y == ys[0] else None)
        if row.next_step is not None:
            ax.plot([_x(row.next_step)], [y], "o", color="#54a24b", markersize=8,
                    label="next step" if y == ys[0] else None)
    ax.axvline(now, color="#888888", linestyle="--", linewidth=1, label="today")
    ax.set_yticks(ys, [_short(r.label) for r in rows])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    ax.set_title("Your open applications")
    ax.grid(axis="x", alpha=0.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize="small")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
