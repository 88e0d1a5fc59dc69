"""What every deal must contain: for each issue, the option every feasible deal takes
(forced), the options some feasible deal takes (open), and those none does (impossible),
each with a smallest set of enforced red lines that rules it out.

Open and forced come from clingo's brave and cautious consequences: two solve calls, each
converging on the answer, instead of one question per option. A ruled-out option's reason
is the smallest conflict among the red lines of its issue's cluster under the assumption
that the deal takes that option (zopa.analyses.conflicts, smallest first); red lines in
other clusters share no issue with it and cannot rule it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from zopa import defaults
from zopa.analyses.clusters import clusters
from zopa.analyses.conflicts import conflicts_in
from zopa.results import Impossible, IssueOptions, OptionsResult
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after


def options(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    count_cap: int = defaults.OPTIONS_COUNT_CAP,
    timeout: float | None = defaults.OPTIONS_TIMEOUT,
) -> OptionsResult:
    """Forced, open and impossible options per issue under the enforced red lines; the open
    ones with how many feasible deals take each, up to `count_cap` (0: no counts)."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    enforced = enforcement.red_lines
    solver = scenario.solver
    deadline = deadline_after(timeout)
    result = OptionsResult(
        feasible=False,
        issues={},
        complete=True,
        count_cap=count_cap,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforced),
    )
    try:
        if not solver.find(enforced, deadline).satisfiable:
            return result
        brave, cautious = solver.consequences(enforced, deadline)
    except Timeout:
        result.complete = False
        return result
    result.feasible = True
    cluster_of: dict[str, list[str]] = {}
    for members in clusters(scenario, enforced):
        for r in members:
            for read in scenario.red_line(r).issues:
                cluster_of[read] = members
    for issue in scenario.catalogue.issues:
        open_ = [o.id for o in issue.options if (issue.id, o.id) in brave]
        forced = next((o for o in open_ if (issue.id, o) in cautious), None)
        answer = IssueOptions(forced=forced, open=open_, impossible=[])
        result.issues[issue.id] = answer
        try:
            # An issue no enforced red line reads may still be tied to one by the background:
            # then any of them may be needed, as no cluster says which.
            members = cluster_of.get(issue.id, enforced)
            for option in (o.id for o in issue.options if o.id not in open_):
                answer.impossible.append(
                    Impossible(option=option, blocked_by=_blocked_by(scenario, members, issue.id, option, deadline))
                )
            if count_cap:
                for option in open_:
                    literal = solver.deal_literal(issue.id, option)
                    counted = solver.count(enforced, count_cap, extra=[literal] if literal is not None else [])
                    answer.deals[option] = counted.deals
                    if not counted.complete:
                        answer.deals_at_least.append(option)
        except Timeout:
            result.complete = False
            break
    return result


def _blocked_by(scenario: Scenario, members: list[str], issue: str, option: str, deadline: float | None) -> list[str]:
    """A smallest set of these red lines under which no deal answers `issue` with `option`
    (empty when the background alone rules it out)."""
    solver = scenario.solver
    literal = solver.deal_literal(issue, option)
    if literal is None or not solver.find([], deadline, extra=[literal]).satisfiable:
        return []
    smallest = next(conflicts_in(solver, members, deadline, given=[literal], in_order=False), None)
    if smallest is None:  # cannot happen: the option is ruled out, and these red lines are all that can
        from zopa.errors import InternalError

        raise InternalError(f"option {option} of {issue} is ruled out, but no red line of its cluster rules it out")
    return sorted(smallest)
