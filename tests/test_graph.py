"""`zopa why --graph`: formats, bad targets, a missing `dot`, awkward label text, atomic
replacement, and a search with thousands of conflicts cut by --limit or by Ctrl-C; what the
picture shows (one line per conflict and party, conflicts numbered and stacked in the order
given, the cheapest concession set marked, hover promised only in SVG), the permissions of
the file and the same bytes on every run."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import graphviz
import pytest

import zopa
import zopa.render.graph
from oracle import RedLine, Scenario, write_scenario
from zopa.catalogue import Catalogue
from zopa.cli import run
from zopa.render.graph import build
from zopa.results import WhyResult

AWKWARD = 'He said "never" \\ <b>bold</b> & ünïcödé'


def clash(tmp_path: Path) -> Path:
    scenario = Scenario(
        issues={"crimea": ["ukrainian", "russian"]},
        parties=["ukraine", "russia"],
        red_lines=[
            RedLine("ua_keep", "ukraine", requires={"crimea": {"ukrainian"}}, label=AWKWARD),
            RedLine("ru_take", "russia", requires={"crimea": {"russian"}}, label="Crimea is Russian"),
        ],
        labels={"ukraine": "Ukraine\nand friends", "russia": "Russia"},
    )
    folder = write_scenario(scenario, tmp_path / "clash")
    (folder / "sources.lp").write_text(
        'document(d, "A <title> with \\"quotes\\"", "2025-01-01").\n'
        'source(ua_keep, d, "a quote with \\\\ backslash and <angle> brackets").\n',
        encoding="utf-8",
    )
    return folder


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@needs_dot
@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf", ".dot"])
def test_every_format_is_written(tmp_path: Path, capsys, suffix: str) -> None:
    target = tmp_path / f"conflicts{suffix}"
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    data = target.read_bytes()
    magic = {".svg": b"<?xml", ".png": b"\x89PNG", ".pdf": b"%PDF", ".dot": b"digraph"}[suffix]
    assert data.startswith(magic)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".conflicts")], "temporary file left behind"


@needs_dot
def test_awkward_text_survives_into_the_svg(tmp_path: Path, capsys) -> None:
    target = tmp_path / "c.svg"
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    svg = ElementTree.parse(target)  # well-formed XML despite quotes, <, >, &
    texts = " ".join(t.text or "" for t in svg.iter() if t.tag.endswith("text"))
    titles = " ".join((t.get("{http://www.w3.org/1999/xlink}title") or "") for t in svg.iter())
    assert 'He said "never" \\ <b>bold</b>' in texts  # label: wrapped, but every character kept
    assert "ünïcödé" in texts
    assert "a quote with \\ backslash and <angle> brackets" in titles  # tooltip: quote and source
    assert "Russia" in texts and "Crimea is Russian" in texts


def test_unknown_extension_is_refused(tmp_path: Path, capsys) -> None:
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(tmp_path / "c.jpeg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    for fmt in (".svg", ".png", ".pdf", ".dot"):
        assert fmt in err


def test_missing_folder_is_refused(tmp_path: Path, capsys) -> None:
    target = tmp_path / "nowhere" / "c.svg"
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert not target.parent.exists()


def test_missing_dot_names_the_package_and_keeps_the_source(tmp_path: Path) -> None:
    target = tmp_path / "c.png"
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))  # zopa's venv, without dot
    assert shutil.which("dot", path=env["PATH"]) is None
    done = subprocess.run(
        [str(Path(sys.executable).parent / "zopa"), "why", "--positions", str(clash(tmp_path)), "--graph", str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "graphviz" in done.stderr.lower() and "Traceback" not in done.stderr
    assert (tmp_path / "c.dot").read_text(encoding="utf-8").startswith("digraph")
    assert not target.exists()


def test_a_slow_layout_is_cut_and_keeps_the_source(tmp_path: Path, monkeypatch, capsys) -> None:
    # A stand-in `dot` that never finishes in time: the run still ends, with one error line
    # and the DOT source beside the picture asked for.
    stand_in = tmp_path / "bin" / "dot"
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    stand_in.chmod(0o755)
    monkeypatch.setenv("PATH", f"{stand_in.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("zopa.defaults.LAYOUT_TIMEOUT", 0.5)
    target = tmp_path / "c.svg"
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "took longer than 0.5 s" in err
    assert (tmp_path / "c.dot").read_text(encoding="utf-8").startswith("digraph")
    assert not target.exists()


@needs_dot
def test_existing_file_is_replaced(tmp_path: Path, capsys) -> None:
    target = tmp_path / "c.dot"
    target.write_text("old picture", encoding="utf-8")
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("digraph")


def many_conflicts(tmp_path: Path, options: int) -> Path:
    """One issue, one red line per option each requiring its own: every pair collides."""
    scenario = Scenario(
        issues={"a": [f"o{n}" for n in range(options)]},
        parties=["p", "q"],
        red_lines=[RedLine(f"r{n}", "pq"[n % 2], requires={"a": {f"o{n}"}}) for n in range(options)],
    )
    return write_scenario(scenario, tmp_path / f"many{options}")


def test_thousands_of_conflicts_are_bounded_by_limit(tmp_path: Path, capsys) -> None:
    folder = many_conflicts(tmp_path, 60)  # 1770 conflicts
    assert run(["why", "--positions", str(folder), "--limit", "25", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["conflicts"]) == 25 and result["complete"] is False
    assert all(len(c["red_lines"]) == 2 for c in result["conflicts"])
    assert len(result["concessions"]) <= 25


def test_timeout_cuts_honestly(tmp_path: Path, capsys) -> None:
    folder = many_conflicts(tmp_path, 150)  # 11175 conflicts: more than 0.5 s of work
    assert run(["why", "--positions", str(folder), "--timeout", "0.5", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False and result["feasible"] is False
    assert 0 < len(result["conflicts"]) < 11175


def test_ctrl_c_ends_cleanly(tmp_path: Path) -> None:
    folder = many_conflicts(tmp_path, 200)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "zopa"), "why", "--positions", str(folder), "--timeout", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip() == "error: interrupted"
    assert "Traceback" not in err and out == ""


@needs_dot
def test_title_says_cut_only_when_conflicts_were_cut(tmp_path: Path, capsys) -> None:
    folder = many_conflicts(tmp_path, 6)  # 15 conflicts, 6 concession sets of the whole
    target = tmp_path / "c.dot"
    assert run(["why", "--positions", str(folder), "--graph", str(target)]) == 0
    assert "cut short" not in target.read_text(encoding="utf-8")
    assert run(["why", "--positions", str(folder), "--limit", "2", "--graph", str(target)]) == 0
    assert "cut short" in target.read_text(encoding="utf-8")


def three_parties(tmp_path: Path) -> Path:
    """Conflicts of one, two and three parties: P's two red lines on d collide with each
    other, and P, Q and R each forbid a different answer of c."""
    scenario = Scenario(
        issues={"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y", "z"], "d": ["x", "y"]},
        parties=["p", "q", "r"],
        red_lines=[
            RedLine("p_a", "p", requires={"a": {"x"}}),
            RedLine("q_a", "q", requires={"a": {"y"}}),
            RedLine("p_b", "p", requires={"b": {"x"}}),
            RedLine("r_b", "r", requires={"b": {"y"}}),
            RedLine("p_c", "p", forbids={("c", "x")}),
            RedLine("q_c", "q", forbids={("c", "y")}),
            RedLine("r_c", "r", forbids={("c", "z")}),
            RedLine("p_d1", "p", requires={"d": {"x"}}),
            RedLine("p_d2", "p", requires={"d": {"y"}}),
        ],
    )
    return write_scenario(scenario, tmp_path / "three")


@pytest.fixture(scope="module")
def bundled() -> tuple[zopa.Scenario, WhyResult]:
    scenario = zopa.load()
    return scenario, zopa.why(scenario)


def scenarios(tmp_path: Path, bundled: tuple[zopa.Scenario, WhyResult]) -> list[tuple[WhyResult, Catalogue]]:
    small = zopa.load(three_parties(tmp_path))
    scenario, result = bundled
    return [(result, scenario.catalogue), (zopa.why(small), small.catalogue)]


def laid_out(result: WhyResult, catalogue: Catalogue, target: str = "png") -> dict:
    """The picture as Graphviz itself reads and lays it out (its JSON output)."""
    return json.loads(build(result, catalogue, target=target).pipe(format="json"))


def nodes(layout: dict) -> dict[str, dict]:
    return {o["name"]: o for o in layout["objects"] if "nodes" not in o}


def red_line_of(node: dict, ids: set[str]) -> str | None:
    """The red line a box shows: its label's last line is the red line's id."""
    last = node.get("label", "").split("\\n")[-1]
    return last if last in ids else None


def drawn_lines(layout: dict) -> list[tuple[str, str]]:
    """Each visible line outside the legend, as (conflict node, party box) from the box it is
    clipped at."""
    names = {o["_gvid"]: o["name"] for o in layout["objects"]}
    lines = []
    for edge in layout.get("edges", []):
        tail, head = names[edge["tail"]], names[edge["head"]]
        if edge.get("style") == "invis" or tail.startswith("legend"):
            continue
        lines.append((head, edge["ltail"]) if "ltail" in edge else (tail, edge["lhead"]))
    return lines


@needs_dot
def test_one_line_per_conflict_and_party(tmp_path: Path, bundled) -> None:
    for result, catalogue in scenarios(tmp_path, bundled):
        expected = sorted((f"c_{n}", f"cluster_{p}") for n, c in enumerate(result.conflicts, 1) for p in set(c.parties))
        assert sorted(drawn_lines(laid_out(result, catalogue))) == expected
        assert len(expected) < sum(len(c.red_lines) for c in result.conflicts)  # fewer than one per red line


@needs_dot
def test_bundled_lines_leaving_russia_count_its_conflicts(bundled) -> None:
    scenario, result = bundled
    from_russia = [box for _, box in drawn_lines(laid_out(result, scenario.catalogue)) if box == "cluster_russia"]
    assert len(from_russia) == sum("russia" in c.parties for c in result.conflicts) == 14


def conflict_order(layout: dict, ids: set[str]) -> list[tuple[str, list[str]]]:
    """The conflict boxes from top to bottom: each one's number and the red line ids it names."""
    boxes = [node for node in nodes(layout).values() if re.match(r"<B>C\d+</B>", node.get("label", ""))]
    boxes.sort(key=lambda node: -float(node["pos"].split(",")[1]))  # Graphviz's y grows upwards
    return [
        (
            re.match(r"<B>(C\d+)</B>", node["label"]).group(1),
            [word for word in re.split(r"<[^>]*>|\s+", node["label"]) if word in ids],
        )
        for node in boxes
    ]


