"""A smoke run of the benchmark harness (benchmarks/run.py --quick) on tiny scenarios: the
report comes out whole and its numbers parse. The timings themselves are not judged here;
BENCHMARKS.md holds a full run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if not (BENCHMARKS / "run.py").exists():
    pytest.skip("the benchmarks folder is not next to the tests", allow_module_level=True)

SECONDS = r"\d+(?:\.\d+)? s"
TIME_CELL = re.compile(rf"^(?:{SECONDS}(?: \[\d+(?:\.\d+)?–\d+(?:\.\d+)?\])?|> \d+ s|{SECONDS} → {SECONDS})$")
RATIO_CELL = re.compile(rf"^(?:<? ?\d+(?:\.\d+)?×(?: \(.*\))?|exponent -?\d+\.\d+|{SECONDS}|not answered|—)$")


def table_rows(text: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header line starts with `header`."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
    return rows


@pytest.fixture(scope="module")
def report() -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_report_names_the_machine_and_how_to_reproduce(report):
    assert re.search(r"^Machine: .*cores", report, re.M)
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2}", report, re.M)
    assert "Command: `.venv/bin/python benchmarks/run.py --quick --repeat 1`" in report
    assert re.search(r"targets: \d+ PASS, \d+ MISS", report)


def test_every_row_of_the_results_table_parses(report):
    rows = table_rows(report, "| # | section |")
    sections = {row[1] for row in rows}
    assert {"vs clingo", "why", "whatif", "vs brute force", "growth"} <= sections
    for _number, _section, measure, zopa, other, ratio, target, result, note in rows:
        assert result in ("PASS", "MISS", "SKIP", ""), measure
        assert "failed" not in zopa, f"{measure}: {note}"
        assert TIME_CELL.match(zopa), f"{measure}: zopa cell {zopa!r}"
        assert other == "" or TIME_CELL.match(other), f"{measure}: other cell {other!r}"
        assert ratio == "" or RATIO_CELL.match(ratio), f"{measure}: ratio cell {ratio!r}"
        assert bool(target) == bool(result) or result == "SKIP", measure  # a skipped comparison says so
    targets = [row for row in rows if row[6]]
    assert len(targets) >= 10


def test_every_row_of_the_growth_table_parses(report):
    rows = table_rows(report, "| command | size |")
    assert {row[0] for row in rows} >= {"deals --limit 1", "why --limit 10", "whatif"}
    for command, size, issues, red_lines, wall, *phases, memory, answered in rows:
        assert (
            re.fullmatch(r"\d+×", size) and issues.replace(",", "").isdigit() and red_lines.replace(",", "").isdigit()
        )
        assert TIME_CELL.match(wall), f"{command} {size}: {wall!r}"
        assert all(TIME_CELL.match(p) for p in phases), f"{command} {size}: {phases}"
        assert re.fullmatch(r"\d+ MB", memory)
        assert answered.startswith("yes: "), f"{command} {size}: {answered}"


def test_without_clingexplaid_its_rows_are_skipped(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import harness
    import why_vs_clingexplaid

    monkeypatch.setattr(why_vs_clingexplaid, "have_clingexplaid", lambda: False)
    rows = why_vs_clingexplaid.section(harness.Config(repeat=1, quick=True, workdir=tmp_path))
    skipped = [row for row in rows if row.status == "SKIP"]
    assert skipped and all("clingexplaid not installed" in row.skipped for row in skipped)
    assert any(row.status == "PASS" or row.status == "MISS" for row in rows)  # zopa's own rows still run
    assert "SKIP" in harness.table(rows)


def test_the_generator_keeps_its_promises(monkeypatch, tmp_path):
    """Deterministic for a seed; density 0 is feasible; one red line against the reference
    deal makes it infeasible, and conceding that one opens a deal."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import zopa
    from generate import build, generate

    size = {"issues": 8, "options": 4, "parties": 3, "red_lines": 24, "contested": 3}
    assert generate(**size, seed=5) == generate(**size, seed=5) != generate(**size, seed=6)
    for seed in range(3):
        for against in (0, 1):
            spec = build(**size, against=against, seed=seed)
            folder = tmp_path / f"s{seed}-{against}"
            folder.mkdir()
            (folder / "scenario.lp").write_text(spec.text())
            scenario = zopa.load(folder)
            assert zopa.deals(scenario, limit=1, timeout=None).feasible == (against == 0)
            if against:
                assert zopa.deals(scenario, concede=spec.against, limit=1, timeout=None).feasible


