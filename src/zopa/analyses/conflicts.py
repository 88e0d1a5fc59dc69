"""Minimal blocking conflicts: smallest first (conflicts_in), or all of them at once
(all_conflicts_in, see there), both by hitting sets.

Every conflict (a minimal unsatisfiable set of red lines) meets every correction set (red
lines whose withdrawal opens a deal). So a smallest set of red lines that meets all the
correction sets found so far, and contains no conflict found so far, is either satisfiable
— then a deal keeping it breaks a new correction set, which is recorded — or
unsatisfiable, and then it is a conflict no larger than any still unfound. A small clingo
program chooses the hitting sets, smallest first and, among those of one size, by their
sorted red lines (the canonical order zopa numbers conflicts in); the scenario's one
grounded program answers the satisfiability questions under assumptions, with the deal
that keeps the red lines earliest by name first (Solver.correction_keeping), whose
correction set rules out the most candidates still to come. Ruling out every smaller set
first is what makes the order; it is also why listing every conflict of a
crowded cluster this way can take long, and why the exhaustive search first lists every
correction set instead.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import closing

import clingo

from zopa.errors import InternalError
from zopa.solving.deadline import Timeout, remaining
from zopa.solving.solver import Solver, domain_search, models, settings, solve

# Smallest hitting sets asked for at once: one optimisation gives several candidates.
BATCH = 16

# Conflicts after which a search for hitting sets in canonical order gives up, and the most
# calls it is skipped for after that (HittingSets.next).
ORDER_CONFLICTS = 5000
MOST_SKIPPED = 16


LATEST = 64

# The share of the time left that the exhaustive search gives its first search, for every
# correction set, before it turns to seeds (all_conflicts_in).
LISTING_SHARE = 0.5


class Witnesses:
    """Sets of red lines known to admit a deal: those a deal met during a search keeps. Each
    is held as its cluster's members and the few it breaks, not as the many it keeps."""

    def __init__(self) -> None:
        self._deals: list[tuple[frozenset[str], frozenset[str]]] = []
        self._kept: set[frozenset[str]] = set()

    def add(self, members: frozenset[str], broken: set[str]) -> None:
        self._deals.append((members, frozenset(broken)))

    def keep(self, red_lines: frozenset[str]) -> None:
        """A deal met keeps all of these red lines: the very set a minimality check will ask
        about, looked up as a whole."""
        self._kept.add(red_lines)

    def admit(self, red_lines: frozenset[str]) -> bool:
        """Whether a deal met keeps all of these red lines: one recorded for this very set,
        or one of the latest others. (Only the latest: an exhaustive search meets
        thousands, and asking the solver is cheaper than looking through them all for
        every conflict.)"""
        return red_lines in self._kept or any(
            red_lines <= members and red_lines.isdisjoint(broken) for members, broken in reversed(self._deals[-LATEST:])
        )


