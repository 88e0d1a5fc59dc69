"""`zopa whatif` and `zopa check` against the brute-force oracle (tests/oracle.py), on
random small scenarios (seeded) and random partial plans; plus bad plans and sweeps."""

from __future__ import annotations

import random

import pytest

import zopa
from oracle import RedLine, Scenario, brute_force, random_scenario, write_scenario
from zopa.cli import run

SEEDS = list(range(40))
CAP = 3


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_whatif_matches_brute_force(seed: int, tmp_path) -> None:
    scenario = random_scenario(seed)
    loaded = zopa.load(write_scenario(scenario, tmp_path))
    result = zopa.whatif(loaded, depth=2, count_cap=CAP, timeout=None)
    conflicts, _ = brute_force(scenario)
    ids = [r.id for r in scenario.red_lines]
    singles = [(r,) for r in ids]
    pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]]
    assert result.complete and result.cases == len(singles) + len(pairs) == result.evaluated
    by_case = {tuple(c.concede): c for c in result.results}
    assert set(by_case) == {tuple(sorted(c)) for c in singles + pairs}
    background_only = not scenario.feasible(concede=set(ids))
    for case, found in by_case.items():
        deals = scenario.feasible(concede=set(case))
        assert found.feasible == bool(deals), case
        assert found.deals == min(len(deals), CAP), case
        assert found.deals_at_least == (len(deals) > CAP), case
        if not background_only:
            expected = {c for c in conflicts if c & set(case)}
            assert {frozenset(c) for c in found.resolves} == expected, case
            assert found.remaining_conflicts == len(conflicts) - len(expected)
    ranks = [(not c.feasible, -c.deals) for c in result.results]
    assert ranks == sorted(ranks), "most effective first"


def random_plan(scenario: Scenario, rng: random.Random) -> dict[str, str]:
    chosen = rng.sample(list(scenario.issues), rng.randint(0, len(scenario.issues)))
    return {issue: rng.choice(scenario.issues[issue]) for issue in chosen}


def completions(scenario: Scenario, plan: dict[str, str]) -> list[dict[str, str]]:
    """Every deal that keeps the plan's answers and breaks no background constraint."""
    return [
        deal
        for deal in scenario.all_deals()
        if all(deal[i] == o for i, o in plan.items()) and not any(rule.holds(deal) for rule in scenario.background)
    ]


def changes(plan: dict[str, str], deal: dict[str, str]) -> int:
    return sum(1 for i, o in plan.items() if deal[i] != o)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_check_matches_brute_force(seed: int, tmp_path) -> None:
    scenario = random_scenario(seed)
    plan = random_plan(scenario, random.Random(seed))
    loaded = zopa.load(write_scenario(scenario, tmp_path / "scenario"))
    plan_file = tmp_path / "plan.lp"
    plan_file.write_text("".join(f"deal({i}, {o}).\n" for i, o in plan.items()), encoding="utf-8")
    result = zopa.check(loaded, plan_file, timeout=None)

    filled = completions(scenario, plan)
    assert result.background_violated == (not filled)
    everyone = scenario.red_lines
    if filled:
        always = {r.id for r in everyone if all(r.violated(d) for d in filled)}
        sometimes = {r.id for r in everyone if any(r.violated(d) for d in filled)} - always
        assert {v.red_line for v in result.violations} == always
        if len(plan) < len(scenario.issues):
            assert {v.red_line for v in result.at_risk} == sometimes
        assert result.completable == any(not any(r.violated(d) for r in everyone) for d in filled)
    feasible = [dict(d) for d in scenario.feasible()]
    if feasible:
        assert result.nearest is not None and frozenset(result.nearest.items()) in scenario.feasible()
        assert changes(plan, result.nearest) == min(changes(plan, d) for d in feasible), "nearest is really nearest"
        assert len(result.changes) == changes(plan, result.nearest)
    else:
        assert result.nearest is None
        worlds = completions(scenario, {})
        if worlds:  # the closest deal: fewest red lines broken, then fewest changes
            broken = lambda d: sum(1 for r in everyone if r.violated(d))  # noqa: E731
            fewest = min(broken(d) for d in worlds)
            assert result.closest is not None and broken(result.closest) == fewest
            assert changes(plan, result.closest) == min(changes(plan, d) for d in worlds if broken(d) == fewest)
            assert {v.red_line for v in result.closest_violates} == {
                r.id for r in everyone if r.violated(result.closest)
            }


TWO_PARTY = Scenario(
    issues={"a": ["x", "y"], "b": ["u", "v"]},
    parties=["p", "q"],
    red_lines=[RedLine("r1", "p", requires={"a": {"x"}}), RedLine("r2", "q", forbids={("b", "u")})],
)


