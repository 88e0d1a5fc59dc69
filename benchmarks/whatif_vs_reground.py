"""A full single-concession `zopa whatif` sweep side by side with re-grounding a fresh
program for every case, on one generated scenario of 400 red lines.

    .venv/bin/python benchmarks/whatif_vs_reground.py [--repeat 3] [--seed 1] [--cap 100] [--quick]

Both sides answer the same questions per case: is a deal feasible without this red line,
and how many deals (counted up to the cap); the answers are compared. zopa's sweep can also
find the conflicts each concession resolves (as `zopa whatif` does); the re-grounding side
does not, so that row is reported apart. Loading zopa's scenario (one parse and grounding)
is included in its time. The scenario is barely infeasible (one red line drawn against the
reference deal, benchmarks/generate.py), so a few cases open a deal and are counted.
"""

from __future__ import annotations

import json
import statistics
import time

import clingo

import zopa
from generate import generate
from harness import Config, Row, Target, arguments, config_from, ratio_of, table, timed, timed_child, zopa_command
from zopa.loading.files import engine_file

SECTION = "whatif"
TARGET = Target(10.0, False, "re-ground/zopa ≥ 10×")
GROWTH_TARGET = Target(6.0, True, "4× size / 1× size ≤ 6×")


def size_of(config: Config) -> dict:
    if config.quick:
        return {"issues": 10, "options": 5, "parties": 2, "red_lines": 40, "contested": 3, "against": 1}
    return {"issues": 100, "options": 5, "parties": 20, "red_lines": 400, "contested": 30, "against": 1}


def regrounded(files, red_lines: list[str], cap: int) -> list[tuple[str, int]]:
    """Per red line: a fresh program with concede(R), grounded and solved; deals up to cap."""
    answers = []
    for red_line in red_lines:
        control = clingo.Control(["--warn=none", f"--models={cap + 1}"])
        for f in [engine_file(), *files]:
            control.load(str(f))
        control.add("case", [], "concede(" + red_line + ").")
        control.ground([("base", []), ("case", [])])
        count = 0

        def seen(_model: clingo.Model) -> None:
            nonlocal count
            count += 1

        control.solve(on_model=seen)
        answers.append((red_line, min(count, cap)))
    return answers


def section(config: Config, cap: int = 100) -> list[Row]:
    size = size_of(config)
    folder = config.folder("whatif", generate(**size, seed=config.seed))
    files = sorted(folder.glob("*.lp"))
    loads = []

    def sweep(**options):
        start = time.perf_counter()
        scenario = zopa.load(folder)
        loads.append(time.perf_counter() - start)
        return zopa.whatif(scenario, count_cap=cap, timeout=None, **options)

    sweep_only, result = timed(lambda: sweep(with_conflicts=False), config.repeat)
    load = statistics.median(loads)
    ids = sorted(c.concede[0] for c in result.results)
    theirs, answers = timed(lambda: regrounded(files, ids, cap), config.repeat)
    ours_counts = {c.concede[0]: c.deals for c in result.results}
    agree = all(ours_counts[r] == n for r, n in answers)
    opened = sum(1 for c in result.results if c.feasible)
    described = (
        f"zopa: load {load:.3f} s + sweep {sweep_only.median - load:.3f} s; "
        f"{size['issues']} issues, {size['red_lines']} red lines, barely infeasible; {len(answers)} cases, "
        f"{opened} open a deal, deals counted up to {cap}; answers {'agree' if agree else 'DISAGREE'}"
    )
    rows = [
        Row(
            SECTION,
            f"single-concession sweep, {size['red_lines']} red lines (load included) vs re-grounding per case",
            sweep_only,
            theirs,
            ratio_of(theirs, sweep_only),
            target=TARGET if agree else None,
            note=described if agree else described + ": the sides disagree, no ratio is claimed",
        )
    ]
    with_conflicts, full = timed(sweep, config.repeat)
    rows.append(
        Row(
            SECTION,
            "the same sweep with the conflicts each case resolves (as `zopa whatif`)",
            with_conflicts,
            theirs,
            ratio_of(theirs, with_conflicts),
            ratio_text=f"{ratio_of(theirs, with_conflicts):.1f}× (re-ground/zopa)",
            note=f"all {len(full.conflicts)} conflicts found first; the re-grounding side does not find them",
        )
    )
    rows.append(growth_row(config))
    return rows


def growth_row(config: Config) -> Row:
    """The whole `zopa whatif` command on a feasible scenario and on one four times its
    size, in turn, each a child process as a user runs it."""
    base = size_of(config) | {"against": 0}
    larger = base | {key: base[key] * 4 for key in ("issues", "parties", "red_lines", "contested")}
    times = []
    for size in (base, larger):
        folder = config.folder(f"whatif-feasible-{size['red_lines']}", generate(**size, seed=config.seed))
        command = [*zopa_command(), "whatif", "--positions", str(folder), "--json"]
        stat, child = timed_child(command, config.repeat, 600)
        answer = json.loads(child.stdout)
        times.append((stat, size, answer))
    (small, small_size, _), (big, big_size, answer) = times
    opened = sum(1 for case in answer["results"] if case["feasible"])
    return Row(
        SECTION,
        f"`zopa whatif` on a feasible scenario: {big_size['red_lines']} red lines vs {small_size['red_lines']}",
        big,
        small,
        ratio_of(big, small),
        target=GROWTH_TARGET,
        note=f"{big_size['issues']} vs {small_size['issues']} issues; "
        f"{opened}/{answer['evaluated']} cases open a deal, each with at least {answer['count_cap']} deals "
        "(counted once for the sweep: conceding only adds deals)",
    )


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--cap", type=int, default=100)
    args = parser.parse_args()
    print(table(section(config_from(args), args.cap)))


if __name__ == "__main__":
    main()
