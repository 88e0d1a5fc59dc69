"""Minimal blocking conflicts, smallest first, by implicit hitting sets.

Every conflict (a minimal unsatisfiable set of red lines) meets every correction set (red
lines whose withdrawal opens a deal). So a smallest set of red lines that meets all the
correction sets found so far, and contains no conflict found so far, is either satisfiable
— then the cheapest deal with it enforced breaks a new correction set, which is recorded —
or unsatisfiable, and then it is a conflict no larger than any still unfound. A small
clingo program chooses the hitting sets (core-guided optimisation); the scenario's one
grounded program answers the satisfiability questions under assumptions.
"""

from __future__ import annotations

from typing import Iterator

import clingo

from zopa.solver import Solver, solve

# Up to this many red lines in a cluster, its questions are answered faster than a solver
# thread starts: they run in the calling thread (see zopa.solver.solve).
QUICK_ITEMS = 64


class HittingSets:
    """Smallest sets of items that meet every given set and contain no excluded one."""

    def __init__(self, items: list[str]):
        self._control = clingo.Control(["--opt-strategy=usc", "--opt-mode=opt"])
        self._items = items
        with self._control.backend() as backend:
            self._pick = [backend.add_atom(clingo.Function("pick", [clingo.Number(n)])) for n in range(len(items))]
            backend.add_rule(self._pick, choice=True)
            backend.add_minimize(0, [(literal, 1) for literal in self._pick])
        self._index = {item: n for n, item in enumerate(items)}

    def must_meet(self, subset: set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [-self._pick[self._index[i]] for i in subset])

    def exclude_supersets(self, subset: set[str]) -> None:
        with self._control.backend() as backend:
            backend.add_rule([], [self._pick[self._index[i]] for i in subset])

    def smallest(self, deadline: float | None) -> set[str] | None:
        """A smallest hitting set, or None when none is left."""
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
        chosen = hitting.smallest(deadline)
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
