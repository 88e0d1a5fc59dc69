"""The parties' interests and the options per issue on random scenarios, each answer checked
against the brute-force oracle.

    ./dev.sh test tests/test_interests.py                                # a share of the 200 examples each
    HYPOTHESIS_PROFILE=thorough ./dev.sh test tests/test_interests.py    # ten times as many

Every party has a few soft demands (wants/4, tests/strategies.py `interest_scenarios`),
several on one issue now and then, weights mostly small so that profiles tie. The oracle
(tests/oracle.py `Interests`, `issue_options`, `blocks`, `smallest_block`) scans every
feasible deal in issue and option order: the satisfaction profiles, the non-dominated
ones, each party's best, the fair rules in exact fractions, the first deal with each
profile, and per issue the forced, open and impossible options with the fewest red lines
that rule each impossible one out. zopa gets the same scenario as ASP in a fresh
temporary folder, and is asked through the library (zopa.analyses.pareto.pareto,
zopa.analyses.options.options) with --party, --concede, and now and then --as-of and
--evidence.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

import zopa
from oracle import (
    FAIR_RULES,
    Interests,
    RedLine,
    Scenario,
    Table,
    blocks,
    freeze,
    issue_options,
    random_scenario,
    satisfaction,
    show_deals,
    smallest_block,
    write_scenario,
)
from strategies import (
    Question,
    chained_scenarios,
    dated_questions,
    interest_scenarios,
    mix,
    plans,
    questions,
    without_wants,
)
from workspace import asked, load, share, workspace
from zopa.analyses.options import options
from zopa.analyses.pareto import pareto
from zopa.analyses.pareto import satisfaction as engine_satisfaction
from zopa.render.json import dumps
from zopa.results import OptionsResult

QUESTIONS = st.one_of(
    interest_scenarios().map(Question),
    questions(interest_scenarios()),
    dated_questions(interest_scenarios(dated=True)),
)
"""Scenarios with soft demands asked about every party; as often with --party and
--concede; as often dated ones, with --as-of and --evidence now and then."""
CHAINED = questions(chained_scenarios())
"""Red lines that chain through the issues: options that only several red lines together
rule out."""


# ---------------------------------------------------------------------------------------
# Helpers


def interests(question: Question, table: Table) -> Interests:
    found = Interests(table, question.enforced(table), question.parties or question.scenario.parties)
    event(mix(table, question.enforced(table)))
    event(f"frontier: {min(len(found.frontier), 4)}{'+' if len(found.frontier) > 3 else ''} profiles")
    return found


def options_of(loaded: zopa.Scenario, **keywords) -> OptionsResult:
    return options(loaded, **keywords)


def profile(oracle: Interests, named: dict[str, int]) -> tuple[int, ...]:
    assert list(named) == oracle.parties, "a key for every enforced party, in their order"
    return tuple(named[p] for p in oracle.parties)


# ---------------------------------------------------------------------------------------
# deals --pareto


@share(1.5)
@given(st.one_of(QUESTIONS, CHAINED), st.sampled_from(FAIR_RULES), st.data())
def test_frontier_and_fair_choice_match_oracle(question: Question, rule: str, data) -> None:
    scenario = question.scenario
    table = Table(scenario)
    oracle = interests(question, table)
    feasible = {freeze(d) for d in oracle.deals}
    some = data.draw(plans(scenario.issues, full=True), label="a deal to weigh")
    with workspace() as folder:
        loaded = load(folder, scenario)
        result = pareto(loaded, fair=rule, limit=0, **asked(question))
        weighed = engine_satisfaction(loaded, some, oracle.parties)
    assert weighed == satisfaction(scenario, some, oracle.parties), "satisfaction of any deal, feasible or not"
    assert result.complete
    assert result.feasible == bool(feasible)
    assert result.parties == oracle.parties
    if not feasible:
        assert result.frontier == [] and result.fair is None
        return

    found = [profile(oracle, point.satisfaction) for point in result.frontier]
    assert len(found) == len(set(found)), "each profile once"
    assert set(found) == oracle.frontier, f"frontier {sorted(found)}, expected {sorted(oracle.frontier)}"
    for point, profiled in zip(result.frontier, found, strict=True):
        assert freeze(point.deal) in feasible, f"{point.deal} is not feasible"
        assert list(point.deal) == list(scenario.issues), "every issue answered, in catalogue order"
        assert oracle.profile(point.deal) == profiled, f"{point.deal} does not have the stated satisfaction"
        assert point.deal == oracle.first[profiled], f"not the first deal with {profiled}: {oracle.first[profiled]}"

    assert profile(oracle, result.best) == oracle.best
    for each in FAIR_RULES:
        chosen = oracle.fair(each)
        assert profile(oracle, result.choices[each]) == chosen, f"{each} chooses {chosen}"
        assert oracle.score(each, chosen) == oracle.top(each), "optimal among every feasible deal"
    assert result.rules_agree == (len({oracle.fair(each) for each in FAIR_RULES}) == 1)

    fair = result.fair
    assert fair is not None and fair.rule == rule
    assert profile(oracle, fair.satisfaction) == oracle.fair(rule)
    assert fair.deal == oracle.first[oracle.fair(rule)]
    assert result.frontier[0].satisfaction == fair.satisfaction and result.frontier[0].deal == fair.deal
    scores = [oracle.score(rule, p) for p in found]
    assert scores == sorted(scores, reverse=True), "ordered by the fair rule, best first"


@share(0.75)
@given(st.one_of(QUESTIONS, CHAINED), st.integers(1, 3))
def test_a_limit_lists_only_pareto_optimal_profiles(question: Question, limit: int) -> None:
    oracle = interests(question, Table(question.scenario))
    with workspace() as folder:
        result = pareto(load(folder, question.scenario), limit=limit, **asked(question))
    found = [profile(oracle, point.satisfaction) for point in result.frontier]
    assert len(found) == len(set(found)) == min(limit, len(oracle.frontier))
    assert set(found) <= oracle.frontier, f"not Pareto-optimal: {set(found) - oracle.frontier}"
    assert result.complete == (len(oracle.frontier) <= limit), "complete exactly when nothing was cut"
    for point, profiled in zip(result.frontier, found, strict=True):
        assert point.deal == oracle.first[profiled]
    if found:
        assert result.fair is not None and profile(oracle, result.fair.satisfaction) in found


@share(0.5)
@given(interest_scenarios(min_parties=2), st.data())
def test_party_restricts_the_satisfaction_keys(scenario: Scenario, data) -> None:
    chosen = data.draw(st.lists(st.sampled_from(scenario.parties), min_size=1, unique=True), label="--party")
    question = Question(scenario, chosen)
    oracle = interests(question, Table(scenario))
    idle = [p for p in chosen if not any(w[0] == p for w in scenario.wants)]
    with workspace() as folder:
        result = pareto(load(folder, scenario), **asked(question))
    named = [point.satisfaction for point in result.frontier]
    if result.feasible:  # no feasible deal: no best, no choices
        assert result.fair is not None
        named += [result.best, *result.choices.values(), result.fair.satisfaction]
    for satisfied in named:
        assert list(satisfied) == chosen, "keys: the enforced parties, no other"
        assert all(satisfied[p] == 0 for p in idle), "0 for a party without soft demands"
    assert {profile(oracle, s) for s in (p.satisfaction for p in result.frontier)} == oracle.frontier


def test_hand_written_frontier_and_fair_rules(tmp_path: Path) -> None:
    """Two parties pulling apart on one issue and a third that wants nothing: three
    profiles, none dominated (s rules out b=y, which q wants most). nash and leximin choose
    the compromise; by welfare all three score 1, so the first deal (a=x) wins."""
    scenario = Scenario(
        issues={"a": ["x", "y", "z"], "b": ["x", "y"]},
        parties=["p", "q", "s"],
        red_lines=[RedLine(id="r0", owner="s", forbids={("b", "y")})],
        wants=[("p", "a", "x", 4), ("q", "a", "y", 4), ("p", "a", "z", 2), ("q", "a", "z", 2), ("q", "b", "y", 9)],
    )
    loaded = zopa.load(write_scenario(scenario, tmp_path))
    result = pareto(loaded, timeout=None)
    assert [(p.satisfaction, p.deal) for p in result.frontier][:1] == [({"p": 2, "q": 2, "s": 0}, {"a": "z", "b": "x"})]
    assert {tuple(p.satisfaction.values()) for p in result.frontier} == {(4, 0, 0), (0, 4, 0), (2, 2, 0)}
    assert result.best == {"p": 4, "q": 4, "s": 0}
    assert result.choices == {
        "nash": {"p": 2, "q": 2, "s": 0},
        "leximin": {"p": 2, "q": 2, "s": 0},
        "welfare": {"p": 4, "q": 0, "s": 0},  # 1 + 0 = 0 + 1 = ½ + ½: the first deal, a=x
    }
    assert not result.rules_agree
    assert pareto(loaded, parties=["s"], timeout=None).frontier[0].satisfaction == {"s": 0}
    with_q = pareto(loaded, parties=["p", "q"], timeout=None)  # r0 is not enforced: b=y is open to q
    assert {tuple(p.satisfaction.values()) for p in with_q.frontier} == {(4, 9), (0, 13), (2, 11)}


# ---------------------------------------------------------------------------------------
# options


@share(1.5)
@given(st.one_of(QUESTIONS, CHAINED), st.sampled_from([0, 1, 2, 5, 1000]))
def test_options_match_oracle(question: Question, cap: int) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = question.enforced(table)
    event(mix(table, enforced))
    expected = issue_options(table, enforced)
    with workspace() as folder:
        result = options_of(load(folder, scenario), count_cap=cap, **asked(question))
    assert result.complete
    assert result.feasible == bool(expected)
    if not expected:
        assert result.issues == {}
        return
    assert list(result.issues) == list(scenario.issues)
    for issue, answer in result.issues.items():
        want = expected[issue]
        assert answer.forced == want.forced, issue
        assert answer.open == want.open, issue
        assert [i.option for i in answer.impossible] == want.impossible, issue
        for impossible in answer.impossible:
            blocked = impossible.blocked_by
            event(f"blocked by {min(len(blocked), 3)}{'+' if len(blocked) > 2 else ''} red lines")
            assert blocked == sorted(set(blocked)) and set(blocked) <= enforced, f"{issue}={impossible.option}"
            assert blocks(table, issue, impossible.option, blocked), f"{blocked} does not rule out {impossible.option}"
            assert len(blocked) == smallest_block(table, enforced, issue, impossible.option), "the fewest"
        if cap:
            assert answer.deals == {o: min(n, cap) for o, n in want.deals.items()}, issue
            assert answer.deals_at_least == [o for o in want.open if want.deals[o] > cap], issue
        else:
            assert answer.deals == {} and answer.deals_at_least == []


def test_an_issue_tied_only_by_the_background_has_its_blocking_set(tmp_path: Path) -> None:
    """r requires a=x, and the background forbids a=x with b=x: b=x is impossible, and {r}
    is the smallest set of red lines that rules it out."""
    (tmp_path / "scenario.lp").write_text(
        "issue(a). option(a, x). option(a, y).\n"
        "issue(b). option(b, x). option(b, y).\n"
        "party(p). red_line(r, p). requires(r, a, x).\n"
        ":- deal(a, x), deal(b, x).\n",
        encoding="utf-8",
    )
    result = options(zopa.load(tmp_path), timeout=None)
    b = result.issues["b"]
    assert (b.forced, b.open) == ("y", ["y"])
    assert [(i.option, i.blocked_by) for i in b.impossible] == [("x", ["r"])]


def test_hand_written_options(tmp_path: Path) -> None:
    scenario = Scenario(
        issues={"a": ["x", "y", "z"], "b": ["x", "y"]},
        parties=["p", "q"],
        red_lines=[
            RedLine(id="r0", owner="p", requires={"a": {"x", "y"}}),
            RedLine(id="r1", owner="q", forbids={("a", "x")}),
            RedLine(id="r2", owner="q", forbids={("a", "x")}),
        ],
    )
    write_scenario(scenario, tmp_path)
    (tmp_path / "background.lp").write_text(":- deal(b, y).\n", encoding="utf-8")
    result = options(zopa.load(tmp_path), timeout=None)
    a, b = result.issues["a"], result.issues["b"]
    assert (a.forced, a.open, a.deals) == ("y", ["y"], {"y": 1})
    assert [(i.option, len(i.blocked_by)) for i in a.impossible] == [("x", 1), ("z", 1)]
    assert a.impossible[0].blocked_by in (["r1"], ["r2"]) and a.impossible[1].blocked_by == ["r0"]
    assert (b.forced, b.open, [(i.option, i.blocked_by) for i in b.impossible]) == ("x", ["x"], [("y", [])])
    assert options(zopa.load(tmp_path), parties=["q"], concede=["r1", "r2"], timeout=None).issues["a"].open == [
        "x",
        "y",
        "z",
    ]


# ---------------------------------------------------------------------------------------
# Soft demands never bind


@share(0.5)
@given(QUESTIONS)
def test_soft_demands_never_change_feasibility(question: Question) -> None:
    scenario = question.scenario
    plain = without_wants(scenario)
    table = Table(plain)
    enforced = question.enforced(table)
    event(mix(table, enforced))
    with workspace() as folder:
        answers = []
        for loaded in (load(folder, scenario, "wanting"), load(folder, plain, "bare")):
            deals = zopa.deals(loaded, limit=0, **asked(question))
            answers.append(
                (deals.feasible, {freeze(d) for d in deals.deals}, dumps(options_of(loaded, **asked(question))))
            )
        bare = pareto(loaded, **asked(question))
    assert answers[0] == answers[1], "wants/4 is a soft demand: deals and options are the same without it"
    assert answers[1][1] == table.feasible(enforced), show_deals(table.feasible(enforced))
    if answers[1][0]:  # nobody wants anything: one profile, all zeros, shown with the first feasible deal
        first = Interests(table, enforced, bare.parties).deals[0]
        assert [(set(p.satisfaction.values()), p.deal) for p in bare.frontier] == [({0}, first)]


# ---------------------------------------------------------------------------------------
# Determinism: the same bytes from fresh processes


DUMP = """
import sys
import zopa
from zopa.analyses.options import options
from zopa.analyses.pareto import pareto
from zopa.render.json import dumps

