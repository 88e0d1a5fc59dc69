"""Why there is no deal: the minimal blocking conflicts and the minimal concession sets.

Both are searched per independent cluster (zopa.analyses.clusters) on the one grounded program, and
every reported set is checked on the solver before it is returned: a conflict must be
unsatisfiable with every member needed, a concession set must open a deal with every
member needed.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence

from zopa import defaults
from zopa.analyses.clusters import clusters
from zopa.analyses.concessions import cheapest_combinations, concessions_in
from zopa.analyses.conflicts import Witnesses, all_conflicts_in, conflicts_in
from zopa.analyses.pareto import fair_choice
from zopa.errors import InternalError
from zopa.results import Cluster, Concession, Conflict, Deal, WhyResult
from zopa.scenario import Enforcement, Scenario
from zopa.solving.deadline import Timeout, deadline_after
from zopa.solving.solver import Outcome, Solver


def _check_conflict(solver: Solver, conflict: frozenset[str], witnesses: Witnesses, deadline: float | None) -> None:
    """Every member is needed: without it, the rest admit a deal, either one the search met
    or one asked for now. (That the set admits no deal is the very solver answer that made
    it a conflict: the search asked for a deal with it enforced and got none.)"""
    for member in conflict:
        rest = conflict - {member}
        if witnesses.admit(rest):
            continue
        if not solver.find(rest, deadline).satisfiable:
            raise InternalError(f"reported conflict {sorted(conflict)} is not minimal: {member} is not needed")


def _check_needed(solver: Solver, members: set[str], concession: frozenset[str], deadline: float | None) -> None:
    """Every member of a cluster's concession set must move. One question settles it: with
    the cluster's other red lines enforced, the cheapest deal still breaks the whole set
    (were one member keepable, a deal breaking only the rest would be cheaper). Enforcing
    more red lines only removes deals, so the same then holds in the whole scenario, and a
    union of such sets, one per blocked cluster, is minimal once it opens a deal."""
    outcome = solver.cheapest(hard=members - concession, soft=concession, deadline=deadline)
    if not outcome.satisfiable:
        raise InternalError(f"reported concession set {sorted(concession)} opens no deal in its cluster")
    kept = concession - outcome.violated
    if kept:
        raise InternalError(
            f"reported concession set {sorted(concession)} is not minimal: {sorted(kept)[0]} need not move"
        )


def _check_opens(solver: Solver, enforced: set[str], concession: frozenset[str], deadline: float | None) -> Outcome:
    opened = solver.find(enforced - concession, deadline, with_deal=True)
    if not opened.satisfiable:
        raise InternalError(f"reported concession set {sorted(concession)} opens no deal")
    return opened


class _Explainer:
    def __init__(
        self,
        scenario: Scenario,
        enforced: list[str],
        limit: int,
        deadline: float | None,
        apart: Sequence[frozenset[str]] = (),
        parties: Sequence[str] = (),
    ) -> None:
        self.scenario = scenario
        self.solver = scenario.solver
        self.enforced = enforced
        self.limit = limit
        self.deadline = deadline
        self.owner = {r.id: r.party for r in scenario.catalogue.red_lines}
        self.reads = {r.id: r.issues for r in scenario.catalogue.red_lines}
        self.cost = {r.id: r.cost for r in scenario.catalogue.red_lines}
        self.evidence = {r.id: r.evidence for r in scenario.catalogue.red_lines}
        self.complete = True
        self.blocked: set[int] = set()
        self.apart = apart
        self.satisfied_parties = list(parties)

    def parties(self, red_lines: Iterable[str]) -> list[str]:
        order = {p.id: n for n, p in enumerate(self.scenario.catalogue.parties)}
        return sorted({self.owner[r] for r in red_lines}, key=lambda p: order.get(p, len(order)))

    def conflict(self, red_lines: frozenset[str]) -> Conflict:
        counts: dict[str, int] = {}
        for r in red_lines:
            for issue in self.reads[r]:
                counts[issue] = counts.get(issue, 0) + 1
        order = [i.id for i in self.scenario.catalogue.issues]
        shared = [i for i in order if counts.get(i, 0) >= 2 or (len(red_lines) == 1 and i in counts)]
        return Conflict(
            red_lines=sorted(red_lines),
            parties=self.parties(red_lines),
            issues=shared or [i for i in order if i in counts],
            inferred=sorted(r for r in red_lines if self.evidence[r] == "inferred"),
        )

    def conflicts(self, groups: list[list[str]]) -> list[Conflict]:
        """All clusters' conflicts in canonical order (size, then the sorted red lines), up to
        the limit. Notes which clusters are blocked: those with a conflict, and those time
        left unexamined.

        Under a limit each cluster's smallest-first search yields its conflicts in canonical
        order, so merging them gives the first N of the complete list, with its numbering."""
        # Without a limit every conflict is wanted, and the exhaustive search finds them far
        # sooner than the smallest-first one; the list is sorted by size at the end.
        witnesses = Witnesses()
        if self.limit:
            streams = [conflicts_in(self.solver, members, self.deadline, witnesses, self.apart) for members in groups]
        else:
            streams = [
                all_conflicts_in(self.solver, members, self.deadline, witnesses, self.apart) for members in groups
            ]
        examined: set[int] = set()
        queue: list[tuple[int, list[str], int, frozenset[str]]] = []  # canonical order first
        found: list[frozenset[str]] = []

        def pull(n: int) -> None:
            conflict = next(streams[n], None)
            examined.add(n)
            if conflict is not None:
                self.blocked.add(n)
                heapq.heappush(queue, (len(conflict), sorted(conflict), n, conflict))

        try:
            for n in range(len(streams)):
                pull(n)
            while queue and not (self.limit and len(found) == self.limit):
                _, _, n, conflict = heapq.heappop(queue)
                found.append(conflict)
                pull(n)
        except Timeout:
            self.complete = False
            found += [c for _, _, _, c in sorted(queue)]
            queue = []
            self.blocked |= set(range(len(streams))) - examined
        if queue:
            self.complete = False  # a conflict beyond the limit, or cut by the deadline
        found.sort(key=lambda c: (len(c), sorted(c)))
        found = found[: self.limit or None]
        try:
            for conflict in found:
                _check_conflict(self.solver, conflict, witnesses, self.deadline)
        except Timeout:
            self.complete = False
        return [self.conflict(c) for c in found]

    def concession(self, red_lines: frozenset[str], opens: bool = False) -> Concession:
        """A concession set; with `opens`, the fair rule's choice among the deals it opens."""
        fair = None
        if opens:
            kept = [r for r in self.enforced if r not in red_lines]
            fair = fair_choice(self.scenario, kept, self.satisfied_parties, self.deadline)
        return Concession(
            red_lines=sorted(red_lines),
            parties=self.parties(red_lines),
            cost=sum(self.cost[r] for r in red_lines),
            deal=fair.deal if fair is not None else None,
            satisfaction=fair.satisfaction if fair is not None else None,
        )

    def cluster(self, members: list[str]) -> Cluster:
        found: list[Concession] = []
        complete = True
        try:
            for red_lines in concessions_in(self.solver, members, self.deadline):
                if self.limit and len(found) >= self.limit:
                    complete = False
                    break
                _check_needed(self.solver, set(members), red_lines, self.deadline)
                found.append(self.concession(red_lines))
        except Timeout:
            complete = False
        found.sort(key=lambda c: (c.cost, len(c.red_lines), c.red_lines))
        self.complete &= complete
        touched = {i for r in members for i in self.reads[r]}
        issues = [i.id for i in self.scenario.catalogue.issues if i.id in touched]
        return Cluster(red_lines=sorted(members), issues=issues, concessions=found, complete=complete)

    def combined(self, groups: list[Cluster], limit: int) -> list[Concession]:
        """Concession sets of the whole: one per blocked cluster, cheapest combinations first.
        The first few (those the text view shows) come with the deal they open that the fair
        rule chooses among the Pareto-optimal ones: a frontier each, too dear for every set."""
        enforced = set(self.enforced)
        unions: list[frozenset[str]] = []
        try:
            for picks in cheapest_combinations([[c.cost for c in g.concessions] for g in groups]):
                if limit and len(unions) >= limit:
                    self.complete = False
                    break
                union = frozenset(r for g, n in zip(groups, picks, strict=True) for r in g.concessions[n].red_lines)
                _check_opens(self.solver, enforced, union, self.deadline)
                unions.append(union)
        except Timeout:
            self.complete = False
        unions.sort(key=lambda u: (sum(self.cost[r] for r in u), len(u), sorted(u)))
        result: list[Concession] = []
        for n, union in enumerate(unions):
            try:
                result.append(self.concession(union, opens=n < defaults.WHY_TEXT_CONCESSIONS))
            except Timeout:
                self.complete = False
                result.append(self.concession(union))
        return result

    def party_concessions(self, groups: list[Cluster], total: int | None) -> dict[str, int] | None:
        """How many of the `total` concession sets need each party (known only when every
        cluster's list is complete: a set of the whole is one set from each cluster)."""
        if total is None:
            return None
        counts: dict[str, int] = {}
        for party in self.parties(self.enforced):
            without = math.prod(sum(1 for c in g.concessions if party not in c.parties) for g in groups)
            counts[party] = total - without
        return counts


