"""The conflict searches against brute force (tests/oracle.py). The exhaustive one, on each
of its paths: every correction set from one search and the conflicts as their smallest
hitting sets; and MARCO, which takes over with the correction sets found so far when that
first search runs out of its share of the time. test_why covers the first path through
`zopa why`; here the second is forced, and the correction sets are checked on their own.
The smallest-first search (`why --limit`) must give the conflicts in canonical order, and
the correction set it asks for with each satisfiable candidate must be a minimal one.
"""

from __future__ import annotations

import pytest

import zopa
from oracle import brute_force, random_scenario, write_scenario
from zopa.analyses import conflicts
from zopa.analyses.conflicts import Witnesses, all_conflicts_in, conflicts_in

SEEDS = list(range(30))


def loaded_with_conflicts(seed: int, tmp_path):
    """A random scenario whose red lines can be explained (some deal the background allows),
    loaded, with its brute-force conflicts and correction sets; skipped otherwise."""
    scenario = random_scenario(seed)
    if not scenario.feasible(concede={r.id for r in scenario.red_lines}):
        pytest.skip("the background alone admits no deal")
    found, corrections = brute_force(scenario)
    return zopa.load(write_scenario(scenario, tmp_path)), found, corrections


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_correction_sets_are_the_minimal_ones(seed: int, tmp_path) -> None:
    loaded, _, corrections = loaded_with_conflicts(seed, tmp_path)
    red_lines = [r.id for r in loaded.catalogue.red_lines]
    listed = [frozenset(s) for s in loaded.solver.correction_sets(red_lines, None)]
    assert len(listed) == len(set(listed))
    assert set(listed) == corrections


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_marco_takes_over_when_the_listing_is_cut(seed: int, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(conflicts, "LISTING_SHARE", 0.0)  # the first search has no time at all
    loaded, found, _ = loaded_with_conflicts(seed, tmp_path)
    result = zopa.why(loaded, limit=0, timeout=600, with_concessions=False)
    assert result.complete
    assert {frozenset(c.red_lines) for c in result.conflicts} == found
    assert len(result.conflicts) == len(found)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_marco_starts_from_some_correction_sets(seed: int, tmp_path) -> None:
    loaded, found, corrections = loaded_with_conflicts(seed, tmp_path)
    solver = loaded.solver
    members = [r.id for r in loaded.catalogue.red_lines if solver.can_be_violated(r.id)]
    known = sorted(corrections, key=sorted)[::2]  # every other one, as if the listing had been cut
    witnesses = Witnesses()
    listed = list(conflicts._seeded(solver, members, None, witnesses, [], known))
    assert len(listed) == len(set(listed))
    assert set(listed) == found
    for conflict in listed:  # each member needed, as a deal met shows
        assert all(witnesses.admit(conflict - {member}) for member in conflict)


@pytest.mark.parametrize("seed", SEEDS[:10], ids=lambda s: f"seed{s}")
def test_apart_sets_are_never_in_a_conflict(seed: int, tmp_path) -> None:
    loaded, found, _ = loaded_with_conflicts(seed, tmp_path)
    solver = loaded.solver
    members = [r.id for r in loaded.catalogue.red_lines if solver.can_be_violated(r.id)]
    apart = [frozenset(pair) for pair in zip(members, members[1:], strict=False)][::2]
    listed = set(all_conflicts_in(solver, members, None, apart=apart))
    assert listed == {c for c in found if not any(group <= c for group in apart)}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_smallest_first_gives_every_conflict_in_canonical_order(seed: int, tmp_path) -> None:
    loaded, found, _ = loaded_with_conflicts(seed, tmp_path)
    solver = loaded.solver
    members = [r.id for r in loaded.catalogue.red_lines]
    listed = list(conflicts_in(solver, members, None))
    assert listed == sorted(found, key=lambda c: (len(c), sorted(c)))


@pytest.mark.parametrize("seed", SEEDS[:10], ids=lambda s: f"seed{s}")
def test_the_correction_set_kept_in_order_is_minimal_and_keeps_the_earliest(seed: int, tmp_path) -> None:
    loaded, found, corrections = loaded_with_conflicts(seed, tmp_path)
    solver = loaded.solver
    members = sorted(r.id for r in loaded.catalogue.red_lines if solver.can_be_violated(r.id))
    for kept in [set(), *({r} for r in members)]:
        broken = solver.correction_keeping(kept, members, None)
        if any(conflict <= kept for conflict in found):
            assert broken is None
            continue
        assert broken is not None and not broken & kept
        assert frozenset(broken) in corrections  # minimal: withdraw any fewer and no deal is left
        # Of the minimal correction sets that spare `kept`, the one whose kept red lines come
        # first by name: kept and compared as sorted lists, the earliest names win.
        sparing = [c for c in corrections if not c & kept]
        earliest = max(sparing, key=lambda c: [r not in c for r in members])
        assert frozenset(broken) == earliest


@pytest.mark.parametrize("limit", [0, 1], ids=["never-in-order", "sometimes-in-order"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_smallest_first_sorts_what_it_proves_out_of_order(seed: int, limit: int, tmp_path, monkeypatch) -> None:
    # The search in canonical order gives up at once (0), or after one conflict (1): the
    # sets come from the optimisation, in no set order, always or in between; what is
    # proven from them is held back, and given once no candidate left can come before it.
    monkeypatch.setattr(conflicts, "ORDER_CONFLICTS", limit)
    loaded, found, _ = loaded_with_conflicts(seed, tmp_path)
    listed = list(conflicts_in(loaded.solver, [r.id for r in loaded.catalogue.red_lines], None))
    assert listed == sorted(found, key=lambda c: (len(c), sorted(c)))
