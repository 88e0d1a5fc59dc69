"""The conflict graph: who blocks whom, drawn with Graphviz.

Parties are boxes of their own colour holding their red lines; each conflict is a small
node in the middle, joined to its red lines and naming the issues they collide on. Parties
are split into two sides so that as many conflicts as possible run across the middle.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import textwrap
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from zopa.catalogue import Catalogue
from zopa.errors import ZopaError
from zopa.loading.files import KIND_PROBLEMS, kind_of, shown_path
from zopa.results import WhyResult

if TYPE_CHECKING:
    import graphviz

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": None}
# Okabe–Ito: distinct for colour-blind readers too.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999933", "#882255", "#666666"]
FONT = "Helvetica"


def check_target(path: Path, formats: Collection[str] = tuple(FORMATS)) -> None:
    """Fail before any solving when the picture could not be written."""
    if path.suffix.lower() not in formats:
        raise ZopaError(f"--graph {shown_path(path)}: unsupported format; use one of {', '.join(formats)}")
    folder = path.parent if str(path.parent) else Path(".")
    if kind_of(folder) != "folder":
        raise ZopaError(f"--graph {shown_path(path)}: folder {shown_path(folder)} does not exist")
    kind = kind_of(path)
    if kind == "folder":
        raise ZopaError(f"--graph {shown_path(path)}: is a folder")
    if kind not in ("file", "missing"):
        raise ZopaError(f"--graph {shown_path(path)}: {KIND_PROBLEMS.get(kind, kind)}")
    if not os.access(folder, os.W_OK):
        raise ZopaError(f"--graph {shown_path(path)}: folder {shown_path(folder)} is not writable")


def _text(*lines: str, width: int = 28) -> str:
    """A DOT label or tooltip: wrapped, backslashes kept literal, never read as HTML."""
    import graphviz

    wrapped = [part for line in lines for part in (textwrap.wrap(line, width) or [""])]
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


def build(result: WhyResult, catalogue: Catalogue) -> graphviz.Digraph:
    import graphviz

    red = {r.id: r for r in catalogue.red_lines}
    documents = {d.id: d for d in catalogue.documents}
    issue_label = {i.id: i.label for i in catalogue.issues}
    involved = [p.id for p in catalogue.parties if any(p.id in c.parties for c in result.conflicts)]
    colour = {p.id: PALETTE[n % len(PALETTE)] for n, p in enumerate(catalogue.parties)}
    label = {p.id: p.label for p in catalogue.parties}

    title = (
        f"Why no deal: {len(result.conflicts)} blocking conflict{'s' if len(result.conflicts) != 1 else ''}"
        f" among {len(involved)} parties" + ("" if result.explained else " (search cut short)")
    )
    if result.feasible:
        title = "A deal exists: no blocking conflict"
    if result.background_infeasible:
        title = "No deal: the background constraints alone admit none"
    graph = graphviz.Digraph("conflicts", engine="dot")
    graph.attr(
        rankdir="LR",
        newrank="true",
        nodesep="0.12",
        ranksep="1.6",
        fontname=FONT,
        labelloc="t",
        fontsize="20",
        label=_text(title, width=100),
        tooltip=_text(title, width=100),
    )
    graph.attr("node", fontname=FONT, fontsize="11")
    graph.attr("edge", dir="none", penwidth="1.6", fontname=FONT)

    left = _sides(involved, [c.parties for c in result.conflicts])
    for party in involved:
        with graph.subgraph(name=f"cluster_{party}") as box:
            box.attr(
                label=_text(label[party], width=40),
                color=colour[party],
                fontcolor=colour[party],
                style="rounded,bold",
                penwidth="2",
                fontsize="15",
                tooltip=_text(label[party]),
            )
            for r in sorted({r for c in result.conflicts for r in c.red_lines if red[r].party == party}):
                line = red[r]
                tip = [f"{line.id} ({label[party]})", line.label]
                for s in line.sources:
                    doc = documents.get(s.document)
                    tip += [f"“{s.quote}”", f"— {doc.title}, {doc.date}" if doc else f"— {s.document}"]
                box.node(
                    f"r_{r}",
                    _text(line.label),
                    tooltip=_text(*tip, width=80),
                    shape="box",
                    style="rounded,filled",
                    fillcolor=colour[party] + "22",
                    color=colour[party],
                )

    for n, conflict in enumerate(result.conflicts, start=1):
        node = f"c_{n}"
        on = ", ".join(issue_label.get(i, i) for i in conflict.issues)
        tags = " · ".join(i.replace("_", " ") for i in conflict.issues)
        graph.node(
            node,
            _text(f"C{n}: {tags}", width=30),
            shape="box",
            style="rounded,filled",
            fillcolor="#F2F2F2",
            color="#444444",
            fontsize="10",
            margin="0.05,0.02",
            height="0.3",
            tooltip=_text(f"Conflict {n}: these red lines admit no deal together", f"on: {on}", width=80),
        )
        members = conflict.red_lines
        sources = [r for r in members if red[r].party in left] or members[:1]
        for r in members:
            edge = (f"r_{r}", node) if r in sources else (node, f"r_{r}")
            graph.edge(*edge, color=colour[red[r].party])

    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="How to read", fontsize="12", color="#BBBBBB", style="rounded")
        legend.node(
            "legend_red_line",
            _text("a party's red line (hover: quote and source)", width=24),
            shape="box",
            style="rounded,filled",
            fillcolor="#EEEEEE",
            color="#888888",
            fontsize="10",
        )
        legend.node(
            "legend_conflict",
            _text("Cn: issue · issue — red lines that no deal satisfies together", width=24),
            shape="box",
            style="rounded,filled",
            fillcolor="#F2F2F2",
            fontsize="10",
        )
        legend.edge(
            "legend_red_line", "legend_conflict", color="#888888", label=_text("takes part in", width=14), fontsize="9"
        )
    return graph


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a picture."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as failure:
        raise ZopaError(f"--graph {shown_path(path)}: cannot write: {failure.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as failure:
        Path(temporary).unlink(missing_ok=True)
        raise ZopaError(f"--graph {shown_path(path)}: cannot write: {failure.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def draw(result: WhyResult, catalogue: Catalogue, path: Path) -> None:
    """Write the picture; its format follows the file's extension."""
    import graphviz

    check_target(path)
    graph = build(result, catalogue)
    source = graph.source.encode("utf-8")
    fmt = FORMATS[path.suffix.lower()]
    if fmt is None:
        _write_atomically(path, source)
        return
    try:
        picture = graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        fallback = path.with_suffix(".dot")
        _write_atomically(fallback, source)
        raise ZopaError(
            f"--graph {shown_path(path)}: Graphviz's `dot` program was not found; install Graphviz "
            f"(Debian: apt-get install graphviz). The DOT source was written to {shown_path(fallback)}"
        ) from None
    except graphviz.CalledProcessError as failure:
        raise ZopaError(
            f"--graph {shown_path(path)}: dot failed: {failure.stderr.decode(errors='replace').strip()}"
        ) from None
    _write_atomically(path, picture)
