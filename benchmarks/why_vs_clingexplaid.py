"""`zopa why` side by side with clingexplaid's MARCO and clingo's default optimisation.

    .venv/bin/pip install clingexplaid      # the comparison only; zopa does not need it
    .venv/bin/python benchmarks/why_vs_clingexplaid.py [--repeat 3] [--seed 1] [--quick]

Each comparison runs both sides in this one process on the same generated scenario and the
same files, after loading (grounding is not timed on either side; each repetition loads
afresh, so that none starts from what the solver learned in the one before), and reports
median, min and max of the repetitions and the ratio of medians. The scenario is deeply infeasible: a
tenth of its red lines are drawn against the reference deal (benchmarks/generate.py), so
conflicts overlap on the contested issues. Without clingexplaid, its rows are skipped.
"""

from __future__ import annotations

import time
import warnings

import clingo

import zopa
from generate import generate
from harness import Config, Row, Stat, Target, arguments, config_from, ratio_of, table, timed
from zopa.analyses.concessions import concessions_in
from zopa.loading.files import engine_file

SECTION = "why"
MARCO_TARGET = Target(3.0, False, "MARCO/zopa ≥ 3×")
CHEAPEST_TARGET = Target(0.1, True, "zopa < 0.1 s")
MISSING = "clingexplaid not installed (`pip install clingexplaid`): comparison skipped"


def deep_size(config: Config) -> dict:
    if config.quick:
        return {"issues": 20, "options": 5, "parties": 4, "red_lines": 80, "contested": 6, "density": 0.1}
    return {"issues": 100, "options": 5, "parties": 20, "red_lines": 400, "contested": 30, "density": 0.1}


ALL_TARGET = Target(2.0, False, "MARCO/zopa ≥ 2×, same count")
# A MARCO run longer than this is not repeated: it would take minutes more, and its spread
# is small against its length.
MARCO_REPEAT_UNDER = 60.0


def small_sizes(config: Config) -> list[tuple[dict, Target | None]]:
    """Small enough that every conflict can be listed, by MARCO at least; each with its
    target (the two larger ones: issue 15's)."""
    if config.quick:
        return [({"issues": 8, "options": 4, "parties": 3, "red_lines": 16, "contested": 3, "density": 0.1}, None)]
    return [
        ({"issues": 20, "options": 4, "parties": 5, "red_lines": 40, "contested": 8, "density": 0.1}, None),
        ({"issues": 30, "options": 4, "parties": 6, "red_lines": 90, "contested": 10, "density": 0.1}, ALL_TARGET),
        ({"issues": 40, "options": 4, "parties": 8, "red_lines": 150, "contested": 13, "density": 0.1}, ALL_TARGET),
    ]


def have_clingexplaid() -> bool:
    try:
        import clingexplaid.unsat  # noqa: F401
    except ImportError:
        return False
    return True


def grounded(files, strategy: str) -> tuple[clingo.Control, list]:
    """The engine and the scenario grounded as zopa grounds them, every switch free."""
    control = clingo.Control(["--warn=none", f"--opt-strategy={strategy}"])
    for f in [engine_file(), *files]:
        control.load(str(f))
    control.ground([("base", []), ("zopa_concessions", [])])
    red_lines = [a.symbol.arguments[0] for a in control.symbolic_atoms.by_signature("red_line", 2)]
    for name in ("zopa_enforce", "zopa_soft"):
        for r in red_lines:
            control.assign_external(clingo.Function(name, [r]), None)
    # False for good, as zopa sets it, and not by an assignment: clingo passes an assigned
    # external to the solver as one more assumption, which then turns up in the cores MARCO
    # reads, and its shrinking never ends.
    control.release_external(clingo.Function("zopa_now"))
    return control, red_lines


def marco_first(ground: tuple[clingo.Control, list], count: int, timeout: float) -> list[int]:
    """The sizes of the first `count` minimal conflicts MARCO finds over the red lines of
    a scenario `grounded` for it."""
    from clingexplaid.unsat import SubsetComputer

    control, red_lines = ground
    assumptions = [(clingo.Function("zopa_enforce", [r]), True) for r in red_lines]
    assumptions += [(clingo.Function("zopa_soft", [r]), False) for r in red_lines]
    computer = SubsetComputer(control, assumptions)
    sizes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for subset in computer.multiple(maximum=count, timeout=timeout):
            sizes.append(sum(1 for symbol, sign in subset.iter_symbols() if sign and symbol.name == "zopa_enforce"))
    return sizes


def bb_cheapest(files, timeout: float) -> tuple[bool, str]:
    """clingo's default branch-and-bound on the cheapest concession set: (finished, how far)."""
    control, red_lines = grounded(files, "bb")
    assumptions = [(clingo.Function("zopa_enforce", [r]), False) for r in red_lines]
    assumptions += [(clingo.Function("zopa_soft", [r]), True) for r in red_lines]
    control.configuration.solve.opt_mode = "opt"
    costs = []
    with control.solve(assumptions=assumptions, on_model=lambda m: costs.append(m.cost), async_=True) as handle:
        if handle.wait(timeout):
            return True, f"optimum {costs[-1][0]}"
        handle.cancel()
    return False, f"not finished in {timeout:.0f} s (best cost so far {costs[-1][0] if costs else None})"


def span(sizes) -> str:
    return f"{min(sizes)}–{max(sizes)}" if sizes else "none"