for folder in sys.argv[1:]:
    loaded = zopa.load(folder)
    for rule in ("nash", "leximin", "welfare"):
        sys.stdout.write(dumps(pareto(loaded, fair=rule, timeout=None)))
    backwards = list(reversed(loaded.party_ids))
    sys.stdout.write(dumps(pareto(loaded, parties=backwards, limit=2, timeout=None)))
    sys.stdout.write(dumps(options(loaded, count_cap=3, timeout=None)))
"""


def examples(count: int = 2) -> list[Scenario]:
    """The first seeded random scenarios (oracle.random_scenario, with random soft demands)
    that have at least three Pareto-optimal profiles and an option red lines rule out."""
    chosen = []
    for seed in range(1000):
        scenario = random_scenario(seed)
        rng = random.Random(seed)
        for party in scenario.parties:
            for _ in range(rng.randint(1, 3)):
                issue = rng.choice(list(scenario.issues))
                scenario.wants.append((party, issue, rng.choice(scenario.issues[issue]), rng.randint(1, 3)))
        table = Table(scenario)
        enforced = table.enforced()
        answers = issue_options(table, enforced)
        ruled_out = any(
            smallest_block(table, enforced, issue, option) for issue, a in answers.items() for option in a.impossible
        )
        if ruled_out and len(Interests(table, enforced, scenario.parties).frontier) >= 3:
            chosen.append(scenario)
            if len(chosen) == count:
                return chosen
    raise AssertionError("no seed gives a telling example")


def documents(text: str) -> list[dict]:
    """The JSON documents written one after another."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(text):
        document, at = decoder.raw_decode(text, at)
        found.append(document)
        while at < len(text) and text[at].isspace():
            at += 1
    return found