@pytest.mark.parametrize(
    "plan, message",
    [
        ("deal(c, x).\n", "no issue c"),
        ("deal(a, w).\n", "issue a has no option w"),
        ("deal(a, x).\ndeal(a, y).\n", "already answers a with x"),
        ("deal(a, x) :- deal(b, u).\n", "only deal(ISSUE, OPTION) facts"),
        ("red_line(r3, p).\n", "only deal(ISSUE, OPTION) facts"),
        ("deal(a, x\n", "syntax error"),
        ("deal(a, f(x)).\n", "only deal(ISSUE, OPTION) facts"),
        ("-deal(a, x).\n", "only deal(ISSUE, OPTION) facts"),
        ("deal(a; b, x).\n", "only deal(ISSUE, OPTION) facts"),
        ("deal(a, X).\n", "X is a variable (ids start lower case), not an option (did you mean x?)"),
        ("deal(a, x).\n#program later.\ndeal(b, u).\n", "only deal(ISSUE, OPTION) facts"),
    ],
    ids=[
        "unknown-issue",
        "unknown-option",
        "two-options",
        "rule",
        "other-fact",
        "syntax",
        "compound",
        "negated",
        "pool",
        "variable",
        "program-part",
    ],
)
def test_bad_plans_fail_with_one_located_line(plan: str, message: str, tmp_path, capsys) -> None:
    folder = write_scenario(TWO_PARTY, tmp_path / "scenario")
    plan_file = tmp_path / "plan.lp"
    plan_file.write_text(plan, encoding="utf-8")
    before = plan_file.read_bytes()
    assert run(["check", str(plan_file), "--positions", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ") and "plan.lp:" in err
    assert message in err and "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_check_json_keys(tmp_path, capsys) -> None:
    folder = write_scenario(TWO_PARTY, tmp_path / "scenario")
    plan_file = tmp_path / "plan.lp"
    plan_file.write_text("% a plan may say what it encodes\ndeal(a, y).  % and why\n", encoding="utf-8")
    assert run(["check", str(plan_file), "--positions", str(folder), "--json"]) == 0
    import json

    result = json.loads(capsys.readouterr().out)
    assert result["violations"] == [{"red_line": "r1", "party": "p", "label": "r1"}]
    assert result["completable"] is False
    assert result["nearest"] == {"a": "x", "b": "v"}
    assert result["changes"] == [{"issue": "a", "plan": "y", "nearest": "x"}]
    assert result["open_issues"] == ["b"]


def test_whatif_party_restricts_the_movers_and_depth_is_bounded(tmp_path, capsys) -> None:
    folder = write_scenario(TWO_PARTY, tmp_path / "scenario")
    assert run(["whatif", "--positions", str(folder), "--party", "q", "--json"]) == 0
    import json

    result = json.loads(capsys.readouterr().out)
    assert [c["concede"] for c in result["results"]] == [["r2"]]
    assert run(["whatif", "--positions", str(folder), "--depth", "3"]) == 2
    assert "--depth 3" in capsys.readouterr().err


def test_huge_sweep_needs_limit_or_yes(tmp_path, capsys) -> None:
    many = Scenario(
        issues={"a": [f"o{n}" for n in range(120)]},
        parties=["p"],
        red_lines=[RedLine(f"r{n}", "p", forbids={("a", f"o{n}")}) for n in range(110)],
    )
    folder = write_scenario(many, tmp_path / "many")
    assert run(["whatif", "--positions", str(folder), "--depth", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "6105 cases" in err and "--limit" in err and "--yes" in err
    assert run(["whatif", "--positions", str(folder), "--depth", "2", "--limit", "50", "--json"]) == 0
    import json

    result = json.loads(capsys.readouterr().out)
    assert result["evaluated"] == 50 and result["complete"] is False


def test_an_answer_no_deal_can_give_fixes_nothing(tmp_path) -> None:
    """Solver.fixed: the literals fixing a plan's answers, or None when the grounding has no
    atom for one of them (the type checker asked what happens then: check() reports the plan
    as breaking the background, instead of passing a missing literal to clingo)."""
    loaded = zopa.load(write_scenario(TWO_PARTY, tmp_path / "scenario"))
    fixed = loaded.solver.fixed([("a", "x"), ("b", "v")])
    assert fixed is not None and len(fixed) == 2
    assert loaded.solver.fixed([("a", "x"), ("a", "no_such_option")]) is None
    assert loaded.solver.fixed([]) == []
