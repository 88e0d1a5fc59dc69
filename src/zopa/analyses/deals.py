"""Feasible deals: every issue answered, no enforced red line violated.

The deals are found in two parts. The solver lists the answers to the issues that are tied
together, each independent issue held at its answer in one deal; then each independent
issue's other options are tried, one question each, and the lists are multiplied out as
they are read. A wide-open scenario has millions of deals that differ only in such issues:
the solver would hand them over one model at a time, and a list of them all would not fit
in memory. `Listing` yields them one by one; `deals` keeps the first few; `count_deals`
multiplies the sizes without listing anything.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

from zopa import defaults
from zopa.results import Deal, DealCount, DealsResult
from zopa.scenario import Enforcement, Scenario
from zopa.solving.deadline import Timeout, deadline_after, remaining
from zopa.solving.solver import Solver


def independent_issues(scenario: Scenario, enforced: list[str]) -> list[str]:
    """The issues that no enforced red line reads and no rule of the background ties to
    another issue: each can be answered apart from all the rest."""
    dependencies = scenario.dependencies
    tied = set().union(*dependencies.ties, *(dependencies.reads[r] for r in enforced))
    return [issue.id for issue in scenario.catalogue.issues if issue.id not in tied]


class _Column:
    """The options an independent issue allows: the one held in the first deal, then the
    others, each asked of the solver the first time the listing reaches past the ones
    before (a short list never asks at all)."""

    def __init__(
        self, solver: Solver, enforced: list[str], issue: str, held: str, options: list[str], deadline: float | None
    ):
        self._solver, self._enforced, self._issue, self._deadline = solver, enforced, issue, deadline
        self._known = [held]
        self._untried = [option for option in options if option != held]

    def __iter__(self) -> Iterator[str]:
        n = 0
        while True:
            while n >= len(self._known) and self._untried:
                option = self._untried.pop(0)
                if _allows(self._solver, self._enforced, self._issue, option, self._deadline):
                    self._known.append(option)
            if n >= len(self._known):
                return
            yield self._known[n]
            n += 1

    def size(self) -> int:
        """How many options it allows, asking about every one not yet tried."""
        for _ in self:
            pass
        return len(self._known)


def _independent_part(
    scenario: Scenario, enforced: list[str], deadline: float | None
) -> tuple[list[int], dict[str, _Column]] | None:
    """None when no deal exists; else the assumptions holding each independent issue at its
    answer in one deal, and each such issue's column of options."""
    solver = scenario.solver
    free = independent_issues(scenario, enforced)
    held: dict[str, str] = {}
    if free:
        first = solver.find(enforced, deadline, with_deal=True)
        if not first.satisfiable:
            return None
        held = {issue: option for issue, option in first.deal if issue in free}
    fixed = solver.fixed(held.items())
    assert fixed is not None, "the answers of a deal found have atoms"
    options = {i.id: [o.id for o in i.options] for i in scenario.catalogue.issues}
    return fixed, {issue: _Column(solver, enforced, issue, held[issue], options[issue], deadline) for issue in held}


