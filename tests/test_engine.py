"""The engine against known answers: small scenarios whose feasible deals are written out by
hand in the table below, and checked a second time against the brute-force oracle
(tests/oracle.py), which knows nothing of clingo."""

from __future__ import annotations

import json
from dataclasses import dataclass

import clingo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zopa
import zopa.cli
from oracle import RedLine, Rule, Scenario, freeze, parse_deal, show_deals, write_scenario
from zopa.render.json import dumps, loads
from zopa.results import DealsResult

# ---------------------------------------------------------------------------------------
# Scenarios


def two_parties_at_odds(concede: set[str] = frozenset()) -> Scenario:
    """p1 will not have a=x; p2 will not have a=y nor b=p."""
    return Scenario(
        issues={"a": ["x", "y"], "b": ["p", "q"]},
        parties=["p1", "p2"],
        red_lines=[
            RedLine("r1", "p1", forbids={("a", "x")}),
            RedLine("r2", "p2", forbids={("a", "y")}),
            RedLine("r3", "p2", forbids={("b", "p")}),
        ],
        concede=set(concede),
    )


FORBIDS_ONLY = Scenario(
    issues={"a": ["x", "y", "z"], "b": ["p", "q"]},
    parties=["p1", "p2"],
    red_lines=[
        RedLine("r1", "p1", forbids={("a", "x")}),
        RedLine("r2", "p2", forbids={("b", "p"), ("a", "z")}),
    ],
)

REQUIRES_ANY = Scenario(
    issues={"a": ["x", "y", "z"], "b": ["p", "q"]},
    parties=["p1", "p2"],
    red_lines=[
        RedLine("r1", "p1", requires={"a": {"x", "y"}}),
        RedLine("r2", "p2", requires={"b": {"q"}}),
    ],
)

REQUIRES_TWO_ISSUES = Scenario(
    issues={"a": ["x", "y", "z"], "b": ["p", "q", "s"]},
    parties=["p1"],
    red_lines=[RedLine("r1", "p1", requires={"a": {"x", "z"}, "b": {"q", "s"}})],
)

GENERAL_RULES = Scenario(
    issues={"a": ["x", "y"], "b": ["p", "q"], "c": ["m", "n"]},
    parties=["p1", "p2"],
    red_lines=[
        # p1: if a is x, then b must be p.
        RedLine(
            "r1",
            "p1",
            rules=[Rule("violated(r1) :- deal(a, x), not deal(b, p).", lambda d: d["a"] == "x" and d["b"] != "p")],
        ),
        # p2: never b=p together with c=m.
        RedLine(
            "r2",
            "p2",
            rules=[Rule("violated(r2) :- deal(b, p), deal(c, m).", lambda d: d["b"] == "p" and d["c"] == "m")],
        ),
    ],
)

RULE_AND_FORBIDS = Scenario(
    issues={"a": ["x", "y"], "b": ["p", "q"], "c": ["m", "n"]},
    parties=["p1"],
    red_lines=[
        RedLine(
            "r1",
            "p1",
            forbids={("a", "x")},
            rules=[Rule("violated(r1) :- deal(b, p), deal(c, n).", lambda d: d["b"] == "p" and d["c"] == "n")],
        ),
    ],
)

BACKGROUND = Scenario(
    issues={"a": ["x", "y"], "b": ["p", "q"]},
    parties=["p1"],
    red_lines=[RedLine("r1", "p1", forbids={("b", "q")})],
    background=[Rule(":- deal(a, x), deal(b, p).", lambda d: d["a"] == "x" and d["b"] == "p")],
)

SINGLE_OPTION = Scenario(
    issues={"a": ["only"], "b": ["p", "q"]},
    parties=["p1"],
    red_lines=[
        RedLine("r1", "p1", forbids={("b", "p")}),
        RedLine("r2", "p1", requires={"a": {"only"}}),
    ],
)

EVERYTHING_FEASIBLE = Scenario(
    issues={"a": ["x", "y"], "b": ["p", "q"]},
    parties=["p1", "p2"],
    red_lines=[RedLine("r1", "p1", requires={"a": {"x", "y"}})],  # vacuous; p2 has none
)

