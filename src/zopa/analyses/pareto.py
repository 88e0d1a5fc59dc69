"""The parties' interests: each deal's satisfaction, the Pareto frontier of satisfaction
profiles, and a fair choice among them.

A party's satisfaction with a deal is the sum of the weights of its soft demands (wants/4)
the deal meets. The frontier is found on the scenario's one grounding without listing the
deals: a deal is found, then improved (every party at least as satisfied, one more) until
nothing improves it; its profile is Pareto-optimal. Then every profile it weakly dominates
is ruled out, and the search starts again, until no deal is left. Each step is one
satisfiability question; the levels of satisfaction are weight rules on the deal's atoms,
made once each (zopa.solving.solver.Solver.at_least), and the constraints hang on guards
released after the search.

The fair rules (contract: ../shared/design.md) are monotone in every party's satisfaction,
so the best deal by each is on the frontier: choosing among the frontier's profiles is
choosing among all feasible deals. Each profile is shown with the first deal in issue and
option order that has it, so the same question gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from zopa import defaults
from zopa.results import Deal, FairChoice, ParetoPoint, ParetoResult, Satisfaction
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after

RULES = ("nash", "leximin", "welfare")
"""The fair rules, the default first."""

Profile = tuple[int, ...]


def satisfaction(scenario: Scenario, deal: Deal, parties: Sequence[str]) -> Satisfaction:
    """Each party's satisfaction with a deal (zopa.scenario.Scenario.satisfaction)."""
    return scenario.satisfaction(deal, parties)


class Interests:
    """The enforced parties' soft demands, as the solver's sums and as profiles."""

    def __init__(self, scenario: Scenario, parties: Sequence[str]) -> None:
        self.scenario = scenario
        self.parties = list(parties)
        terms: dict[str, list[tuple[tuple[str, str], int]]] = {p: [] for p in self.parties}
        for want in scenario.catalogue.wants:
            if want.party in terms:
                terms[want.party].append(((want.issue, want.option), want.weight))
        self.terms = terms
        self.order = [(i.id, [o.id for o in i.options]) for i in scenario.catalogue.issues]

    def profile(self, deal: Deal) -> Profile:
        found = satisfaction(self.scenario, deal, self.parties)
        return tuple(found[p] for p in self.parties)

    def named(self, profile: Profile) -> Satisfaction:
        return dict(zip(self.parties, profile, strict=True))

    def at_least(self, party: str, level: int) -> int:
        return self.scenario.solver.at_least(self.terms[party], level)

    def better(self, profile: Profile) -> list[list[int]]:
        """Bodies of constraints that together ask for a profile dominating this one: no
        party below its level, and not every party at most at it."""
        wanted = [p for p in self.parties if self.terms[p]]
        at_level = [[-self.at_least(p, v)] for p, v in zip(self.parties, profile, strict=True) if self.terms[p]]
        none_above = [-self.at_least(p, v + 1) for p, v in zip(self.parties, profile, strict=True) if p in wanted]
        return [*at_level, none_above]

    def no_worse(self, profile: Profile) -> list[list[int]]:
        """Bodies of constraints that keep every party at least at this profile."""
        return [[-self.at_least(p, v)] for p, v in zip(self.parties, profile, strict=True) if self.terms[p]]

    def not_dominated(self, profile: Profile) -> list[int]:
        """The body of a constraint ruling out every profile this one weakly dominates."""
        return [-self.at_least(p, v + 1) for p, v in zip(self.parties, profile, strict=True) if self.terms[p]]

    def exactly(self, profile: Profile) -> list[list[int]]:
        """Bodies of constraints that fix every party's satisfaction at this profile."""
        bodies = []
        for p, v in zip(self.parties, profile, strict=True):
            if self.terms[p]:
                bodies += [[-self.at_least(p, v)], [self.at_least(p, v + 1)]]
        return bodies


def frontier_profiles(
    interests: Interests, enforced: list[str], deadline: float | None, limit: int = 0, given: Sequence[int] = ()
) -> tuple[list[Profile], bool]:
    """The Pareto-optimal satisfaction profiles of the deals the enforced red lines allow
    under the `given` assumptions (in the order found), and whether that is all of them.
    Raises Timeout."""
    solver = interests.scenario.solver
    found: list[Profile] = []
    with solver.blocking() as session:
        while True:
            outcome = solver.find(enforced, deadline, with_deal=True, extra=[session.guard, *given])
            if not outcome.satisfiable:
                return found, True
            if limit and len(found) >= limit:
                return found, False
            profile = interests.profile(interests.scenario.as_deal(outcome.deal))
            while True:
                with solver.blocking() as step:
                    for body in interests.better(profile):
                        step.forbid(body)
                    improved = solver.find(
                        enforced, deadline, with_deal=True, extra=[session.guard, step.guard, *given]
                    )
                if not improved.satisfiable:
                    break
                profile = interests.profile(interests.scenario.as_deal(improved.deal))
            found.append(profile)
            session.forbid(interests.not_dominated(profile))


def first_deal(
    interests: Interests, enforced: list[str], profile: Profile, deadline: float | None, given: Sequence[int] = ()
) -> Deal:
    """The first deal in issue and option order with exactly this profile (under `given`)."""
    solver = interests.scenario.solver
    with solver.blocking() as exact:
        for body in interests.exactly(profile):
            exact.forbid(body)
        outcome = solver.first(enforced, interests.order, deadline, extra=[exact.guard, *given])
    return interests.scenario.as_deal(outcome.deal)