class Listing:
    """The feasible deals under the enforced red lines, at most `limit` (0: all), in a fixed
    order (the last issue varies fastest), made as they are read. Once the iteration has
    ended, `complete` says whether every deal was listed and `timed_out` whether the
    deadline cut the list."""

    def __init__(self, scenario: Scenario, enforcement: Enforcement, deadline: float | None, limit: int = 0):
        self.scenario, self.enforcement, self.deadline, self.limit = scenario, enforcement, deadline, limit
        self.listed = 0
        self.timed_out = False
        self._exhausted = False
        """The source ran dry: no deal was left unlisted (before the limit's cut)."""
        self._cut = False

    @property
    def complete(self) -> bool:
        return self._exhausted and not self._cut and not self.timed_out

    def result(self, listed: list[Deal]) -> DealsResult:
        """The answer, once the iteration has ended, with the deals a reader kept."""
        return DealsResult(
            feasible=self.listed > 0,
            deals=listed,
            satisfaction=[self.satisfaction(deal) for deal in listed],
            complete=self.complete,
            timed_out=self.timed_out,
            parties=self.enforcement.parties,
            conceded=self.enforcement.conceded,
            as_of=self.enforcement.as_of,
            evidence=self.enforcement.evidence,
            red_lines_checked=len(self.enforcement.red_lines),
        )

    def satisfaction(self, deal: Deal) -> dict[str, int]:
        return self.scenario.satisfaction(deal, self.enforcement.parties)

    def __iter__(self) -> Iterator[Deal]:
        try:
            for deal in self._deals():
                if self.limit and self.listed == self.limit:
                    self._cut = True  # one deal past the limit: more exist
                    return
                self.listed += 1
                yield deal
        except Timeout:
            self.timed_out = True

    def _deals(self) -> Iterator[Deal]:
        scenario, enforced, deadline = self.scenario, self.enforcement.red_lines, self.deadline
        solver = scenario.solver
        split = _independent_part(scenario, enforced, deadline)
        if split is None:
            self._exhausted = True
            return
        fixed, columns = split
        if not self.limit:
            # Every deal wanted: ask about every option first, then read the solver's tied
            # answers as it finds them (no question may be asked while it searches), and
            # multiply at C speed. Nothing is held but the current answer.
            known = {issue: list(column) for issue, column in columns.items()}
            for model in solver.stream(enforced, deadline, extra=fixed):
                tied = dict(model)
                issues = [issue for issue in scenario.issue_order if issue in tied]
                for row in _product([known.get(issue) or [tied[issue]] for issue in issues], deadline):
                    yield dict(zip(issues, row, strict=True))
            self._exhausted = True
            return
        # A few wanted: the solver's first few tied answers (each gives at least one deal,
        # so the limit and one more are enough), then each independent issue's options
        # asked only as far as the rows read reach.
        found = solver.enumerate(enforced, self.limit, remaining(deadline), extra=fixed)
        self.timed_out = found.timed_out
        for model in found.models:
            tied = dict(model)
            issues = [issue for issue in scenario.issue_order if issue in tied]
            for row in _lazy_product([columns.get(issue) or [tied[issue]] for issue in issues], deadline):
                yield dict(zip(issues, row, strict=True))
        self._exhausted = found.complete


def _product(columns: list[list[str]], deadline: float | None) -> Iterator[tuple[str, ...]]:
    """itertools.product, minding the deadline every few thousand rows."""
    for n, row in enumerate(itertools.product(*columns)):
        if n % 4096 == 4095:
            remaining(deadline)
        yield row


def _lazy_product(columns: list[Sequence[str] | _Column], deadline: float | None) -> Iterator[tuple[str, ...]]:
    """The rows of itertools.product in its order (the last column varies fastest), but
    reading each column only as far as the rows reach: a _Column asks the solver for its
    next option only then."""
    if not columns:
        yield ()
        return
    readers = [iter(column) for column in columns]
    firsts = [next(reader, None) for reader in readers]
    row = [value for value in firsts if value is not None]
    if len(row) < len(columns):
        return  # a column without a single value: no row at all
    while True:
        yield tuple(row)
        k = len(columns) - 1  # the last column that can still move on
        while (value := next(readers[k], None)) is None:
            k -= 1
            if k < 0:
                return
        row[k] = value
        for later in range(k + 1, len(columns)):  # start the later columns over
            readers[later] = iter(columns[later])
            row[later] = next(readers[later])  # it had a first value before
        remaining(deadline)


def deals(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    limit: int = defaults.DEALS_LIMIT,
    timeout: float | None = defaults.DEALS_TIMEOUT,
) -> DealsResult:
    """The first `limit` deals (0: all, held in memory: `listing` gives them one by one)."""
    found = listing(
        scenario, parties=parties, concede=concede, as_of=as_of, evidence=evidence, limit=limit, timeout=timeout
    )
    return found.result(list(found))


def listing(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    limit: int = 0,
    timeout: float | None = defaults.DEALS_TIMEOUT,
) -> Listing:
    """The deals one at a time, for a reader that writes them out as they come."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    return Listing(scenario, enforcement, deadline_after(timeout), limit)


def count_deals(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    timeout: float | None = defaults.DEALS_TIMEOUT,
) -> DealCount:
    """How many feasible deals there are, without listing them: the tied answers counted
    by the solver, times the options each independent issue allows. Cut by the deadline,
    the count is a lower bound."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    enforced = enforcement.red_lines
    deadline = deadline_after(timeout)
    found, complete = 0, False
    try:
        split = _independent_part(scenario, enforced, deadline)
        if split is None:
            complete = True
        else:
            fixed, columns = split
            tied = scenario.solver.count(enforced, 0, remaining(deadline), extra=fixed)
            found = tied.deals
            found *= math.prod(column.size() for column in columns.values())
            complete = tied.complete
    except Timeout:
        complete = False
    return DealCount(
        count=found,
        complete=complete,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforced),
    )


def _allows(solver: Solver, enforced: list[str], issue: str, option: str, deadline: float | None) -> bool:
    literal = solver.deal_literal(issue, option)
    return literal is not None and solver.find(enforced, deadline, extra=[literal]).satisfiable
