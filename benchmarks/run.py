"""Run every benchmark section and print one Markdown report: the table of comparisons with
their targets (PASS/MISS), the growth table, the machine and the date.

    .venv/bin/python benchmarks/run.py                    # the full run, 3 repetitions
    .venv/bin/python benchmarks/run.py --quick --repeat 1 # tiny sizes: a smoke run of seconds
    .venv/bin/python benchmarks/run.py --only why,whatif --output report.md

Sections: vs-clingo (start-up and overhead against plain clingo), why (conflicts and
concession sets against clingexplaid's MARCO and clingo's branch-and-bound), whatif (the
sweep against re-grounding per case), bruteforce (deals against itertools.product),
growth (time and peak memory at 1×, 2×, 4×, 8× a base size), timeline (one `zopa timeline`
against a `zopa why --as-of` process per date), coalitions (blocking groups through
group-level conflicts against every group; the whole answer against `why`). Each
comparison runs both
sides in this one run; times are the median of the repetitions, with [min–max]. Without
clingexplaid installed, its rows say SKIP. The exit status is 1 when a section could not
run at all, 0 otherwise (a MISS is a result, not a failure).
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import sys
import time
import traceback
from pathlib import Path

import bounds
import coalitions_vs_groups
import growth
import interests
import timeline_vs_processes
import vs_bruteforce
import vs_clingo
import whatif_vs_reground
import why_vs_clingexplaid
import zopa
from harness import Config, Row, machine, table, today

SECTIONS = {
    "vs-clingo": vs_clingo.section,
    "why": why_vs_clingexplaid.section,
    "whatif": whatif_vs_reground.section,
    "bruteforce": vs_bruteforce.section,
    "growth": growth.section,
    "bounds": bounds.section,
    "timeline": timeline_vs_processes.section,
    "pareto": interests.pareto_section,
    "asprin": interests.asprin_section,
    "options": interests.options_section,
    "coalitions": coalitions_vs_groups.section,
}


def command_line(args: argparse.Namespace) -> str:
    parts = [".venv/bin/python benchmarks/run.py"]
    if args.quick:
        parts.append("--quick")
    parts.append(f"--repeat {args.repeat}")
    if args.seed != 1:
        parts.append(f"--seed {args.seed}")
    if args.only:
        parts.append(f"--only {args.only}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated scenarios (default 1)")
    parser.add_argument("--only", metavar="A,B", help=f"run only these sections: {', '.join(SECTIONS)}")
    parser.add_argument("--output", metavar="FILE", help="also write the report to FILE")
    args = parser.parse_args(argv)
    chosen = list(SECTIONS)
    if args.only:
        chosen = [s.strip() for s in args.only.split(",") if s.strip()]
        unknown = [s for s in chosen if s not in SECTIONS]
        if unknown:
            parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    config = Config(repeat=args.repeat, quick=args.quick, seed=args.seed)
    # Start-up is measured as users meet it: with zopa's bytecode compiled, as pip does for
    # an installed copy and Python on a first import. Where PYTHONDONTWRITEBYTECODE is set,
    # an editable install would otherwise compile every module again in every run (20 ms).
    compileall.compile_dir(Path(zopa.__file__).parent, quiet=1)
    started = time.perf_counter()
    rows: list[Row] = []
    extra: list[str] = []
    broken = []
    for name in chosen:
        began = time.perf_counter()
        print(f"[{name}] running", file=sys.stderr, flush=True)
        try:
            result = SECTIONS[name](config)
        except Exception:  # noqa: BLE001 - report the section and go on with the others
            traceback.print_exc()
            broken.append(name)
            continue
        if isinstance(result, tuple):
            result, text = result
            extra.append(text)
        rows += result
        print(f"[{name}] {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(config.workdir, ignore_errors=True)
    statuses = [r.status for r in rows]
    report = "\n".join(
        [
            f"Machine: {machine()}  ",
            f"Date: {today()}  ",
            f"Command: `{command_line(args)}`  ",
            f"Harness time: {elapsed / 60:.1f} min; "
            f"targets: {statuses.count('PASS')} PASS, {statuses.count('MISS')} MISS"
            + (f", {statuses.count('SKIP')} SKIP" if "SKIP" in statuses else ""),
            "",
            table(rows),
            *(["", "Growth (each command a child process; phases measured inside it):", "", *extra] if extra else []),
            *(["", f"Sections that could not run: {', '.join(broken)}"] if broken else []),
        ]
    )
    print(report)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(report + "\n")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