def improvement(
    scenario: Scenario, enforced: list[str], parties: Sequence[str], deal: Deal, deadline: float | None
) -> FairChoice | None:
    """A feasible deal better for some parties and worse for none than this one (None: it is
    Pareto-optimal): the fair rule's choice among the Pareto-optimal deals that leave every
    party at least as satisfied."""
    interests = Interests(scenario, parties)
    profile = interests.profile(deal)
    with scenario.solver.blocking() as floor:
        for body in interests.no_worse(profile):
            floor.forbid(body)
        better = fair_choice(scenario, enforced, parties, deadline, given=[floor.guard])
    if better is None or interests.profile(better.deal) == profile:
        return None
    return better


def score(rule: str, profile: Profile, best: Profile) -> tuple[Fraction, ...]:
    """How good a profile is by a fair rule (higher is better), over the parties whose best
    satisfaction is positive; shares are satisfaction / that best, as exact fractions."""
    counted = [(v, b) for v, b in zip(profile, best, strict=True) if b > 0]
    if rule == "nash":
        return (Fraction(math.prod(v for v, _ in counted)),)
    shares = [Fraction(v, b) for v, b in counted]
    if rule == "leximin":
        return tuple(sorted(shares))
    if rule == "welfare":
        return (sum(shares, Fraction(0)),)
    raise ValueError(rule)


def deal_order(scenario: Scenario, deal: Deal) -> tuple[int, ...]:
    """A deal's place in issue and option order (the fair rules' last tie-break)."""
    return tuple(next(k for k, o in enumerate(i.options) if o.id == deal[i.id]) for i in scenario.catalogue.issues)


def fair_choice(
    scenario: Scenario,
    enforced: list[str],
    parties: Sequence[str],
    deadline: float | None,
    rule: str = "nash",
    given: Sequence[int] = (),
) -> FairChoice | None:
    """The fair rule's choice among the Pareto-optimal deals the enforced red lines allow
    under the `given` assumptions (None: no deal is feasible): the example deal zopa shows,
    the same on every run."""
    interests = Interests(scenario, parties)
    profiles, _ = frontier_profiles(interests, enforced, deadline, given=given)
    if not profiles:
        return None
    best = tuple(max(p[n] for p in profiles) for n in range(len(interests.parties)))
    top = max(score(rule, p, best) for p in profiles)
    tied = [p for p in profiles if score(rule, p, best) == top]
    deals = {p: first_deal(interests, enforced, p, deadline, given) for p in tied}
    chosen = min(tied, key=lambda p: deal_order(scenario, deals[p]))
    return FairChoice(rule=rule, satisfaction=interests.named(chosen), deal=deals[chosen])


def pareto(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    concede: Sequence[str] | None = None,
    as_of: str | None = None,
    evidence: str | None = None,
    fair: str = "nash",
    limit: int = 0,
    timeout: float | None = defaults.PARETO_TIMEOUT,
) -> ParetoResult:
    """Every Pareto-optimal satisfaction profile of the feasible deals (at most `limit`; 0:
    all), each with the first deal that has it, and the fair rule's choice among them."""
    if fair not in RULES:
        from zopa.errors import ZopaError

        raise ZopaError(f"--fair {fair!r}: give one of {', '.join(RULES)}")
    enforcement = scenario.enforcement(parties, concede, as_of, evidence)
    interests = Interests(scenario, enforcement.parties)
    deadline = deadline_after(timeout)
    result = ParetoResult(
        feasible=False,
        frontier=[],
        fair=None,
        complete=False,
        parties=enforcement.parties,
        conceded=enforcement.conceded,
        as_of=enforcement.as_of,
        evidence=enforcement.evidence,
        red_lines_checked=len(enforcement.red_lines),
    )
    try:
        profiles, result.complete = frontier_profiles(interests, enforcement.red_lines, deadline, limit)
    except Timeout:
        return result
    result.feasible = bool(profiles)
    if not profiles:
        return result
    deals: dict[Profile, Deal] = {}
    try:
        for profile in profiles:
            deals[profile] = first_deal(interests, enforcement.red_lines, profile, deadline)
    except Timeout:
        result.complete = False
        profiles = [p for p in profiles if p in deals]
    best = tuple(max(p[n] for p in profiles) for n in range(len(interests.parties)))
    result.best = interests.named(best)

    def rank(rule: str, profile: Profile) -> tuple[tuple[Fraction, ...], tuple[int, ...]]:
        # Higher score first; ties to the first deal in issue and option order.
        return score(rule, profile, best), tuple(-k for k in deal_order(scenario, deals[profile]))

    chosen: dict[str, Profile] = {}
    for rule in RULES:
        chosen[rule] = max(profiles, key=lambda p: rank(rule, p))  # noqa: B023 (used at once)
    result.choices = {rule: interests.named(p) for rule, p in chosen.items()}
    result.rules_agree = len(set(chosen.values())) == 1
    ordered = sorted(profiles, key=lambda p: (score(fair, p, best), p), reverse=True)
    ordered.remove(chosen[fair])
    ordered.insert(0, chosen[fair])
    result.frontier = [ParetoPoint(satisfaction=interests.named(p), deal=deals[p]) for p in ordered]
    result.fair = FairChoice(rule=fair, satisfaction=interests.named(chosen[fair]), deal=deals[chosen[fair]])
    return result
