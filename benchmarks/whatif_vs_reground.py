"""A full single-concession `zopa whatif` sweep side by side with re-grounding a fresh
program for every case, on one generated scenario of 400 red lines.

    .venv/bin/python benchmarks/whatif_vs_reground.py [--repeat 3] [--seed 1] [--cap 100]

Both sides answer the same questions per case: is a deal feasible without this red line,
and how many deals (counted up to the cap). zopa's sweep also finds the conflicts each
concession resolves; the re-grounding side does not, so the ratio is conservative. Loading
zopa's scenario (one parse and grounding) is included in its time.
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
from zopa.loading import engine_file

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402


def regrounded(files: list[Path], red_lines: list[str], cap: int) -> list[tuple[str, int]]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=int, default=100)
    parser.add_argument("--contested", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zopa-whatif-"))
    (folder / "scenario.lp").write_text(generate(red_lines=400, contested=args.contested, seed=args.seed))
    files = sorted(folder.glob("*.lp"))

    ours, sweep_only, theirs = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        zopa.load(folder).whatif(count_cap=args.cap, timeout=None, with_conflicts=False)
        sweep_only.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = zopa.load(folder).whatif(count_cap=args.cap, timeout=None)
        ours.append(time.perf_counter() - start)
        ids = sorted(c.concede[0] for c in result.results)
        start = time.perf_counter()
        answers = regrounded(files, ids, args.cap)
        theirs.append(time.perf_counter() - start)
    ours_counts = {c.concede[0]: c.deals for c in result.results}
    assert all(ours_counts[r] == n for r, n in answers), "the two sides disagree"
    ratio = statistics.median(theirs) / statistics.median(sweep_only)
    with_conflicts = statistics.median(theirs) / statistics.median(ours)
    print(f"scenario: 100 issues x 5 options, 20 parties, 400 red lines on {args.contested} contested issues, "
          f"seed {args.seed}; {len(answers)} cases, deals counted up to {args.cap}; "
          f"{sum(1 for c in result.results if c.feasible)} cases open a deal")
    fmt = lambda ts: f"{statistics.median(ts):.3f}s [{min(ts):.3f}–{max(ts):.3f}]"  # noqa: E731
    print(f"| whatif sweep, same questions (one grounding, load included) | {fmt(sweep_only)} | {ratio:.1f}× faster |")
    print(f"| whatif sweep and all {len(result.conflicts)} conflicts it resolves | {fmt(ours)} | {with_conflicts:.1f}× faster |")
    print(f"| re-grounding a fresh program per case | {fmt(theirs)} | 1× |")


if __name__ == "__main__":
    main()
