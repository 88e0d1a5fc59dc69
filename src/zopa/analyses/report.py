"""The report: every answer a reader of one page needs, gathered under one time limit.

The sections are the other analyses, asked in order of importance (why first: the page's
summary, its conflict graph and its concession explorer rest on it) and sharing one
deadline: each section may spend its share of the time still left, so the time a quick
section leaves over goes to the ones after it. A section the deadline cut says so through
its own `complete`; one the deadline left no time for at all is None and named in
`skipped`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, TypeVar

from zopa import defaults
from zopa.analyses.coalitions import coalitions
from zopa.analyses.options import options
from zopa.analyses.pareto import pareto
from zopa.analyses.timeline import timeline
from zopa.analyses.why import why
from zopa.results import CoalitionsResult, Deal, OptionsResult, TimelineResult, WhyResult
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after, remaining

BEST_DEALS_SHOWN = 5
"""Best deals listed when a deal is feasible: the fair choice, then the next Pareto-optimal ones."""

# Each section's weight in the sharing of the time left: why counts double, since the
# summary, the conflict graph and the explorer all need its complete conflict list.
SECTION_WEIGHTS = {"why": 2, "best deals": 1, "options": 1, "coalitions": 1, "timeline": 1}

Section = TypeVar("Section")


@dataclass(kw_only=True)
class BestDeal:
    deal: Deal
    satisfaction: dict[str, int]
    """Every enforced party's satisfaction with the deal."""
    opened_by: list[str]
    """The red lines withdrawn to open it: empty when a deal is feasible as things stand,
    else one of the cheapest concession sets (the deal is the fair choice among those it opens)."""


@dataclass(kw_only=True)
class ReportResult:
    why: WhyResult | None
    best_deals: list[BestDeal]
    best_deals_complete: bool
    """False when time cut the search for the best deals (the Pareto frontier) short."""
    options: OptionsResult | None
    options_assume_conceded: list[str] = field(default_factory=list)
    """With no feasible deal every option is ruled out, so the options section reads the
    scenario with the first cheapest concession set withdrawn: these red lines (empty when a
    deal is feasible as things stand)."""
    coalitions: CoalitionsResult | None
    timeline: TimelineResult | None
    skipped: list[str]
    """The sections the deadline left no time for, in page order."""
    enforced: list[str]
    """The red lines in force: the concession explorer's checkboxes are among them."""
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    evidence: str = "inferred"
    timeout: float | None = None
    """The seconds the whole report was given (None: no bound)."""

    @property
    def conflicts_complete(self) -> bool:
        """Every conflict among the enforced red lines is known: then a set of them admits a
        deal exactly when it holds none of the conflicts, which the page's explorer relies on."""
        return self.why is not None and self.why.decided and self.why.explained and not self.why.background_infeasible


class _Asked(TypedDict):
    """The question every section answers: the same parties, concessions, date and evidence."""

    parties: Sequence[str] | None
    concede: Sequence[str] | None
    as_of: str | None
    evidence: str | None


class _SharedDeadline:
    """One deadline for the whole report; each section gets its weight's share of what is left."""

    def __init__(self, timeout: float | None) -> None:
        self.deadline = deadline_after(timeout)
        self.weights_left = sum(SECTION_WEIGHTS.values())
        self.skipped: list[str] = []

    def run(self, name: str, section: Callable[[float | None], Section]) -> Section | None:
        """The section's answer under its share of the time left (None: no time was left)."""
        weight, weights = SECTION_WEIGHTS[name], self.weights_left
        self.weights_left -= weight
        try:
            left = remaining(self.deadline)
        except Timeout:
            self.skipped.append(name)
            return None
        return section(None if left is None else left * weight / weights)

    def share_out(self, name: str, *, answered: bool) -> None:
        """The section needs no search of its own (its share goes to the sections after it),
        and has its answer unless the deadline kept it from the section it is taken from."""
        self.weights_left -= SECTION_WEIGHTS[name]
        if not answered:
            self.skipped.append(name)


def report(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    timeout: float | None = defaults.REPORT_TIMEOUT,
) -> ReportResult:
    """Why (conflicts, concession sets), the best deals, the options, the coalitions and the
    timeline of the enforced red lines, all within `timeout` seconds (None or 0: no bound)."""
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    asked = _Asked(parties=parties, concede=concede, as_of=as_of, evidence=evidence)
    clock = _SharedDeadline(timeout)
    why_result = clock.run("why", lambda seconds: why(scenario, **asked, limit=0, timeout=seconds))

    best_deals: list[BestDeal] = []
    best_deals_complete = False
    if why_result is not None and why_result.feasible:
        frontier = clock.run("best deals", lambda seconds: pareto(scenario, **asked, timeout=seconds))
        if frontier is not None:
            best_deals = [
                BestDeal(deal=point.deal, satisfaction=point.satisfaction, opened_by=[])
                for point in frontier.frontier[:BEST_DEALS_SHOWN]
            ]
            best_deals_complete = frontier.complete
    else:
        clock.share_out("best deals", answered=why_result is not None)
        if why_result is not None:
            # The fair choices among the deals the cheapest concession sets open: why found
            # them for the first few sets already.
            best_deals = [
                BestDeal(deal=c.deal, satisfaction=c.satisfaction, opened_by=c.red_lines)
                for c in why_result.concessions
                if c.deal is not None and c.satisfaction is not None
            ]
            best_deals_complete = why_result.complete

    assumed: list[str] = []
    if why_result is not None and not why_result.feasible and why_result.concessions:
        assumed = why_result.concessions[0].red_lines
    assuming = _Asked(parties=parties, concede=[*(concede or []), *assumed], as_of=as_of, evidence=evidence)
    options_result = clock.run("options", lambda seconds: options(scenario, **assuming, timeout=seconds))
    coalitions_result = clock.run("coalitions", lambda seconds: coalitions(scenario, **asked, timeout=seconds))
    timeline_result = clock.run("timeline", lambda seconds: timeline(scenario, **asked, timeout=seconds))
    return ReportResult(
        why=why_result,
        best_deals=best_deals,
        best_deals_complete=best_deals_complete,
        options=options_result,
        options_assume_conceded=assumed,
        coalitions=coalitions_result,
        timeline=timeline_result,
        skipped=clock.skipped,
        enforced=enforcement.red_lines,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        timeout=timeout or None,
    )
