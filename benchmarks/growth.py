"""How the cost of `zopa deals --limit 1`, `zopa why --limit 10` and `zopa whatif` grows
with the size of the scenario: 1×, 2×, 4× and 8× a base of 100 issues and 400 red lines
(up to 800 issues and 3,200 red lines), each command a child process.

    .venv/bin/python benchmarks/growth.py [--repeat 3] [--seed 1] [--quick]

Per measurement: wall time (start to exit), the phases inside the child (importing zopa,
parsing, grounding, the other loading checks, then solving and printing) and the child's
peak resident memory. The child runs the real command line (zopa.cli) with timers wrapped
around the loading functions; the commands keep their default timeouts. A run that is cut
by its timeout, or takes over 20 s, is not repeated.

The scenario grows as a whole: issues, parties, contested issues and red lines scale
together, with one red line drawn against the reference deal per 100 issues (barely
infeasible at 1×). A second series runs `why --limit 10` on deeply infeasible scenarios
(a tenth of the red lines drawn against the reference deal).
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate
from harness import ChildFailed, Config, Row, Stat, Target, arguments, config_from, fmt, python, run_child, table

SECTION = "growth"
SCALES = (1, 2, 4, 8)
LINEAR = Target(1.2, True, "exponent ≤ 1.2 (≈ linear)")
# The command line's default timeouts (src/zopa/cli.py), which the commands keep here.
TIMEOUTS = {"deals": 60.0, "why": 30.0, "whatif": 120.0}
NOT_REPEATED_AFTER = 20.0


def base_size(config: Config) -> dict:
    if config.quick:
        return {"issues": 6, "options": 4, "parties": 2, "red_lines": 16, "contested": 2}
    return {"issues": 100, "options": 5, "parties": 20, "red_lines": 400, "contested": 30}


def scaled(base: dict, k: int, deep: bool) -> dict:
    size = {key: value * k if key != "options" else value for key, value in base.items()}
    size.update(density=0.1) if deep else size.update(against=k)
    return size


@dataclass
class Series:
    """One command (or library call) at every scale."""

    name: str
    args: list[str]
    timeout: float
    deep: bool = False
    library: bool = False
    points: list[Point] = field(default_factory=list)


@dataclass
class Point:
    scale: int
    issues: int
    red_lines: int
    wall: Stat
    phases: dict[str, float]
    peak_mb: float
    answered: bool
    note: str


# ----------------------------------------------------------------------------- child


def child(phases_file: str, args: list[str]) -> None:
    """Run the command line (or, for `--sweep-only DIR`, the library's what-if sweep without
    conflicts) with timers around the loading phases; write them as JSON to phases_file."""
    start = time.perf_counter()
    import clingo

    import zopa
    import zopa.cli
    import zopa.loading
    import zopa.scenario

    phases: dict[str, float] = {"import": time.perf_counter() - start}

    def wrap(owner, name: str, phase: str) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return  # the engine changed: that phase is just not reported

        def timed(*a, **k):
            began = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - began

        setattr(owner, name, timed)

    wrap(zopa.scenario, "load", "load")
    wrap(zopa.loading, "parse", "parse")
    wrap(clingo.Control, "ground", "ground")
    began = time.perf_counter()
    if args[0] == "--sweep-only":
        from zopa.render.json import dumps

        result = zopa.whatif(zopa.scenario.load(args[1]), timeout=TIMEOUTS["whatif"], with_conflicts=False)
        sys.stdout.write(dumps(result))
        status = 0
    else:
        status = zopa.cli.run(args)
    phases["command"] = time.perf_counter() - began
    Path(phases_file).write_text(json.dumps(phases))
    sys.stdout.flush()
    sys.exit(status)


# ----------------------------------------------------------------------------- parent


def answered(series: Series, output: dict, wall: float) -> tuple[bool, str]:
    """Whether the command answered within its timeout, and what it answered."""
    within = wall < series.timeout
    if series.name.startswith("deals"):
        ok = not output.get("timed_out", False)
        return ok and within, ("feasible" if output["feasible"] else "no deal") + ("" if ok else ", cut by the timeout")
    if series.name.startswith("why"):
        count = len(output["conflicts"])
        return within and count > 0 or output.get("feasible", False), f"{count} conflicts"
    ok = output["complete"]
    opened = sum(1 for c in output["results"] if c["feasible"])
    text = f"{output['evaluated']}/{output['cases']} cases, {opened} open a deal"
    if "conflicts_complete" in output and not series.library:
        text += f", {len(output['conflicts'])} conflicts" + ("" if output["conflicts_complete"] else " (cut)")
    return ok and within, text


def measure(series: Series, folder: Path, k: int, size: dict, config: Config) -> Point:
    phases_file = config.workdir / "phases.json"
    args = ["--sweep-only", str(folder)] if series.library else [*series.args, "--positions", str(folder), "--json"]
    command = [python(), str(Path(__file__).resolve()), "--child", str(phases_file), *args]
    walls, runs, peak = [], [], 0.0
    ok, note = False, ""
    for _ in range(max(1, config.repeat)):
        phases_file.unlink(missing_ok=True)
        run = run_child(command, series.timeout + 120)
        if run.timed_out or run.returncode != 0:
            raise ChildFailed(command, run)
        walls.append(run.wall)
        peak = max(peak, run.max_rss_mb)
        runs.append(json.loads(phases_file.read_text()))
        ok, note = answered(series, json.loads(run.stdout), run.wall)
        if not ok or run.wall > NOT_REPEATED_AFTER:
            break
    phases = {key: statistics.median(r.get(key, 0.0) for r in runs) for key in runs[0]}
    return Point(k, size["issues"], size["red_lines"], Stat(walls), phases, peak, ok, note)


def exponent(points: list[Point], value) -> float | None:
    """The least-squares slope of log(value) against log(red lines): 1 is linear growth."""
    pairs = [(math.log(p.red_lines), math.log(value(p))) for p in points if value(p) > 0]
    if len(pairs) < 2:
        return None
    mx = statistics.mean(x for x, _ in pairs)
    my = statistics.mean(y for _, y in pairs)
    den = sum((x - mx) ** 2 for x, _ in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / den if den else None


def all_series() -> list[Series]:
    return [
        Series("deals --limit 1", ["deals", "--limit", "1"], TIMEOUTS["deals"]),
        Series("why --limit 10", ["why", "--limit", "10"], TIMEOUTS["why"]),
        Series("whatif", ["whatif"], TIMEOUTS["whatif"]),
        Series("whatif sweep only (library, no conflicts)", [], TIMEOUTS["whatif"], library=True),
        Series("why --limit 10, deeply infeasible", ["why", "--limit", "10"], TIMEOUTS["why"], deep=True),
    ]


def run_series(config: Config) -> list[Series]:
    base = base_size(config)
    scales = SCALES[:2] if config.quick else SCALES
    chosen = all_series()[:3] if config.quick else all_series()
    folders: dict[tuple[int, bool], tuple[Path, dict]] = {}
    for series in chosen:
        for k in scales:
            key = (k, series.deep)
            if key not in folders:
                size = scaled(base, k, series.deep)
                name = f"growth-{k}x" + ("-deep" if series.deep else "")
                folders[key] = (config.folder(name, generate(**size, seed=config.seed)), size)
            folder, size = folders[key]
            try:
                series.points.append(measure(series, folder, k, size, config))
            except ChildFailed as problem:
                series.points.append(
                    Point(k, size["issues"], size["red_lines"], Stat([]), {}, 0.0, False, str(problem))
                )
    return chosen


def growth_table(chosen: list[Series]) -> str:
    lines = [
        "| command | size | issues | red lines | wall | import | parse | ground | other loading | solve + print "
        "| peak memory | answered |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for series in chosen:
        for p in series.points:
            ph = p.phases
            load = ph.get("load", 0.0)
            other = load - ph.get("parse", 0.0) - ph.get("ground", 0.0)
            solve = ph.get("command", 0.0) - load
            cells = [fmt(ph[k]) if k in ph else "—" for k in ("import", "parse", "ground")]
            lines.append(
                f"| {series.name} | {p.scale}× | {p.issues:,} | {p.red_lines:,} | {p.wall} | {' | '.join(cells)} | "
                f"{fmt(other) if ph else '—'} | {fmt(solve) if ph else '—'} | {p.peak_mb:.0f} MB | "
                f"{'yes' if p.answered else 'NO'}: {p.note} |"
            )
    return "\n".join(lines)


def rows_of(chosen: list[Series]) -> list[Row]:
    rows = []
    for series in chosen:
        if series.library or series.deep:
            continue
        last = series.points[-1]
        wall = last.wall.median if last.wall.values else float("inf")
        target = Target(series.timeout, True, f"answers in ≤ {series.timeout:.0f} s (default timeout)")
        rows.append(
            Row(
                SECTION,
                f"{last.scale}× ({last.issues:,} issues, {last.red_lines:,} red lines): `zopa {series.name}`",
                last.wall,
                ratio=wall if last.answered else float("inf"),
                ratio_text=fmt(wall) if last.answered else "not answered",
                target=target,
                note=f"{last.note}; peak memory {last.peak_mb:.0f} MB",
            )
        )
    points = next(s for s in chosen if s.name.startswith("deals")).points
    measured = [p for p in points if "ground" in p.phases]
    for phase, target in (("ground", LINEAR), ("load", None)):
        slope = exponent(measured, lambda p, phase=phase: p.phases.get(phase, 0.0))
        if slope is None:
            continue
        first, last = measured[0], measured[-1]
        rows.append(
            Row(
                SECTION,
                f"{'grounding' if phase == 'ground' else 'loading (parse, ground, checks)'} growth, "
                f"{first.scale}×→{last.scale}× red lines",
                f"{fmt(first.phases[phase])} → {fmt(last.phases[phase])}",
                ratio=slope,
                ratio_text=f"exponent {slope:.2f}",
                target=target,
                note=f"least-squares slope of log(time) over log(red lines), from `zopa deals --limit 1`; "
                f"{last.red_lines // first.red_lines}× the red lines cost "
                f"{last.phases[phase] / first.phases[phase]:.1f}× the time",
            )
        )
    for series in chosen:
        if series.name.startswith("deals"):
            continue
        measured = [p for p in series.points if p.wall.values and p.answered]
        slope = exponent(measured, lambda p: p.wall.median)
        if slope is not None and len(measured) > 2:
            rows.append(
                Row(
                    SECTION,
                    f"`{series.name}` wall-time growth over the sizes answered",
                    ratio=slope,
                    ratio_text=f"exponent {slope:.2f}",
                    note=f"{measured[0].scale}×→{measured[-1].scale}×",
                )
            )
    return rows


def section(config: Config) -> tuple[list[Row], str]:
    chosen = run_series(config)
    return rows_of(chosen), growth_table(chosen)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
        return
    rows, grown = section(config_from(arguments(__doc__).parse_args()))
    print(grown)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