BACKGROUND_ONLY_INFEASIBLE = Scenario(
    issues={"a": ["x", "y"]},
    parties=["p1"],
    red_lines=[RedLine("r1", "p1", forbids={("a", "x")})],
    background=[Rule(":- deal(a, y).", lambda d: d["a"] == "y")],
)


@dataclass
class Case:
    id: str
    scenario: Scenario
    expected: set[str]
    """Feasible deals, worked out by hand, as 'issue=option ...' strings."""
    parties: list[str] | None = None
    concede: list[str] | None = None


CASES = [
    Case("forbids-only", FORBIDS_ONLY, {"a=y b=q"}),
    Case("requires-several-options-mean-any", REQUIRES_ANY, {"a=x b=q", "a=y b=q"}),
    Case("requires-on-two-issues-both-needed", REQUIRES_TWO_ISSUES, {"a=x b=q", "a=x b=s", "a=z b=q", "a=z b=s"}),
    Case(
        "general-rule-conjunction-and-negation",
        GENERAL_RULES,
        {"a=x b=p c=n", "a=y b=p c=n", "a=y b=q c=m", "a=y b=q c=n"},
    ),
    Case(
        "general-rule-party-alone",
        GENERAL_RULES,
        {"a=x b=p c=m", "a=x b=p c=n", "a=y b=p c=m", "a=y b=p c=n", "a=y b=q c=m", "a=y b=q c=n"},
        parties=["p1"],
    ),
    Case("rule-plus-forbids-either-violates", RULE_AND_FORBIDS, {"a=y b=p c=m", "a=y b=q c=m", "a=y b=q c=n"}),
    Case("background-constraint", BACKGROUND, {"a=y b=p"}),
    Case("background-binds-without-parties-red-lines", BACKGROUND, {"a=x b=q", "a=y b=p", "a=y b=q"}, concede=["r1"]),
    Case("background-and-red-line-infeasible", BACKGROUND_ONLY_INFEASIBLE, set()),
    Case("background-never-conceded", BACKGROUND_ONLY_INFEASIBLE, {"a=x"}, concede=["r1"]),
    Case("party-restriction-p1", two_parties_at_odds(), {"a=y b=p", "a=y b=q"}, parties=["p1"]),
    Case("party-restriction-p2", two_parties_at_odds(), {"a=x b=q"}, parties=["p2"]),
    Case("infeasible-all-parties", two_parties_at_odds(), set()),
    Case("concede-by-option", two_parties_at_odds(), {"a=y b=q"}, concede=["r2"]),
    Case("concede-by-fact", two_parties_at_odds({"r1"}), {"a=x b=q"}),
    Case("concede-by-fact-and-option", two_parties_at_odds({"r1"}), {"a=x b=p", "a=x b=q"}, concede=["r3"]),
    Case(
        "concede-other-party-under-restriction",
        two_parties_at_odds(),
        {"a=y b=p", "a=y b=q"},
        parties=["p1"],
        concede=["r2"],
    ),
    Case("issue-with-single-option", SINGLE_OPTION, {"a=only b=q"}),
    Case("everything-feasible", EVERYTHING_FEASIBLE, {"a=x b=p", "a=x b=q", "a=y b=p", "a=y b=q"}),
]


def load_case(scenario: Scenario, folder) -> zopa.Scenario:
    return zopa.load(positions=write_scenario(scenario, folder))


def as_set(result: DealsResult) -> set:
    return {freeze(deal) for deal in result.deals}


