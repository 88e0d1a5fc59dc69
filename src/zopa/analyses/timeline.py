"""Positions through time: on every date a red line was stated or withdrawn, whether a deal
is feasible, how many conflicts hold, and a cheapest concession set.

One conflict search serves every date: a set of red lines admits no deal exactly when it
contains a conflict, so the conflicts as of a date are the scenario's conflicts (among all
the red lines that hold at some date, withdrawn ones included) whose members all hold
then. The search skips the conflicts that hold on no date: two red lines whose times do
not overlap (one withdrawn on or before the other is stated) are never sought together.
Each date's feasibility is also asked of the solver, which checks that reading, and its
cheapest concession set is one optimisation on the same grounding; dates only switch red
lines, the program is never grounded again.
"""

from __future__ import annotations

from collections.abc import Sequence

from zopa import defaults
from zopa.analyses.why import all_conflicts
from zopa.errors import InternalError
from zopa.results import TimelineDate, TimelineResult
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after


def timeline(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    timeout: float | None = defaults.TIMELINE_TIMEOUT,
) -> TimelineResult:
    """The history of the enforced parties' positions, date by date, up to `as_of`."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    red = {r.id: r for r in scenario.catalogue.red_lines}
    pool = [red[r] for r in enforcement.over_time]
    days = sorted({d for r in pool for d in (r.stated, r.withdrawn) if d is not None and (not as_of or d <= as_of)})
    solver = scenario.solver
    deadline = deadline_after(timeout)
    result = TimelineResult(
        dates=[],
        complete=True,
        undated=[r.id for r in pool if r.stated is None],
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        red_lines_checked=len(pool),
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
    )
    try:
        result.background_infeasible = not solver.find([], deadline).satisfiable
        if not result.background_infeasible:
            apart = [
                frozenset({a.id, b.id})
                for a in pool
                for b in pool
                if a.withdrawn is not None and b.stated is not None and a.withdrawn <= b.stated
            ]
            result.conflicts, result.conflicts_complete = all_conflicts(scenario, [r.id for r in pool], deadline, apart)
    except Timeout:
        result.conflicts_complete = False
    members = [frozenset(c.red_lines) for c in result.conflicts]

    def state(day: str) -> TimelineDate:
        """The positions on `day` ("" : before any dated statement)."""
        holding = [r.id for r in pool if r.holds(day)]  # before any date (""): the undated ones
        held = set(holding)
        known = sum(1 for c in members if c <= held)
        entry = TimelineDate(
            date=day,
            stated=[r.id for r in pool if day and r.stated == day],
            withdrawn=[r.id for r in pool if day and r.withdrawn == day],
            feasible=False,
            conflicts=known,
            cheapest=None,
            complete=result.conflicts_complete,
            in_force=len(holding),
        )
        if result.background_infeasible:
            return entry
        try:
            entry.feasible = solver.find(holding, deadline).satisfiable
            if result.conflicts_complete and entry.feasible != (known == 0):
                raise InternalError(f"{day or 'before the first date'}: the conflicts and the solver disagree")
            if not entry.feasible:
                cheapest = solver.cheapest(hard=(), soft=holding, deadline=deadline)
                entry.cheapest = sorted(cheapest.violated)
                entry.cost = sum(red[r].cost for r in cheapest.violated)
        except Timeout:
            entry.complete = False
        return entry

    result.before = state("")
    result.dates = [state(day) for day in days]
    result.complete = all(d.complete for d in [result.before, *result.dates])
    return result