def test_json_is_the_same_bytes_in_fresh_processes(tmp_path: Path) -> None:
    folders = [str(write_scenario(s, tmp_path / f"s{n}")) for n, s in enumerate(examples())]
    outputs = []
    for seed in ("0", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", DUMP, *folders],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1], "the same scenario, the same bytes"
    written = documents(outputs[0])
    assert len(written) == 5 * len(folders)
    for n in range(len(folders)):
        nash, leximin, welfare, listed, answer = written[5 * n : 5 * n + 5]
        assert {"feasible", "frontier", "fair", "complete"} <= set(nash) and nash["complete"] is True
        assert len(nash["frontier"]) >= 3 and set(nash["frontier"][0]) == {"satisfaction", "deal"}
        assert [d["fair"]["rule"] for d in (nash, leximin, welfare)] == list(FAIR_RULES)
        assert listed["complete"] is False and len(listed["frontier"]) == 2
        parties = list(nash["frontier"][0]["satisfaction"])
        assert list(listed["frontier"][0]["satisfaction"]) == parties[::-1]
        assert {"feasible", "issues", "complete"} <= set(answer) and answer["feasible"] is True
        assert all({"forced", "open", "impossible"} <= set(i) for i in answer["issues"].values())
        assert any(i["impossible"] and i["impossible"][0]["blocked_by"] for i in answer["issues"].values())
