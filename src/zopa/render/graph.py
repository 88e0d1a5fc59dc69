"""The conflict graph: who blocks whom, drawn with Graphviz.

Parties are boxes of their own colour holding their red lines that take part in conflicts;
the conflicts stand in a column in the middle, numbered in the order given, each naming the
issues and, by id, the red lines that collide. One line joins a party to each conflict it
takes part in, fanning out from one point of its box, so the lines leaving a box count
conflicts, not red lines, and do not cross each other. Parties are split into two sides so
that as many conflicts as possible run across the middle. The red lines of the cheapest
concession set are outlined: they are the ones to move.
"""

from __future__ import annotations

import html
import itertools
import os
import stat
import subprocess
import tempfile
import textwrap
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from zopa import defaults
from zopa.catalogue import Catalogue, RedLine
from zopa.errors import ZopaError
from zopa.loading.files import KIND_PROBLEMS, kind_of, shown_path
from zopa.results import WhyResult

if TYPE_CHECKING:
    import graphviz

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot"}
# Okabe–Ito: distinct for colour-blind readers too.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999933", "#882255", "#666666"]
FONT = "Helvetica"
MARK = "#000000"
"""The outline of the red lines the cheapest concession set withdraws."""


def check_target(path: Path, formats: Collection[str] = tuple(FORMATS), option: str = "--graph") -> None:
    """Fail before any solving when the file could not be written."""
    named = f"{option} {shown_path(path)}"
    if path.suffix.lower() not in formats:
        raise ZopaError(f"{named}: unsupported format; use one of {', '.join(formats)}")
    folder = path.parent if str(path.parent) else Path(".")
    if kind_of(folder) != "folder":
        raise ZopaError(f"{named}: folder {shown_path(folder)} does not exist")
    kind = kind_of(path)
    if kind == "folder":
        raise ZopaError(f"{named}: is a folder")
    if kind not in ("file", "missing"):
        raise ZopaError(f"{named}: {KIND_PROBLEMS.get(kind, kind)}")
    if not os.access(folder, os.W_OK):
        raise ZopaError(f"{named}: folder {shown_path(folder)} is not writable")


def _text(*lines: str, width: int = 28) -> str:
    """A DOT label or tooltip: wrapped, backslashes kept literal, never read as HTML."""
    import graphviz

    wrapped = [part for line in lines for part in (textwrap.wrap(line, width, break_long_words=False) or [""])]
    label: str = graphviz.nohtml("\\n".join(part.replace("\\", "\\\\") for part in wrapped))
    return label


def _sides(parties: list[str], conflicts: list[list[str]]) -> set[str]:
    """The parties of the left side: the split that puts the most conflicts across."""
    if len(parties) > 12:
        busiest = max(parties, key=lambda p: sum(p in c for c in conflicts))
        return {busiest}

    def across(left: set[str]) -> int:
        return sum(1 for c in conflicts if set(c) & left and set(c) - left)

    best = max(
        (set(combo) for size in range(1, len(parties)) for combo in itertools.combinations(parties, size)),
        key=lambda left: (across(left), -len(left)),
        default=set(parties),
    )
    return best


def build(result: WhyResult, catalogue: Catalogue, *, target: str = "svg") -> graphviz.Digraph:
    """The picture as Graphviz source, for a `target` format: "svg", "png", "pdf" or "dot".

    Quotes go into tooltips only where a reader can hover (SVG, and DOT that may become
    SVG), and only an SVG's legend promises them.
    """
    import graphviz

    involved = [p.id for p in catalogue.parties if any(p.id in c.parties for c in result.conflicts)]
    colour = {p.id: PALETTE[n % len(PALETTE)] for n, p in enumerate(catalogue.parties)}
    tooltips = target in ("svg", "dot")
    cheapest = set(result.concessions[0].red_lines) if result.concessions else set()
    in_every_cheapest = set(result.cheapest_common or ())

    graph = graphviz.Digraph("conflicts", engine="dot")
    title = _title(result, len(involved))
    graph.attr(
        rankdir="LR",
        newrank="true",
        compound="true",
        nodesep="0.15",
        ranksep="1.2",
        fontname=FONT,
        labelloc="t",
        fontsize="20",
        label=_text(title, width=100),
        **_tooltip(tooltips, _text(title, width=100)),
    )
    graph.attr("node", fontname=FONT, fontsize="11")
    graph.attr("edge", dir="none", penwidth="1.6", fontname=FONT)
    for party in involved:
        _party_box(graph, party, colour[party], result, catalogue, cheapest, in_every_cheapest, tooltips=tooltips)
    _conflict_column(graph, result, catalogue, cheapest, tooltips=tooltips)

    left = _sides(involved, [c.parties for c in result.conflicts])
    for n, conflict in enumerate(result.conflicts, start=1):
        for party in sorted(set(conflict.parties)):
            if party in left:
                graph.edge(f"anchor_{party}", f"c_{n}", ltail=f"cluster_{party}", color=colour[party])
            else:
                graph.edge(f"c_{n}", f"anchor_{party}", lhead=f"cluster_{party}", color=colour[party])

    _legend(graph, result, in_every_cheapest, hover=target == "svg")
    return graph


