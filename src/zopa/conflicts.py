"""Minimal blocking conflicts: smallest first (conflicts_in), or all of them at once
(all_conflicts_in, see there), both by hitting sets.

Every conflict (a minimal unsatisfiable set of red lines) meets every correction set (red
lines whose withdrawal opens a deal). So a smallest set of red lines that meets all the
correction sets found so far, and contains no conflict found so far, is either satisfiable
— then the cheapest deal with it enforced breaks a new correction set, which is recorded —
or unsatisfiable, and then it is a conflict no larger than any still unfound. A small
clingo program chooses the hitting sets (core-guided optimisation); the scenario's one
grounded program answers the satisfiability questions under assumptions. Ruling out every
smaller set first is what makes the order; it is also why listing every conflict of a
crowded cluster this way can take long, and why the exhaustive search starts from large
sets instead.
"""

from __future__ import annotations

from typing import Iterator

import clingo

from zopa.solver import Solver, solve

# Up to this many red lines in a cluster, its questions are answered faster than a solver
# thread starts: they run in the calling thread (see zopa.solver.solve).
QUICK_ITEMS = 64


class HittingSets:
    """Sets of items that meet every given set and contain no excluded one: the smallest
    (`largest=False`), or, for an exhaustive search, sets grown as large as they go."""

    def __init__(self, items: list[str], largest: bool = False):
        options = ["--heuristic=Domain"] if largest else ["--opt-strategy=usc", "--opt-mode=opt"]
        self._control = clingo.Control(options)
        self._items = items
        with self._control.backend() as backend:
            self._pick = [backend.add_atom(clingo.Function("pick", [clingo.Number(n)])) for n in range(len(items))]
            backend.add_rule(self._pick, choice=True)
            if largest:  # pick every item the constraints allow, as a first choice
                for literal in self._pick:
                    backend.add_heuristic(literal, clingo.backend.HeuristicType.True_, 1, 1, [])
            else:
                backend.add_minimize(0, [(literal, 1) for literal in self._pick])
        self._index = {item: n for n, item in enumerate(items)}

    def must_meet(self, subset: set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [-self._pick[self._index[i]] for i in subset])

    def exclude_supersets(self, subset: set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [self._pick[self._index[i]] for i in subset])

    def next(self, deadline: float | None) -> set[str] | None:
        """A hitting set (the smallest, unless `largest`), or None when none is left."""
        found: list[set[str]] = []

        def keep(model: clingo.Model) -> None:
            found.append({self._items[n] for n, lit in enumerate(self._pick) if model.is_true(lit)})

        if solve(self._control, [], keep, deadline, interruptible=len(self._items) > QUICK_ITEMS).unsatisfiable:
            return None
        return found[-1]


def conflicts_in(solver: Solver, members: list[str], deadline: float | None) -> Iterator[frozenset[str]]:
    """The conflicts among `members`, smallest first; raises Timeout past the deadline."""
    members = [r for r in members if solver.can_be_violated(r)]
    hitting = HittingSets(members)
    while True:
        chosen = hitting.next(deadline)
        if chosen is None:
            return
        rest = [r for r in members if r not in chosen]
        outcome = solver.cheapest(hard=chosen, soft=rest, deadline=deadline, quick=len(members) <= QUICK_ITEMS)
        if not outcome.satisfiable:
            yield frozenset(chosen)
            hitting.exclude_supersets(chosen)
            continue
        broken = outcome.violated & set(rest)
        if not broken:
            return  # every member holds in one deal: no conflict here
        hitting.must_meet(broken)


def all_conflicts_in(solver: Solver, members: list[str], deadline: float | None) -> Iterator[frozenset[str]]:
    """Every conflict among `members`, in no set order: the exhaustive search (MARCO).

    Seeds are grown as large as the known sets allow. A seed that admits a deal is grown to
    a maximal satisfiable set, whose complement every later seed must meet; one that admits
    none is shrunk to a conflict, which no later seed may contain. When no seed is left,
    every conflict has been found: each set of red lines either contains a found conflict
    or lies within a satisfiable set found. Large seeds reach the conflicts of crowded
    clusters in far fewer questions than the smallest-first search, which must first rule
    out every smaller set.
    """
    members = [r for r in members if solver.can_be_violated(r)]
    seeds = HittingSets(members, largest=True)
    quick = len(members) <= QUICK_ITEMS
    while True:
        seed = seeds.next(deadline)
        if seed is None:
            return
        rest = [r for r in members if r not in seed]
        outcome = solver.cheapest(hard=seed, soft=rest, deadline=deadline, quick=quick)
        if outcome.satisfiable:
            broken = outcome.violated & set(rest)
            if not broken:
                return  # every member holds in one deal: no conflict here
            seeds.must_meet(broken)
            continue
        conflict = shrink(solver, seed, deadline, quick)
        yield conflict
        seeds.exclude_supersets(conflict)


def shrink(solver: Solver, red_lines: set[str], deadline: float | None, quick: bool) -> frozenset[str]:
    """A conflict within a set of red lines that admits no deal. Runs of members are dropped
    in turn, halving the run each round; whenever the rest still admit no deal, clingo's
    unsatisfiable core of the rest replaces the set. The last round drops one member at a
    time: a member found needed then stays needed in every smaller set, and so in every
    later core, which makes the result minimal."""
    kept = sorted(solver.core(red_lines, deadline, quick=quick) or red_lines)
    run = max(1, len(kept) // 2)
    while True:
        n = 0
        while n < len(kept):
            core = solver.core(kept[:n] + kept[n + run :], deadline, quick=quick)
            if core is None:
                n += run  # a needed member is in this run
            else:
                kept = [r for r in kept if r in core]
        if run == 1:
            return frozenset(kept)
        run = max(1, run // 2)
