"""Who can agree with whom: which groups of parties agree, the minimal groups that block,
the maximal groups that agree, the parties in every blocking group (a veto), and each red
line's and party's share of the blame for the conflicts.

Groups are not enumerated to find the blocking ones: a party's red lines are treated as one
item, and the conflict machinery runs over parties instead of red lines (zopa.analyses.
conflicts' hitting sets). A minimal blocking group is a group-level conflict: its parties'
red lines admit no deal, and without any one of them they do. Every group then agrees
exactly when it contains no minimal blocking group, and the maximal agreeing groups are the
complements of the smallest sets of parties that meet every blocking group. Every group is
listed only while there are at most 12 parties.

Blame is the Shapley value of the number of minimal conflicts: in a conflict of k red
lines each member is pivotal alike, so each gets 1/k; a party's blame is the sum over its
red lines, and the values sum to the number of conflicts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from zopa import defaults
from zopa.analyses.conflicts import HittingSets, conflicts_in
from zopa.analyses.why import all_conflicts
from zopa.results import Blame, BlockingConflict, Coalition, CoalitionsResult
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after

LISTED_AT_MOST = 12
"""Parties up to which every group is listed (2^12 - 1 = 4,095 groups)."""


class _Groups:
    """Questions about groups of parties, each a question about their enforced red lines."""

    def __init__(self, scenario: Scenario, parties: list[str], enforced: list[str], deadline: float | None):
        self.scenario = scenario
        self.parties = parties
        self.deadline = deadline
        owner = {r.id: r.party for r in scenario.catalogue.red_lines}
        self.own = {p: [r for r in enforced if owner[r] == p] for p in parties}
        self.owner = owner

    def red_lines(self, group: Sequence[str]) -> list[str]:
        return [r for p in group for r in self.own[p]]

    def agrees(self, group: Sequence[str]) -> bool:
        return self.scenario.solver.find(self.red_lines(group), self.deadline).satisfiable

    def minimal_blocking(self) -> Iterator[frozenset[str]]:
        """Every minimal blocking group (MARCO over parties): a seed grown as large as the
        known sets allow either agrees, and then the parties whose red lines the cheapest
        deal with it breaks form a set every later seed must meet, or blocks, and then it
        is shrunk to a minimal blocking group, which no later seed may contain."""
        solver = self.scenario.solver
        seeds = HittingSets(self.parties, largest=True)
        while True:
            grown = seeds.next(self.deadline)
            if not grown:
                return
            seed = [p for p in self.parties if p in grown[0]]
            rest = [p for p in self.parties if p not in seed]
            outcome = solver.cheapest(hard=self.red_lines(seed), soft=self.red_lines(rest), deadline=self.deadline)
            if outcome.satisfiable:
                broken = {self.owner[r] for r in outcome.violated} & set(rest)
                if not broken:
                    return  # every party agrees with every other: nothing blocks
                seeds.must_meet(broken)
                continue
            group = self.shrink(seed)
            yield group
            seeds.exclude_supersets(group)

    def shrink(self, group: list[str]) -> frozenset[str]:
        """A minimal blocking group inside a blocking one: drop each party in turn while the
        rest still block (a party found needed stays needed in every smaller group)."""
        kept = list(group)
        for party in list(group):
            rest = [p for p in kept if p != party]
            if rest and not self.agrees(rest):
                kept = rest
        return frozenset(kept)


def _minimal_transversals(
    parties: list[str], blocking: list[frozenset[str]], deadline: float | None
) -> list[frozenset[str]]:
    """Every smallest-by-inclusion set of parties that meets every blocking group."""
    hitting = HittingSets(parties)
    for group in blocking:
        hitting.must_meet(group)
    found: list[frozenset[str]] = []
    while True:
        batch = hitting.next(deadline, 16)
        if not batch:
            return found
        for chosen in batch:
            if any(f <= chosen for f in found):
                continue
            found.append(frozenset(chosen))
            hitting.exclude_supersets(chosen)


def coalitions(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    timeout: float | None = defaults.COALITIONS_TIMEOUT,
) -> CoalitionsResult:
    """Which groups of the enforced parties agree, the minimal blocking and maximal agreeing
    groups with one conflict each, the veto, and the blame."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    chosen = enforcement.parties
    deadline = deadline_after(timeout)
    groups = _Groups(scenario, chosen, enforcement.red_lines, deadline)
    order = {p: n for n, p in enumerate(chosen)}

    def ordered(group: frozenset[str] | set[str]) -> list[str]:
        return sorted(group, key=order.__getitem__)

    result = CoalitionsResult(
        parties=chosen,
        coalitions=[],
        maximal_agreeing=[],
        minimal_blocking=[],
        blocking_conflicts=[],
        veto=[],
        blame=Blame(red_lines=dict.fromkeys(enforcement.red_lines, 0.0), parties=dict.fromkeys(chosen, 0.0)),
        complete=True,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforcement.red_lines),
    )
    blocking: list[frozenset[str]] = []
    try:
        if not scenario.solver.find([], deadline).satisfiable:
            blocking = [frozenset()]  # the background alone: even the empty group blocks
        else:
            blocking = list(groups.minimal_blocking())
        blocking.sort(key=lambda g: (len(g), [order[p] for p in ordered(g)]))
        result.minimal_blocking = [ordered(g) for g in blocking]
        for group in blocking:
            why_blocked = next(conflicts_in(scenario.solver, groups.red_lines(ordered(group)), deadline), frozenset())
            result.blocking_conflicts.append(BlockingConflict(parties=ordered(group), red_lines=sorted(why_blocked)))
        result.veto = ordered(frozenset.intersection(*blocking)) if blocking else []
        transversals = _minimal_transversals(chosen, blocking, deadline) if blocking else [frozenset()]
        agreeing = [frozenset(chosen) - t for t in transversals]
        result.maximal_agreeing = sorted((ordered(g) for g in agreeing), key=lambda g: (-len(g), [order[p] for p in g]))
    except Timeout:
        result.complete = False
    if len(chosen) <= LISTED_AT_MOST and result.complete:
        for size in range(1, len(chosen) + 1):
            for combination in itertools.combinations(chosen, size):
                members = frozenset(combination)
                result.coalitions.append(
                    Coalition(parties=list(combination), feasible=not any(b <= members for b in blocking))
                )
    if result.complete:
        result.pairs = {a: {b: not any(g <= {a, b} for g in blocking) for b in chosen} for a in chosen}
    try:
        # With the background alone admitting no deal there is no conflict of red lines to
        # share the blame of (as `zopa why` says): the empty set is the only one.
        background = blocking != [frozenset()]
        conflicts, found_all = all_conflicts(scenario, enforcement.red_lines, deadline) if background else ([], True)
    except Timeout:
        conflicts, found_all = [], False
    result.conflicts = len(conflicts)
    result.complete = result.complete and found_all
    for conflict in conflicts:
        share = 1 / len(conflict.red_lines)
        for r in conflict.red_lines:
            result.blame.red_lines[r] += share
            result.blame.parties[groups.owner[r]] += share
    result.blame.red_lines = dict(sorted(result.blame.red_lines.items(), key=lambda item: (-item[1], item[0])))
    result.blame.parties = dict(sorted(result.blame.parties.items(), key=lambda item: (-item[1], order[item[0]])))
    return result