class HittingSets:
    """Sets of items that meet every given set and contain no excluded one: the smallest,
    in canonical order (`largest=False`, see `next`; with `in_order` false, in no set order,
    for a caller that wants any smallest), or, for an exhaustive search, sets grown as large
    as they go; with `minimal`, every one of them that is smallest by inclusion, from one
    search (`every`)."""

    def __init__(self, items: list[str], largest: bool = False, minimal: bool = False, in_order: bool = True):
        if largest or minimal:
            # Items tried picked (largest) or left out (minimal) first: each model is then
            # largest or smallest by inclusion. For `every`, solution recording (domRec)
            # rules out each later one that contains one found; proving that none is left
            # is the hard part, and clingo's jumpy configuration (frequent restarts) took
            # 4–8 s where its default took 123 s (on the benchmarks' 150-red-line scenario:
            # the 692 sets smallest by inclusion that meet 12,120 correction sets).
            options = ["--heuristic=Domain"]
            if minimal:
                options += ["--enum-mode=domRec", "--configuration=jumpy"]
            first = clingo.backend.HeuristicType.False_ if minimal else clingo.backend.HeuristicType.True_
        else:
            options = ["--opt-strategy=usc", "--opt-mode=opt"]
        self._control = clingo.Control(options)
        self._items = items
        with self._control.backend() as backend:
            self._pick = [backend.add_atom(clingo.Function("pick", [clingo.Number(n)])) for n in range(len(items))]
            backend.add_rule(self._pick, choice=True)
            if largest or minimal:
                # One more atom, bound by nothing, that the heuristic decides: when the sets
                # to meet fix every item, clingo would otherwise warn that domRec has no
                # atom to work on, and ignore it.
                anchor = backend.add_atom()
                backend.add_rule([anchor], choice=True)
                for literal in [*self._pick, anchor]:
                    backend.add_heuristic(literal, first, 1, 1, [])
            else:
                backend.add_minimize(0, [(literal, 1) for literal in self._pick])
            if in_order and not (largest or minimal):
                # For `next`'s searches in canonical order (the domain heuristic is on only
                # there): the items decided in the order of their names, picked first.
                ranked = sorted(range(len(items)), key=lambda n: items[n])
                for rank, n in enumerate(ranked):
                    level = len(items) - rank
                    backend.add_heuristic(self._pick[n], clingo.backend.HeuristicType.True_, level, level, [])
        self._index = {item: n for n, item in enumerate(items)}
        self._largest = largest
        self._size: int | None = None
        """The smallest size of a hitting set, once known (it never decreases)."""
        self.in_order = in_order
        """Whether `next` gave its last sets in canonical order."""
        self._ordered = in_order
        """Whether the canonical order is wanted at all."""
        self._skip = 0
        """Calls left before the search in canonical order is tried again."""
        self._skipped = 0
        """How many calls it was skipped after it last gave up."""
        self._larger_than: dict[int, int] = {}
        """Per size k, an atom true when more than k items are picked."""

    # Literals go to clingo in the items' order, not in a set's (which changes with Python's
    # string hashing from run to run): the same input, the same search.
    def must_meet(self, *subsets: Set[str]) -> None:
        """Every later candidate meets each of these sets (several at once: one backend
        session, which costs as much as a small search, for them all)."""
        with self._control.backend() as backend:
            for subset in subsets:
                backend.add_rule([], [-self._pick[n] for n in sorted(self._index[i] for i in subset)])

    def exclude_supersets(self, subset: Set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [self._pick[n] for n in sorted(self._index[i] for i in subset)])

    def next(self, deadline: float | None, batch: int = 1) -> list[set[str]]:
        """Hitting sets, none when none is left: if `largest`, one grown as large as it goes;
        otherwise up to `batch` of the smallest, in canonical order (their sorted items
        compared as lists) while `in_order` stays true after the call.

        The smallest size comes from an optimisation; the sets of that size then from a
        search that decides the items in the order of their names, picked first, so that
        each model is the first set in that order that the clauses allow (each value decided
        is the preferred one, each one propagated follows from the clauses and the values
        before it; models are ruled out by recorded clauses, so this holds for every model of
        the search). Sets to meet or to exclude only remove candidates, so the sets of a
        later call still come after those of an earlier one, and the conflicts a caller
        proves come smallest first, in canonical order.

        That search can be slow: when few sets are to be met, an early item that belongs
        to no hitting set of that size is ruled out only after trying it with every later
        one. Past ORDER_CONFLICTS conflicts it gives up, and the sets come from the
        optimisation (`in_order` false), as many smallest as `batch`, in no set order; each
        set the caller proves or rules out makes the search in order easier, so it is tried
        again, after 1, 2, 4, ... (at most MOST_SKIPPED) calls since it last gave up. The
        caller holds back what it proves out of order until a set given in order comes
        after it, or that size is done."""
        if self._largest:
            return self._solve(deadline, [], 1) or []
        while True:
            if self._size is None:
                smallest = self._solve(deadline, [], 1, optimise="opt") or []
                if not smallest:
                    return []
                self._size, self._skip, self._skipped = len(smallest[0]), 0, 0
            if self._ordered and self._skip == 0:
                found = self._in_order(deadline, batch)
                if found is None:  # gave up: skip it the next calls, twice as many as before
                    self._skipped = min(2 * self._skipped + 1, MOST_SKIPPED)
                    self._skip = self._skipped
                elif found:
                    self._skipped, self.in_order = 0, True
                    return found
                else:
                    self._size = None  # none of this size is left: the smallest size grew
                    continue
            elif self._skip:
                self._skip -= 1
            found = self._solve(deadline, [], batch, optimise="optN") or []
            if found and len(found[0]) == self._size:
                self.in_order = False
                return found
            self._size = None

    def _in_order(self, deadline: float | None, batch: int) -> list[set[str]] | None:
        """Up to `batch` hitting sets of the known smallest size, in canonical order; None
        when the search gave up (ORDER_CONFLICTS) before it found one."""
        assert self._size is not None
        if self._size not in self._larger_than:
            with self._control.backend() as backend:
                larger = backend.add_atom()
                backend.add_weight_rule([larger], self._size + 1, [(literal, 1) for literal in self._pick])
            self._larger_than[self._size] = larger
        with domain_search(self._control, enum_mode="record"):
            return self._solve(deadline, [-self._larger_than[self._size]], batch, conflicts=ORDER_CONFLICTS)

    def _solve(
        self, deadline: float | None, assumptions: list[int], batch: int, optimise: str = "", conflicts: int = 0
    ) -> list[set[str]] | None:
        """The sets of one solve call's models: with `optimise` "opt", the optimal one; with
        "optN", the optimal ones (up to `batch`). With `conflicts`, the call stops after that
        many, and says None when it found nothing by then."""
        found: list[set[str]] = []
        config = settings(self._control)
        config.models = batch
        config.opt_mode = optimise or "ignore"
        limit = config.solve_limit
        if conflicts:
            config.solve_limit = str(conflicts)

        def keep(model: clingo.Model) -> None:
            if optimise != "optN" or model.optimality_proven:
                found.append(self._picked(model))

        try:
            gave_up = solve(self._control, assumptions, keep, deadline).unknown
        finally:
            config.solve_limit = limit
        if gave_up and not found:
            return None
        return found[-1:] if optimise == "opt" else found

    def every(self, deadline: float | None) -> Iterator[set[str]]:
        """Every hitting set that is smallest by inclusion (made `minimal`), each as soon as
        it is found (the search waits while the reader works: what the reader does with
        each before the deadline is kept when the deadline cuts the search); raises Timeout
        at the deadline."""
        settings(self._control).models = 0
        for model in models(self._control, [], deadline):
            yield self._picked(model)

    def _picked(self, model: clingo.Model) -> set[str]:
        """The items a model picks. The picks are the program's only named atoms: reading
        them by name is one call, asking each pick whether it holds one call per item."""
        return {self._items[atom.arguments[0].number] for atom in model.symbols(atoms=True)}