def test_the_timeline_rows_agree(report):
    """The timeline against a process per date: both sides ran and gave the same answers."""
    rows = [row for row in table_rows(report, "| # | section |") if row[1] == "timeline"]
    assert len(rows) == 2
    assert "agree at every date" in rows[0][8], rows[0][8]
    assert rows[0][6] and rows[0][7] in ("PASS", "MISS")


def test_the_generator_dates_keep_their_promises(monkeypatch, tmp_path):
    """With dates: exactly that many distinct dates, withdrawals strictly after statements,
    the same red lines as without dates, deterministic; zopa's timeline has those dates."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import zopa
    from generate import build, generate
    from zopa.analyses.timeline import timeline

    size = {"issues": 8, "options": 4, "parties": 3, "red_lines": 24, "contested": 3, "against": 1}
    dated = size | {"dates": 7, "withdrawn": 0.25, "undated": 0.25}
    assert generate(**dated, seed=5) == generate(**dated, seed=5) != generate(**dated, seed=6)
    for seed in range(3):
        spec, plain = build(**dated, seed=seed), build(**size, seed=seed)
        assert len(spec.dates) == 7
        assert sum(r.stated is None for r in spec.red_lines) == 6
        assert sum(r.withdrawn is not None for r in spec.red_lines) == 6
        assert all(r.withdrawn is None or r.stated < r.withdrawn for r in spec.red_lines)
        undated = [line for line in spec.text().splitlines()[1:] if not line.startswith(("stated(", "withdrawn("))]
        assert undated == plain.text().splitlines()[1:]
        folder = tmp_path / f"s{seed}"
        folder.mkdir()
        (folder / "scenario.lp").write_text(spec.text())
        assert [d.date for d in timeline(zopa.load(folder), timeout=None).dates] == spec.dates


def test_the_generator_wants_keep_their_promises(monkeypatch, tmp_path):
    """With --wants: N distinct issues per party, weights 1 to 5, deterministic, the rest of
    the file as without them; zopa reads each deal's satisfaction as the generator does."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import zopa
    from generate import build, generate
    from zopa.analyses.pareto import satisfaction

    size = {"issues": 8, "options": 3, "parties": 3, "red_lines": 24, "contested": 3, "against": 0}
    assert generate(**size, wants=4, seed=5) == generate(**size, wants=4, seed=5) != generate(**size, wants=4, seed=6)
    spec, plain = build(**size, wants=4, seed=5), build(**size, seed=5)
    assert build(**size, wants_share=0.5, seed=5).wants == spec.wants
    assert spec.header == plain.header + " wants=4"
    lines = spec.text().splitlines()
    assert lines[1 : len(lines) - len(spec.wants)] == plain.text().splitlines()[1:]
    assert all(line.startswith("wants(") for line in lines[len(lines) - len(spec.wants) :])
    for party in range(3):
        mine = [(i, w) for p, i, _, w in spec.wants if p == party]
        assert len({i for i, _ in mine}) == 4 and all(1 <= w <= 5 for _, w in mine)
    (tmp_path / "scenario.lp").write_text(spec.text())
    scenario = zopa.load(tmp_path)
    parties = ["p0", "p1", "p2"]
    for deal in zopa.deals(scenario, limit=20, timeout=None).deals:
        index = tuple(int(deal[f"i{i}"][1:]) for i in range(8))
        assert tuple(satisfaction(scenario, deal, parties).values()) == spec.satisfaction(index)


def test_the_interests_rows_agree(report):
    """The frontier, asprin and options sections ran, and both sides of each comparison gave
    the same answers (asprin's rows may say SKIP where it is not installed)."""
    rows = [row for row in table_rows(report, "| # | section |") if row[1] in ("pareto", "vs asprin", "options")]
    assert {row[1] for row in rows} == {"pareto", "vs asprin", "options"}
    for _number, section, measure, _zopa, _other, _ratio, _target, result, note in rows:
        assert "DISAGREE" not in note, f"{measure}: {note}"
        if section == "vs asprin" and result != "SKIP":
            assert "the same profiles" in note, f"{measure}: {note}"
    assert any("the same frontier on both sides" in row[8] for row in rows)
    assert sum("the same open and forced options" in row[8] for row in rows) >= 3


def test_the_listing_side_filters_as_brute_force(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import itertools

    from interests import non_dominated

    profiles = set(itertools.product(range(3), repeat=3)) - {(2, 2, 2)} | {(0, 0, 5)}

    def dominated(p):
        return any(q != p and all(a >= b for a, b in zip(q, p, strict=True)) for q in profiles)

    expected = {p for p in profiles if not dominated(p)}
    assert non_dominated(profiles) == expected
