"""The command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zopa import defaults
from zopa.errors import InternalError, ZopaError
from zopa.scenario import Scenario

if TYPE_CHECKING:
    from zopa.render.text import Asked

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        _print(f"zopa {version('zopa')}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print zopa's version and exit.")
    ] = False,
) -> None:
    """zopa finds the zone of possible agreement in a multi-party negotiation: the deals
    every party can accept, and why there are none. Without --positions it works on the
    bundled Russia–Ukraine scenario of 2025.

    Exit status: 0 when the command answered, "no feasible deal" included; 1 for lint's
    errors, and with --status for "no feasible deal" (deals, why) or a plan that violates a
    red line (check); 2 for bad input or usage; 70 for a bug in zopa; 74 when the answer
    cannot be written; 130 when interrupted."""


PositionsOption = Annotated[
    Path | None,
    typer.Option("--positions", metavar="DIR", help="Scenario folder of .lp files (default: the bundled scenario)."),
]
WithOption = Annotated[
    list[Path] | None,
    typer.Option("--with", metavar="FILE.lp", help="Extra file to load: concessions, options, rules. Repeatable."),
]
PartyOption = Annotated[
    list[str] | None,
    typer.Option("--party", metavar="P", help="Enforce only the red lines of this party. Repeatable (default: all)."),
]
ConcedeOption = Annotated[
    list[str] | None,
    typer.Option("--concede", metavar="R", help="Withdraw red line R. Repeatable."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The positions as they stood on DATE (YYYY-MM-DD): red lines stated by then and not yet withdrawn "
        "(default: as they stand now).",
    ),
]
EvidenceOption = Annotated[
    str | None,
    typer.Option(
        "--evidence",
        metavar="GRADE",
        help="Enforce only red lines at least this well supported: direct (the party states it), reported "
        "(a reliable report of its demand) or inferred (default: all).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
StatusOption = Annotated[
    bool,
    typer.Option(
        "--status",
        help="Exit with status 1 when there is no feasible deal (check: when the plan violates a red line), "
        "as grep does when nothing matches; 0 otherwise.",
    ),
]
LimitOption = Annotated[
    int, typer.Option("--limit", min=0, max=10**9, metavar="N", help="Show at most N (0: no bound).")
]


def _finite(seconds: float) -> float:
    """typer reads "inf" and "nan" as numbers; neither bounds a search."""
    if not math.isfinite(seconds):
        raise typer.BadParameter(f"{seconds}: give a finite number of seconds (0: no bound)")
    return seconds


MaxMemoryOption = Annotated[
    int,
    typer.Option(
        "--max-memory",
        min=0,
        max=10**9,
        metavar="MB",
        help="Stop with an error when the run would need more memory (address space) than this (0: no limit).",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0,
        metavar="SECONDS",
        callback=_finite,
        help="Bound the whole run, loading included (0: no bound); a cut answer says so.",
    ),
]


def _load(
    positions: Path | None, extra: list[Path] | None, max_memory: int, timeout: float = 0
) -> tuple[Scenario, float | None]:
    """The scenario, and the seconds of --timeout left for the question (None: no bound):
    the timeout bounds the whole command, loading included."""
    from zopa.scenario import load

    _limit_memory(max_memory)
    started = time.monotonic()
    _stop_after(timeout)
    scenario = load(positions, extra or [])
    _PROCESS.running = "the question could not be cut short in time"
    if not timeout:
        return scenario, None
    return scenario, max(timeout - (time.monotonic() - started), MINIMUM_SEARCH)


MINIMUM_SEARCH = 0.001
"""Seconds a question still gets when loading took (nearly) all of --timeout: enough to
answer "cut short" honestly, where 0 would mean "no bound"."""
GRACE = 2.0
"""Seconds past --timeout before the process stops itself: a search stops at the deadline
and reports a cut answer; only what clingo cannot interrupt (grounding) runs past it."""


@dataclass
class _Process:
    """What the command line may do to its own process, and what it is doing. main() sets
    `own`: a program that calls run() keeps its limits and is never stopped."""

    own: bool = False
    memory_mb: int = 0
    """The cap _limit_memory set (0: none), for the error message."""
    running: str = "grounding the scenario, which cannot be interrupted, was still running"
    """What the process is doing, for the message when --timeout stops it."""


_PROCESS = _Process()


def _stop_after(timeout: float) -> None:
    """In the command line's own process, stop it with one error line once --timeout and
    the grace have passed, whatever is running then."""
    if not _PROCESS.own or not timeout:
        return

    def give_up() -> None:
        _fail([f"did not finish within --timeout {timeout:g} s (0: no bound): {_PROCESS.running}"], 2)
        sys.stderr.flush()
        os._exit(2)

    timer = threading.Timer(timeout + GRACE, give_up)
    timer.daemon = True
    timer.start()


def _limit_memory(megabytes: int) -> None:
    """Cap the process's address space: past it clingo and Python raise MemoryError, which
    run() reports as one line, instead of the machine swapping or the kernel killing us."""
    if not _PROCESS.own or not megabytes:
        return
    import resource

    _PROCESS.memory_mb = megabytes
    wanted = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


class _OutputFailed(Exception):
    """Standard output cannot take the answer: it is closed, or the device is full."""


def _print(text: str, flush: bool = True) -> None:
    if sys.stdout is None:
        raise _OutputFailed("standard output is closed")
    try:
        sys.stdout.write(text)
        if flush:
            sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader has gone (`zopa why | head`): not a failure
    except OSError as problem:
        raise _OutputFailed(f"cannot write to standard output: {problem.strerror or problem}") from None


def _json(result: object) -> str:
    from zopa.render.json import dumps

    return dumps(result)


def _view(text: str, flush: bool = True) -> None:
    """Print a text view wrapped to the terminal's width (80 columns when not a terminal)."""
    import shutil

    from zopa.render.text import fit

    _print(fit(text, max(40, shutil.get_terminal_size((80, 24)).columns)), flush)


