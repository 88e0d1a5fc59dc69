"""`zopa timeline` side by side with one `zopa why --as-of DATE` process per date, on a
generated scenario whose red lines are stated and withdrawn on 50 distinct dates.

    .venv/bin/python benchmarks/timeline_vs_processes.py [--repeat 3] [--seed 1] [--quick]

One side is a single `zopa timeline --json --positions DIR` process: one loading, one
conflict search among all the red lines (withdrawn ones included) serving every date, and
per date a feasibility check and a cheapest concession set on the same grounding. The other
is what a script would do without it: a fresh `zopa why --as-of D --json --limit 0
--positions DIR` process for each date D, run one after the other; its time is the sum of
their wall times. Both are the installed `zopa` command. The answers are compared date by
date: feasibility, and the timeline's number of conflicts against the length of `why`'s
complete list of conflicts. A second scenario, smaller and deeply infeasible (conflict
density 0.1), shows the case where the conflict search, not start-up and loading, is most
of the time. For information, the timeline of the bundled scenario, in-process.
"""

from __future__ import annotations

import json
import statistics
import time

import zopa
from generate import build
from harness import (
    ChildFailed,
    Config,
    Row,
    Stat,
    Target,
    arguments,
    config_from,
    failed_row,
    ratio_of,
    run_child,
    table,
    timed,
    timed_child,
    zopa_command,
)
from zopa.analyses.timeline import timeline

SECTION = "timeline"
TARGET = Target(10.0, False, "processes/timeline ≥ 10×")
TIMEOUT = 600.0


def sizes_of(config: Config) -> list[tuple[str, dict, bool]]:
    """(description, build's options, whether the row carries the target). The first is the
    base size of the other sections, barely infeasible, with 30% of its red lines undated
    (long-standing) so that conflicts hold at most dates; the second is small and deeply
    infeasible, every red line dated. A fifth of the red lines are withdrawn later."""
    if config.quick:
        tiny = {"issues": 10, "options": 5, "parties": 2, "red_lines": 40, "contested": 3, "against": 1}
        return [("barely infeasible", tiny | {"dates": 6, "withdrawn": 0.2, "undated": 0.3}, True)]
    base = {"issues": 100, "options": 5, "parties": 20, "red_lines": 400, "contested": 30, "against": 1}
    deep = {"issues": 30, "options": 5, "parties": 5, "red_lines": 90, "contested": 10, "density": 0.1}
    return [
        ("barely infeasible", base | {"dates": 50, "withdrawn": 0.2, "undated": 0.3}, True),
        ("deeply infeasible", deep | {"dates": 50, "withdrawn": 0.2, "undated": 0.0}, False),
    ]


def per_date(folder, dates: list[str], repeat: int) -> tuple[Stat, dict[str, dict]]:
    """A fresh `zopa why --as-of D --json --limit 0` process per date, in turn: the summed
    wall time of each repetition, and the last repetition's answers by date."""
    totals, answers = [], {}
    for _ in range(max(1, repeat)):
        total = 0.0
        for day in dates:
            command = [*zopa_command(), "why", "--as-of", day, "--json", "--limit", "0", "--positions", str(folder)]
            child = run_child(command, TIMEOUT)
            if child.timed_out or child.returncode != 0:
                raise ChildFailed(command, child)
            total += child.wall
            answers[day] = json.loads(child.stdout)
        totals.append(total)
    return Stat(totals), answers


def compare(history: dict, answers: dict[str, dict], expected: list[str]) -> list[str]:
    """The disagreements between the timeline and the per-date answers (empty: they agree)."""
    problems = []
    days = [d["date"] for d in history["dates"]]
    if days != expected:
        problems.append(f"timeline dates {days[:3]}... are not the generated {expected[:3]}...")
    if not history["complete"]:
        problems.append("the timeline is not complete")
    for entry in history["dates"]:
        why = answers.get(entry["date"])
        if why is None:
            problems.append(f"{entry['date']}: no `why` answer")
            continue
        if not why["complete"]:
            problems.append(f"{entry['date']}: `why` is not complete")
        if why["as_of"] != entry["date"]:
            problems.append(f"{entry['date']}: `why` answered as of {why['as_of']}")
        ours, theirs = (entry["feasible"], entry["conflicts"]), (why["feasible"], len(why["conflicts"]))
        if ours != theirs:
            problems.append(
                f"{entry['date']}: timeline feasible={ours[0]} conflicts={ours[1]}, "
                f"why feasible={theirs[0]} conflicts={theirs[1]}"
            )
    return problems


def scenario_row(config: Config, described: str, size: dict, with_target: bool) -> Row:
    spec = build(**size, seed=config.seed)
    folder = config.folder(f"timeline-{size['red_lines']}-{size['dates']}", spec.text())
    command = [*zopa_command(), "timeline", "--json", "--positions", str(folder)]
    ours, child = timed_child(command, config.repeat, TIMEOUT)
    history = json.loads(child.stdout)
    theirs, answers = per_date(folder, spec.dates, config.repeat)
    problems = compare(history, answers, spec.dates)
    infeasible = sum(1 for d in history["dates"] if not d["feasible"])
    counts = [d["conflicts"] for d in history["dates"]]
    withdrawn = sum(1 for r in spec.red_lines if r.withdrawn is not None)
    undated = sum(1 for r in spec.red_lines if r.stated is None)
    note = (
        f"{size['issues']} issues, {len(spec.red_lines)} red lines ({undated} undated, {withdrawn} withdrawn), "
        f"{described}; {len(spec.dates)} dates, {infeasible} infeasible, "
        f"conflicts per date {min(counts)}–{max(counts)}, "
        f"{len(history['conflicts'])} conflicts among all red lines; {len(spec.dates)} `why` processes, "
    )
    if problems:
        note += f"answers DISAGREE ({len(problems)} dates): {problems[0]}; no ratio is claimed"
    else:
        note += "feasibility and conflicts agree at every date (both complete)"
    return Row(
        SECTION,
        f"`zopa timeline`, {len(spec.dates)} dates, vs a `zopa why --as-of D --limit 0` process per date ({described})",
        ours,
        theirs,
        ratio_of(theirs, ours),
        ratio_text=None if with_target else f"{ratio_of(theirs, ours):.1f}× (processes/timeline)",
        target=TARGET if with_target and not problems else None,
        note=note,
    )


def bundled_row(config: Config) -> Row:
    """The timeline of the bundled scenario in this process: loading apart, then the history."""
    loads = []

    def history():
        start = time.perf_counter()
        scenario = zopa.load()
        loads.append(time.perf_counter() - start)
        return timeline(scenario, timeout=None)

    stat, result = timed(history, config.repeat)
    load = statistics.median(loads)
    conflicts = sum(1 for d in result.dates if d.conflicts)
    return Row(
        SECTION,
        "`timeline` of the bundled scenario, in-process (load included)",
        stat,
        note=f"load {load:.3f} s + history {stat.median - load:.3f} s; {len(result.dates)} dates, "
        f"{conflicts} with conflicts, {len(result.conflicts)} conflicts among {result.red_lines_checked} red lines",
    )


def section(config: Config) -> list[Row]:
    rows = []
    for described, size, with_target in sizes_of(config):
        try:
            rows.append(scenario_row(config, described, size, with_target))
        except ChildFailed as problem:
            measure = f"`zopa timeline` vs a process per date ({described})"
            rows.append(failed_row(SECTION, measure, problem, TARGET if with_target else None))
    rows.append(bundled_row(config))
    return rows


def main() -> None:
    print(table(section(config_from(arguments(__doc__).parse_args()))))


if __name__ == "__main__":
    main()
