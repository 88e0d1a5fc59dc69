"""The parties' interests: each deal's satisfaction, the Pareto frontier of satisfaction
profiles, and a fair choice among them.

A party's satisfaction with a deal is the sum of the weights of its soft demands (wants/4)
the deal meets. The frontier is found on the scenario's one grounding without listing the
deals, in two kinds of search (on the generated 12-issue scenario: 2 solve calls, where a
search per profile made 75):

1. One search for the profiles (`frontier_profiles`). After each deal found, a clause
   added on the fly (clingo's `add_clause`, valid for this call only) asks for some party
   above its level in that deal, so no later deal's profile is weakly dominated by one
   already seen. Every Pareto-optimal profile is then seen exactly once (only an equal
   profile could rule it out), and those a later one dominates are filtered out in Python
   (`non_dominated`). clingo's domain heuristic tries the wanted answers first, so few are
   dominated: 23 deals for 20 profiles on 12 issues × 4 options, 14,401 for 13,704 on 30
   issues and 8 parties. A profile seen is known to be Pareto-optimal only when the search
   ends, so a `limit` takes another search (`first_frontier_profiles`), one call per
   profile, each proven as found.
2. One search for the deals shown, per 32 profiles (`first_deals`). With the domain
   heuristic deciding the answers in issue and option order, earliest option true first,
   the first model of a search is the first deal in that order the search allows: each
   value decided is the preferred one, and each one propagated otherwise follows from the
   clauses and the answers before it, so no earlier deal is allowed. The search allows the
   deals whose profile is one of those asked; after each deal found, a clause rules its
   profile out, so the next model is the first deal of another profile (models are ruled
   out by recorded clauses, `enum_mode` record, so that the argument holds for every
   model, not only the first). Each profile gets the first deal in issue and option order
   that has it, the deal an optimisation per profile gave.

A party's levels of satisfaction ("at least v") are weight rules on the deal's atoms,
grounded once per solver and party, every level at once, in one backend session with the
two heuristics (each behind an external switch, on only during its own searches): a
session costs about as much as a short search. As assumptions, levels fix a floor
(`improvement`) or, for a Pareto-optimal profile, the profile itself.

The fair rules (contract: ../shared/design.md) are monotone in every party's satisfaction,
so the best deal by each is on the frontier: choosing among the frontier's profiles is
choosing among all feasible deals. The same question gives the same bytes.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import clingo

from zopa import defaults
from zopa.results import Deal, FairChoice, ParetoPoint, ParetoResult, Satisfaction
from zopa.scenario import Scenario
from zopa.solving.deadline import Timeout, deadline_after
from zopa.solving.solver import Solver, Terms, domain_search, models, settings

RULES = ("nash", "leximin", "welfare")
"""The fair rules, the default first."""

Profile = tuple[int, ...]


def satisfaction(scenario: Scenario, deal: Deal, parties: Sequence[str]) -> Satisfaction:
    """Each party's satisfaction with a deal (zopa.scenario.Scenario.satisfaction)."""
    return scenario.satisfaction(deal, parties)


@dataclass
class _Grounded:
    """What the frontier's searches added to one solver's grounding, each made once."""

    preferring: dict[frozenset[int], int] = field(default_factory=dict)
    """Per set of wanted answers: the switch of the heuristic that tries them first."""
    in_order: int = 0
    """The switch of the heuristic that decides the answers in issue and option order,
    earliest option first (0: not made yet)."""


_GROUNDED: weakref.WeakKeyDictionary[Solver, _Grounded] = weakref.WeakKeyDictionary()


def _switch(backend: clingo.Backend, value: clingo.TruthValue) -> int:
    """A fresh external atom with this value."""
    atom = backend.add_atom()
    backend.add_external(atom, value)
    return atom


