"""Where the time goes in the measurements that miss their targets: import times of the
command line, and cProfile of the commands on the benchmarks' own generated scenarios.

    .venv/bin/python benchmarks/where_time_goes.py [--only startup,deals,why,whatif,bruteforce] [--top 12]

Each case prints its wall time and the functions of zopa (and the clingo calls under them)
that take the most time, cumulative and own. Run it alone: profiling slows the code down
(roughly 1.5× to 2×), so compare its shares, not its seconds, with the benchmark tables.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

WORK = Path(tempfile.mkdtemp(prefix="zopa-profile-"))


def folder(name: str, **size) -> Path:
    path = WORK / name
    path.mkdir(exist_ok=True)
    (path / "scenario.lp").write_text(generate(**size, seed=1))
    return path


def startup(top: int) -> None:
    """`python -X importtime` of the command line: the modules that cost most, inclusive."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import zopa.cli"], capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if found:
            rows.append((int(found.group(2)), int(found.group(1)), len(found.group(3)) // 2, found.group(4)))
    total = next((r[0] for r in rows if r[3] == "zopa.cli"), 0)
    print(f"import zopa.cli: {total / 1e6:.3f} s inclusive; the costliest modules (inclusive, own; depth):")
    shown = [r for r in rows if r[2] <= 3]
    for inclusive, own, depth, name in sorted(shown, reverse=True)[:top]:
        print(f"  {inclusive / 1e6:7.3f} s  {own / 1e6:7.3f} s  {'  ' * depth}{name}")
    for heavy in ("pydantic", "typer", "clingo", "zopa.results", "graphviz"):
        found = [r for r in rows if r[3] == heavy]
        if found:
            print(f"  {heavy}: {found[0][0] / 1e6:.3f} s inclusive")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"])
    print(f"  (a bare `python -c pass` takes {time.perf_counter() - started:.3f} s)")


def profiled(title: str, work, top: int) -> None:
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    work()
    profile.disable()
    wall = time.perf_counter() - started
    print(f"\n## {title}: {wall:.2f} s under the profiler")
    for key, label in (("cumulative", "cumulative"), ("tottime", "own")):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(key)
        entries = []
        for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
            mine = "/zopa/" in filename
            engine = filename == "~" and ("clingo" in name or "_clingo" in name)
            if mine or engine or "pydantic" in filename and key == "tottime":
                where = f"{Path(filename).name}:{line}" if filename != "~" else "clingo"
                entries.append((cumulative if key == "cumulative" else own, calls, f"{where} {name}"))
        entries.sort(reverse=True)
        print(f"  by {label} time:")
        for seconds, calls, where in entries[:top]:
            print(f"    {seconds:8.3f} s  {calls:>9,} calls  {where}")


def cli(args: list[str]):
    from zopa.cli import run

    def work():
        saved = sys.stdout
        sys.stdout = io.StringIO()
        try:
            run(args)
        finally:
            sys.stdout = saved

    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="startup,deals,why,whatif,bruteforce")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    chosen = args.only.split(",")
    if "startup" in chosen:
        startup(args.top)
    if "deals" in chosen:
        large = folder("large", issues=400, options=5, parties=80, red_lines=1600, contested=120, against=0)
        profiled(
            "zopa deals --limit 1, 400 issues, 1,600 red lines",
            cli(["deals", "--positions", str(large), "--limit", "1"]),
            args.top,
        )
        profiled(
            "zopa deals --limit 10000, same scenario",
            cli(["deals", "--positions", str(large), "--limit", "10000"]),
            args.top,
        )
    if "bruteforce" in chosen:
        small = folder("bruteforce", issues=12, options=4, parties=4, red_lines=48, contested=4, against=0)
        import zopa

        profiled(
            "load and all deals, 12 issues × 4 options",
            lambda: zopa.deals(zopa.load(small), limit=0, timeout=None),
            args.top,
        )
    if "why" in chosen:
        import zopa

        deep = zopa.load(folder("deep", issues=100, options=5, parties=20, red_lines=400, contested=30, density=0.1))
        profiled(
            "why, first 50 conflicts, 400 red lines, density 0.1 (after loading)",
            lambda: zopa.why(deep, limit=50, timeout=None, with_concessions=False),
            args.top,
        )
        deep8 = folder("deep8", issues=800, options=5, parties=160, red_lines=3200, contested=240, density=0.1)
        profiled(
            "zopa why --limit 10, 3,200 red lines, density 0.1",
            cli(["why", "--positions", str(deep8), "--limit", "10"]),
            args.top,
        )
    if "whatif" in chosen:
        two = folder("whatif2", issues=200, options=5, parties=40, red_lines=800, contested=60, against=2)
        profiled(
            "zopa whatif, 800 red lines, 2 drawn against the reference deal (timeout 120 s)",
            cli(["whatif", "--positions", str(two)]),
            args.top,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