@needs_dot
def test_conflicts_are_numbered_and_stacked_in_the_order_given(bundled) -> None:
    scenario, result = bundled
    ids = {r.id for r in scenario.catalogue.red_lines}
    reordered = dataclasses.replace(result, conflicts=list(reversed(result.conflicts)))
    for given in (result, reordered):
        shown = conflict_order(laid_out(given, scenario.catalogue), ids)
        assert shown == [(f"C{n}", c.red_lines) for n, c in enumerate(given.conflicts, 1)]


@needs_dot
def test_the_cheapest_concession_set_is_marked(bundled) -> None:
    scenario, result = bundled
    catalogue = scenario.catalogue
    ids = {r.id for r in catalogue.red_lines}
    cheapest = result.concessions[0].red_lines
    assert zopa.deals(scenario, concede=cheapest, limit=1).feasible  # what is marked opens a deal
    layout = laid_out(result, catalogue)
    shown = {red_line_of(node, ids): node for node in nodes(layout).values()}
    shown.pop(None, None)
    assert {r for r, node in shown.items() if node.get("penwidth") == "3"} == set(cheapest)
    assert {r for r, node in shown.items() if node.get("peripheries") == "2"} == set(result.cheapest_common or [])
    assert result.cheapest_common == ["ru_halt_military_aid"]
    for n, conflict in enumerate(result.conflicts, 1):
        bold = set(re.findall(r"<B>([^<]+)</B>", nodes(layout)[f"c_{n}"]["label"])) - {f"C{n}"}
        assert bold == set(conflict.red_lines) & set(cheapest)
    legend = " ".join(str(node.get("label", "")).replace("\\n", " ") for node in nodes(layout).values())
    assert f"cheapest concession set (cost {result.concessions[0].cost}; one of {result.cheapest_sets}" in legend