# ---------------------------------------------------------------------------------------
# Known answers


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hand_written_answer_agrees_with_oracle(case: Case):
    """The table itself is checked: the hand-written answers and the oracle agree."""
    expected = {parse_deal(d) for d in case.expected}
    assert case.scenario.feasible(case.parties, case.concede or ()) == expected


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_deals_match_hand_written_answer_and_oracle(case: Case, tmp_path):
    scenario = load_case(case.scenario, tmp_path)
    result = zopa.deals(scenario, parties=case.parties, concede=case.concede, limit=0)
    found = as_set(result)
    expected = {parse_deal(d) for d in case.expected}
    oracle = case.scenario.feasible(case.parties, case.concede or ())
    assert len(result.deals) == len(found), f"duplicate deals: {result.deals}"
    assert show_deals(found) == show_deals(expected)
    assert found == oracle
    assert result.feasible is bool(expected)
    assert result.complete is True
    # Every deal answers every issue, in the catalogue's issue order.
    for deal in result.deals:
        assert list(deal) == list(case.scenario.issues)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_red_lines_checked_and_reported_choices(case: Case, tmp_path):
    scenario = load_case(case.scenario, tmp_path)
    result = zopa.deals(scenario, parties=case.parties, concede=case.concede, limit=1)
    binding = case.scenario.enforced(case.parties, case.concede or ())
    assert result.red_lines_checked == len(binding)
    assert result.parties == (case.parties or case.scenario.parties)
    withdrawn = set(case.concede or ()) | case.scenario.concede
    assert sorted(result.conceded) == sorted(withdrawn)


# ---------------------------------------------------------------------------------------
# Limits


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if len(c.expected) >= 2],
    ids=[c.id for c in CASES if len(c.expected) >= 2],
)
def test_limit_cuts_the_list_and_says_so(case: Case, tmp_path):
    scenario = load_case(case.scenario, tmp_path)
    total = len(case.expected)
    expected = {parse_deal(d) for d in case.expected}

    cut = zopa.deals(scenario, parties=case.parties, concede=case.concede, limit=total - 1)
    assert len(cut.deals) == total - 1
    assert cut.complete is False
    assert cut.feasible is True
    assert as_set(cut) <= expected

    exact = zopa.deals(scenario, parties=case.parties, concede=case.concede, limit=total)
    assert as_set(exact) == expected
    assert exact.complete is True

    roomy = zopa.deals(scenario, parties=case.parties, concede=case.concede, limit=total + 3)
    assert as_set(roomy) == expected
    assert roomy.complete is True


def test_default_limit_is_five(tmp_path):
    # 3 issues with 3 options each and no red line: 27 deals.
    wide = Scenario(issues={i: ["u", "v", "w"] for i in "abc"}, parties=["p1"])
    result = zopa.deals(load_case(wide, tmp_path))
    assert len(wide.feasible()) == 27
    assert len(result.deals) == 5
    assert result.complete is False
    assert as_set(result) <= wide.feasible()


def test_independent_issues_multiply_the_deals_of_the_tied_ones(tmp_path):
    # a and b are tied by red lines; c and d are read by nothing, but the background rules
    # out one option of c on its own; e ties to nothing either. zopa lists the tied issues
    # through the solver and multiplies in the others: the list must still be exactly the
    # deals, and a limit must cut it and say so.
    scenario = Scenario(
        issues={"a": ["x", "y"], "b": ["x", "y"], "c": ["u", "v", "w"], "d": ["u", "v"], "e": ["only"]},
        parties=["p", "q"],
        red_lines=[
            RedLine(
                "p_same",
                "p",
                rules=[Rule("violated(p_same) :- deal(a, O), not deal(b, O).", lambda d: d["a"] != d["b"])],
            ),
            RedLine("q_not_y", "q", forbids={("a", "y")}),
        ],
        background=[Rule(":- deal(c, w).", lambda d: d["c"] == "w")],
    )
    loaded = load_case(scenario, tmp_path)
    expected = scenario.feasible()
    assert len(expected) == 4  # a=x b=x, c in {u, v}, d in {u, v}, e=only
    result = zopa.deals(loaded, limit=0)
    assert as_set(result) == expected and len(result.deals) == 4 and result.complete
    assert [list(deal) for deal in result.deals] == [["a", "b", "c", "d", "e"]] * 4  # issues in catalogue order
    for limit in (1, 2, 3, 4, 5):
        cut = zopa.deals(loaded, limit=limit)
        assert len(cut.deals) == min(limit, 4) and as_set(cut) <= expected
        assert cut.complete == (limit >= 4)
    conceded = zopa.deals(loaded, concede=["p_same", "q_not_y"], limit=0)
    assert as_set(conceded) == scenario.feasible(concede=["p_same", "q_not_y"]) and len(conceded.deals) == 16