def conflicts_in(
    solver: Solver,
    members: list[str],
    deadline: float | None,
    witnesses: Witnesses | None = None,
    apart: Iterable[frozenset[str]] = (),
    given: Sequence[int] = (),
    in_order: bool = True,
) -> Iterator[frozenset[str]]:
    """The conflicts among `members` in canonical order (smallest first, then by their
    sorted red lines, as HittingSets.next gives candidates), or with `in_order` false
    smallest first only (sooner, for a caller that wants any smallest); raises Timeout past
    the deadline.
    Each deal met on the way goes to `witnesses`, which spare the caller's minimality check
    its own questions. No conflict containing one of the sets `apart` is sought (red lines
    that never hold together, for one). `given` are assumptions every deal must meet (an
    answer fixed in advance): the conflicts are then those of the red lines under them."""
    witnesses = Witnesses() if witnesses is None else witnesses
    members = [r for r in members if solver.can_be_violated(r)]
    cluster = frozenset(members)
    hitting = HittingSets(members, in_order=in_order)
    _keep_apart(hitting, members, apart)
    # Every hitting set of one optimisation has the smallest size, and adding sets to meet
    # or to avoid never makes that size smaller: a candidate of the batch that still meets
    # every set found since, and contains no conflict found since, is still a smallest one.
    met: list[set[str]] = []
    found: list[frozenset[str]] = []
    # Conflicts proven from candidates out of canonical order, held back (sorted) until a
    # candidate given in order comes after them (no candidate left then comes before them),
    # or their size is done.
    held: list[frozenset[str]] = []
    try:
        while True:
            batch = hitting.next(deadline, BATCH)
            if held and (not batch or len(batch[0]) > len(held[0])):
                yield from held
                held = []
            if not batch:
                return
            met_before, found_before = len(met), len(found)
            for chosen in batch:
                if hitting.in_order and held:
                    after = sorted(chosen)
                    while held and sorted(held[0]) < after:
                        yield held.pop(0)
                if any(not (chosen & s) for s in met[met_before:]) or any(c <= chosen for c in found[found_before:]):
                    continue
                broken = solver.correction_keeping(chosen, members, deadline, given)
                if broken is None:
                    conflict = frozenset(chosen)
                    found.append(conflict)
                    hitting.exclude_supersets(chosen)
                    if hitting.in_order or not in_order:
                        yield conflict
                    else:
                        bisect.insort(held, conflict, key=sorted)
                    continue
                if not broken:
                    return  # every member holds in one deal: no conflict here
                witnesses.add(cluster, broken)
                met.append(broken)
                hitting.must_meet(broken)
    except Timeout:
        yield from held  # proven before the deadline: they stand
        raise


