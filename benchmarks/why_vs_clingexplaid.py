"""`zopa why` side by side with clingexplaid's MARCO and clingo's default optimisation.

    .venv/bin/pip install clingexplaid      # the comparison only; zopa does not need it
    .venv/bin/python benchmarks/why_vs_clingexplaid.py [--repeat 3] [--seed 1]

Each comparison runs both sides in this one process on the same generated scenario and the
same grounded files, after loading (grounding is not timed), and prints median, min and max
of the repetitions and the ratio of medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import clingo

import zopa
from zopa.concessions import concessions_in
from zopa.loading import engine_file

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402


def timed(work, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def row(name: str, ours: list[float], theirs: list[float], note: str = "") -> None:
    ratio = statistics.median(theirs) / statistics.median(ours)
    fmt = lambda ts: f"{statistics.median(ts):8.3f}s [{min(ts):.3f}–{max(ts):.3f}]"  # noqa: E731
    print(f"| {name} | {fmt(ours)} | {fmt(theirs)} | {ratio:6.1f}× | {note} |")


def grounded(files: list[Path], strategy: str) -> tuple[clingo.Control, list]:
    control = clingo.Control(["--warn=none", f"--opt-strategy={strategy}"])
    for f in [engine_file(), *files]:
        control.load(str(f))
    control.ground([("base", []), ("zopa_concessions", [])])
    red_lines = [a.symbol.arguments[0] for a in control.symbolic_atoms.by_signature("red_line", 2)]
    for name in ("zopa_enforce", "zopa_soft"):
        for r in red_lines:
            control.assign_external(clingo.Function(name, [r]), None)
    return control, red_lines


def marco_first(files: list[Path], count: int, timeout: float) -> tuple[int, list[int]]:
    from clingexplaid.unsat import SubsetComputer

    control, red_lines = grounded(files, "bb")
    assumptions = [(clingo.Function("zopa_enforce", [r]), True) for r in red_lines]
    assumptions += [(clingo.Function("zopa_soft", [r]), False) for r in red_lines]
    computer = SubsetComputer(control, assumptions)
    sizes = []
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for subset in computer.multiple(maximum=count, timeout=timeout):
            sizes.append(sum(1 for symbol, sign in subset.iter_symbols() if sign and symbol.name == "zopa_enforce"))
    return len(sizes), sizes


def bb_cheapest(files: list[Path], timeout: float) -> str:
    """clingo's default branch-and-bound on the same question; how far it got by `timeout`."""
    control, red_lines = grounded(files, "bb")
    assumptions = [(clingo.Function("zopa_enforce", [r]), False) for r in red_lines]
    assumptions += [(clingo.Function("zopa_soft", [r]), True) for r in red_lines]
    control.configuration.solve.opt_mode = "opt"
    costs = []
    with control.solve(assumptions=assumptions, on_model=lambda m: costs.append(m.cost), async_=True) as handle:
        if handle.wait(timeout):
            return f"optimum {costs[-1][0]}"
        handle.cancel()
    return f"not finished in {timeout:.0f} s, best cost so far {costs[-1][0] if costs else None}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contested", type=int, default=30, help="issues most red lines are on (12 to 60)")
    parser.add_argument("--skip-bb", action="store_true", help="skip clingo's branch-and-bound")
    parser.add_argument("--bb-timeout", type=float, default=120.0, help="seconds granted to branch-and-bound")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zopa-bench-"))
    (folder / "scenario.lp").write_text(generate(issues=100, options=5, parties=20, red_lines=400, contested=args.contested, seed=args.seed))
    files = sorted(folder.glob("*.lp"))
    scenario = zopa.load(folder)
    enforced = [r.id for r in scenario.catalogue.red_lines]
    print(f"scenario: 100 issues x 5 options, 20 parties, 400 red lines on {args.contested} contested issues, seed {args.seed}")
    print("| measure | zopa | other | other / zopa | notes |")
    print("|---|---|---|---|---|")

    ours, result = timed(lambda: scenario.why(limit=50, timeout=None, with_concessions=False), args.repeat)
    theirs, (found, sizes) = timed(lambda: marco_first(files, 50, 120), args.repeat)
    row("50 conflicts: zopa smallest first vs clingexplaid MARCO first 50", ours, theirs,
        f"zopa sizes {min(len(c.red_lines) for c in result.conflicts)}–{max(len(c.red_lines) for c in result.conflicts)}; "
        f"MARCO found {found}, sizes {min(sizes)}–{max(sizes)}")

    def cheapest():
        return next(concessions_in(scenario.solver, enforced, None))

    ours, first = timed(cheapest, args.repeat)
    print(f"| cheapest concession set (usc, one grounding) | {statistics.median(ours):.4f}s | | | size {len(first)} |")
    solver = scenario.solver

    def ten_more():
        sets = []
        for red_lines in concessions_in(solver, enforced, None):
            sets.append(red_lines)
            if len(sets) == 11:
                break
        return sets

    ours, sets = timed(ten_more, args.repeat)
    print(f"| cheapest 11 concession sets, cheapest first | {statistics.median(ours):.4f}s | | | "
          f"{statistics.median(ours) / 11 * 1000:.1f} ms each; sizes {[len(s) for s in sets]} |")
    if not args.skip_bb:
        theirs, outcome = timed(lambda: bb_cheapest(files, args.bb_timeout), 1)
        ours, _ = timed(cheapest, args.repeat)
        row("cheapest concession set: zopa (usc) vs clingo default branch-and-bound", ours, theirs, outcome)

    small = Path(tempfile.mkdtemp(prefix="zopa-bench-small-"))
    (small / "scenario.lp").write_text(generate(issues=20, options=4, parties=5, red_lines=40, contested=8, seed=args.seed))
    small_scenario = zopa.load(small)
    ours, result = timed(lambda: small_scenario.why(limit=0, timeout=None, with_concessions=False), args.repeat)
    theirs, (found, _) = timed(lambda: marco_first(sorted(small.glob("*.lp")), 10**6, 600), args.repeat)
    row("all conflicts, small scenario (20 issues, 40 red lines)", ours, theirs,
        f"zopa {len(result.conflicts)} conflicts, complete={result.complete}; MARCO {found}")


if __name__ == "__main__":
    main()
