"""Feasible deals: every issue answered, no enforced red line violated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zopa.models import Deal, DealsResult

if TYPE_CHECKING:
    from zopa.scenario import Scenario

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


def find_deals(
    scenario: Scenario,
    parties: list[str] | None = None,
    concede: list[str] | None = None,
    limit: int = DEFAULT_LIMIT,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> DealsResult:
    chosen, enforced, conceded = enforced_red_lines(scenario, parties, concede)
    found = scenario.solver.enumerate(enforced, limit=limit, timeout=timeout)
    return DealsResult(
        feasible=bool(found.models),
        deals=[as_deal(scenario, m) for m in found.models],
        complete=found.complete,
        timed_out=found.timed_out,
        parties=chosen,
        conceded=conceded,
        red_lines_checked=len(enforced),
    )
