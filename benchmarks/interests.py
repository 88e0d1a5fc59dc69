"""The parties' interests: the Pareto frontier of satisfaction profiles against listing
every deal and filtering, and against asprin on the same preference; `options` at 4× the
growth size; clingo's brave and cautious consequences against one solve per option.

    .venv/bin/python benchmarks/interests.py [--repeat 3] [--seed 1] [--quick] [--only pareto,asprin,options]

Three sections (benchmarks/run.py --only pareto,asprin,options):

pareto: zopa's frontier (zopa.analyses.pareto.pareto: one grounding, a search per profile,
no deal listed) against the frontier a script gets without it: every feasible deal
(zopa.analyses.deals.listing, limit 0), each deal's satisfaction profile
(zopa.analyses.pareto.satisfaction), the non-dominated ones among the profiles. Both sides
in this process, each repetition on a freshly loaded scenario (loading not timed). On the
generated 12-issue scenarios with up to LISTING_CAP deals the listing side lists them all
and both frontiers are compared; beyond (the bundled scenario without Russia's red lines,
about a billion deals; 12 issues × 8 options) it times the first SAMPLE deals and is
extrapolated to the deal count (zopa.analyses.deals.count_deals), and no sampled profile
may dominate one of zopa's.

asprin: zopa's frontier as a process (load and frontier, one deal per profile, JSON out)
against asprin (pip install asprin) on the engine's rules and the same scenario, with the
preference PREFERENCE: each party's summed weights of its soft demands met, `more(weight)`,
and `pareto` over the parties; asprin enumerates every optimal model (`0`), that is
every Pareto-optimal deal, several per profile. Another row adds asprin's `--project`
(one model per combination of the answers the preference reads), and, where the command
line has it, one times `zopa deals --pareto --limit 0 --json`. asprin's lexer takes ASCII
only: the bundled scenario runs from a copy with every other character replaced by `_`
(labels, quotes, comments) and without russia.lp. The profiles of asprin's optimal models are
compared with zopa's frontier, and their number with the Pareto-optimal deals counted on
zopa's solver. Without asprin the rows say SKIP.

options: `options` (load included, its default count cap and timeout) on growth's 4×
size: as growth draws it (barely infeasible) and feasible; where the command line has it,
`zopa options --json` as a process too. A run cut by the timeout (or over 20 s) is not
repeated; then the answer is also timed without a timeout, and without the counts. Then
the open and forced options from Solver.consequences (two solve calls) against one
`Solver.find` per option (an option is open when a deal takes it, forced when it is its
issue's only open option), each repetition on a fresh load; the answers are compared.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import zopa
from generate import build
from growth import base_size, scaled
from harness import (
    ChildFailed,
    Config,
    Row,
    Stat,
    Target,
    arguments,
    config_from,
    failed_row,
    fmt,
    python,
    ratio_of,
    run_child,
    table,
    timed,
    timed_child,
    zopa_command,
)
from zopa import defaults
from zopa.analyses.deals import count_deals, listing
from zopa.analyses.options import options
from zopa.analyses.pareto import Interests, pareto, satisfaction
from zopa.loading.files import bundled_positions, engine_file
from zopa.scenario import Scenario

PARETO, ASPRIN, OPTIONS = "pareto", "vs asprin", "options"
LISTING_TARGET = Target(100.0, False, "listing/zopa ≥ 100×")
ASPRIN_TARGET = Target(1.0, False, "asprin/zopa ≥ 1×")
OPTIONS_TARGET = Target(
    defaults.WHY_TIMEOUT, True, f"answers in ≤ {defaults.WHY_TIMEOUT:.0f} s (`why`'s default timeout)"
)
CONSEQUENCES_TARGET = Target(1.0, False, "per option/consequences ≥ 1×")
WITHOUT = "russia"
"""The party whose red lines (and soft demands) the bundled rows leave out."""
TIMEOUT = 600.0
NOT_REPEATED_AFTER = 20.0

PREFERENCE = """\
% Each party's satisfaction: the summed weights of its soft demands the deal meets, more is
% better; a deal is better when it is better for one party and worse for none (Pareto).
#preference(zopa_satisfaction(P), more(weight)) { W, I, O :: deal(I, O) : wants(P, I, O, W) } : party(P).
#preference(zopa_pareto, pareto) { **zopa_satisfaction(P) : party(P) }.
#optimize(zopa_pareto).
"""

# The zopa side of the asprin comparison, as a process: load, frontier, its profiles.
FRONTIER_CHILD = """
import json, sys
import zopa
from zopa.analyses.pareto import pareto
result = pareto(zopa.load(sys.argv[1]), parties=sys.argv[2:] or None, timeout=None)
print(json.dumps({"complete": result.complete, "frontier": [p.satisfaction for p in result.frontier]}))
"""

Profile = tuple[int, ...]


# ----------------------------------------------------------------------------- scenarios


def cli_offers(command: str, flag: str | None = None) -> bool:
    """Whether the installed `zopa` has this command (and flag): the command line for
    `deals --pareto` and `options` came after the library; its rows are added when it is there."""
    done = subprocess.run([*zopa_command(), command, "--help"], capture_output=True, text=True, check=False)
    return done.returncode == 0 and (flag is None or flag in done.stdout)


def interests_sizes(config: Config) -> list[tuple[str, dict, bool]]:
    """(name, build's options, whether the row carries the target). The 12-issue scenario is
    the brute-force section's (12 issues × 4 options, 4 parties, 48 red lines, feasible)
    with 6 soft demands per party; a wider one has 6 options per issue."""
    if config.quick:
        return [("6 issues × 3 options", tiny_interests(), True)]
    twelve = {"issues": 12, "options": 4, "parties": 4, "red_lines": 48, "contested": 4, "against": 0, "wants": 6}
    return [
        ("12 issues × 4 options", twelve, True),
        ("12 issues × 6 options", twelve | {"options": 6}, False),
    ]


def tiny_interests() -> dict:
    return {"issues": 6, "options": 3, "parties": 2, "red_lines": 12, "contested": 2, "against": 0, "wants": 3}


def described(size: dict, spec) -> str:
    return (
        f"{size['issues']} issues × {size['options']} options, {size['parties']} parties, "
        f"{len(spec.red_lines)} red lines, {len(spec.background)} background constraint(s), "
        f"{len(spec.wants)} soft demands ({size['wants']} per party, weights 1–5), feasible"
    )


def bundled_parties() -> list[str]:
    return [p.id for p in zopa.load().catalogue.parties if p.id != WITHOUT]


def ascii_copy(config: Config) -> Path:
    """The bundled scenario without russia.lp, every character beyond ASCII replaced by `_`
    (they occur in labels, quotes and comments only), for asprin's lexer."""
    folder = config.workdir / "bundled-ascii"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(bundled_positions().glob("*.lp")):
        if path.name != f"{WITHOUT}.lp":
            text = path.read_text(encoding="utf-8")
            (folder / path.name).write_text("".join(c if ord(c) < 128 else "_" for c in text), encoding="ascii")
    return folder


# ----------------------------------------------------------------------------- the two sides


def dominates(one: Profile, other: Profile) -> bool:
    """At least as much for every party, and not the same."""
    return one != other and all(a >= b for a, b in zip(one, other, strict=True))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def non_dominated(profiles: set[Profile]) -> set[Profile]:
    """The profiles no other one dominates (at least as much for every party, more for one).
    A dominating profile has a larger sum, so it is seen first; a dropped dominating profile
    is itself dominated by a kept one, which dominates the later profile too."""
    kept: list[Profile] = []
    for profile in sorted(profiles, key=sum, reverse=True):
        if not any(all(a >= b for a, b in zip(other, profile, strict=True)) for other in kept):
            kept.append(profile)
    return set(kept)


def listed_frontier(scenario: Scenario, parties: list[str], sample: int = 0) -> tuple[set[Profile], set[Profile], int]:
    """The frontier without zopa's search: every feasible deal (the first `sample`, when
    given), its satisfaction profile, the non-dominated profiles. Also every profile seen and
    the number of deals read."""
    seen: set[Profile] = set()
    read = 0
    deals = iter(listing(scenario, parties=parties, limit=0, timeout=None))
    try:
        for deal in deals:
            found = satisfaction(scenario, deal, parties)
            seen.add(tuple(found[p] for p in parties))
            read += 1
            if read == sample:
                break
    finally:
        deals.close()  # a sample stops the solver's search here
    return non_dominated(seen), seen, read


def listed_only(scenario: Scenario, parties: list[str], sample: int = 0) -> int:
    """The listing alone: the deals read, nothing computed."""
    read = 0
    deals = iter(listing(scenario, parties=parties, limit=0, timeout=None))
    try:
        for _ in deals:
            read += 1
            if read == sample:
                break
    finally:
        deals.close()
    return read


def zopa_frontier(scenario: Scenario, parties: list[str]):
    result = pareto(scenario, parties=parties, timeout=None)
    return {tuple(p.satisfaction[q] for q in parties) for p in result.frontier}, result


def deals_on_frontier(scenario: Scenario, parties: list[str], profiles: set[Profile]) -> int:
    """How many feasible deals have a profile on the frontier (the Pareto-optimal deals),
    counted per profile on zopa's solver: what asprin's enumeration of optimal models lists."""
    enforcement = scenario.enforcement(parties, None, None, None)
    interests = Interests(scenario, enforcement.parties)
    solver = scenario.solver
    total = 0
    for profile in profiles:
        named = dict(zip(parties, profile, strict=True))
        # At least a Pareto-optimal profile is exactly that profile.
        reached = interests.reaching(tuple(named[p] for p in interests.parties))
        total += solver.count(enforcement.red_lines, 0, extra=reached).deals
    return total


# ----------------------------------------------------------------------------- section pareto

LISTING_CAP = 2_000_000
"""Scenarios with more deals are sampled: the first SAMPLE deals, extrapolated."""
SAMPLE = 200_000


def pareto_row(
    config: Config, what: str, load: Callable[[], Scenario], parties: list[str], note: str, with_target: bool
) -> Row:
    cap, sample = (5_000, 1_000) if config.quick else (LISTING_CAP, SAMPLE)
    ours, (frontier, result) = timed(lambda s: zopa_frontier(s, parties), config.repeat, setup=load)
    counted = count_deals(load(), parties=parties, timeout=None)
    total = counted.count
    sampled = total > cap
    spent, (theirs_frontier, seen, read) = timed(
        lambda s: listed_frontier(s, parties, sample if sampled else 0), config.repeat, setup=load
    )
    alone, _ = timed(lambda s: listed_only(s, parties, sample if sampled else 0), 1, setup=load)
    problems = []
    if not result.complete:
        problems.append("zopa's frontier is not complete")
    if sampled:
        theirs = Stat([t * total / read for t in spent.values])
        beaten = [p for p in frontier if any(dominates(q, p) for q in seen)]
        if beaten:
            problems.append(f"a sampled deal dominates zopa's profile {beaten[0]}")
        scenario = load()
        wrong = [pt for pt in result.frontier if satisfaction(scenario, pt.deal, parties) != pt.satisfaction]
        if wrong:
            problems.append(f"zopa's deal for {wrong[0].satisfaction} has another satisfaction")
        check = (
            f"sampled: no profile among the first {read:,} deals dominates one of zopa's {len(frontier)}"
            if not problems
            else "; ".join(problems)
        )
        how = (
            f"listing side EXTRAPOLATED from the first {read:,} deals "
            f"({statistics.median(spent.values):.3f} s, listing alone {alone.median:.3f} s) to {total:,} deals"
        )
    else:
        theirs = spent
        if theirs_frontier != frontier:
            problems.append(
                f"frontiers differ: {len(frontier)} profiles from zopa, {len(theirs_frontier)} from the listing; "
                f"only zopa {sorted(frontier - theirs_frontier)[:2]}, "
                f"only listing {sorted(theirs_frontier - frontier)[:2]}"
            )
        check = "the same frontier on both sides" if not problems else "; ".join(problems)
        how = f"listed all {read:,} deals ({len(seen):,} distinct profiles; listing alone {alone.median:.3f} s)"
    agree = not problems
    return Row(
        PARETO,
        f"Pareto frontier vs listing every deal and filtering: {what}",
        ours,
        theirs,
        ratio_of(theirs, ours),
        ratio_text=None if with_target else f"{ratio_of(theirs, ours):.1f}× (listing/zopa)",
        target=LISTING_TARGET if with_target and agree else None,
        note=f"{note}; {total:,} deals, frontier of {plural(len(frontier), 'profile')}; {how}; "
        f"{check if agree else 'DISAGREE: ' + check + '; no ratio is claimed'}",
    )


def pareto_section(config: Config) -> list[Row]:
    parties = bundled_parties()
    rows = [
        pareto_row(
            config,
            f"bundled scenario without {WITHOUT.capitalize()}'s red lines",
            zopa.load,
            parties,
            f"30 issues, {len(parties)} parties ({', '.join(parties)}), all their red lines enforced",
            True,
        )
    ]
    sizes = interests_sizes(config)
    if not config.quick:  # more deals: the listing side sampled and extrapolated
        sizes.append(("12 issues × 8 options", sizes[0][1] | {"options": 8}, False))
    for name, size, with_target in sizes:
        spec = build(**size, seed=config.seed)
        folder = config.folder(f"interests-{size['issues']}-{size['options']}", spec.text())
        generated = [f"p{p}" for p in range(spec.parties)]
        rows.append(
            pareto_row(
                config,
                f"generated {name}",
                lambda folder=folder: zopa.load(folder),
                generated,
                described(size, spec),
                with_target,
            )
        )
    return rows


# ----------------------------------------------------------------------------- section asprin


def asprin_command() -> list[str] | None:
    script = Path(sys.executable).parent / "asprin"
    if script.exists():
        return [str(script)]
    found = shutil.which("asprin")
    return [found] if found else None


DEAL = re.compile(r"deal\(([^,()]+),([^,()]+)\)")


def asprin_optimal(stdout: str) -> list[dict[str, str]]:
    """The deals of the models asprin reports optimal (the answer before each OPTIMUM FOUND)."""
    lines = stdout.splitlines()
    return [dict(DEAL.findall(lines[k - 1])) for k, line in enumerate(lines) if line.startswith("OPTIMUM FOUND")]


def asprin_time(stdout: str) -> str:
    found = re.search(r"^Time\s*:\s*(\S+)", stdout, re.M)
    return found.group(1) if found else "?"


def asprin_rows(config: Config, what: str, folder: Path, parties: list[str], note: str, with_target: bool) -> list[Row]:
    command = asprin_command()
    measure = f"Pareto frontier vs asprin, all Pareto-optimal deals: {what}"
    project_measure = f"Pareto frontier vs asprin `--project`: {what}"
    ours, child = timed_child([python(), "-c", FRONTIER_CHILD, str(folder), *parties], config.repeat, TIMEOUT)
    if command is None:
        skipped = "asprin not installed (.venv/bin/pip install asprin)"
        return [Row(ASPRIN, m, zopa=ours, skipped=skipped) for m in (measure, project_measure)]
    preference = config.workdir / "pareto-preference.lp"
    preference.write_text(PREFERENCE, encoding="utf-8")
    files = [str(engine_file()), *sorted(str(p) for p in folder.glob("*.lp")), str(preference)]
    answer = json.loads(child.stdout)
    frontier = {tuple(s[p] for p in parties) for s in answer["frontier"]}
    inside, _ = timed(lambda s: zopa_frontier(s, parties), config.repeat, setup=lambda: zopa.load(folder))
    scenario = zopa.load(folder)
    optimal_deals = deals_on_frontier(scenario, parties, frontier)
    rows = []
    for flags, m in (([], measure), (["--project"], project_measure)):
        try:
            theirs, done = timed_child([*command, *flags, *files, "0"], config.repeat, TIMEOUT)
        except ChildFailed as problem:
            rows.append(failed_row(ASPRIN, m, problem, ASPRIN_TARGET if with_target and not flags else None))
            continue
        found = asprin_optimal(done.stdout)
        profiles = {tuple(satisfaction(scenario, deal, parties)[p] for p in parties) for deal in found}
        problems = []
        if not answer["complete"]:
            problems.append("zopa's frontier is not complete")
        if "OPTIMUM FOUND" not in done.stdout or "Optimum    : yes" not in done.stdout:
            problems.append("asprin did not finish its enumeration")
        if profiles != frontier:
            problems.append(
                f"asprin's optimal models have {len(profiles)} profiles, zopa's frontier {len(frontier)}: "
                f"only asprin {sorted(profiles - frontier)[:2]}, only zopa {sorted(frontier - profiles)[:2]}"
            )
        if not flags and len(found) != optimal_deals:
            problems.append(f"asprin lists {len(found):,} optimal deals, zopa counts {optimal_deals:,}")
        agree = not problems
        lists = (
            f"asprin lists {plural(len(found), 'optimal model')} (deals; the Pareto-optimal deals counted on zopa's "
            f"solver: {optimal_deals:,})"
            if not flags
            else f"asprin --project lists {plural(len(found), 'optimal model')} (one per combination of wanted answers)"
        )
        rows.append(
            Row(
                ASPRIN,
                m,
                ours,
                theirs,
                ratio_of(theirs, ours),
                ratio_text=None if with_target and not flags else f"{ratio_of(theirs, ours):.1f}× (asprin/zopa)",
                target=ASPRIN_TARGET if with_target and not flags and agree else None,
                note=f"{note}; both sides processes (start-up, loading, search); "
                f"zopa: {plural(len(frontier), 'profile')} with one deal each "
                f"(in-process, load excluded: {inside.median:.4f} s); {lists}; "
                f"asprin's own Time {asprin_time(done.stdout)}; "
                + ("the same profiles on both sides" if agree else "DISAGREE: " + "; ".join(problems)),
            )
        )
        if not flags and cli_offers("deals", "--pareto"):
            rows.append(pareto_command_row(config, what, folder, frontier, parties, theirs, len(found)))
    return rows


def pareto_command_row(
    config: Config, what: str, folder: Path, frontier: set[Profile], parties: list[str], theirs: Stat, models: int
) -> Row:
    """The command line's `zopa deals --pareto --json` against the same asprin run."""
    measure = f"`zopa deals --pareto --limit 0 --json` vs asprin, all Pareto-optimal deals: {what}"
    command = [*zopa_command(), "deals", "--pareto", "--limit", "0", "--json", "--positions", str(folder)]
    try:
        ours, child = timed_child(command, config.repeat, TIMEOUT)
    except ChildFailed as problem:
        return failed_row(ASPRIN, measure, problem)
    answer = json.loads(child.stdout)
    profiles = {tuple(point["satisfaction"][p] for p in parties) for point in answer["frontier"]}
    agree = profiles == frontier and answer["complete"]
    return Row(
        ASPRIN,
        measure,
        ours,
        theirs,
        ratio_of(theirs, ours),
        ratio_text=f"{ratio_of(theirs, ours):.1f}× (asprin/zopa)",
        note=f"the installed command, default timeout, JSON out; {plural(len(profiles), 'profile')}, asprin "
        f"{plural(models, 'optimal model')}; peak memory {child.max_rss_mb:.0f} MB; "
        + ("the same profiles as the library's" if agree else "DISAGREE with the library's frontier"),
    )


def asprin_section(config: Config) -> list[Row]:
    rows = []
    for name, size, with_target in interests_sizes(config):
        spec = build(**size, seed=config.seed)
        folder = config.folder(f"interests-{size['issues']}-{size['options']}", spec.text())
        rows += asprin_rows(
            config,
            f"generated {name}",
            folder,
            [f"p{p}" for p in range(spec.parties)],
            described(size, spec),
            with_target,
        )
    if not config.quick:
        parties = bundled_parties()
        folder = ascii_copy(config)
        same, _ = zopa_frontier(zopa.load(folder), parties)
        original, _ = zopa_frontier(zopa.load(), parties)
        copy_note = "the copy's frontier is the bundled one's" if same == original else "the copy's frontier DIFFERS"
        rows += asprin_rows(
            config,
            f"bundled scenario without {WITHOUT.capitalize()} (ASCII copy, no russia.lp)",
            folder,
            parties,
            f"{len(parties)} parties; {copy_note}",
            False,
        )
    return rows


# ----------------------------------------------------------------------------- section options


def options_size(config: Config) -> dict:
    """growth's 4× size (barely infeasible: 4 red lines against the reference deal)."""
    return scaled(base_size(config), 4, deep=False)


def options_variants(config: Config) -> list[tuple[str, dict, bool]]:
    size = options_size(config)
    return [
        ("as growth draws it, barely infeasible", size, False),
        ("feasible (no red line against the reference deal)", size | {"against": 0}, True),
    ]


def summary(result) -> str:
    if not result.feasible:
        return "no feasible deal"
    issues = result.issues.values()
    return (
        f"{len(result.issues)} issues answered: {sum(1 for i in issues if i.forced)} forced, "
        f"{sum(len(i.open) for i in issues)} open options, {sum(len(i.impossible) for i in issues)} impossible "
        f"(each with a smallest blocking set), {sum(len(i.deals_at_least) for i in issues)} counts at the cap "
        f"{result.count_cap}"
    )


def options_rows(config: Config, n: int, what: str, size: dict, with_target: bool) -> list[Row]:
    spec = build(**size, seed=config.seed)
    folder = config.folder(f"options-{n}", spec.text())
    rows = [options_row(config, folder, spec, what, size, with_target)]
    if cli_offers("options"):
        rows.append(options_command_row(config, folder, spec, what, size))
    return rows


def options_command_row(config: Config, folder: Path, spec, what: str, size: dict) -> Row:
    """`zopa options --json` as a process, its default timeout (loading included) and count cap."""
    measure = f"`zopa options --json` process, 4× ({size['issues']} issues, {len(spec.red_lines):,} red lines), {what}"
    command = [*zopa_command(), "options", "--json", "--positions", str(folder)]
    walls: list[float] = []
    for _ in range(max(1, config.repeat)):
        child = run_child(command, TIMEOUT)
        if child.timed_out or child.returncode != 0:
            return failed_row(OPTIONS, measure, ChildFailed(command, child))
        walls.append(child.wall)
        answer = json.loads(child.stdout)
        if not answer["complete"] or child.wall > NOT_REPEATED_AFTER:
            break
    issues = answer["issues"].values()
    state = "answered" if answer["complete"] else "CUT by its default timeout (complete: false)"
    described = (
        f"{len(answer['issues'])} issues, {sum(1 for i in issues if i['forced'])} forced, "
        f"{sum(len(i['impossible']) for i in issues)} impossible"
        if answer["feasible"]
        else "no feasible deal"
    )
    return Row(OPTIONS, measure, Stat(walls), note=f"{state}: {described}; peak memory {child.max_rss_mb:.0f} MB")


def options_row(config: Config, folder: Path, spec, what: str, size: dict, with_target: bool) -> Row:
    measure = f"`options` (load included), 4× ({size['issues']} issues, {len(spec.red_lines):,} red lines), {what}"
    target = OPTIONS_TARGET if with_target else None
    loads: list[float] = []

    def answer():
        start = time.perf_counter()
        scenario = zopa.load(folder)
        loads.append(time.perf_counter() - start)
        return options(scenario)  # its default count cap and timeout, as `zopa options`

    walls: list[float] = []
    result = None
    try:
        for _ in range(max(1, config.repeat)):
            stat, result = timed(answer, 1)
            walls.append(stat.values[0])
            if not result.complete or stat.values[0] > NOT_REPEATED_AFTER:
                break  # cut by its timeout or long: not repeated
    except Exception as problem:  # noqa: BLE001 - an answer that fails is a result of this row
        return failed_row(OPTIONS, measure, RuntimeError(f"{type(problem).__name__}: {problem}"), target)
    wall = Stat(walls)
    answered = result.complete
    note = (
        f"{size['issues']} issues × {size['options']} options, {size['parties']} parties, {len(spec.background)} "
        f"background constraint(s); load {statistics.median(loads):.3f} s; "
        f"{'answered' if answered else 'CUT by the default timeout (complete: false)'}: {summary(result)}"
    )
    if with_target and (not answered or wall.median > NOT_REPEATED_AFTER):
        uncut = zopa.load(folder)
        start = time.perf_counter()
        whole = options(uncut, timeout=None)
        whole_time = time.perf_counter() - start
        uncounted = zopa.load(folder)
        start = time.perf_counter()
        options(uncounted, count_cap=0, timeout=None)
        uncounted_time = time.perf_counter() - start
        note += (
            f"; without a timeout (load excluded): {whole_time:.1f} s, {summary(whole)}; "
            f"without the counts (count_cap 0): {uncounted_time:.1f} s"
        )
    return Row(
        OPTIONS,
        measure,
        wall,
        ratio=wall.median if answered else float("inf"),
        ratio_text=fmt(wall.median) if answered else "not answered",
        target=target,
        note=note,
    )


def per_option(scenario: Scenario, enforced: list[str]) -> set[tuple[str, str]]:
    """The open options, one satisfiability question per option."""
    solver = scenario.solver
    found = set()
    for issue in scenario.catalogue.issues:
        for option in issue.options:
            literal = solver.deal_literal(issue.id, option.id)
            if literal is not None and solver.find(enforced, None, extra=[literal]).satisfiable:
                found.add((issue.id, option.id))
    return found


def forced_of(scenario: Scenario, open_: set[tuple[str, str]]) -> dict[str, str]:
    """Each issue's forced option: its only open one."""
    forced = {}
    for issue in scenario.catalogue.issues:
        taken = [o.id for o in issue.options if (issue.id, o.id) in open_]
        if len(taken) == 1:
            forced[issue.id] = taken[0]
    return forced


def consequences_row(config: Config, what: str, load: Callable[[], Scenario], parties: Sequence[str] | None) -> Row:
    first = load()
    enforced = first.enforcement(parties, None, None, None).red_lines
    count = sum(len(i.options) for i in first.catalogue.issues)
    ours, (brave, cautious) = timed(lambda s: s.solver.consequences(enforced), config.repeat, setup=load)
    theirs, open_ = timed(lambda s: per_option(s, enforced), config.repeat, setup=load)
    forced = forced_of(first, open_)
    cautious_forced = dict(cautious)
    agree = brave == open_ and cautious_forced == forced and bool(brave)
    note = (
        f"{len(first.catalogue.issues)} issues, {count:,} options, {len(enforced):,} red lines enforced; "
        f"2 solve calls against {count:,}; {len(brave):,} open, {len(cautious)} forced; "
        + (
            "the same open and forced options on both sides"
            if agree
            else f"DISAGREE: brave {len(brave)} vs {len(open_)} open, cautious {len(cautious_forced)} vs "
            f"{len(forced)} forced; no ratio is claimed"
        )
    )
    return Row(
        OPTIONS,
        f"open and forced options: brave + cautious consequences vs one `find` per option, {what}",
        ours,
        theirs,
        ratio_of(theirs, ours),
        target=CONSEQUENCES_TARGET if agree else None,
        note=note,
    )


def options_section(config: Config) -> list[Row]:
    rows = []
    for n, (what, size, with_target) in enumerate(options_variants(config)):
        rows += options_rows(config, n, what, size, with_target)
    rows.append(
        consequences_row(config, f"bundled scenario without {WITHOUT.capitalize()}", zopa.load, bundled_parties())
    )
    for name, size, _ in interests_sizes(config)[:1]:
        folder = config.folder(f"interests-{size['issues']}-{size['options']}", build(**size, seed=config.seed).text())
        rows.append(consequences_row(config, f"generated {name}", lambda folder=folder: zopa.load(folder), None))
    one = scaled(base_size(config), 1, deep=False) | {"against": 0}
    four = options_size(config) | {"against": 0}
    for k, size in ((1, one), (4, four)):
        folder = config.folder(f"consequences-{k}", build(**size, seed=config.seed).text())
        described = f"generated {k}× ({size['issues']} issues, {size['red_lines']:,} red lines), feasible"
        rows.append(consequences_row(config, described, lambda folder=folder: zopa.load(folder), None))
    return rows


SECTIONS = {"pareto": pareto_section, "asprin": asprin_section, "options": options_section}


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--only", metavar="A,B", help=f"these sections only: {', '.join(SECTIONS)}")
    args = parser.parse_args()
    config = config_from(args)
    chosen = [s.strip() for s in args.only.split(",")] if args.only else list(SECTIONS)
    rows = []
    for name in chosen:
        rows += SECTIONS[name](config)
    print(table(rows))
    shutil.rmtree(config.workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