def all_conflicts_in(
    solver: Solver,
    members: list[str],
    deadline: float | None,
    witnesses: Witnesses | None = None,
    apart: Iterable[frozenset[str]] = (),
) -> Iterator[frozenset[str]]:
    """Every conflict among `members`, in no set order: the exhaustive search; `witnesses`
    and `apart` as for conflicts_in.

    Every minimal correction set first, from one search (Solver.correction_sets): the
    conflicts are then exactly the sets smallest by inclusion that meet them all, which a
    second search lists (a member of such a set is needed: without it the set misses a
    correction set, and so lies within a set of red lines that a deal keeps). Two searches
    instead of a question per set. The conflicts come only when the first search is done:
    should it take more than a share of the time left, MARCO (`_seeded`) goes on from the
    correction sets found, and yields conflicts as it finds them.
    """
    members = [r for r in members if solver.can_be_violated(r)]
    witnesses = Witnesses() if witnesses is None else witnesses
    apart = list(apart)
    corrections: list[frozenset[str]] = []
    cut = False
    try:
        with closing(solver.correction_sets(members, _share(deadline), apart)) as listing:
            for broken in listing:
                if not broken:
                    return  # every member holds in one deal: no conflict here
                corrections.append(frozenset(broken))
    except Timeout:
        remaining(deadline)  # raises Timeout when the search's own deadline has passed
        cut = True
    if cut:
        yield from _seeded(solver, members, deadline, witnesses, apart, corrections)
        return
    transversals = HittingSets(members, minimal=True)
    transversals.must_meet(*corrections)
    _keep_apart(transversals, members, apart)
    breaking = _breaking(members, corrections)
    for conflict in transversals.every(deadline):
        found = frozenset(conflict)
        # That it admits no deal follows from the correction sets being all of them; asked
        # all the same (one small question each), so that each conflict rests on a solver's
        # answer, as those shrunk by MARCO do.
        if solver.find(found, deadline).satisfiable:
            raise InternalError(f"{sorted(found)} meets every correction set listed but admits a deal")
        _witness(found, breaking, witnesses)
        yield found


