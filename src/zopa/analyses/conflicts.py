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

from collections.abc import Iterable, Iterator, Sequence, Set

import clingo

from zopa.solving.solver import Solver, settings, solve

# Smallest hitting sets asked for at once: one optimisation gives several candidates.
BATCH = 16


LATEST = 64


class Witnesses:
    """Sets of red lines known to admit a deal: those a deal met during a search keeps. Each
    is held as its cluster's members and the few it breaks, not as the many it keeps."""

    def __init__(self) -> None:
        self._deals: list[tuple[frozenset[str], frozenset[str]]] = []

    def add(self, members: frozenset[str], broken: set[str]) -> None:
        self._deals.append((members, frozenset(broken)))

    def admit(self, red_lines: frozenset[str]) -> bool:
        """Whether one of the latest deals met keeps all of these red lines. (Only the
        latest: an exhaustive search meets thousands, and asking the solver is cheaper than
        looking through them all for every conflict.)"""
        return any(
            red_lines <= members and red_lines.isdisjoint(broken) for members, broken in reversed(self._deals[-LATEST:])
        )


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
        self._largest = largest

    # Literals go to clingo in the items' order, not in a set's (which changes with Python's
    # string hashing from run to run): the same input, the same search.
    def must_meet(self, subset: Set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [-self._pick[n] for n in sorted(self._index[i] for i in subset)])

    def exclude_supersets(self, subset: Set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [self._pick[n] for n in sorted(self._index[i] for i in subset)])

    def next(self, deadline: float | None, batch: int = 1) -> list[set[str]]:
        """Hitting sets, none when none is left: the smallest (up to `batch` of them, all of
        the one smallest size), or, if `largest`, one grown as large as it goes."""
        found: list[set[str]] = []
        settings(self._control).models = batch
        if not self._largest:
            settings(self._control).opt_mode = "optN" if batch > 1 else "opt"

        def keep(model: clingo.Model) -> None:
            if self._largest or model.optimality_proven or batch == 1:
                found.append({self._items[n] for n, lit in enumerate(self._pick) if model.is_true(lit)})

        if solve(self._control, [], keep, deadline).unsatisfiable:
            return []
        return found[-1:] if batch == 1 else found


def conflicts_in(
    solver: Solver,
    members: list[str],
    deadline: float | None,
    witnesses: Witnesses | None = None,
    apart: Iterable[frozenset[str]] = (),
    given: Sequence[int] = (),
) -> Iterator[frozenset[str]]:
    """The conflicts among `members`, smallest first; raises Timeout past the deadline.
    Each deal met on the way goes to `witnesses`, which spare the caller's minimality check
    its own questions. No conflict containing one of the sets `apart` is sought (red lines
    that never hold together, for one). `given` are assumptions every deal must meet (an
    answer fixed in advance): the conflicts are then those of the red lines under them."""
    witnesses = Witnesses() if witnesses is None else witnesses
    members = [r for r in members if solver.can_be_violated(r)]
    cluster = frozenset(members)
    hitting = HittingSets(members)
    _keep_apart(hitting, members, apart)
    # Every hitting set of one optimisation has the smallest size, and adding sets to meet
    # or to avoid never makes that size smaller: a candidate of the batch that still meets
    # every set found since, and contains no conflict found since, is still a smallest one.
    met: list[set[str]] = []
    found: list[frozenset[str]] = []
    while True:
        batch = hitting.next(deadline, BATCH)
        if not batch:
            return
        met_before, found_before = len(met), len(found)
        for chosen in batch:
            if any(not (chosen & s) for s in met[met_before:]) or any(c <= chosen for c in found[found_before:]):
                continue
            rest = [r for r in members if r not in chosen]
            outcome = solver.cheapest(
                hard=[r for r in members if r in chosen], soft=rest, deadline=deadline, guards=given
            )
            if not outcome.satisfiable:
                conflict = frozenset(chosen)
                found.append(conflict)
                hitting.exclude_supersets(chosen)
                yield conflict
                continue
            broken = outcome.violated & set(rest)
            if not broken:
                return  # every member holds in one deal: no conflict here
            witnesses.add(cluster, broken)
            met.append(broken)
            hitting.must_meet(broken)


def all_conflicts_in(
    solver: Solver,
    members: list[str],
    deadline: float | None,
    witnesses: Witnesses | None = None,
    apart: Iterable[frozenset[str]] = (),
) -> Iterator[frozenset[str]]:
    """Every conflict among `members`, in no set order: the exhaustive search (MARCO);
    `witnesses` and `apart` as for conflicts_in.

    Seeds are grown as large as the known sets allow. A seed that admits a deal is grown to
    a maximal satisfiable set, whose complement every later seed must meet; one that admits
    none is shrunk to a conflict, which no later seed may contain. When no seed is left,
    every conflict has been found: each set of red lines either contains a found conflict
    or lies within a satisfiable set found. Large seeds reach the conflicts of crowded
    clusters in far fewer questions than the smallest-first search, which must first rule
    out every smaller set.
    """
    members = [r for r in members if solver.can_be_violated(r)]
    cluster = frozenset(members)
    witnesses = Witnesses() if witnesses is None else witnesses
    seeds = HittingSets(members, largest=True)
    _keep_apart(seeds, members, apart)
    while True:
        grown = seeds.next(deadline)
        if not grown:
            return
        seed = grown[0]
        rest = [r for r in members if r not in seed]
        outcome = solver.cheapest(hard=[r for r in members if r in seed], soft=rest, deadline=deadline)
        if outcome.satisfiable:
            broken = outcome.violated & set(rest)
            if not broken:
                return  # every member holds in one deal: no conflict here
            witnesses.add(cluster, broken)
            seeds.must_meet(broken)
            continue
        conflict = shrink(solver, seed, deadline)
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


def shrink(solver: Solver, red_lines: set[str], deadline: float | None) -> frozenset[str]:
    """A conflict within a set of red lines that admits no deal. Runs of members are dropped
    in turn, halving the run each round; whenever the rest still admit no deal, clingo's
    unsatisfiable core of the rest replaces the set. The last round drops one member at a
    time: a member found needed then stays needed in every smaller set, and so in every
    later core, which makes the result minimal."""
    kept = sorted(solver.core(red_lines, deadline) or red_lines)
    run = max(1, len(kept) // 2)
    while True:
        n = 0
        while n < len(kept):
            core = solver.core(kept[:n] + kept[n + run :], deadline)
            if core is None:
                n += run  # a needed member is in this run
            else:
                kept = [r for r in kept if r in core]
        if run == 1:
            return frozenset(kept)
        run = max(1, run // 2)