def _answer_in(json: bool, result: object, view: Callable[[], str], wrap: bool = True) -> None:
    """Print the result as JSON, or its text view wrapped to the terminal (unless its lines
    are findings, one per line for grep and editors)."""
    if json:
        _print(_json(result))
    elif wrap:
        _view(view())
    else:
        _print(view())


def _wrote(path: Path) -> None:
    """Say which file a picture went to: on standard error, so that JSON stays JSON."""
    from zopa.loading.files import shown_path

    if sys.stderr is not None:
        sys.stderr.write(f"wrote {shown_path(path)}\n")


def _asked(
    positions: Path | None,
    extra: list[Path] | None,
    parties: list[str] | None,
    concede: list[str] | None,
    as_of: str | None,
    evidence: str | None,
) -> Asked:
    """The options that define the question, for the commands a view suggests."""
    from zopa.render.text import Asked

    return Asked(
        positions=str(positions) if positions is not None else None,
        extra=tuple(str(path) for path in extra or []),
        parties=tuple(parties or []),
        concede=tuple(concede or []),
        as_of=as_of,
        evidence=evidence,
    )


@app.command(short_help="List feasible deals, each party's satisfaction; --pareto for the fair ones.")
def deals(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    limit: LimitOption = defaults.DEALS_LIMIT,
    timeout: TimeoutOption = defaults.DEALS_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
    status: StatusOption = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Write each deal as it is found, one {"deal": {...}} per line.')
    ] = False,
    count: Annotated[bool, typer.Option("--count", help="Count the deals instead of listing them.")] = False,
    pareto: Annotated[
        bool,
        typer.Option(
            "--pareto",
            help="List the Pareto-optimal deals by the parties' satisfaction, one per profile, and a fair choice.",
        ),
    ] = False,
    fair: Annotated[
        str,
        typer.Option("--fair", metavar="RULE", help="The fair rule of --pareto: nash, leximin or welfare."),
    ] = "nash",
) -> int:
    """List feasible deals: one option per issue, violating no enforced red line, with each
    party's satisfaction."""
    from zopa.analyses import deals as found
    from zopa.render import text

    if jsonl and (json or count):
        raise ZopaError("--jsonl writes the deals one per line: it goes with neither --json nor --count")
    if pareto and (jsonl or count):
        raise ZopaError("--pareto lists one deal per Pareto-optimal profile: it goes with neither --jsonl nor --count")
    scenario, left = _load(positions, with_, max_memory, timeout)
    asked = _asked(positions, with_, party, concede, as_of, evidence)
    if pareto:
        from zopa.analyses.pareto import pareto as frontier

        profiles = frontier(
            scenario,
            parties=party,
            concede=concede,
            as_of=as_of,
            evidence=evidence,
            fair=fair,
            limit=limit,
            timeout=left,
        )
        _answer_in(json, profiles, lambda: text.pareto(profiles, scenario.catalogue, asked))
        feasible = profiles.feasible
    elif count:
        counted = found.count_deals(
            scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, timeout=left
        )
        _answer_in(json, counted, lambda: text.deal_count(counted))
        feasible = counted.count > 0
    elif jsonl or limit == 0:
        # Written as they are found: a list of every deal may not fit in memory.
        listing = found.listing(
            scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, limit=limit, timeout=left
        )
        if jsonl or json:
            from zopa.render import json as as_json

            chunks = as_json.deal_lines(listing) if jsonl else as_json.deals_as_found(listing)
            for chunk in chunks:
                _print(chunk, flush=False)
        else:
            for chunk in text.deals_as_found(listing, scenario.catalogue, asked):
                _view(chunk, flush=False)
        _print("")
        feasible = listing.listed > 0
        if jsonl and not listing.complete and sys.stderr is not None:
            cut = "the time limit (--timeout)" if listing.timed_out else f"--limit {limit}"
            sys.stderr.write(f"note: {listing.listed} deals written; {cut} cut the list, more may exist\n")
    else:
        result = found.deals(
            scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, limit=limit, timeout=left
        )
        _answer_in(json, result, lambda: text.deals(result, scenario.catalogue, asked))
        feasible = result.feasible
    return 1 if status and not feasible else 0


