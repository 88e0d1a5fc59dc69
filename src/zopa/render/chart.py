"""The timeline chart: conflicts and the cheapest concession set's cost, date by date, as
one small SVG written through a Jinja2 template (no plotting library at start-up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from zopa.results import TimelineResult

if TYPE_CHECKING:
    import jinja2

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 50, 20, 40, 60


@dataclass(frozen=True)
class _Point:
    x: float
    conflicts_y: float
    cost_y: float | None
    label: str
    conflicts: int
    cost: int | None
    feasible: bool


def templates() -> jinja2.Environment:
    """The package's Jinja2 templates (render/templates), escaped as HTML and SVG: a label or
    a quote can never break the markup it is written into."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("zopa.render", "templates"),
        autoescape=select_autoescape(["svg", "html"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def write_timeline(result: TimelineResult, path: Path) -> None:
    """Draw the timeline to `path` (.svg), written as the conflict graph is."""
    from zopa.render.graph import check_target, write_atomically

    check_target(path, (".svg",))
    write_atomically(path, timeline_svg(result).encode("utf-8"))


BEFORE_GAP = 40
"""Pixels between the state before any dated statement and the first date."""
AFTER_LAST = 30
"""Pixels the last date's values run on to the right edge, so that they show."""


def timeline_svg(result: TimelineResult) -> str:
    """The timeline chart as SVG text, for a file of its own or inline in the report's page.
    Dates stand where they fall in time, and each value holds until the next date (a step
    line); the x axis is labelled by quarter, each point's date is its hover text."""
    dated = [(date.fromisoformat(e.date), e) for e in result.dates]
    first = dated[0][0] if dated else date(2000, 1, 1)
    span = max(1, (dated[-1][0] - first).days) if dated else 1
    start = LEFT + (BEFORE_GAP if result.before is not None else 0)
    width = WIDTH - RIGHT - AFTER_LAST - start
    entries = ([(result.before, float(LEFT))] if result.before is not None else []) + [
        (e, round(start + width * (day - first).days / span, 1)) for day, e in dated
    ]
    highest = max([1, *(e.conflicts for e, _ in entries), *(e.cost or 0 for e, _ in entries)])
    plot = HEIGHT - TOP - BOTTOM

    def y(value: int) -> float:
        return round(TOP + plot - plot * value / highest, 1)

    points = [
        _Point(
            x=x,
            conflicts_y=y(e.conflicts),
            cost_y=y(e.cost) if e.cost is not None else None,
            label=e.date or "before any dated statement",
            conflicts=e.conflicts,
            cost=e.cost,
            feasible=e.feasible,
        )
        for e, x in entries
    ]
    return (
        templates()
        .get_template("timeline.svg")
        .render(
            width=WIDTH,
            height=HEIGHT,
            left=LEFT,
            right=WIDTH - RIGHT,
            top=TOP,
            bottom=HEIGHT - BOTTOM,
            points=points,
            conflicts_steps=_steps([(p.x, p.conflicts_y) for p in points], WIDTH - RIGHT),
            cost_steps=_steps([(p.x, p.cost_y) for p in points if p.cost_y is not None], WIDTH - RIGHT),
            quarters=_quarters(first, dated[-1][0], lambda day: round(start + width * (day - first).days / span, 1))
            if dated
            else [],
            ticks=sorted({0, highest // 2, highest}),
            y=y,
            complete=result.complete,
            parties=", ".join(result.parties),
        )
    )


def _steps(points: list[tuple[float, float]], right: float) -> str:
    """A step line through the points: each value holds until the next point, the last to
    the right edge."""
    corners: list[str] = []
    for n, (x, y) in enumerate(points):
        corners.append(f"{x},{y}")
        following = points[n + 1][0] if n + 1 < len(points) else right
        corners.append(f"{following},{y}")
    return " ".join(corners)


def _quarters(first: date, last: date, x: Callable[[date], float]) -> list[tuple[float, str]]:
    """Axis labels: the first day of each quarter between the first and the last date."""
    labels = []
    day = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while day <= last:
        if day >= first:
            labels.append((x(day), f"{MONTHS[day.month - 1]} {day.year}"))
        day = date(day.year + (day.month + 3 > 12), (day.month + 2) % 12 + 1, 1)
    return labels


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
