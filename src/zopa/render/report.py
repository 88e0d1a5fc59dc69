"""The report as one self-contained HTML page: every section, the conflict graph and the
timeline chart inline, the concession explorer's data and code embedded, nothing fetched.

The page is made by a Jinja2 template (templates/report.html) with autoescaping on: labels
and quotes are data, never markup. The same result gives the same bytes: nothing on the
page depends on the clock, the machine or the order of a set.
"""

from __future__ import annotations

from dataclasses import dataclass

from zopa.analyses.report import ReportResult
from zopa.catalogue import Catalogue
from zopa.render.chart import templates, timeline_svg
from zopa.render.graph import PALETTE, LayoutFailed, build, layout

EXPLORER_PRESETS = 3
"""Concession sets the explorer offers to tick at one click: the cheapest ones."""


@dataclass(frozen=True)
class _Graph:
    svg: str | None
    """The conflict graph, inline SVG (None: not drawn, see `problem`)."""
    problem: str | None


def page(result: ReportResult, catalogue: Catalogue) -> str:
    """The report's HTML page."""
    red = {r.id: r for r in catalogue.red_lines}
    in_conflicts = {r for c in result.why.conflicts for r in c.red_lines} if result.why else set()
    return (
        templates()
        .get_template("report.html")
        .render(
            result=result,
            why=result.why,
            catalogue=catalogue,
            red=red,
            documents={d.id: d for d in catalogue.documents},
            party_label={p.id: p.label for p in catalogue.parties},
            colour={p.id: PALETTE[n % len(PALETTE)] for n, p in enumerate(catalogue.parties)},
            issue_label={i.id: i.label for i in catalogue.issues},
            option_label={(i.id, o.id): o.label for i in catalogue.issues for o in i.options},
            hover=_hover_texts(catalogue),
            graph=_conflict_graph(result, catalogue),
            timeline_chart=timeline_svg(result.timeline) if result.timeline is not None else None,
            explorer=_explorer_data(result),
            explorer_red_lines=[r for r in catalogue.red_lines if r.id in in_conflicts],
            listed_red_lines=[r for r in catalogue.red_lines if r.id in set(result.enforced) | in_conflicts],
            involved=[p for p in result.parties if result.why and any(p in c.parties for c in result.why.conflicts)],
            top_blame=_top_blame(result),
        )
    )


def _hover_texts(catalogue: Catalogue) -> dict[str, str]:
    """Each red line's label, quotes and sources as one plain text, for its hover title."""
    titles = {d.id: f"{d.title}, {d.date}" for d in catalogue.documents}
    return {
        r.id: "\n".join([r.label, *(f"“{s.quote}” — {titles.get(s.document, s.document)}" for s in r.sources)])
        for r in catalogue.red_lines
    }


def _conflict_graph(result: ReportResult, catalogue: Catalogue) -> _Graph:
    """The graph `zopa why --graph FILE.svg` draws, as inline SVG: the XML prolog and the
    comments dropped (an SVG inside HTML needs neither). Without Graphviz the page says so."""
    why = result.why
    if why is None:
        return _Graph(svg=None, problem="The time limit ran out before the conflicts were searched.")
    if not why.conflicts:
        return _Graph(svg=None, problem=None)
    try:
        drawn = layout(build(why, catalogue), "svg").decode("utf-8")
    except LayoutFailed as failure:
        return _Graph(svg=None, problem=f"{failure}.")
    return _Graph(svg=drawn[drawn.index("<svg") :], problem=None)


def _explorer_data(result: ReportResult) -> dict[str, object]:
    """What the page's concession explorer computes from: the complete list of conflicts
    (when it is complete), and the cheapest concession sets to try at one click."""
    why = result.why
    return {
        "complete": result.conflicts_complete,
        "conflicts": [c.red_lines for c in why.conflicts] if why is not None else [],
        "presets": [c.red_lines for c in why.concessions[:EXPLORER_PRESETS]] if why is not None else [],
    }


def _top_blame(result: ReportResult) -> list[tuple[str, float]]:
    """The red lines with a share of the blame, most blamed first (ties by id)."""
    if result.coalitions is None:
        return []
    shares = result.coalitions.blame.red_lines
    return sorted(((r, share) for r, share in shares.items() if share > 0), key=lambda item: (-item[1], item[0]))