def _tooltip(shown: bool, text: str) -> dict[str, str]:
    return {"tooltip": text} if shown else {}


def _marking(in_every_cheapest: bool) -> dict[str, str]:
    """The look of a red line the cheapest concession set withdraws: a thick dark outline,
    doubled when every concession set of that cost withdraws it."""
    return {
        "style": "rounded,filled,bold",
        "color": MARK,
        "penwidth": "3",
        "peripheries": "2" if in_every_cheapest else "1",
    }


def _party_box(
    graph: graphviz.Digraph,
    party: str,
    colour: str,
    result: WhyResult,
    catalogue: Catalogue,
    cheapest: set[str],
    in_every_cheapest: set[str],
    *,
    tooltips: bool,
) -> None:
    """A party's red lines that take part in conflicts, in the order the conflicts first
    name them, around the invisible point its lines to the conflicts leave from: placed
    amid the red lines, so that the lines fan out from the middle of the box's side."""
    red = {r.id: r for r in catalogue.red_lines}
    label = next(p.label for p in catalogue.parties if p.id == party)
    members = list(dict.fromkeys(r for c in result.conflicts for r in c.red_lines if red[r].party == party))
    with graph.subgraph(name=f"cluster_{party}") as box:
        box.attr(
            label=_text(label, width=40),
            color=colour,
            fontcolor=colour,
            style="rounded,bold",
            penwidth="2",
            fontsize="15",
            rank="same",
        )
        for position, r in enumerate(members):
            if position == len(members) // 2:
                box.node(f"anchor_{party}", "", shape="point", style="invis", width="0")
            look = {"style": "rounded,filled", "color": colour}
            if r in cheapest or r in in_every_cheapest:
                look |= _marking(r in in_every_cheapest)
            box.node(
                f"r_{r}",
                _text(red[r].label, r),
                shape="box",
                fillcolor=colour + "22",
                **look,
                **_tooltip(tooltips, _quotes(red[r], label, catalogue)),
            )


def _conflict_column(
    graph: graphviz.Digraph, result: WhyResult, catalogue: Catalogue, cheapest: set[str], *, tooltips: bool
) -> None:
    """The conflicts numbered 1..n in the order given, top to bottom (invisible links keep
    Graphviz from reordering them)."""
    with graph.subgraph(name="conflicts_in_order") as column:
        column.attr(rank="same")
        for n, conflict in enumerate(result.conflicts, start=1):
            column.node(
                f"c_{n}",
                _conflict_label(n, conflict.issues, conflict.red_lines, cheapest),
                shape="box",
                style="rounded,filled",
                fillcolor="#F2F2F2",
                color="#444444",
                fontsize="10",
                margin="0.08,0.04",
                **_tooltip(tooltips, _conflict_tooltip(n, conflict.issues, conflict.red_lines, catalogue)),
            )
        for n in range(1, len(result.conflicts)):
            column.edge(f"c_{n}", f"c_{n + 1}", style="invis")


def _title(result: WhyResult, parties: int) -> str:
    if result.background_infeasible:
        return "No deal: the background constraints alone admit none"
    if result.feasible:
        return "A deal exists: no blocking conflict"
    count = len(result.conflicts)
    cut = "" if result.explained else " (search cut short)"
    return f"Why no deal: {count} blocking conflict{'s' if count != 1 else ''} among {parties} parties{cut}"


def _quotes(line: RedLine, party: str, catalogue: Catalogue) -> str:
    """A red line's tooltip: who holds it, and each source's quote with its document."""
    documents = {d.id: d for d in catalogue.documents}
    tip = [f"{line.id} ({party})", line.label]
    for source in line.sources:
        document = documents.get(source.document)
        tip += [f"“{source.quote}”", f"— {document.title}, {document.date}" if document else f"— {source.document}"]
    return _text(*tip, width=80)


def _conflict_label(number: int, issues: list[str], red_lines: list[str], cheapest: set[str]) -> str:
    """Its number and issues, then its red lines by id, the cheapest set's in bold: the ids
    match the boxes' and `zopa deals --concede`."""
    topic = textwrap.wrap(" · ".join(i.replace("_", " ") for i in issues), 34) or [""]
    lines = [f"<B>C{number}</B>  {html.escape(topic[0])}", *(html.escape(part) for part in topic[1:])]
    lines += [f"<B>{html.escape(r)}</B>" if r in cheapest else html.escape(r) for r in red_lines]
    return "<" + '<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>>'


def _conflict_tooltip(number: int, issues: list[str], red_lines: list[str], catalogue: Catalogue) -> str:
    issue_label = {i.id: i.label for i in catalogue.issues}
    red = {r.id: r for r in catalogue.red_lines}
    return _text(
        f"Conflict {number}: these red lines admit no deal together",
        "on: " + ", ".join(issue_label.get(i, i) for i in issues),
        *(f"{r}: {red[r].label}" for r in red_lines),
        width=80,
    )