def why(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    limit: int = defaults.WHY_LIMIT,
    timeout: float | None = defaults.WHY_TIMEOUT,
    with_concessions: bool = True,
    combined_limit: int | None = None,
) -> WhyResult:
    """Conflicts (and, unless told otherwise, concession sets) of the enforced red lines.

    `combined_limit` bounds the concession sets of the whole scenario (default: `limit`);
    independent clusters multiply them, while each cluster's own list stays short.
    """
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    enforced = enforcement.red_lines
    deadline = deadline_after(timeout)
    solver = scenario.solver
    try:
        if not solver.find([], deadline).satisfiable:
            return _without_search(enforcement, background_infeasible=True, complete=True)
        opened = solver.find(enforced, deadline, with_deal=True)
        if opened.satisfiable:
            fair = fair_choice(scenario, enforced, enforcement.parties, deadline)
            assert fair is not None
            found = _without_search(enforcement, feasible=True, deal=fair.deal, complete=True)
            found.satisfaction = fair.satisfaction
            return found
        groups = clusters(scenario, enforced)
    except Timeout:
        return _without_search(enforcement, decided=False, complete=False)
    explainer = _Explainer(scenario, enforced, limit, deadline, parties=enforcement.parties)
    conflicts = explainer.conflicts(groups)
    blocked = [g for n, g in enumerate(groups) if n in explainer.blocked]
    conflicts_complete = explainer.complete
    explained = [explainer.cluster(members) for members in blocked] if with_concessions else []
    shown = limit if combined_limit is None else combined_limit
    concessions = explainer.combined(explained, shown) if with_concessions else []
    total = (
        math.prod(len(g.concessions) for g in explained) if explained and all(g.complete for g in explained) else None
    )
    cheapest_sets, cheapest_common = _cheapest(explained) if total is not None else (None, None)
    return WhyResult(
        feasible=False,
        cheapest_sets=cheapest_sets,
        cheapest_common=cheapest_common,
        conflicts=conflicts,
        concessions=concessions,
        complete=explainer.complete,
        explained=conflicts_complete and all(g.complete for g in explained),
        concession_sets=total,
        clusters=explained,
        party_concessions=explainer.party_concessions(explained, total),
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforcement.red_lines),
    )