@app.command(short_help="Why no deal: the conflicts, the cheapest concessions, who must move.")
def why(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    limit: LimitOption = defaults.WHY_LIMIT,
    timeout: TimeoutOption = defaults.WHY_TIMEOUT,
    graph: Annotated[
        Path | None,
        typer.Option(
            "--graph",
            metavar="FILE",
            help="Draw the conflicts to FILE: .svg, .png, .pdf or .dot "
            f"(Graphviz's layout: at most {defaults.LAYOUT_TIMEOUT:g} s more).",
        ),
    ] = None,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
    status: StatusOption = False,
) -> int:
    """Explain why no deal is feasible: minimal blocking conflicts and concession sets."""
    from zopa.analyses.why import why as explain
    from zopa.render import text

    scenario, left = _load(positions, with_, max_memory, timeout)
    if graph is not None:
        from zopa.render.graph import check_target

        check_target(graph)
    # The text view shows concession sets per cluster and only the cheapest of the whole.
    combined = None if json else min(limit or defaults.WHY_TEXT_CONCESSIONS, defaults.WHY_TEXT_CONCESSIONS)
    result = explain(
        scenario,
        parties=party,
        concede=concede,
        as_of=as_of,
        evidence=evidence,
        limit=limit,
        timeout=left,
        combined_limit=combined,
    )
    if graph is not None:
        from zopa.render.graph import draw

        draw(result, scenario.catalogue, graph)
    asked = _asked(positions, with_, party, concede, as_of, evidence)
    _answer_in(json, result, lambda: text.why(result, scenario.catalogue, asked))
    if graph is not None:
        _wrote(graph)
    return 1 if status and not result.feasible else 0


