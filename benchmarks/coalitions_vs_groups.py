"""`zopa coalitions`: the minimal blocking groups found through group-level conflicts, against
asking every one of the 2^20 groups of a 20-party scenario (extrapolated from a timed
sample of random groups: asking all of them takes minutes); and the whole answer on the
bundled scenario against `zopa why`, side by side in one process.

Both sides ask the same loaded scenario, each repetition from a fresh load. The sample's
groups are checked against the blocking groups found: a group agrees exactly when it
contains none of them.
"""

from __future__ import annotations

import random

import zopa
from generate import generate
from harness import Config, Row, Stat, Target, ratio_of, timed
from zopa.analyses.coalitions import _Groups, coalitions
from zopa.analyses.why import why

SECTION = "coalitions"
GROUPS_TARGET = Target(100.0, False, "every group/group-level ≥ 100×")
WHY_TARGET = Target(2.0, True, "coalitions/why ≤ 2×")
SAMPLE = 300


def section(config: Config) -> list[Row]:
    rows: list[Row] = []
    size = {"issues": 30, "parties": 20, "red_lines": 120} if config.quick else {}
    folder = config.folder("coalitions-20", generate(**size, seed=config.seed))

    def blocking_groups(scenario: zopa.Scenario) -> list[frozenset[str]]:
        enforcement = scenario.enforcement(None, None)
        return list(_Groups(scenario, enforcement.parties, enforcement.red_lines, None).minimal_blocking())

    ours, found = timed(blocking_groups, config.repeat, setup=lambda: zopa.load(folder))
    blocking: list[frozenset[str]] = found  # type: ignore[assignment]
    scenario = zopa.load(folder)
    enforcement = scenario.enforcement(None, None)
    groups = _Groups(scenario, enforcement.parties, enforcement.red_lines, None)
    rng = random.Random(config.seed)
    sample = [[p for p in enforcement.parties if rng.random() < 0.5] for _ in range(SAMPLE)]
    per_group, answers = timed(lambda: [groups.agrees(g) for g in sample], config.repeat)
    for group, agrees in zip(sample, answers, strict=True):  # type: ignore[call-overload]
        assert agrees == (not any(b <= set(group) for b in blocking)), group
    every = Stat([t / SAMPLE * (2 ** len(enforcement.parties) - 1) for t in per_group.values])
    rows.append(
        Row(
            SECTION,
            f"minimal blocking groups of {len(enforcement.parties)} parties vs every one of the "
            f"2^{len(enforcement.parties)} groups (extrapolated)",
            ours,
            every,
            ratio_of(every, ours),
            target=GROUPS_TARGET,
            note=f"{len(scenario.catalogue.issues)} issues, {len(enforcement.red_lines)} red lines; "
            f"{len(blocking)} minimal blocking groups; every group: {SAMPLE} random groups timed "
            f"({per_group.median / SAMPLE * 1000:.2f} ms each) times 2^{len(enforcement.parties)} - 1, "
            "each sampled answer checked against the blocking groups",
        )
    )
    bundled = zopa.load()
    coalitions(bundled), why(bundled, limit=0)  # warm: both sides start from a used solver
    ours, result = timed(lambda: coalitions(bundled), config.repeat)
    theirs, _ = timed(lambda: why(bundled, limit=0), config.repeat)
    rows.append(
        Row(
            SECTION,
            "`coalitions` (the whole answer, blame included) vs `why --limit 0`, bundled scenario, in-process",
            ours,
            theirs,
            ratio_of(ours, theirs),
            ratio_text=f"{ratio_of(ours, theirs):.2f}× (coalitions/why)",
            target=WHY_TARGET,
            note=f"{len(result.minimal_blocking)} minimal blocking groups, {result.conflicts} conflicts "  # type: ignore[attr-defined]
            "shared out as blame",
        )
    )
    return rows
