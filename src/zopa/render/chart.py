"""The timeline chart: conflicts and the cheapest concession set's cost, date by date, as
one small SVG written through a Jinja2 template (no plotting library at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zopa.results import TimelineResult

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


def write_timeline(result: TimelineResult, path: Path) -> None:
    """Draw the timeline to `path` (.svg)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from zopa.render.graph import check_target

    check_target(path, (".svg",))
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
    environment = Environment(
        loader=PackageLoader("zopa.render", "templates"),
        autoescape=select_autoescape(["svg"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    svg = environment.get_template("timeline.svg").render(
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
    path.write_text(svg, encoding="utf-8")
