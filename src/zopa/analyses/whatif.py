"""What if a party gave way? The effect of every single concession (and, at depth 2, of
every pair): does a deal become feasible, how many deals, which conflicts it resolves.

One grounding serves the whole sweep: each case is the same solver under other
assumptions (the red lines it withdraws switched off).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from zopa import defaults
from zopa.analyses.pareto import fair_choice
from zopa.analyses.why import why
from zopa.errors import ZopaError
from zopa.results import Conflict, WhatIfCase, WhatIfResult
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after, remaining
from zopa.solving.solver import Count


def case_count(candidates: int, depth: int) -> int:
    return candidates + (candidates * (candidates - 1) // 2 if depth == 2 else 0)


def whatif(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    depth: int = 1,
    limit: int = 0,
    count_cap: int = defaults.WHATIF_COUNT_CAP,
    timeout: float | None = defaults.WHATIF_TIMEOUT,
    confirmed: bool = False,
    progress: Callable[[int, int], None] | None = None,
    with_conflicts: bool = True,
) -> WhatIfResult:
    """Every concession by the red lines of `parties` (default: all), under every party's
    red lines; `limit` bounds how many cases are evaluated (0: all). Without conflicts the
    sweep skips finding which conflicts each case resolves (often most of the work)."""
    if depth not in (1, 2):
        raise ZopaError(f"--depth {depth}: only 1 (single concessions) and 2 (pairs) are supported")
    enforcement = scenario.enforcement(None, concede, as_of, evidence)
    enforced = enforcement.red_lines
    movers = set(scenario.resolve_parties(parties))
    owner = {r.id: r.party for r in scenario.catalogue.red_lines}
    candidates = [r for r in enforced if owner[r] in movers]
    total = case_count(len(candidates), depth)
    if total > defaults.WHATIF_CASES_WITHOUT_CONFIRMATION and not limit and not confirmed:
        raise ZopaError(
            f"--depth {depth} over {len(candidates)} red lines means {total} cases: "
            "bound them with --limit N or confirm with --yes"
        )
    deadline = deadline_after(timeout)
    known: list[Conflict] = []
    known_complete = True
    # With every conflict known, a case opens a deal exactly when it breaks them all: every
    # set of red lines that admits no deal contains one of them.
    conflicts_decide = False
    if with_conflicts:  # at most half the time, so that the cases get the rest
        explained = why(
            scenario,
            concede=concede,
            as_of=as_of,
            evidence=evidence,
            limit=0,
            timeout=timeout and timeout / 2,
            with_concessions=False,
        )
        known, known_complete = explained.conflicts, explained.complete
        conflicts_decide = explained.complete and explained.decided and not explained.background_infeasible
    involving: dict[str, list[int]] = {}
    for n, conflict in enumerate(known):
        for r in conflict.red_lines:
            involving.setdefault(r, []).append(n)
    cases: list[tuple[str, ...]] = [(r,) for r in candidates]
    if depth == 2:
        cases += list(itertools.combinations(candidates, 2))
    if limit:
        cases = cases[:limit]
    solver = scenario.solver
    results: list[WhatIfCase] = []
    complete = known_complete and len(cases) == total
    # The enforced red lines are switched on once; each case switches off only its own, so
    # a case costs the same however many red lines there are.
    with solver.enforcing(enforced) as switches:
        try:
            # Withdrawing red lines only adds deals: when the enforced ones already admit more
            # than the cap, so does every case, and none needs counting.
            everyone = solver.count([], count_cap, timeout=remaining(deadline), pin=False)
            saturated = not everyone.complete and not everyone.timed_out
            for n, case in enumerate(cases, start=1):
                remaining(deadline)
                resolved = sorted({n for r in case for n in involving.get(r, ())})
                with switches.withdrawn(case):
                    # A conflict the case leaves whole still blocks every deal: no need to ask.
                    opened = len(resolved) == len(known) and (conflicts_decide or solver.find([], deadline).satisfiable)
                    left = None if deadline is None else remaining(deadline)
                    found = (
                        None
                        if not opened
                        else Count(deals=count_cap, complete=False)
                        if saturated
                        else solver.count([], count_cap, timeout=left, pin=False)
                    )
                    # Every party's satisfaction with the deal the nash rule chooses among
                    # the Pareto-optimal ones the case opens (the switches stay as set).
                    fair = fair_choice(scenario, [], scenario.party_ids, deadline) if opened else None
                results.append(
                    WhatIfCase(
                        concede=sorted(case),
                        parties=sorted({owner[r] for r in case}),
                        feasible=opened,
                        deals=found.deals if found else 0,
                        deals_at_least=found is not None and not found.complete,
                        resolves=[known[i].red_lines for i in resolved],
                        remaining_conflicts=len(known) - len(resolved),
                        satisfaction=fair.satisfaction if fair is not None else None,
                    )
                )
                if progress:
                    progress(n, len(cases))
        except Timeout:
            complete = False
    results.sort(key=lambda c: (not c.feasible, -c.deals, -len(c.resolves), len(c.concede), c.concede))
    return WhatIfResult(
        results=results,
        conflicts=known,
        complete=complete,
        conflicts_complete=known_complete,
        cases=total,
        evaluated=len(results),
        count_cap=count_cap,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforced),
    )