def _cheapest(groups: list[Cluster]) -> tuple[int, list[str]]:
    """How many concession sets of the whole share the least cost, and the red lines all of
    them contain: a set of the whole is one set from each blocked cluster, so the cheapest
    are the cheapest of each, combined."""
    count, common = 1, set()
    for group in groups:
        least = min(c.cost for c in group.concessions)
        cheapest = [set(c.red_lines) for c in group.concessions if c.cost == least]
        count *= len(cheapest)
        common |= set.intersection(*cheapest)
    return count, sorted(common)


def all_conflicts(
    scenario: Scenario, red_lines: list[str], deadline: float | None, apart: Sequence[frozenset[str]] = ()
) -> tuple[list[Conflict], bool]:
    """Every conflict among these red lines that holds none of the sets `apart`, smallest
    first, and whether the search finished (a cut search gives the conflicts found so far)."""
    explainer = _Explainer(scenario, red_lines, 0, deadline, apart)
    return explainer.conflicts(clusters(scenario, red_lines)), explainer.complete


def _without_search(
    enforcement: Enforcement,
    *,
    complete: bool,
    feasible: bool = False,
    decided: bool = True,
    background_infeasible: bool = False,
    deal: Deal | None = None,
) -> WhyResult:
    """The answer when no search for conflicts ran: a deal exists, none can, or time ran out."""
    return WhyResult(
        feasible=feasible,
        decided=decided,
        background_infeasible=background_infeasible,
        deal=deal,
        conflicts=[],
        concessions=[],
        complete=complete,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforcement.red_lines),
    )
