"""The parties' interests: each deal's satisfaction, the Pareto frontier of satisfaction
profiles, and a fair choice among them.

A party's satisfaction with a deal is the sum of the weights of its soft demands (wants/4)
the deal meets. The frontier is found on the scenario's one grounding without listing the
deals, in two solve calls:

1. One search for profiles. After each deal found, a clause added on the fly (clingo's
   `add_clause`, valid for this call only) asks for some party above its level in that
   deal, so no later deal's profile is weakly dominated by one already seen. Every
   Pareto-optimal profile is then seen exactly once (only an equal profile could rule it
   out), and the profiles some later one dominates are filtered out in Python. clingo's
   domain heuristic tries the wanted answers first, so the deals found are good early and
   few are dominated: 22 deals for 20 profiles on the generated 12-issue scenario, where a
   search per profile needed 55 solve calls.
2. One search for the deals shown. With the domain heuristic deciding the answers in
   issue and option order, earliest option true first, the first model of a search is the
   first deal in that order the search allows: each value decided is the preferred one,
   and each one propagated otherwise follows from the clauses and the answers before it,
   so no earlier deal exists. The search allows the deals whose profile is one of those
   asked; after each deal found, a clause rules its profile out, so the next model is the
   first deal of the next profile (clauses are recorded, `enum_mode` record, so that the
   argument holds for every model, not only the first). Each profile gets the first deal
   in issue and option order that has it, the deal an optimisation per profile gave, in
   one call.

A party's levels of satisfaction ("at least v") are weight rules on the deal's atoms,
grounded once per solver and party, every level at once, in one backend session together
with the heuristics (each behind an external switch, assumed only by its own search); as
assumptions they also fix a floor (`improvement`) or a profile.

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
from zopa.solving.solver import Solver, models, settings

RULES = ("nash", "leximin", "welfare")
"""The fair rules, the default first."""

Profile = tuple[int, ...]
Terms = tuple[tuple[int, int], ...]
"""A party's soft demands as (literal of the answer in the grounding, weight), sorted."""


def satisfaction(scenario: Scenario, deal: Deal, parties: Sequence[str]) -> Satisfaction:
    """Each party's satisfaction with a deal (zopa.scenario.Scenario.satisfaction)."""
    return scenario.satisfaction(deal, parties)


def _control(solver: Solver) -> clingo.Control:
    """The solver's clingo control. The frontier's grounding (`_ground`) and its searches
    (`_domain_search`) work on it directly; they belong in zopa.solving.solver."""
    return solver._control


@dataclass
class _Grounded:
    """What the frontier's searches added to one solver's grounding, each made once."""

    levels: dict[Terms, list[int]] = field(default_factory=dict)
    """Per party's terms: at index v, the atom "the weights met add up to at least v"."""
    preferring: dict[frozenset[int], int] = field(default_factory=dict)
    """Per set of wanted answers: the switch of the heuristic that tries them first."""
    in_order: int = 0
    """The switch of the heuristic that decides the answers in issue and option order,
    earliest option first (0: not made yet)."""


_GROUNDED: weakref.WeakKeyDictionary[Solver, _Grounded] = weakref.WeakKeyDictionary()


def _switch(backend: clingo.Backend) -> int:
    """A fresh external atom, free: true only where a search assumes it."""
    atom = backend.add_atom()
    backend.add_external(atom, clingo.TruthValue.Free)
    return atom


def _ground(solver: Solver, sums: Iterable[tuple[Terms, int]], wanted: frozenset[int], order: list[int]) -> _Grounded:
    """Every level of these sums (terms, highest level), the heuristic trying the wanted
    answers first and the one deciding answers in this order, each unless made before: in
    one backend session, since each session costs about as much as a short search."""
    grounded = _GROUNDED.setdefault(solver, _Grounded())
    missing = [(terms, top) for terms, top in sums if terms not in grounded.levels]
    if not missing and wanted in grounded.preferring and grounded.in_order:
        return grounded
    with _control(solver).backend() as backend:
        for terms, top in missing:
            atoms = [0]
            for bound in range(1, top + 1):
                atoms.append(backend.add_atom())
                backend.add_weight_rule([atoms[-1]], bound, list(terms))
            grounded.levels[terms] = atoms
        if wanted not in grounded.preferring:
            grounded.preferring[wanted] = switch = _switch(backend)
            for literal in sorted(wanted):
                backend.add_heuristic(literal, clingo.HeuristicType.Sign, 1, 1, [switch])
        if not grounded.in_order:
            grounded.in_order = switch = _switch(backend)
            # Strictly decreasing levels, the earliest answer decided first, true first;
            # the same number as priority settles atoms that share a solver variable.
            for rank, literal in enumerate(order):
                backend.add_heuristic(
                    literal, clingo.HeuristicType.True_, len(order) - rank, len(order) - rank, [switch]
                )
    return grounded