@needs_dot
def test_nothing_is_marked_when_a_deal_exists(tmp_path: Path) -> None:
    scenario = zopa.load(clash(tmp_path))
    result = zopa.why(scenario, parties=["ukraine"])
    assert result.feasible and not result.concessions
    source = build(result, scenario.catalogue).source
    assert "penwidth=3" not in source and "cheapest" not in source


@needs_dot
@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_only_an_svg_promises_hover(tmp_path: Path, capsys, monkeypatch, suffix: str) -> None:
    rendered: list[str] = []
    layout = zopa.render.graph.layout

    def spy(graph: graphviz.Digraph, fmt: str) -> bytes:
        rendered.append(graph.source)
        return layout(graph, fmt)

    monkeypatch.setattr(zopa.render.graph, "layout", spy)
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(tmp_path / f"c{suffix}")]) == 0
    (source,) = rendered
    hover = suffix == ".svg"
    assert ("hover" in source) == hover
    assert ("a quote with" in source) == hover  # the quotes ride only on tooltips


def test_dot_keeps_the_quotes_but_promises_no_hover(tmp_path: Path, capsys) -> None:
    target = tmp_path / "c.dot"
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    source = target.read_text(encoding="utf-8")
    assert "a quote with" in source and "hover" not in source


@pytest.mark.parametrize("suffix", [".dot", pytest.param(".png", marks=needs_dot)])
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077], ids=lambda mask: f"umask{mask:03o}")
def test_a_new_picture_gets_the_usual_permissions(tmp_path: Path, capsys, suffix: str, umask: int) -> None:
    target = tmp_path / f"c{suffix}"
    previous = os.umask(umask)
    try:
        assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_a_replaced_picture_keeps_its_permissions(tmp_path: Path, capsys) -> None:
    target = tmp_path / "c.dot"
    target.write_text("old picture", encoding="utf-8")
    target.chmod(0o640)
    assert run(["why", "--positions", str(clash(tmp_path)), "--graph", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").startswith("digraph")


@needs_dot
def test_the_same_scenario_gives_the_same_bytes(tmp_path: Path) -> None:
    """Across processes with different hash seeds, so no set order leaks into the picture."""
    folder = three_parties(tmp_path)
    pictures = []
    for seed, suffix in itertools.product(("1", "2"), (".dot", ".png")):
        target = tmp_path / f"c{seed}{suffix}"
        subprocess.run(
            [str(Path(sys.executable).parent / "zopa"), "why", "--positions", str(folder), "--graph", str(target)],
            env=dict(os.environ, PYTHONHASHSEED=seed),
            capture_output=True,
            check=True,
            timeout=60,
        )
        pictures.append(target.read_bytes())
    assert pictures[0] == pictures[2] and pictures[1] == pictures[3]