@app.command(short_help="Rank concessions by effect: does a deal open, which conflicts dissolve.")
def whatif(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: Annotated[
        list[str] | None,
        typer.Option("--party", metavar="P", help="Only concessions by this party. Repeatable (default: all)."),
    ] = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, metavar="N", help="1: single concessions; 2: also every pair.")
    ] = 1,
    limit: Annotated[
        int, typer.Option("--limit", min=0, max=10**9, metavar="N", help="Evaluate at most N cases (0: all).")
    ] = 0,
    show_: Annotated[
        int,
        typer.Option("--show", min=0, max=10**9, metavar="N", help="Text view: list the N most effective (0: all)."),
    ] = defaults.WHATIF_SHOWN,
    count_cap: Annotated[
        int, typer.Option("--count-cap", min=1, max=10**9, metavar="N", help="Count deals up to N per case.")
    ] = defaults.WHATIF_COUNT_CAP,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help=f"Run a sweep of more than {defaults.WHATIF_CASES_WITHOUT_CONFIRMATION} cases without --limit.",
        ),
    ] = False,
    timeout: TimeoutOption = defaults.WHATIF_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> None:
    """Rank concessions by effect: does a deal open, how many, which conflicts dissolve."""
    from zopa.analyses.whatif import whatif as sweep
    from zopa.render import text

    scenario, left = _load(positions, with_, max_memory, timeout)
    result = sweep(
        scenario,
        parties=party,
        concede=concede,
        as_of=as_of,
        evidence=evidence,
        depth=depth,
        limit=limit,
        count_cap=count_cap,
        timeout=left,
        confirmed=yes,
        progress=_progress("whatif"),
    )
    shown = show_ or len(result.results)
    _answer_in(json, result, lambda: text.whatif(result, scenario.catalogue, shown))