def _breaking(members: list[str], corrections: list[frozenset[str]]) -> dict[str, int]:
    """Per member, the correction sets that break it, as the bits of their positions: the
    sets of thousands of them are then met and joined a machine word at a time."""
    positions: dict[str, list[int]] = {r: [] for r in members}
    for n, broken in enumerate(corrections):
        for r in broken:
            positions[r].append(n)
    breaking = {}
    for r, found in positions.items():
        bits = bytearray(len(corrections) // 8 + 1)
        for n in found:
            bits[n >> 3] |= 1 << (n & 7)
        breaking[r] = int.from_bytes(bits, "little")
    return breaking


def _witness(conflict: frozenset[str], breaking: dict[str, int], witnesses: Witnesses) -> None:
    """For each member, the rest of the conflict is kept by the deal that breaks a correction
    set meeting the conflict in that member alone: what the caller's minimality check asks,
    answered by deals the search met. (One exists for each member of a smallest hitting set.)"""
    order = sorted(conflict)
    before = [0]
    for r in order:
        before.append(before[-1] | breaking[r])
    after = 0
    for n in range(len(order) - 1, -1, -1):
        if breaking[order[n]] & ~(before[n] | after):
            witnesses.keep(conflict - {order[n]})
        after |= breaking[order[n]]


def _share(deadline: float | None) -> float | None:
    """The deadline of the search for correction sets: LISTING_SHARE of the time left."""
    left = remaining(deadline)
    return None if left is None else time.monotonic() + LISTING_SHARE * left


def _seeded(
    solver: Solver,
    members: list[str],
    deadline: float | None,
    witnesses: Witnesses,
    apart: list[frozenset[str]],
    corrections: list[frozenset[str]],
) -> Iterator[frozenset[str]]:
    """Every conflict among `members` by MARCO, knowing these correction sets already.

    Seeds are grown as large as the known sets allow. Every later seed must meet the rest
    of a seed that admits a deal (its subsets all admit one; and grown as large as it
    goes, it is mostly a largest such set, found with one plain question instead of an
    optimisation); a seed that admits none is shrunk to a conflict from clingo's
    unsatisfiable core, and no later seed may contain that. When no seed is left, every
    conflict has been found: each set of red lines either contains a found conflict or
    lies within a set a deal keeps.
    """
    cluster = frozenset(members)
    seeds = HittingSets(members, largest=True)
    seeds.must_meet(*corrections)
    _keep_apart(seeds, members, apart)
    while True:
        grown = seeds.next(deadline)
        if not grown:
            return
        seed = grown[0]
        core = solver.core(seed, deadline)
        if core is None:
            broken = set(members) - seed
            if not broken:
                return  # every member holds in one deal: no conflict here
            witnesses.add(cluster, broken)
            seeds.must_meet(broken)
            continue
        conflict = shrink(solver, core, deadline, witnesses)
        yield conflict
        seeds.exclude_supersets(conflict)


def _keep_apart(candidates: HittingSets, members: list[str], apart: Iterable[frozenset[str]]) -> None:
    """No candidate holds all of one of these sets. A conflict holding none of them is still
    found: it meets every correction set (as every conflict does) and contains no other
    conflict, so it stays a candidate until it is found; and the conflict shrunk from a
    candidate lies within it."""
    inside = set(members)
    for group in apart:
        if group <= inside:
            candidates.exclude_supersets(group)


def shrink(solver: Solver, core: set[str], deadline: float | None, witnesses: Witnesses) -> frozenset[str]:
    """A conflict within an unsatisfiable core. Runs of members are dropped in turn, halving
    the run each round; whenever the rest still admit no deal, clingo's unsatisfiable core
    of the rest replaces the set. The last round drops one member at a time: a member found
    needed then stays needed in every smaller set, and so in every later core, which makes
    the result minimal; the deal that showed it needed keeps the rest (`witnesses`)."""
    kept = sorted(core)
    run = max(1, len(kept) // 2)
    while True:
        n = 0
        while n < len(kept):
            smaller = solver.core(kept[:n] + kept[n + run :], deadline)
            if smaller is None:
                n += run  # a needed member is in this run
            else:
                kept = [r for r in kept if r in smaller]
        if run == 1:
            conflict = frozenset(kept)
            for member in conflict:
                witnesses.keep(conflict - {member})
            return conflict
        run = max(1, run // 2)
