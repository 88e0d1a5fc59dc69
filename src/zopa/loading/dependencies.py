"""Which issues each red line reads, and which issues the background ties together, from
the ground program itself: whatever rules, helper predicates or variables a scenario uses,
the ground rules say which deal/2 atoms each violated/1 atom and each integrity constraint
depends on. The independent clusters of zopa.analyses.clusters rest on this.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

import clingo

Item = TypeVar("Item", bound=Hashable)


class Partition(Generic[Item]):
    """Items joined into groups (union-find)."""

    def __init__(self) -> None:
        self._parent: dict[Item, Item] = {}

    def __contains__(self, item: Item) -> bool:
        return item in self._parent

    def root(self, item: Item) -> Item:
        """The item standing for the group of `item` (a group of its own if never joined)."""
        parent = self._parent
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, items: Sequence[Item]) -> None:
        first = self.root(items[0])
        for other in items[1:]:
            self._parent[self.root(other)] = first


class GroundRules(clingo.Observer):
    """Records, while grounding, which atoms each atom's rules read, and each constraint."""

    def __init__(self) -> None:
        self.reads: dict[int, set[int]] = defaultdict(set)
        self.constraints: list[set[int]] = []
        self.links: list[tuple[int, ...]] = []
        """The atoms of every rule that mentions more than one."""
        self.listening = True

    def _record(self, head: Sequence[int], body: Sequence[int]) -> None:
        if not self.listening:
            return
        atoms = {abs(literal) for literal in body}
        if not head:
            self.constraints.append(atoms)
        for atom in head:
            self.reads[atom] |= atoms
        if len(head) + len(atoms) > 1:
            self.links.append((*head, *atoms))

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self._record(head, body)

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int, body: Sequence[tuple[int, int]]) -> None:
        self._record(head, [literal for literal, _ in body])


class Dependencies:
    """The issues each red line reads and the groups of issues background rules tie."""

    def __init__(self, control: clingo.Control, rules: GroundRules, red_lines: list[str]):
        rules.listening = False
        atoms = control.symbolic_atoms
        self._issue_of = {a.literal: str(a.symbol.arguments[0]) for a in atoms.by_signature("deal", 2)}
        self._rules = rules
        violated = {str(a.symbol.arguments[0]): a.literal for a in atoms.by_signature("violated", 1)}
        self.reads = {r: self._issues({violated[r]}) if r in violated else set() for r in red_lines}
        """Per red line, the issues whose answer can change whether it is violated."""
        self.ties = [issues for issues in (self._issues(c) for c in rules.constraints) if len(issues) > 1]
        self.ties += self._linked(rules.links, set(violated.values()))
        """Groups of issues that the background ties together: those one integrity constraint
        reads, and those the rules join without a red line in between (a rule deriving one
        answer from another, a constraint written as a rule with an odd loop, helper atoms
        chosen together)."""

    def _linked(self, links: list[tuple[int, ...]], red_lines: set[int]) -> list[set[str]]:
        """The issues of the connected parts of the program left when the rules that mention
        a red line's violated/1 atom are set aside (red lines tie issues through `reads`)."""
        joined: Partition[int] = Partition()
        for atoms in links:
            if red_lines.isdisjoint(atoms):
                joined.join(atoms)
        groups: dict[object, set[str]] = defaultdict(set)
        for atom, issue in self._issue_of.items():
            if atom in joined:
                groups[joined.root(atom)].add(issue)
        return [issues for issues in groups.values() if len(issues) > 1]

    def _issues(self, start: set[int]) -> set[str]:
        """The issues of the deal/2 atoms reachable from these atoms through rule bodies."""
        seen, todo, issues = set(start), list(start), set()
        while todo:
            atom = todo.pop()
            if atom in self._issue_of:
                issues.add(self._issue_of[atom])
                continue  # a deal/2 atom is chosen, not derived: the search ends here
            for read in self._rules.reads.get(atom, ()):
                if read not in seen:
                    seen.add(read)
                    todo.append(read)
        return issues
