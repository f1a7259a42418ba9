"""Chart geometry for server-rendered SVG: numbers in, coordinates out (no markup here).

The macros in themes/<theme>/partials/designer/_charts.html draw them with text labels,
so every chart reads without colour and without JavaScript; each has a table beside it.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: float
    label_width: float = 190
    plot_width: float = 420
    row: float = 34


def bar_chart(
    items: list[tuple[str, int, str]], *, label_width: float = 100, plot: float = 260
) -> BarChart:
    """Horizontal bars: (label, value, text shown at the bar's end). The default fits a
    half-width card at about the page's text size."""
    top = max((v for _, v, _ in items), default=0) or 1
    row = 34.0
    bars = [
        Bar(label, value, text, 8 + i * row, max(plot * value / top, 2 if value else 0))
        for i, (label, value, text) in enumerate(items)
    ]
    return BarChart(bars, 16 + len(items) * row, label_width, plot, row)


@dataclass(frozen=True)
class Series:
    name: str
    points: str
    """`x,y x,y …` for a polyline."""
    marks: list[tuple[float, float, int]]
    dashed: bool


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    width: float
    height: float
    left: float
    bottom: float
    right: float
    extra: dict[str, Any] = field(default_factory=dict)


def line_chart(
    weeks: list[dict[str, Any]],
    keys: list[tuple[str, str]],
    *,
    width: float = 480.0,
    labels: int = 6,
) -> LineChart:
    """Weekly lines; `keys` are (key in each week, series name). `width` is in the SVG's
    units: the chart scales to its card, and its text with it, so a phone gets a narrower
    one (320, at most `labels` week labels) whose text stays about its set size."""
    height, left, right, top, bottom = 250.0, 40.0, width - 18.0, 12.0, 198.0
    highest = max((w[k] for w in weeks for k, _ in keys), default=0)
    step = _nice_step(highest)
    ceiling = max(step * math.ceil(highest / step), step)
    count = max(len(weeks) - 1, 1)

    def x(i: int) -> float:
        return round(left + (right - left) * i / count, 1)

    def y(v: float) -> float:
        return round(bottom - (bottom - top) * v / ceiling, 1)

    series = []
    for n, (key, name) in enumerate(keys):
        marks = [(x(i), y(w[key]), w[key]) for i, w in enumerate(weeks)]
        series.append(Series(name, " ".join(f"{a},{b}" for a, b, _ in marks), marks, n > 0))
    every = max(1, math.ceil(len(weeks) / labels))
    x_labels = [(x(i), _short(w["week"])) for i, w in enumerate(weeks) if i % every == 0]
    ticks = [(y(v), v) for v in range(0, int(ceiling) + 1, int(step))]
    return LineChart(series, x_labels, ticks, width, height, left, bottom, right)


def _nice_step(highest: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if highest / step <= 5:
            return step
    return int(10 ** math.ceil(math.log10(highest / 5)))


def _short(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d %b")


def duration(seconds: float | None) -> str:
    """ "2 h 5 min", "3 days 4 h" — or a dash."""
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return f"{max(minutes, 1)} min" if seconds >= 30 else f"{int(seconds)} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} %"
