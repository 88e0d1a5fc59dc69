"""Checking a plan: a proposal written as deal/2 facts, possibly leaving issues open.

Party by party: which red lines every completion of the plan violates (the plan breaks
them whatever fills the gaps), which only some completions violate, whether some
completion satisfies every red line, and the feasible deal nearest to the plan (fewest of
its answers changed). All on the scenario's one grounded program: the plan's answers are
assumptions, never new rules.

Silence is not openness: an issue the plan does not address keeps its status quo where the
scenario declares one (sanctions stay, the aspiration stands), unless `silence="open"`
reads every unaddressed issue as still to be negotiated. An interim plan (`interim.`: a
ceasefire or truce, a first step rather than a settlement) is read open by default: a
ceasefire leaves the status of Crimea to later talks, it does not settle it as it is. A dated plan (proposed/1) is
judged by the positions of its day unless `as_of` names another.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from zopa import defaults
from zopa.analyses.pareto import fair_choice, improvement
from zopa.catalogue import RedLine
from zopa.errors import ZopaError
from zopa.loading.plan import read_plan
from zopa.results import Change, CheckResult, Deal, Violation
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after

SILENCE = ("status_quo", "open")
"""How `check` reads an issue a plan does not address: as its status quo, or as open."""


def check(
    scenario: Scenario,
    plan: str | Path,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    silence: str | None = None,
    timeout: float | None = defaults.CHECK_TIMEOUT,
) -> CheckResult:
    """The plan in file `plan` against the red lines enforced as of `as_of` (default: the
    plan's proposed/1 date, else now); `silence` says how to read what it leaves out
    (default: open for an interim plan, else the status quo)."""
    if silence is not None and silence not in SILENCE:
        raise ZopaError(f"--silence {silence!r}: give one of {', '.join(SILENCE)}")
    proposal = read_plan(scenario.catalogue, Path(plan))
    if silence is None:
        silence = "open" if proposal.interim else "status_quo"
    written = dict(proposal.answers)
    kept = {
        i.id: i.status_quo
        for i in scenario.catalogue.issues
        if silence == "status_quo" and i.id not in written and i.status_quo is not None
    }
    answers = proposal.answers + list(kept.items())
    enforcement = scenario.enforcement(parties, concede, as_of or proposal.proposed, evidence)
    enforced = enforcement.red_lines
    solver = scenario.solver
    deadline = deadline_after(timeout)
    red = {r.id: r for r in scenario.catalogue.red_lines}
    given = _Given(
        plan=written,
        status_quo=kept,
        open_issues=[i.id for i in scenario.catalogue.issues if i.id not in written and i.id not in kept],
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        proposed=proposal.proposed,
        interim=proposal.interim,
        silence=silence,
    )
    fixed = solver.fixed(answers)
    try:
        nearest = _nearest(scenario, answers, enforced, enforcement.parties, deadline)
        if fixed is None or not solver.find([], deadline, extra=fixed).satisfiable:
            return CheckResult(
                violations=[], completable=False, background_violated=True, complete=True, **given, **nearest
            )
        violations, at_risk = [], []
        for r in enforced:
            violated = solver.violated_literal(r)
            if not solver.find([r], deadline, extra=fixed).satisfiable:
                violations.append(_violation(red[r]))
            elif (
                given["open_issues"]
                and violated is not None
                and solver.find([], deadline, extra=[*fixed, violated]).satisfiable
            ):
                at_risk.append(_violation(red[r]))
        # The completion shown is the fair rule's choice among the Pareto-optimal ones.
        completion = fair_choice(scenario, enforced, enforcement.parties, deadline, given=fixed)
        better = (
            improvement(scenario, enforced, enforcement.parties, completion.deal, deadline)
            if completion is not None
            else None
        )
    except Timeout:
        return CheckResult(violations=[], completable=False, nearest=None, complete=False, **given)
    return CheckResult(
        violations=violations,
        at_risk=at_risk,
        completable=completion is not None,
        completion=completion.deal if completion is not None else None,
        satisfaction=completion.satisfaction if completion is not None else None,
        improvement=better.deal if better is not None else None,
        improvement_satisfaction=better.satisfaction if better is not None else None,
        complete=True,
        **given,
        **nearest,
    )


class _Given(TypedDict):
    """What a check reports whatever the solver says: the plan and the question."""

    plan: Deal
    status_quo: Deal
    open_issues: list[str]
    parties: list[str]
    conceded: list[str]
    as_of: str | None
    evidence: str
    proposed: str | None
    interim: bool
    silence: str


class _Nearest(TypedDict, total=False):
    """The deal nearest to the plan, or, when none is feasible, the closest one."""

    nearest: Deal | None
    nearest_satisfaction: dict[str, int] | None
    changes: list[Change]
    closest: Deal | None
    closest_violates: list[Violation]


def _violation(red_line: RedLine) -> Violation:
    return Violation(red_line=red_line.id, party=red_line.party, label=red_line.label)


def _nearest(
    scenario: Scenario,
    answers: list[tuple[str, str]],
    enforced: list[str],
    parties: list[str],
    deadline: float | None,
) -> _Nearest:
    """The feasible deal that keeps most of the plan's answers, and what it changes: of the
    deals at that least distance, the fair rule's choice among the Pareto-optimal ones. When
    no deal is feasible, the closest one instead: fewest red lines broken, then fewest
    changes."""
    solver = scenario.solver
    with solver.planned(answers):
        outcome = solver.cheapest(hard=enforced, soft=(), deadline=deadline, with_deal=True)
        feasible = outcome.satisfiable
        if not feasible:
            outcome = solver.cheapest(hard=(), soft=enforced, deadline=deadline, with_deal=True)
    if not outcome.satisfiable:
        return {"nearest": None, "changes": []}
    deal = scenario.as_deal(outcome.deal)
    if feasible:
        kept = sum(1 for i, o in answers if deal[i] == o)
        near = solver.at_least([(pair, 1) for pair in answers], kept)
        fair = fair_choice(scenario, enforced, parties, deadline, given=[near])
        assert fair is not None  # the deal just found is one
        changes = [Change(issue=i, plan=o, nearest=fair.deal[i]) for i, o in answers if fair.deal[i] != o]
        return {"nearest": fair.deal, "nearest_satisfaction": fair.satisfaction, "changes": changes}
    changes = [Change(issue=i, plan=o, nearest=deal[i]) for i, o in answers if deal[i] != o]
    broken = [_violation(r) for r in scenario.catalogue.red_lines if r.id in enforced and r.id in outcome.violated]
    return {"nearest": None, "changes": changes, "closest": deal, "closest_violates": broken}
