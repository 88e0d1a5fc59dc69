"""`zopa why` against brute force: every conflict and every concession set, checked by
enumerating all subsets of red lines with the plain-Python oracle (tests/oracle.py).

The scenarios are small and random (seeded, so a failure names its seed), mixing forbids,
requires with several options, general violated/1 rules and background constraints.
"""

from __future__ import annotations

import pytest

import zopa
from oracle import RedLine, Rule, Scenario, brute_force, random_scenario, write_scenario

SEEDS = list(range(60))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_why_matches_brute_force(seed: int, tmp_path) -> None:
    scenario = random_scenario(seed)
    loaded = zopa.load(write_scenario(scenario, tmp_path))
    result = zopa.why(loaded, limit=0, timeout=None)
    conflicts, concessions = brute_force(scenario)
    background_only = not scenario.feasible(concede={r.id for r in scenario.red_lines})

    assert result.complete
    assert result.background_infeasible == background_only
    if background_only:
        assert result.conflicts == [] and result.concessions == []
        return
    assert result.feasible == (not conflicts)
    assert {frozenset(c.red_lines) for c in result.conflicts} == conflicts
    if conflicts:
        assert {frozenset(c.red_lines) for c in result.concessions} == concessions
    else:
        assert result.concessions == []
    # each listed once, sorted ids, smallest (cheapest) first
    assert len(result.conflicts) == len(conflicts)
    assert [len(c.red_lines) for c in result.conflicts] == sorted(len(c.red_lines) for c in result.conflicts)
    assert [c.cost for c in result.concessions] == sorted(c.cost for c in result.concessions)
    for listed in result.conflicts + result.concessions:
        assert listed.red_lines == sorted(listed.red_lines)
    # hitting-set duality: every conflict meets every concession set
    for conflict in result.conflicts:
        for concession in result.concessions:
            assert set(conflict.red_lines) & set(concession.red_lines)
    # the totals: how many concession sets, and how many need each party to move
    if conflicts:
        owner = {r.id: r.owner for r in scenario.red_lines}
        assert result.concession_sets == len(concessions)
        assert result.party_concessions == {
            p: sum(1 for c in concessions if any(owner[r] == p for r in c))
            for p in scenario.parties
            if p in owner.values()  # the parties with red lines
        }
    # the example deal of each of the first three concession sets is really opened by it
    # (the others carry none: a Pareto frontier each would cost too much)
    for n, concession in enumerate(result.concessions):
        deal = concession.deal
        assert (deal is not None) == (n < 3)
        if deal is not None:
            assert frozenset(deal.items()) in scenario.feasible(concede=set(concession.red_lines))


def test_parties_and_costs_and_party_summary(tmp_path) -> None:
    scenario = Scenario(
        issues={"a": ["x", "y", "z"], "b": ["u", "v"]},
        parties=["p", "q"],
        red_lines=[
            RedLine("r1", "p", requires={"a": {"x"}}),
            RedLine("r2", "q", requires={"a": {"y"}}),
            RedLine("r3", "q", requires={"b": {"u"}}),
            RedLine("r4", "p", forbids={("b", "u")}),
        ],
    )
    folder = write_scenario(scenario, tmp_path)
    (folder / "costs.lp").write_text("cost(r1, 3).\n", encoding="utf-8")
    result = zopa.why(zopa.load(folder), limit=0, timeout=None)
    assert [(c.red_lines, c.parties) for c in result.conflicts] == [
        (["r1", "r2"], ["p", "q"]),
        (["r3", "r4"], ["p", "q"]),
    ]
    # two clusters (issue a, issue b): 2 x 2 concession sets; r1 costs 3
    assert [(c.red_lines, c.cost) for c in result.concessions] == [
        (["r2", "r3"], 2),
        (["r2", "r4"], 2),
        (["r1", "r3"], 4),
        (["r1", "r4"], 4),
    ]
    assert len(result.clusters) == 2
    # p moves in every set but (r2, r3); q in every set but (r1, r4)
    assert result.party_concessions == {"p": 3, "q": 3}


def test_feasible_and_background_only(tmp_path) -> None:
    open_scenario = Scenario(
        issues={"a": ["x", "y"]}, parties=["p"], red_lines=[RedLine("r1", "p", forbids={("a", "x")})]
    )
    result = zopa.why(zopa.load(write_scenario(open_scenario, tmp_path / "open")))
    assert result.feasible and result.deal == {"a": "y"} and not result.conflicts

    walled = Scenario(
        issues={"a": ["x", "y"]},
        parties=["p"],
        red_lines=[RedLine("r1", "p", forbids={("a", "x")})],
        background=[Rule(":- deal(a, x).", lambda d: d["a"] == "x"), Rule(":- deal(a, y).", lambda d: d["a"] == "y")],
    )
    result = zopa.why(zopa.load(write_scenario(walled, tmp_path / "walled")))
    assert not result.feasible and result.background_infeasible and result.conflicts == []