# Issues tied by rules other than constraints: a rule deriving one answer from another, a
# constraint written as an odd loop, helper atoms chosen together, a disjunctive helper.
# Each is given to the oracle as the deals it rules out.
TIED_OTHERWISE = [
    ("deal-from-deal", "deal(b, y) :- deal(a, x).", lambda d: d["a"] == "x" and d["b"] != "y"),
    ("odd-loop", "zz :- not zz, deal(a, x), deal(b, x).", lambda d: d["a"] == "x" and d["b"] == "x"),
    ("chosen-helpers", "1 { pick(a) ; pick(b) } 1. :- pick(I), deal(I, x).", lambda d: d["a"] == "x" and d["b"] == "x"),
    ("disjunctive-helper", "h ; g :- deal(a, x). :- h. :- g, deal(b, x).", lambda d: d["a"] == "x" and d["b"] == "x"),
]


@pytest.mark.parametrize(
    "asp, rules_out", [(asp, holds) for _, asp, holds in TIED_OTHERWISE], ids=[n for n, _, _ in TIED_OTHERWISE]
)
def test_issues_tied_by_other_rules_are_not_multiplied_apart(asp, rules_out, tmp_path):
    scenario = Scenario(
        issues={"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y"], "d": ["x", "y"]},
        parties=["p"],
        red_lines=[RedLine("r", "p", forbids={("c", "y")})],
        background=[Rule(asp, rules_out)],
    )
    result = zopa.deals(load_case(scenario, tmp_path), limit=0)
    assert sorted(map(sorted, (d.items() for d in result.deals))) == sorted(map(sorted, scenario.feasible()))
    assert len(result.deals) == len(scenario.feasible()) == 6 and result.complete  # each deal once


def test_a_conflict_through_a_rule_deriving_one_answer_from_another(tmp_path):
    # r1 and r2 read different issues; only the background rule joins them. Searched as two
    # separate clusters, neither would hold a conflict, though together they admit no deal.
    scenario = Scenario(
        issues={"a": ["x", "y"], "b": ["x", "y"]},
        parties=["p", "q"],
        red_lines=[RedLine("r1", "p", requires={"a": {"x"}}), RedLine("r2", "q", requires={"b": {"x"}})],
        background=[Rule("deal(b, y) :- deal(a, x).", lambda d: d["a"] == "x" and d["b"] != "y")],
    )
    result = zopa.why(load_case(scenario, tmp_path), limit=0)
    assert not scenario.feasible()
    assert [c.red_lines for c in result.conflicts] == [["r1", "r2"]] and result.complete
    assert sorted(c.red_lines for c in result.concessions) == [["r1"], ["r2"]]


def test_infeasible_is_complete_even_with_limit(tmp_path):
    scenario = load_case(two_parties_at_odds(), tmp_path)
    result = zopa.deals(scenario, limit=1)
    assert result.feasible is False
    assert result.deals == []
    assert result.complete is True


# ---------------------------------------------------------------------------------------
# JSON


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if c.id in {"requires-several-options-mean-any", "infeasible-all-parties", "concede-by-fact-and-option"}
    ],
    ids=lambda c: c.id,
)
def test_deals_json_keys_and_round_trip(case: Case, tmp_path, capsys):
    folder = write_scenario(case.scenario, tmp_path)
    args = ["deals", "--positions", str(folder), "--limit", "0", "--json"]
    args += [x for p in case.parties or () for x in ("--party", p)]
    args += [x for r in case.concede or () for x in ("--concede", r)]
    assert zopa.cli.run(args) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert {"feasible", "deals", "complete"} <= set(data)
    assert isinstance(data["feasible"], bool)
    assert isinstance(data["complete"], bool)
    assert isinstance(data["deals"], list)
    assert all(isinstance(d, dict) and all(isinstance(v, str) for v in d.values()) for d in data["deals"])
    assert data["complete"] is True
    assert {freeze(d) for d in data["deals"]} == case.scenario.feasible(case.parties, case.concede or ())
    assert data["feasible"] is bool(data["deals"])

    parsed = loads(DealsResult, out)
    assert json.loads(dumps(parsed)) == data
    assert loads(DealsResult, dumps(parsed)) == parsed


