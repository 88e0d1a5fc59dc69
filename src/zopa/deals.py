"""Feasible deals: every issue answered, no enforced red line violated."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from zopa.models import Deal, DealsResult
from zopa.solver import Timeout, deadline_after, remaining

if TYPE_CHECKING:
    from zopa.scenario import Scenario
    from zopa.solver import Solver

DEFAULT_LIMIT = 5
DEFAULT_TIMEOUT = 60.0


def enforced_red_lines(scenario: Scenario, parties: list[str] | None, concede: list[str] | None) -> tuple[list[str], list[str], list[str]]:
    """(parties, enforced red lines, conceded red lines) for the command-line choices."""
    chosen = scenario.resolve_parties(parties)
    withdrawn = set(scenario.resolve_red_lines(concede))
    conceded = [r.id for r in scenario.catalogue.red_lines if r.id in withdrawn or r.conceded]
    enforced = [
        r.id for r in scenario.catalogue.red_lines if r.party in chosen and r.id not in conceded
    ]
    return chosen, enforced, conceded


def as_deal(scenario: Scenario, pairs: list[tuple[str, str]]) -> Deal:
    """{issue: option} in the catalogue's order of issues."""
    answers = dict(pairs)
    return {issue: answers[issue] for issue in scenario.issue_order if issue in answers}


def independent_issues(scenario: Scenario, enforced: list[str]) -> list[str]:
    """The issues that no enforced red line reads and no rule of the background ties to
    another issue: each can be answered apart from all the rest."""
    dependencies = scenario.dependencies
    tied = set().union(*dependencies.ties, *(dependencies.reads[r] for r in enforced))
    return [issue.id for issue in scenario.catalogue.issues if issue.id not in tied]


def find_deals(
    scenario: Scenario,
    parties: list[str] | None = None,
    concede: list[str] | None = None,
    limit: int = DEFAULT_LIMIT,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> DealsResult:
    """The deals, found in two parts. The solver lists the answers to the issues that are
    tied together, each independent issue held at its answer in one deal; then each
    independent issue's other options are tried, one question each, and the lists are
    multiplied out. A wide-open scenario has millions of deals that differ only in such
    issues, and the solver would hand them over one model at a time.
    """
    chosen, enforced, conceded = enforced_red_lines(scenario, parties, concede)
    base = dict(parties=chosen, conceded=conceded, red_lines_checked=len(enforced))
    solver = scenario.solver
    deadline = deadline_after(timeout)
    free = independent_issues(scenario, enforced)
    first = None
    try:
        held: dict[str, str] = {}
        if free:
            first = solver.find(enforced, deadline, with_deal=True)
            if not first.satisfiable:
                return DealsResult(feasible=False, deals=[], complete=True, **base)
            held = {issue: option for issue, option in first.deal if issue in free}
        fixed = [solver.deal_literal(issue, option) for issue, option in held.items()]
        found = solver.enumerate(enforced, limit, None if deadline is None else remaining(deadline), extra=fixed)
    except Timeout:
        deals = [as_deal(scenario, first.deal)] if first is not None else []
        return DealsResult(feasible=bool(deals), deals=deals, complete=False, timed_out=True, **base)
    options = {issue: [option] for issue, option in held.items()}
    choices = {issue.id: [option.id for option in issue.options] for issue in scenario.catalogue.issues if issue.id in held}
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
                    option for option in choices[issue] if option != held[issue] and _allows(solver, enforced, issue, option, deadline)
                ]
        except Timeout:
            complete, timed_out = False, True
    deals: list[Deal] = []
    for model in found.models:
        answers = dict(model)
        issues = [issue for issue in scenario.issue_order if issue in answers]
        columns = [options.get(issue) or [answers[issue]] for issue in issues]
        rows = itertools.product(*columns)
        deals += (dict(zip(issues, row)) for row in itertools.islice(rows, limit - len(deals) if limit else None))
        if limit and len(deals) == limit:
            break
    return DealsResult(feasible=bool(deals), deals=deals, complete=complete and not past_limit(), timed_out=timed_out, **base)


def _allows(solver: Solver, enforced: list[str], issue: str, option: str, deadline: float | None) -> bool:
    literal = solver.deal_literal(issue, option)
    return literal is not None and solver.find(enforced, deadline, extra=[literal]).satisfiable
