"""Independent clusters: red lines that share no issue, directly or through other red lines
or background constraints, cannot take part in one conflict. Conflicts are searched per
cluster, and a concession set of the whole is one concession set of each blocked cluster.
"""

from __future__ import annotations

from zopa.loading.dependencies import Partition
from zopa.scenario import Scenario


def clusters(scenario: Scenario, red_lines: list[str]) -> list[list[str]]:
    """The given red lines grouped by the issues that tie them, in catalogue order. What a
    red line reads and what the background ties come from the ground program
    (zopa.loading.dependencies), so helper predicates and rules with variables are seen through."""
    joined: Partition[str] = Partition()
    wanted = set(red_lines)
    chosen = [r for r in scenario.catalogue.red_lines if r.id in wanted]
    for tied in scenario.dependencies.ties:
        joined.join(sorted(tied))
    for red_line in chosen:
        if red_line.issues:
            joined.join(red_line.issues)
    groups: dict[str, list[str]] = {}
    for red_line in chosen:
        key = joined.root(red_line.issues[0]) if red_line.issues else f"(none) {red_line.id}"
        groups.setdefault(key, []).append(red_line.id)
    return list(groups.values())