def test_deals_json_says_incomplete_when_cut(tmp_path, capsys):
    folder = write_scenario(EVERYTHING_FEASIBLE, tmp_path)
    assert zopa.cli.run(["deals", "--positions", str(folder), "--limit", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is False
    assert len(data["deals"]) == 2
    assert data["feasible"] is True


# ---------------------------------------------------------------------------------------
# One grounding, many questions


SWITCHES = [
    (None, None),
    (["p1"], None),
    (["p2"], None),
    (None, ["r2"]),
    (["p2"], ["r3"]),
    (None, ["r1", "r3"]),
    (None, None),  # back to the start: nothing left over from earlier calls
    (["p1", "p2"], ["r1"]),
    (["p1"], None),
]


def test_switching_parties_and_concessions_without_reload(tmp_path, monkeypatch):
    groundings = []
    original = clingo.Control.ground

    def counting_ground(self, *args, **kwargs):
        groundings.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(clingo.Control, "ground", counting_ground)
    oracle = two_parties_at_odds()
    scenario = load_case(oracle, tmp_path)
    for parties, concede in SWITCHES:
        result = zopa.deals(scenario, parties=parties, concede=concede, limit=0)
        assert as_set(result) == oracle.feasible(parties, concede or ()), (parties, concede)
        assert result.red_lines_checked == len(oracle.enforced(parties, concede or ()))
    assert len(groundings) == 1, f"grounded {len(groundings)} times"


def test_switching_with_general_rules_and_background(tmp_path):
    oracle = Scenario(
        issues={"a": ["x", "y"], "b": ["p", "q"], "c": ["m", "n"]},
        parties=["p1", "p2"],
        red_lines=GENERAL_RULES.red_lines + [RedLine("r3", "p2", forbids={("c", "n")})],
        background=[Rule(":- deal(a, y), deal(c, m).", lambda d: d["a"] == "y" and d["c"] == "m")],
    )
    scenario = load_case(oracle, tmp_path)
    for parties, concede in [
        (None, None),
        (["p1"], None),
        (None, ["r3"]),
        (["p2"], ["r2"]),
        (None, ["r1", "r2", "r3"]),
        (None, None),
    ]:
        result = zopa.deals(scenario, parties=parties, concede=concede, limit=0)
        assert show_deals(as_set(result)) == show_deals(oracle.feasible(parties, concede or ())), (parties, concede)


# ---------------------------------------------------------------------------------------
# Random small scenarios against the oracle

ISSUES = {"a": ["x", "y", "z"], "b": ["p", "q"], "c": ["m", "n"]}
CHOICES = [(i, o) for i, opts in ISSUES.items() for o in opts]


@st.composite
def random_scenarios(draw):
    red_lines = []
    for n in range(draw(st.integers(0, 5))):
        owner = draw(st.sampled_from(["p1", "p2", "p3"]))
        forbids = set(draw(st.lists(st.sampled_from(CHOICES), max_size=2)))
        requires: dict[str, set[str]] = {}
        for issue, option in draw(st.lists(st.sampled_from(CHOICES), max_size=3)):
            requires.setdefault(issue, set()).add(option)
        red_lines.append(RedLine(f"r{n}", owner, forbids=forbids, requires=requires))
    ids = [r.id for r in red_lines]
    concede_facts = set(draw(st.lists(st.sampled_from(ids), max_size=2))) if ids else set()
    parties = draw(
        st.one_of(st.none(), st.lists(st.sampled_from(["p1", "p2", "p3"]), min_size=1, max_size=3, unique=True))
    )
    concede = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if ids else []
    return (
        Scenario(issues=ISSUES, parties=["p1", "p2", "p3"], red_lines=red_lines, concede=concede_facts),
        parties,
        concede,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(random_scenarios())
def test_random_scenarios_agree_with_oracle(tmp_path, drawn):
    oracle, parties, concede = drawn
    folder = tmp_path / "random"
    for old in folder.glob("*.lp"):
        old.unlink()
    scenario = load_case(oracle, folder)
    result = zopa.deals(scenario, parties=parties, concede=concede, limit=0)
    assert show_deals(as_set(result)) == show_deals(oracle.feasible(parties, concede))
    assert result.complete is True
    assert result.red_lines_checked == len(oracle.enforced(parties, concede))