class Interests:
    """The enforced parties' soft demands, as levels in the grounding and as profiles."""

    def __init__(self, scenario: Scenario, parties: Sequence[str]) -> None:
        self.scenario = scenario
        self.parties = list(parties)
        solver = scenario.solver
        literal = solver.deal_literal
        terms: dict[str, list[tuple[int, int]]] = {p: [] for p in self.parties}
        best: dict[str, dict[str, dict[str, int]]] = {p: {} for p in self.parties}
        for want in scenario.catalogue.wants:
            answer = literal(want.issue, want.option)
            if want.party in terms and answer is not None:  # answers no deal gives count for nothing
                terms[want.party].append((answer, want.weight))
                options = best[want.party].setdefault(want.issue, {})
                options[want.option] = options.get(want.option, 0) + want.weight
        self.terms = {p: tuple(sorted(t)) for p, t in terms.items()}
        self.top = {p: sum(max(o.values()) for o in best[p].values()) for p in self.parties}
        """Each party's highest satisfaction, red lines aside: one option per issue."""
        self.wanted = sorted({answer for t in self.terms.values() for answer, _ in t})
        order = [
            answer
            for issue in scenario.catalogue.issues
            for option in issue.options
            if (answer := literal(issue.id, option.id)) is not None
        ]
        grounded = _ground(
            solver, [(self.terms[p], self.top[p]) for p in self.parties if self.terms[p]], frozenset(self.wanted), order
        )
        self.levels = {p: grounded.levels[self.terms[p]] for p in self.parties if self.terms[p]}
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
def _domain_search(control: clingo.Control, record: bool = False) -> Iterator[None]:
    """In the scope, solve calls follow clingo's domain heuristic (the #heuristic
    modifications whose switch they assume) and go on to every model, each search
    stopping itself; with `record`, each model found is ruled out by a recorded clause
    rather than by backtracking. Restores the settings after."""
    solve = settings(control)
    search = control.configuration.solver
    assert isinstance(search, clingo.Configuration)
    heuristic, enum_mode = search.heuristic, solve.enum_mode
    solve.opt_mode = "ignore"
    solve.models = 0
    search.heuristic = "Domain"
    if record:
        solve.enum_mode = "record"
    try:
        yield
    finally:
        search.heuristic = heuristic
        solve.enum_mode = enum_mode


