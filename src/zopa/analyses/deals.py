"""Feasible deals: every issue answered, no enforced red line violated."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from zopa import defaults
from zopa.results import Deal, DealsResult
from zopa.scenario import Enforcement, Scenario
from zopa.solving.deadline import Timeout, deadline_after, remaining
from zopa.solving.solver import Solver


def independent_issues(scenario: Scenario, enforced: list[str]) -> list[str]:
    """The issues that no enforced red line reads and no rule of the background ties to
    another issue: each can be answered apart from all the rest."""
    dependencies = scenario.dependencies
    tied = set().union(*dependencies.ties, *(dependencies.reads[r] for r in enforced))
    return [issue.id for issue in scenario.catalogue.issues if issue.id not in tied]


def deals(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    limit: int = defaults.DEALS_LIMIT,
    timeout: float | None = defaults.DEALS_TIMEOUT,
) -> DealsResult:
    """The deals, found in two parts. The solver lists the answers to the issues that are
    tied together, each independent issue held at its answer in one deal; then each
    independent issue's other options are tried, one question each, and the lists are
    multiplied out. A wide-open scenario has millions of deals that differ only in such
    issues, and the solver would hand them over one model at a time.
    """
    enforcement = scenario.enforcement(parties, concede)
    enforced = enforcement.red_lines
    solver = scenario.solver
    deadline = deadline_after(timeout)
    free = independent_issues(scenario, enforced)
    first = None
    try:
        held: dict[str, str] = {}
        if free:
            first = solver.find(enforced, deadline, with_deal=True)
            if not first.satisfiable:
                return _result(enforcement, [], complete=True)
            held = {issue: option for issue, option in first.deal if issue in free}
        fixed = solver.fixed(held.items())
        assert fixed is not None, "the answers of a deal found have atoms"
        found = solver.enumerate(enforced, limit, None if deadline is None else remaining(deadline), extra=fixed)
    except Timeout:
        return _result(
            enforcement, [scenario.as_deal(first.deal)] if first is not None else [], complete=False, timed_out=True
        )
    options = {issue: [option] for issue, option in held.items()}
    choices = {
        issue.id: [option.id for option in issue.options] for issue in scenario.catalogue.issues if issue.id in held
    }
    complete, timed_out = found.complete, found.timed_out

    def past_limit() -> bool:
        return bool(limit) and len(found.models) * math.prod(len(o) for o in options.values()) > limit

    if complete:
        try:
            # The last issue varies fastest in the list: try those first, and only until
            # the list is known to run past the limit.
            for issue in reversed(free):
                if past_limit():
                    break
                options[issue] += [
                    option
                    for option in choices[issue]
                    if option != held[issue] and _allows(solver, enforced, issue, option, deadline)
                ]
        except Timeout:
            complete, timed_out = False, True
    listed: list[Deal] = []
    for model in found.models:
        answers = dict(model)
        issues = [issue for issue in scenario.issue_order if issue in answers]
        columns = [options.get(issue) or [answers[issue]] for issue in issues]
        rows = itertools.product(*columns)
        wanted = limit - len(listed) if limit else None
        listed += (dict(zip(issues, row, strict=True)) for row in itertools.islice(rows, wanted))
        if limit and len(listed) == limit:
            break
    return _result(enforcement, listed, complete=complete and not past_limit(), timed_out=timed_out)


def _result(enforcement: Enforcement, listed: list[Deal], complete: bool, timed_out: bool = False) -> DealsResult:
    return DealsResult(
        feasible=bool(listed),
        deals=listed,
        complete=complete,
        timed_out=timed_out,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        red_lines_checked=len(enforcement.red_lines),
    )


def _allows(solver: Solver, enforced: list[str], issue: str, option: str, deadline: float | None) -> bool:
    literal = solver.deal_literal(issue, option)
    return literal is not None and solver.find(enforced, deadline, extra=[literal]).satisfiable
