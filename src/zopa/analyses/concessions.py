"""Minimal concession sets, cheapest first.

The cheapest deal that may break any red line of a cluster (at its cost) breaks a cheapest
concession set. Forbidding that whole set from being broken again and asking once more
gives the next one; each is minimal, since a cheaper subset would have come first. All
queries run on the scenario's one grounded program, the forbidding constraints scoped to
this search (Solver.blocking).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from zopa.solving.solver import Solver


def concessions_in(solver: Solver, members: list[str], deadline: float | None) -> Iterator[frozenset[str]]:
    """The concession sets of one cluster, cheapest first."""
    with solver.blocking() as blocker:
        while True:
            outcome = solver.cheapest(hard=(), soft=members, deadline=deadline, guards=[blocker.guard])
            if not outcome.satisfiable:
                return
            broken = frozenset(outcome.violated & set(members))
            yield broken
            if not broken:
                return  # the cluster is not blocked: nothing needs conceding
            blocker.block(broken)


def cheapest_combinations(costs: list[list[int]]) -> Iterator[tuple[int, ...]]:
    """Index tuples, one index per list, in order of total cost (each list sorted by cost)."""
    if any(not c for c in costs):
        return
    start = tuple(0 for _ in costs)
    queue = [(sum(c[0] for c in costs), start)]
    seen = {start}
    while queue:
        total, picks = heapq.heappop(queue)
        yield picks
        for n, index in enumerate(picks):
            if index + 1 < len(costs[n]):
                nxt = picks[:n] + (index + 1,) + picks[n + 1 :]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(queue, (total - costs[n][index] + costs[n][index + 1], nxt))