def _progress(name: str) -> Callable[[int, int], None]:
    """Progress on stderr for long sweeps: a line every tenth of the way, from 200 cases."""

    def report(done: int, total: int) -> None:
        if total >= 200 and (done == total or done % max(1, total // 10) == 0):
            sys.stderr.write(f"{name}: {done}/{total} cases\n")
            sys.stderr.flush()

    return report


@app.command(short_help="Check a plan: the red lines it violates and the nearest feasible deal.")
def check(
    plan: Annotated[
        Path, typer.Argument(metavar="PLAN.lp", help="A proposal: deal(ISSUE, OPTION) facts, possibly partial.")
    ],
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge the plan by the positions of DATE (YYYY-MM-DD; default: the plan's proposed/1 date, "
            "else as they stand now).",
        ),
    ] = None,
    evidence: EvidenceOption = None,
    status: StatusOption = False,
    silence: Annotated[
        str | None,
        typer.Option(
            "--silence",
            metavar="READING",
            help="An issue the plan does not address: status_quo keeps its status quo where the scenario declares "
            "one; open leaves it to be negotiated (default: open for a plan marked interim, else status_quo).",
        ),
    ] = None,
    timeout: TimeoutOption = defaults.CHECK_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> int:
    """Check a plan: the red lines it violates, party by party, and the nearest feasible deal."""
    from zopa.analyses.check import check as check_plan
    from zopa.loading.files import shown_path
    from zopa.render import text

    scenario, left = _load(positions, with_, max_memory, timeout)
    result = check_plan(
        scenario,
        plan,
        parties=party,
        concede=concede,
        as_of=as_of,
        evidence=evidence,
        silence=silence,
        timeout=left,
    )
    asked = _asked(positions, with_, party, concede, as_of, evidence)
    _answer_in(json, result, lambda: text.check(result, scenario.catalogue, shown_path(plan), asked))
    return 1 if status and (result.violations or result.background_violated or not result.completable) else 0


@app.command(short_help="Per issue: the forced option, the open ones, the impossible ones and why.")
def options(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    count_cap: Annotated[
        int,
        typer.Option(
            "--count-cap", min=0, max=10**9, metavar="N", help="Count deals up to N per open option (0: none)."
        ),
    ] = defaults.OPTIONS_COUNT_CAP,
    timeout: TimeoutOption = defaults.OPTIONS_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> None:
    """For each issue: the option every feasible deal takes, the open ones, and the impossible
    ones with the fewest red lines that rule each out."""
    from zopa.analyses.options import options as choices
    from zopa.render import text

    scenario, left = _load(positions, with_, max_memory, timeout)
    result = choices(
        scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, count_cap=count_cap, timeout=left
    )
    asked = _asked(positions, with_, party, concede, as_of, evidence)
    _answer_in(json, result, lambda: text.options(result, scenario.catalogue, asked))


@app.command(short_help="Which groups of parties can agree, who blocks, and the blame.")
def coalitions(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    timeout: TimeoutOption = defaults.COALITIONS_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> None:
    """Which groups of parties can agree, the minimal groups that block, and each red line's
    and party's share of the blame."""
    from zopa.analyses.coalitions import coalitions as groups
    from zopa.render import text

    scenario, left = _load(positions, with_, max_memory, timeout)
    result = groups(scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, timeout=left)
    _answer_in(json, result, lambda: text.coalitions(result, scenario.catalogue))


@app.command(short_help="The positions through time: on each date, the conflicts and concessions.")
def timeline(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Stop the history at DATE (YYYY-MM-DD; default: every date)."),
    ] = None,
    evidence: EvidenceOption = None,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", metavar="FILE.svg", help="Draw conflicts and cheapest concessions over time to FILE."),
    ] = None,
    timeout: TimeoutOption = defaults.TIMELINE_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> None:
    """The positions through time: on each date a red line was stated or withdrawn, whether a
    deal is feasible, how many conflicts hold, and a cheapest concession set."""
    from zopa.analyses.timeline import timeline as history
    from zopa.render import text

    if graph is not None and graph.suffix.lower() != ".svg":
        raise ZopaError(f"--graph {graph}: the timeline chart is written as SVG: give a file name ending in .svg")
    scenario, left = _load(positions, with_, max_memory, timeout)
    result = history(scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, timeout=left)
    if graph is not None:
        from zopa.render.chart import write_timeline

        write_timeline(result, graph)
    _answer_in(json, result, lambda: text.timeline(result, scenario.catalogue))
    if graph is not None:
        _wrote(graph)


@app.command(short_help="One self-contained HTML page of every answer, with a concession explorer.")
def report(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: PartyOption = None,
    concede: ConcedeOption = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE.html", help="Write the page to FILE.html.")
    ] = Path(defaults.REPORT_FILE),
    open_: Annotated[bool, typer.Option("--open", help="Open the page in the web browser once written.")] = False,
    timeout: TimeoutOption = defaults.REPORT_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
) -> None:
    """Write one self-contained HTML page (no network requests, data embedded): the summary,
    the conflict graph with the quotes on hover, conflicts and concession sets with their
    sources, the best deals, the options, coalitions and blame, the timeline chart, and a
    concession explorer. --timeout bounds the whole page; a section it cut says so."""
    from zopa.analyses.report import report as gather
    from zopa.render.graph import check_target, write_atomically
    from zopa.render.report import page

    check_target(output, (".html", ".htm"), option="--output")
    scenario, left = _load(positions, with_, max_memory, timeout)
    result = gather(scenario, parties=party, concede=concede, as_of=as_of, evidence=evidence, timeout=left)
    write_atomically(output, page(result, scenario.catalogue).encode("utf-8"), option="--output")
    _wrote(output)
    if result.skipped and sys.stderr is not None:
        sys.stderr.write(f"note: no time was left for: {', '.join(result.skipped)} (raise --timeout)\n")
    if open_:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())


@app.command(short_help="Show the scenario: parties, issues, red lines with their sources.")
def show(
    positions: PositionsOption = None,
    with_: WithOption = None,
    party: Annotated[
        list[str] | None,
        typer.Option("--party", metavar="P", help="Show only this party and its red lines. Repeatable (default: all)."),
    ] = None,
    as_of: AsOfOption = None,
    evidence: EvidenceOption = None,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> None:
    """Show the scenario: parties, issues and options, red lines with their sources, dates and grades."""
    from zopa.analyses.why import all_conflicts
    from zopa.render import text
    from zopa.results import ShowResult
    from zopa.solving.deadline import deadline_after

    scenario, _ = _load(positions, with_, max_memory)
    enforcement = scenario.enforcement(party, None, as_of, evidence)
    conflicts, complete = all_conflicts(scenario, enforcement.red_lines, deadline_after(defaults.SHOW_TIMEOUT))
    chosen = enforcement.parties
    catalogue = scenario.catalogue
    shown = ShowResult(
        parties=[p for p in catalogue.parties if p.id in chosen],
        issues=catalogue.issues,
        red_lines=[r for r in catalogue.red_lines if r.party in chosen],
        wants=[w for w in catalogue.wants if w.party in chosen],
        documents=catalogue.documents,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        not_in_force=enforcement.not_in_force,
        inferred_conflicts=[c for c in conflicts if c.inferred],
        conflicts_complete=complete,
    )
    _answer_in(json, shown, lambda: text.show(shown, catalogue))


@app.command(short_help="Check the rule base: unknown ids, unsourced red lines, quotes, contradictions.")
def lint(
    positions: PositionsOption = None,
    with_: WithOption = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources", metavar="DIR", help="Folder of the documents' text: check that every quote is in it, verbatim."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Ask the solver's checks of the positions of DATE (YYYY-MM-DD; default: now, and every date "
            "for parties contradicting themselves).",
        ),
    ] = None,
    timeout: TimeoutOption = defaults.LINT_TIMEOUT,
    max_memory: MaxMemoryOption = defaults.MAX_MEMORY_MB,
    json: JsonOption = False,
) -> int:
    """Check the rule base: unknown ids, unsourced red lines, quotes not in their source
    (with --sources), parties contradicting themselves, red lines that never matter.
    Exit status 1 when there are errors."""
    from zopa.analyses.lint import lint as check_rules
    from zopa.render import text

    _limit_memory(max_memory)
    _stop_after(timeout)
    result = check_rules(positions, with_ or [], sources=sources, as_of=as_of, timeout=timeout or None)
    _answer_in(json, result, lambda: text.lint(result), wrap=False)
    return 1 if result.errors else 0


def _fail(lines: list[str], code: int) -> int:
    if sys.stderr is not None:
        for line in lines:
            sys.stderr.write(f"error: {line}\n")
    return code


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit status; every failure becomes `error: ...` lines."""
    try:
        return _answer(args)
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except _OutputFailed as problem:
        return _fail([str(problem)], 74)


def _answer(args: list[str] | None) -> int:
    try:
        status = app(args=args, prog_name="zopa", standalone_mode=False)
    except ZopaError as problem:
        return _fail(problem.lines(), 2)
    except InternalError as problem:
        return _fail([f"internal error: {problem} (a bug in zopa: please report it with the input)"], 70)
    except typer.TyperException as problem:
        context = getattr(problem, "ctx", None)
        asked_nothing = "Missing command" in problem.format_message() or type(problem).__name__ == "NoArgsIsHelpError"
        if context is not None and asked_nothing:
            _print(context.get_help() + "\n")
            return 0
        command = context.command_path if context is not None else "zopa"
        return _fail([f"{problem.format_message()} (see `{command} --help`)"], problem.exit_code or 2)
    except MemoryError:
        limit = f"{_PROCESS.memory_mb} MB" if _PROCESS.memory_mb else "the memory there is"
        return _fail(
            [f"out of memory: the run needed more than {limit} (--max-memory MB sets the ceiling; 0: none)"], 2
        )
    except (KeyboardInterrupt, typer.Abort):
        return _fail(["interrupted"], 130)
    except RuntimeError:
        from zopa.solving.watchdog import WATCHDOG

        if WATCHDOG.ctrl_c_raised:  # Ctrl-C inside a clingo callback comes back as this
            return _fail(["interrupted"], 130)
        raise
    if status == 130:  # typer turns Ctrl-C into exit status 130 before it reaches us
        return _fail(["interrupted"], 130)
    return status if isinstance(status, int) else 0


def main() -> None:
    from zopa.solving.watchdog import interrupt_on_ctrl_c

    _PROCESS.own = True  # this process is the command line's: it may cap its memory, stop itself
    interrupt_on_ctrl_c()  # ... and let Ctrl-C stop a search
    status = run()
    if status == 130:
        # Interrupted: leave at once, without the interpreter's slow tidying up.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
