"""`zopa why --graph`: formats, bad targets, a missing `dot`, awkward label text, atomic
replacement, and a search with thousands of conflicts cut by --limit or by Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from oracle import RedLine, Scenario, write_scenario
from zopa.cli import run

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


def zopa(*args: str) -> list[str]:
    return list(args)


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