def _ground(
    solver: Solver, sums: Sequence[tuple[Terms, int]], wanted: frozenset[int], order: list[int]
) -> tuple[list[list[int]], _Grounded]:
    """Every level of these sums (terms, highest level), at index v the atom "the weights
    met add up to at least v" (Solver.thresholds), and the heuristics trying the wanted
    answers first and deciding answers in this order, each unless made before: in one
    backend session, since each session costs about as much as a short search."""
    grounded = _GROUNDED.setdefault(solver, _Grounded())
    bounds = [(terms, range(1, top + 1)) for terms, top in sums]
    if wanted in grounded.preferring and grounded.in_order:
        return [[0, *atoms] for atoms in solver.thresholds(bounds)], grounded
    with solver.control.backend() as backend:
        levels = [[0, *atoms] for atoms in solver.thresholds(bounds, backend)]
        if wanted not in grounded.preferring:
            grounded.preferring[wanted] = switch = _switch(backend, clingo.TruthValue.False_)
            for literal in sorted(wanted):
                backend.add_heuristic(literal, clingo.HeuristicType.Sign, 1, 1, [switch])
        if not grounded.in_order:
            grounded.in_order = switch = _switch(backend, clingo.TruthValue.False_)
            # Strictly decreasing levels, the earliest answer decided first, true first;
            # the same number as priority settles atoms that share a solver variable.
            for rank, literal in enumerate(order):
                backend.add_heuristic(
                    literal, clingo.HeuristicType.True_, len(order) - rank, len(order) - rank, [switch]
                )
    return levels, grounded


class Interests:
    """The enforced parties' soft demands, as levels in the grounding and as profiles."""

    def __init__(self, scenario: Scenario, parties: Sequence[str]) -> None:
        self.scenario = scenario
        self.parties = list(parties)
        solver = scenario.solver
        literal = solver.deal_literal
        terms: dict[str, list[tuple[int, int]]] = {p: [] for p in self.parties}
        weights: dict[str, dict[str, dict[str, int]]] = {p: {} for p in self.parties}
        for want in scenario.catalogue.wants:
            answer = literal(want.issue, want.option)
            if want.party in terms and answer is not None:  # answers no deal gives count for nothing
                terms[want.party].append((answer, want.weight))
                options = weights[want.party].setdefault(want.issue, {})
                options[want.option] = options.get(want.option, 0) + want.weight
        self.terms = {p: tuple(sorted(t)) for p, t in terms.items()}
        self.top = {p: sum(max(o.values()) for o in weights[p].values()) for p in self.parties}
        """Each party's highest satisfaction, red lines aside: one option per issue."""
        self.wanted = sorted({answer for t in self.terms.values() for answer, _ in t})
        order = [
            answer
            for issue in scenario.catalogue.issues
            for option in issue.options
            if (answer := literal(issue.id, option.id)) is not None
        ]
        counted = [p for p in self.parties if self.terms[p]]
        levels, grounded = _ground(
            solver, [(self.terms[p], self.top[p]) for p in counted], frozenset(self.wanted), order
        )
        self.levels = dict(zip(counted, levels, strict=True))
        self.preferring = grounded.preferring[frozenset(self.wanted)]
        self.in_order = grounded.in_order

    def profile(self, deal: Deal) -> Profile:
        found = satisfaction(self.scenario, deal, self.parties)
        return tuple(found[p] for p in self.parties)

    def named(self, profile: Profile) -> Satisfaction:
        return dict(zip(self.parties, profile, strict=True))

    def read(self, model: clingo.Model) -> Profile:
        """The profile of a model's deal, from the wanted answers alone."""
        met = {answer for answer in self.wanted if model.is_true(answer)}
        return tuple(sum(w for answer, w in self.terms[p] if answer in met) for p in self.parties)

    def reaching(self, profile: Profile) -> list[int]:
        """Literals that hold when every party is at least at its level in this profile: as
        assumptions, a floor; for a Pareto-optimal profile, exactly that profile."""
        return [self.levels[p][v] for p, v in zip(self.parties, profile, strict=True) if p in self.levels and v > 0]

    def above(self, profile: Profile) -> list[int]:
        """A clause: some party above its level in this profile (empty: none can be)."""
        return [
            self.levels[p][v + 1]
            for p, v in zip(self.parties, profile, strict=True)
            if p in self.levels and v < self.top[p]
        ]