def test_limit_cuts_and_says_so(tmp_path) -> None:
    scenario = Scenario(
        issues={"a": ["x", "y", "z"]},
        parties=["p"],
        red_lines=[RedLine(f"r{n}", "p", requires={"a": {o}}) for n, o in enumerate("xyz")],
    )
    loaded = zopa.load(write_scenario(scenario, tmp_path))
    full = zopa.why(loaded, limit=0)
    assert len(full.conflicts) == 3 and full.complete
    cut = zopa.why(loaded, limit=1)
    assert len(cut.conflicts) == 1 and not cut.complete
    # smallest first: the one shown is among the smallest of the full list
    assert cut.conflicts[0] in full.conflicts
    assert len(cut.conflicts[0].red_lines) == len(full.conflicts[0].red_lines)


def test_party_and_concede_restrict_the_question(tmp_path) -> None:
    scenario = Scenario(
        issues={"a": ["x", "y"]},
        parties=["p", "q"],
        red_lines=[RedLine("r1", "p", requires={"a": {"x"}}), RedLine("r2", "q", requires={"a": {"y"}})],
    )
    loaded = zopa.load(write_scenario(scenario, tmp_path))
    assert not zopa.why(loaded).feasible
    assert zopa.why(loaded, parties=["p"]).feasible
    assert zopa.why(loaded, concede=["r2"]).feasible


SMALL = """\
issue(a). option(a, (x; y; z)). issue(b). option(b, (u; v)). issue(c). option(c, (k; l)).
party(p). party(q).
red_line(r1, p). requires(r1, a, x).
red_line(r2, q). requires(r2, a, y).
red_line(r4, q). requires(r4, a, z).
red_line(r3, q). requires(r3, b, u).
red_line(r5, p). forbids(r5, b, u).
red_line(r6, p). requires(r6, c, k).
evidence(r1, direct). evidence(r2, direct). evidence(r3, reported). evidence(r4, inferred). evidence(r5, direct).
"""

# Worked out by hand: on issue a every pair of r1, r2, r4 collides; on b, r3 and r5; the
# two conflicts with r4 rest on an inferred red line (r6, ungraded, is in none). Two
# clusters: any two of {r1, r2, r4} (3 sets, cost 2) times r3 or r5 (2 sets, cost 1) makes
# 6 concession sets of cost 3, none of the cheapest red lines in all of them; p moves in
# all but {r2, r4, r3}, q in all six. Withdrawing r1, r2, r3 leaves one deal: a=z, b=v, c=k.
SMALL_WHY = """\
No feasible deal under the 6 red lines of p, q.
4 conflicts block every deal; 2 rest on red lines analysts inferred (`--evidence
  reported` leaves those out).

Cheapest concession set (3 red lines; 6 minimal sets in all):
  p drops r1; q drops r2, r3
  It is one of 6 of that cost; no red line is in every one.
  zopa deals --positions small --concede r1 --concede r2 --concede r3
Who must move: of the 6 minimal concession sets, q is in 6, p is in 5.

The best deal it opens (the nash rule's choice among the Pareto-optimal deals):
  a  z
  b  v
  c  k

The next concession sets:
  3 red lines: p drops r1, r5; q drops r2
  3 red lines: p drops r1; q drops r3, r4

Conflicts, smallest first: each is a set of red lines no deal satisfies
  together; drop any one and a deal exists.

  1. p, q collide on a
       r1  p: r1
       r2  q: r2

  2. p, q collide on a [rests on inferred: r4]
       r1  p: r1
       r4  q: r4

  3. q: its own red lines collide on a [rests on inferred: r4]
       r2  q: r2
       r4  q: r4

  4. p, q collide on b
       r3  q: r3
       r5  p: r5

Concessions: 2 independent clusters of conflicts; a deal needs one concession
  set from each.

  Cluster 1 (a): 3 minimal concession sets
    2 red lines: p drops r1; q drops r2
    2 red lines: p drops r1; q drops r4
    2 red lines: q drops r2, r4

  Cluster 2 (b): 2 minimal concession sets
    1 red line: q drops r3
    1 red line: p drops r5
"""


def test_why_text_is_pinned(tmp_path, capsys, monkeypatch) -> None:
    from zopa.cli import run

    (tmp_path / "small").mkdir()
    (tmp_path / "small" / "small.lp").write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["why", "--positions", "small"]) == 0
    assert capsys.readouterr().out == SMALL_WHY