def _legend(graph: graphviz.Digraph, result: WhyResult, in_every_cheapest: set[str], *, hover: bool) -> None:
    """How to read the picture; it speaks of hovering only where hovering shows something."""
    sample = {"shape": "box", "style": "rounded,filled", "fillcolor": "#EEEEEE", "color": "#888888", "fontsize": "10"}
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="How to read", fontsize="12", color="#BBBBBB", style="rounded")
        what = "a red line in its party's box: its label, then its id" + (
            "; hover for its quotes and sources" if hover else ""
        )
        legend.node("legend_red_line", _text(what, width=26), **sample)
        legend.node(
            "legend_conflict",
            _text("Cn issue · issue, then the ids of red lines that no deal satisfies together", width=26),
            **(sample | {"fillcolor": "#F2F2F2", "color": "#444444"}),
        )
        legend.edge(
            "legend_red_line",
            "legend_conflict",
            color="#888888",
            label=_text("one line per party in the conflict", width=18),
            fontsize="9",
        )
        if not result.concessions:
            return
        first = result.concessions[0]
        if result.cheapest_sets is None:
            which = f"the cheapest concession set found (cost {first.cost}; more may exist)"
        elif result.cheapest_sets == 1:
            which = f"the cheapest concession set (cost {first.cost}; the only one of that cost)"
        else:
            which = f"the cheapest concession set (cost {first.cost}; one of {result.cheapest_sets:,} of that cost)"
        drawn = {r for c in result.conflicts for r in c.red_lines}
        unseen = len(set(first.red_lines) - drawn)
        if unseen:
            which += f"; {unseen} of its red lines are in no conflict drawn"
        legend.node(
            "legend_cheapest",
            _text(f"thick outline, bold id: withdrawn by {which}", width=26),
            **(sample | _marking(False)),
        )
        if in_every_cheapest:
            legend.node(
                "legend_every_cheapest",
                _text("double outline: withdrawn by every concession set of that cost", width=26),
                **(sample | _marking(True)),
            )
            legend.edge("legend_cheapest", "legend_every_cheapest", style="invis")


def _usual_mode(path: Path) -> int:
    """The mode a plain `open(path, "w")` would leave: an existing file keeps its own, a new
    one gets 0666 less the umask (mkstemp alone would make it 0600, unreadable to others)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, data: bytes, option: str = "--graph") -> None:
    """Write beside the target, then rename: a reader never sees half a file. A failure is
    an error naming the option that chose the file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as failure:
        raise ZopaError(f"{option} {shown_path(path)}: cannot write: {failure.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), _usual_mode(path))
            out.write(data)
        os.replace(temporary, path)
    except OSError as failure:
        Path(temporary).unlink(missing_ok=True)
        raise ZopaError(f"{option} {shown_path(path)}: cannot write: {failure.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class LayoutFailed(Exception):
    """Graphviz could not lay the graph out: the reason, as one sentence."""


def layout(graph: graphviz.Digraph, fmt: str) -> bytes:
    """The picture Graphviz's `dot` makes of the graph, within defaults.LAYOUT_TIMEOUT
    seconds. (`graphviz.Digraph.pipe` runs the same command with no time limit: a crowded
    graph could then hold a run past every bound.) Raises LayoutFailed."""
    try:
        done: subprocess.CompletedProcess[bytes] = subprocess.run(
            ["dot", f"-T{fmt}"],
            input=graph.source.encode("utf-8"),
            capture_output=True,
            timeout=defaults.LAYOUT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise LayoutFailed(
            "Graphviz's `dot` program was not found; install Graphviz (Debian: apt-get install graphviz)"
        ) from None
    except subprocess.TimeoutExpired:
        raise LayoutFailed(
            f"Graphviz's `dot` took longer than {defaults.LAYOUT_TIMEOUT:g} s to lay the graph out"
        ) from None
    if done.returncode:
        raise LayoutFailed(f"dot failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def draw(result: WhyResult, catalogue: Catalogue, path: Path) -> None:
    """Write the picture; its format follows the file's extension. When Graphviz cannot
    draw it, the DOT source is written next to it instead, for a reader's own tools."""
    check_target(path)
    fmt = FORMATS[path.suffix.lower()]
    graph = build(result, catalogue, target=fmt)
    if fmt == "dot":
        write_atomically(path, graph.source.encode("utf-8"))
        return
    try:
        picture = layout(graph, fmt)
    except LayoutFailed as failure:
        fallback = path.with_suffix(".dot")
        write_atomically(fallback, build(result, catalogue, target="dot").source.encode("utf-8"))
        raise ZopaError(
            f"--graph {shown_path(path)}: {failure}. The DOT source was written to {shown_path(fallback)}"
        ) from None
    write_atomically(path, picture)