def non_dominated(profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles no other one dominates, highest sum first. A dominating profile has a
    larger sum, so it comes first; a dropped one is dominated by a kept one, which then
    dominates what it dominates."""
    kept: list[Profile] = []
    for profile in sorted(set(profiles), key=lambda p: (sum(p), p), reverse=True):
        if not any(all(a >= b for a, b in zip(other, profile, strict=True)) for other in kept):
            kept.append(profile)
    return kept


def frontier_profiles(
    interests: Interests, enforced: list[str], deadline: float | None, given: Sequence[int] = ()
) -> list[Profile]:
    """Every Pareto-optimal satisfaction profile of the deals the enforced red lines allow
    under the `given` assumptions, once, highest sum first: one search (module docstring,
    step 1). Raises Timeout."""
    solver = interests.scenario.solver
    control = _control(solver)
    assumptions = [*solver.assumptions(enforced, pin=False), interests.preferring, -interests.in_order, *given]
    seen: set[Profile] = set()
    with _domain_search(control), closing(models(control, assumptions, deadline)) as found:
        for model in found:
            profile = interests.read(model)
            seen.add(profile)
            above = interests.above(profile)
            if not above:
                break  # every party at its highest: nothing else is Pareto-optimal
            model.context.add_clause(above)
    return non_dominated(seen)


def first_deals(
    interests: Interests,
    enforced: list[str],
    profiles: Sequence[Profile],
    deadline: float | None,
    given: Sequence[int] = (),
) -> tuple[dict[Profile, Deal], bool]:
    """For each of these Pareto-optimal profiles (under `given`), the first deal in issue and
    option order that has it: one search (module docstring, step 2). Also whether every
    profile got its deal before the deadline."""
    solver = interests.scenario.solver
    control = _control(solver)
    deals: dict[Profile, Deal] = {}
    if not profiles:
        return deals, True
    # A deal at least as good as a Pareto-optimal profile has that profile: one profile
    # is asked for by assumptions, several by a guarded constraint "one of them".
    reached: dict[Profile, int] = {}
    switch = 0
    if len(profiles) == 1:
        asked = interests.reaching(profiles[0])
    else:
        with control.backend() as backend:
            switch = _switch(backend)
            for profile in profiles:
                reached[profile] = backend.add_atom()
                backend.add_rule([reached[profile]], interests.reaching(profile))
            backend.add_rule([], [switch, *(-atom for atom in reached.values())])
        asked = [switch]
    assumptions = [*solver.assumptions(enforced, pin=False), interests.in_order, -interests.preferring, *asked, *given]
    try:
        with _domain_search(control, record=True), closing(models(control, assumptions, deadline)) as found:
            for model in found:
                deal = interests.scenario.as_deal(solver._deal(model))
                profile = interests.profile(deal)
                deals[profile] = deal
                if len(deals) == len(profiles):
                    break
                model.context.add_clause([-reached[profile]])
    except Timeout:
        pass  # the deals found so far stand
    finally:
        if switch:
            control.release_external(switch)
    return deals, len(deals) == len(profiles)


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
    """Every Pareto-optimal satisfaction profile of the feasible deals, each with the first
    deal that has it, the fair rule's choice first, then by that rule. The whole frontier is
    always searched (one solve call); `limit` (0: none) cuts the profiles listed, and with
    them the deals looked for, keeping the fair rule's best: the fair choice and the best
    each party can get are the whole frontier's."""
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
        profiles = frontier_profiles(interests, enforcement.red_lines, deadline)
    except Timeout:
        return result
    if not profiles:
        result.complete = True
        return result
    best = tuple(max(p[n] for p in profiles) for n in range(len(interests.parties)))
    ordered = sorted(profiles, key=lambda p: (score(fair, p, best), p), reverse=True)
    # The deals needed: those listed, and every rule's best ones (ties go to the first deal).
    needed = list(ordered[:limit] if limit else ordered)
    for rule in RULES:
        top = max(score(rule, p, best) for p in profiles)
        needed += [p for p in profiles if score(rule, p, best) == top and p not in needed]
    deals, found_all = first_deals(interests, enforcement.red_lines, needed, deadline)
    known = [p for p in ordered if p in deals]
    if not known:
        return result  # the deadline came first
    result.feasible = True
    result.best = interests.named(best)

    def rank(rule: str, profile: Profile) -> tuple[tuple[Fraction, ...], tuple[int, ...]]:
        # Higher score first; ties to the first deal in issue and option order.
        return score(rule, profile, best), tuple(-k for k in deal_order(scenario, deals[profile]))

    chosen: dict[str, Profile] = {}
    for rule in RULES:
        chosen[rule] = max(known, key=lambda p: rank(rule, p))  # noqa: B023 (used at once)
    result.choices = {rule: interests.named(p) for rule, p in chosen.items()}
    result.rules_agree = len(set(chosen.values())) == 1
    listed = [chosen[fair], *(p for p in known if p != chosen[fair])][: limit or None]
    result.complete = found_all and len(listed) == len(profiles)
    result.frontier = [ParetoPoint(satisfaction=interests.named(p), deal=deals[p]) for p in listed]
    result.fair = FairChoice(rule=fair, satisfaction=interests.named(chosen[fair]), deal=deals[chosen[fair]])
    return result
