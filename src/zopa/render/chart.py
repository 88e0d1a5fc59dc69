"""The timeline chart: conflicts and the cheapest concession set's cost, date by date, as
one small SVG written through a Jinja2 template (no plotting library at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zopa.results import TimelineResult

if TYPE_CHECKING:
    import jinja2

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 50, 20, 40, 90


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
    """Draw the timeline to `path` (.svg)."""
    from zopa.render.graph import check_target

    check_target(path, (".svg",))
    path.write_text(timeline_svg(result), encoding="utf-8")


def timeline_svg(result: TimelineResult) -> str:
    """The timeline chart as SVG text, for a file of its own or inline in the report's page."""
    entries = ([result.before] if result.before is not None else []) + result.dates
    highest = max([1, *(e.conflicts for e in entries), *(e.cost or 0 for e in entries)])
    step = (WIDTH - LEFT - RIGHT) / max(1, len(entries) - 1)
    plot = HEIGHT - TOP - BOTTOM

    def y(value: int) -> float:
        return round(TOP + plot - plot * value / highest, 1)

    points = [
        _Point(
            x=round(LEFT + n * step, 1),
            conflicts_y=y(e.conflicts),
            cost_y=y(e.cost) if e.cost is not None else None,
            label=e.date or "undated",
            conflicts=e.conflicts,
            cost=e.cost,
            feasible=e.feasible,
        )
        for n, e in enumerate(entries)
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
            ticks=sorted({0, highest // 2, highest}),
            y=y,
            complete=result.complete,
            parties=", ".join(result.parties),
        )
    )
