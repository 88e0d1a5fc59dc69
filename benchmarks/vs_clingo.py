"""`zopa deals` side by side with plain clingo on the same files, both as commands.

    .venv/bin/python benchmarks/vs_clingo.py [--repeat 3] [--quick]

Start-up: `zopa deals` on the bundled scenario against `python -m clingo` with the bundled
rules (rules/zopa.lp as installed with the package) and positions. Overhead: on a large
generated feasible scenario, `zopa deals --limit 1` against `clingo -n 1`, and 10,000 deals
against `clingo -n 10000`. Each side runs as a child process and prints to a file; the time
is its wall time, start to exit, after one untimed run of each to warm the file cache.
"""

from __future__ import annotations

import re

from generate import generate
from harness import (
    ChildFailed,
    Config,
    Row,
    Stat,
    Target,
    arguments,
    clingo_command,
    config_from,
    failed_row,
    ratio_of,
    run_child,
    table,
    zopa_command,
)
from zopa.loading.files import bundled_positions, engine_file

SECTION = "vs clingo"
STARTUP_TARGET = Target(4.0, True, "zopa/clingo ≤ 4×")
OVERHEAD_TARGET = Target(1.3, True, "zopa/clingo ≤ 1.3×")


def large_size(config: Config) -> dict:
    """The large scenario: 4× the base size (400 issues, 1,600 red lines), feasible."""
    if config.quick:
        return {"issues": 20, "options": 5, "parties": 4, "red_lines": 80, "contested": 6, "against": 0}
    return {"issues": 400, "options": 5, "parties": 80, "red_lines": 1600, "contested": 120, "against": 0}


def side_by_side(
    ours: list[str], theirs: list[str], repeat: int, timeout: float, check=None, warm: bool = True
) -> tuple[Stat, Stat]:
    """Both commands in turn, `repeat` times, after one untimed run of each (unless not `warm`)."""
    a, b = [], []
    for n in range(0 if warm else 1, max(1, repeat) + 1):
        for command, times in ((ours, a), (theirs, b)):
            child = run_child(command, timeout)
            if child.timed_out or child.returncode != 0:
                raise ChildFailed(command, child)
            if check is not None:
                check(command is ours, child)
            if n:
                times.append(child.wall)
    return Stat(a), Stat(b)


def clingo_models(text: str) -> str:
    found = re.search(r"^Models\s*:\s*(\S+)", text, re.M)
    return found.group(1) if found else "?"


def zopa_deals(text: str) -> str:
    found = re.match(r"(\d[\d,]*) feasible deal", text)
    if not found:
        return "no feasible deal"
    return f"{found.group(1)} deal" + ("" if found.group(1) == "1" else "s")


def section(config: Config) -> list[Row]:
    rows = []
    zopa, clingo = zopa_command(), clingo_command()
    engine = str(engine_file())
    positions = sorted(str(p) for p in bundled_positions().glob("*.lp"))
    seen: dict[bool, str] = {}

    def remember(is_zopa: bool, child) -> None:
        seen[is_zopa] = zopa_deals(child.stdout) if is_zopa else clingo_models(child.stdout)

    measure = "start-up: `zopa deals`, bundled scenario, vs `python -m clingo` rules + positions"
    try:
        ours, theirs = side_by_side(
            [*zopa, "deals"], [*clingo, engine, *positions], config.repeat, 60, remember, warm=not config.quick
        )
        rows.append(
            Row(
                SECTION,
                measure,
                ours,
                theirs,
                ratio_of(ours, theirs),
                target=STARTUP_TARGET,
                note=f"zopa: {seen[True]} (default --limit 5); clingo: {seen[False]} models",
            )
        )
    except ChildFailed as problem:
        rows.append(failed_row(SECTION, measure, problem, STARTUP_TARGET))

    size = large_size(config)
    folder = config.folder("vs-clingo-large", generate(**size, seed=config.seed))
    files = sorted(str(p) for p in folder.glob("*.lp"))
    described = f"{size['issues']} issues × {size['options']} options, {size['red_lines']} red lines, feasible"
    for limit in (1, 100) if config.quick else (1, 10_000):
        measure = f"`zopa deals --limit {limit}` vs `clingo -n {limit}`, generated scenario"
        try:
            ours, theirs = side_by_side(
                [*zopa, "deals", "--positions", str(folder), "--limit", str(limit)],
                [*clingo, engine, *files, "-n", str(limit)],
                config.repeat,
                600,
                remember,
                warm=not config.quick,
            )
            rows.append(
                Row(
                    SECTION,
                    measure,
                    ours,
                    theirs,
                    ratio_of(ours, theirs),
                    target=OVERHEAD_TARGET,
                    note=f"{described}; zopa: {seen[True]} (text view); clingo: {seen[False]} models printed",
                )
            )
        except ChildFailed as problem:
            rows.append(failed_row(SECTION, measure, problem, OVERHEAD_TARGET))
    return rows


def main() -> None:
    print(table(section(config_from(arguments(__doc__).parse_args()))))


if __name__ == "__main__":
    main()