@contextmanager
def _domain_search(control: clingo.Control, switch: int, record: bool = False) -> Iterator[None]:
    """In the scope, solve calls follow clingo's domain heuristic with the #heuristic
    modifications behind this switch (off outside, so that no other search meets them),
    and go on to every model, each search stopping itself; with `record`, each model found
    is ruled out by a recorded clause rather than by backtracking."""
    solve = settings(control)
    solve.opt_mode = "ignore"
    solve.models = 0
    with domain_search(control, switch, enum_mode="record" if record else None):
        yield


def non_dominated(profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles no other one dominates, highest sum first. For each party and level, the
    profiles at least at that level are the bits of an integer; the profiles at least as
    good as one in every party are then the AND of its levels' integers, and it is
    dominated when that holds another bit than its own. Thousands of profiles (the search
    sees 14,401 on 30 issues and 8 parties) are filtered so in a fraction of a second,
    where comparing them in pairs takes a minute."""
    distinct = sorted(set(profiles), key=lambda p: (sum(p), p), reverse=True)
    at_least: list[dict[int, int]] = []
    for party in range(len(distinct[0]) if distinct else 0):
        at_level: dict[int, list[int]] = {}
        for index, profile in enumerate(distinct):
            at_level.setdefault(profile[party], []).append(index)
        reached, bits = {}, 0
        for level in sorted(at_level, reverse=True):
            bits |= sum(1 << index for index in at_level[level])
            reached[level] = bits
        at_least.append(reached)
    everyone = (1 << len(distinct)) - 1
    kept = []
    for index, profile in enumerate(distinct):
        as_good = everyone
        for party, level in enumerate(profile):
            as_good &= at_least[party][level]
        if as_good == 1 << index:
            kept.append(profile)
    return kept


def frontier_profiles(
    interests: Interests, enforced: list[str], deadline: float | None, given: Sequence[int] = ()
) -> list[Profile]:
    """Every Pareto-optimal satisfaction profile of the deals the enforced red lines allow
    under the `given` assumptions, once, highest sum first: one search (module docstring,
    step 1). Raises Timeout."""
    solver = interests.scenario.solver
    control = solver.control
    assumptions = [*solver.assumptions(enforced, pin=False), *given]
    seen: set[Profile] = set()
    with _domain_search(control, interests.preferring), closing(models(control, assumptions, deadline)) as found:
        for model in found:
            profile = interests.read(model)
            seen.add(profile)
            above = interests.above(profile)
            if not above:
                break  # every party at its highest: nothing else is Pareto-optimal
            model.context.add_clause(above)
    return non_dominated(seen)


def first_frontier_profiles(
    interests: Interests, enforced: list[str], deadline: float | None, limit: int
) -> tuple[list[Profile], bool]:
    """At most `limit` Pareto-optimal satisfaction profiles of the deals the enforced red
    lines allow, each proven as it is found, and whether they are all: the search behind a
    limit, which the one search of `frontier_profiles` cannot cut (a profile it has seen is
    not known to be Pareto-optimal before it ends). Each profile is one solve call that
    climbs: after each deal, clauses ask for every party at least as satisfied and one
    more, so the last deal before the call runs dry has a Pareto-optimal profile. That
    profile, and all it weakly dominates, stays ruled out by a constraint on a guard.
    Raises Timeout."""
    solver = interests.scenario.solver
    control = solver.control
    found: list[Profile] = []
    with solver.blocking() as ruled_out:
        assumptions = [*solver.assumptions(enforced, pin=False), ruled_out.guard]
        while True:
            climbed: Profile | None = None
            with (
                _domain_search(control, interests.preferring),
                closing(models(control, assumptions, deadline)) as better,
            ):
                for model in better:
                    if len(found) == limit:
                        return found, False  # one more exists
                    climbed = interests.read(model)
                    above = interests.above(climbed)
                    if not above:
                        break  # every party at its highest
                    model.context.add_clause(above)
                    for floor in interests.reaching(climbed):
                        model.context.add_clause([floor])
            if climbed is None:
                return found, True
            found.append(climbed)
            ruled_out.forbid([-atom for atom in interests.above(climbed)])


FIRST_DEALS_AT_ONCE = 32
"""Profiles whose first deals one search looks for. A search's cost grows faster than the
number of its profiles (16 at once: 1.1 s for the 2,762 profiles of 20 issues × 6 options
and 6 parties, 2 s at 32, 20 s all at once, 2.2 s one by one), and each search costs a
backend session: 32 keep the generated 12-issue scenarios at one to four searches."""


def first_deals(
    interests: Interests,
    enforced: list[str],
    profiles: Sequence[Profile],
    deadline: float | None,
    given: Sequence[int] = (),
) -> tuple[dict[Profile, Deal], bool]:
    """For each of these Pareto-optimal profiles (under `given`), the first deal in issue and
    option order that has it (module docstring, step 2). Also whether every profile got its
    deal before the deadline."""
    deals: dict[Profile, Deal] = {}
    try:
        for start in range(0, len(profiles), FIRST_DEALS_AT_ONCE):
            deals.update(
                _first_deals(interests, enforced, profiles[start : start + FIRST_DEALS_AT_ONCE], deadline, given)
            )
    except Timeout:
        pass  # the deals found so far stand
    return deals, len(deals) == len(profiles)


def _first_deals(
    interests: Interests, enforced: list[str], profiles: Sequence[Profile], deadline: float | None, given: Sequence[int]
) -> Iterator[tuple[Profile, Deal]]:
    """The first deal of each of these profiles, by one search. Raises Timeout."""
    solver = interests.scenario.solver
    control = solver.control
    # A deal at least as good as a Pareto-optimal profile has that profile: one profile
    # is asked for by assumptions, several by a guarded constraint "one of them".
    reached: dict[Profile, int] = {}
    switch = 0
    if len(profiles) == 1:
        asked = interests.reaching(profiles[0])
    else:
        with control.backend() as backend:
            switch = _switch(backend, clingo.TruthValue.Free)  # true where assumed, released after
            for profile in profiles:
                reached[profile] = backend.add_atom()
                backend.add_rule([reached[profile]], interests.reaching(profile))
            backend.add_rule([], [switch, *(-atom for atom in reached.values())])
        asked = [switch]
    assumptions = [*solver.assumptions(enforced, pin=False), *asked, *given]
    left = len(profiles)
    try:
        with (
            _domain_search(control, interests.in_order, record=True),
            closing(models(control, assumptions, deadline)) as found,
        ):
            for model in found:
                deal = interests.scenario.as_deal(solver.deal_of(model))
                profile = interests.profile(deal)
                yield profile, deal
                left -= 1
                if not left:
                    break
                model.context.add_clause([-reached[profile]])
    finally:
        if switch:
            control.release_external(switch)


def improvement(
    scenario: Scenario, enforced: list[str], parties: Sequence[str], deal: Deal, deadline: float | None
) -> FairChoice | None:
    """A feasible deal better for some parties and worse for none than this one (None: it is
    Pareto-optimal): the fair rule's choice among the Pareto-optimal deals that leave every
    party at least as satisfied."""
    interests = Interests(scenario, parties)
    profile = interests.profile(deal)
    better = fair_choice(scenario, enforced, parties, deadline, given=interests.reaching(profile))
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
    the same on every run. Raises Timeout."""
    interests = Interests(scenario, parties)
    profiles = frontier_profiles(interests, enforced, deadline, given)
    if not profiles:
        return None
    best = tuple(max(p[n] for p in profiles) for n in range(len(interests.parties)))
    top = max(score(rule, p, best) for p in profiles)
    tied = [p for p in profiles if score(rule, p, best) == top]
    deals, found_all = first_deals(interests, enforced, tied, deadline, given)
    if not found_all:
        raise Timeout
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
        if limit:
            profiles, whole = first_frontier_profiles(interests, enforcement.red_lines, deadline, limit)
        else:
            profiles, whole = frontier_profiles(interests, enforcement.red_lines, deadline), True
    except Timeout:
        return result
    result.feasible = bool(profiles)
    if not profiles:
        result.complete = whole
        return result
    deals, found_all = first_deals(interests, enforcement.red_lines, profiles, deadline)
    result.complete = whole and found_all
    profiles = [p for p in profiles if p in deals]
    if not profiles:
        result.feasible = False  # the deadline came before the first deal
        return result
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