def section(config: Config) -> list[Row]:
    rows: list[Row] = []
    size = deep_size(config)
    folder = config.folder("why-deep", generate(**size, seed=config.seed))
    files = sorted(folder.glob("*.lp"))
    enforced = zopa.load(folder).red_line_ids
    described = f"{size['issues']} issues, {size['red_lines']} red lines, density {size['density']}"
    explaid = have_clingexplaid()
    marco_timeout = 30 if config.quick else 300

    measure = "50 conflicts: zopa smallest first vs clingexplaid MARCO first 50"
    ours, result = timed(
        lambda s: zopa.why(s, limit=50, timeout=None, with_concessions=False),
        config.repeat,
        setup=lambda: zopa.load(folder),
    )
    sizes = span([len(c.red_lines) for c in result.conflicts])
    ours_note = f"{described}; zopa {len(result.conflicts)} conflicts, sizes {sizes}"
    if not explaid:
        rows.append(Row(SECTION, measure, ours, target=MARCO_TARGET, skipped=MISSING + f"; {ours_note}"))
    else:
        theirs, sizes = timed(
            lambda g: marco_first(g, 50, marco_timeout), config.repeat, setup=lambda: grounded(files, "bb")
        )
        rows.append(
            Row(
                SECTION,
                measure,
                ours,
                theirs,
                ratio_of(theirs, ours),
                target=MARCO_TARGET,
                note=f"{ours_note}; MARCO {len(sizes)}, sizes {span(sizes)}",
            )
        )

    measure = "cheapest concession set (one grounding, core-guided)"
    ours, first = timed(
        lambda s: next(concessions_in(s.solver, enforced, None)), max(config.repeat, 3), setup=lambda: zopa.load(folder)
    )
    bb_timeout = 5 if config.quick else 60
    runs = []
    for _ in range(max(1, config.repeat)):
        start = time.perf_counter()
        finished, outcome = bb_cheapest(files, bb_timeout)
        runs.append(time.perf_counter() - start)
        if not finished:
            break  # not repeated: it would only hit the time limit again
    if finished:
        other = Stat(runs)
        note_ratio = f"; clingo branch-and-bound {ratio_of(other, ours):.0f}× slower"
    else:
        other, note_ratio = f"> {bb_timeout} s", f"; clingo branch-and-bound > {bb_timeout / ours.median:.0f}× slower"
    rows.append(
        Row(
            SECTION,
            measure,
            ours,
            other,
            ours.median,
            ratio_text=f"{ours.median:.4f} s",
            target=CHEAPEST_TARGET,
            note=f"size {len(first)}; other: clingo default optimisation (branch-and-bound): {outcome}{note_ratio}",
        )
    )

    def eleven(scenario):
        sets = []
        for red_lines in concessions_in(scenario.solver, enforced, None):
            sets.append(red_lines)
            if len(sets) == 11:
                return sets
        return sets

    ours, sets = timed(eleven, config.repeat, setup=lambda: zopa.load(folder))
    rows.append(
        Row(
            SECTION,
            "cheapest 11 concession sets, cheapest first",
            ours,
            note=f"{ours.median / max(1, len(sets)) * 1000:.1f} ms each; sizes {[len(s) for s in sets]}",
        )
    )

    for size, target in small_sizes(config):
        rows.append(all_conflicts(config, size, explaid, target))
    return rows


def all_marco(folder, repeat: int) -> tuple[Stat, list[int]]:
    """Every conflict by MARCO, `repeat` times unless a run takes over MARCO_REPEAT_UNDER
    seconds: the seconds of each run and the sizes found by the last."""
    times: list[float] = []
    sizes: list[int] = []
    while len(times) < max(1, repeat) and sum(times) <= MARCO_REPEAT_UNDER:
        run, sizes = timed(
            lambda g: marco_first(g, 10**6, 600), 1, setup=lambda: grounded(sorted(folder.glob("*.lp")), "bb")
        )
        times += run.values
    return Stat(times), sizes


def all_conflicts(config: Config, size: dict, explaid: bool, target: Target | None = None) -> Row:
    """Every conflict of a small scenario, both sides; zopa's search is bounded by a timeout
    and, when cut, not repeated. A target is met only when both sides count the same."""
    folder = config.folder(f"why-all-{size['red_lines']}", generate(**size, seed=config.seed))
    measure = f"all conflicts: {size['issues']} issues, {size['red_lines']} red lines, density {size['density']}"
    timeout = 10 if config.quick else 30
    times = []
    for _ in range(max(1, config.repeat)):
        scenario = zopa.load(folder)  # fresh each time, as on the MARCO side
        start = time.perf_counter()
        result = zopa.why(scenario, limit=0, timeout=timeout, with_concessions=False)
        times.append(time.perf_counter() - start)
        if not result.complete:
            break
    ours = Stat(times) if result.complete else f"> {timeout} s"
    ours_note = (
        f"zopa all {len(result.conflicts)} conflicts"
        if result.complete
        else f"zopa {len(result.conflicts)} conflicts when cut at {timeout} s"
    )
    if not explaid:
        return Row(SECTION, measure, ours, target=target, skipped=MISSING + f"; {ours_note}")
    theirs, sizes = all_marco(folder, config.repeat)
    ratio = theirs.median / (ours.median if result.complete else timeout)
    text = f"{ratio:.2f}×" if result.complete else f"< {ratio:.2f}×"
    same = result.complete and len(sizes) == len(result.conflicts)
    return Row(
        SECTION,
        measure,
        ours,
        theirs,
        ratio if same else 0.0,
        ratio_text=text + " (MARCO/zopa)",
        target=target,
        note=f"{ours_note}; MARCO all {len(sizes)}" + ("" if same else " (the counts differ)"),
    )


def main() -> None:
    print(table(section(config_from(arguments(__doc__).parse_args()))))


if __name__ == "__main__":
    main()
