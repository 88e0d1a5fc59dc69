"""Properties of zopa on random scenarios, each checked against the brute-force oracle.

    ./dev.sh test tests/test_properties.py                                # 200 examples each
    HYPOTHESIS_PROFILE=thorough ./dev.sh test tests/test_properties.py    # 2000 examples each

The scenarios come from tests/strategies.py; the oracle (tests/oracle.py) enumerates every
deal and every subset of red lines in plain Python. Each scenario is written to a fresh
temporary folder and loaded in-process through the library (the CLI properties call
zopa.cli.run in-process too). A failing property prints its scenario as ASP.
"""

from __future__ import annotations

import io
import itertools
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from pathlib import Path

from hypothesis import event, given, note
from hypothesis import strategies as st

import zopa
import zopa.cli
from oracle import Deal, FrozenDeal, Scenario, Table, changed, freeze, show_deals, write_scenario
from strategies import (
    Question,
    blocked_scenarios,
    mix,
    plans,
    questions,
    scenarios,
    without_party,
    without_red_line,
    without_wants,
)
from workspace import load, workspace
from zopa.render.json import dumps, loads
from zopa.results import CheckResult, DealsResult, WhatIfResult, WhyResult

# ---------------------------------------------------------------------------------------
# Helpers


def write_plan(folder: Path, plan: Deal, name: str = "plan.lp") -> Path:
    path = folder / name
    path.write_text("% a plan\n" + "".join(f"deal({i}, {o}).\n" for i, o in plan.items()), encoding="utf-8")
    return path


def deal_set(result: DealsResult) -> set[FrozenDeal]:
    return {freeze(deal) for deal in result.deals}


def all_deals(loaded: zopa.Scenario, question: Question, concede: list[str] | None = None) -> set[FrozenDeal]:
    result = zopa.deals(
        loaded,
        parties=question.parties,
        concede=question.concede if concede is None else concede,
        limit=0,
        timeout=None,
    )
    assert result.complete, "no limit and no timeout: the list is complete"
    return deal_set(result)


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process; its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = zopa.cli.run(list(args))
    return status, out.getvalue(), err.getvalue()


def flags(question: Question) -> list[str]:
    return [a for p in question.parties or [] for a in ("--party", p)] + [
        a for r in question.concede for a in ("--concede", r)
    ]


def owners_in_order(scenario: Scenario, red_lines) -> list[str]:
    owner = {r.id: r.owner for r in scenario.red_lines}
    return [p for p in scenario.parties if p in {owner[r] for r in red_lines}]


def record_mix(table: Table, enforced: frozenset[str]) -> None:
    event(mix(table, enforced))


# ---------------------------------------------------------------------------------------
# deals


@given(questions())
def test_deals_are_sound_and_complete(question: Question) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    with workspace() as folder:
        result = zopa.deals(
            load(folder, scenario), parties=question.parties, concede=question.concede, limit=0, timeout=None
        )
    expected = table.feasible(enforced)
    found = [freeze(deal) for deal in result.deals]
    assert len(found) == len(set(found)), "each deal is listed once"
    assert not set(found) - expected, f"unsound: {show_deals(set(found) - expected)}"
    assert not expected - set(found), f"incomplete: missing {show_deals(expected - set(found))}"
    assert result.complete and not result.timed_out
    assert result.feasible == bool(expected)
    assert all(list(deal) == list(scenario.issues) for deal in result.deals), "every issue answered, in catalogue order"
    assert result.red_lines_checked == len(enforced)
    withdrawn = set(question.concede) | scenario.concede
    assert result.conceded == [r.id for r in scenario.red_lines if r.id in withdrawn]
    assert result.parties == (question.parties or scenario.parties)


@given(questions(), st.integers(1, 6))
def test_a_limit_cuts_the_list_and_says_so(question: Question, limit: int) -> None:
    table = Table(question.scenario)
    record_mix(table, question.enforced(table))
    expected = table.feasible(question.enforced(table))
    with workspace() as folder:
        result = zopa.deals(
            load(folder, question.scenario),
            parties=question.parties,
            concede=question.concede,
            limit=limit,
            timeout=None,
        )
    found = deal_set(result)
    assert len(result.deals) == len(found) == min(limit, len(expected))
    assert found <= expected, f"unsound: {show_deals(found - expected)}"
    assert result.complete == (len(expected) <= limit), "complete exactly when nothing was cut"
    assert result.feasible == bool(expected)


# ---------------------------------------------------------------------------------------
# monotonicity


@given(questions(scenarios(min_red_lines=1)), st.data())
def test_withdrawing_a_red_line_never_removes_a_deal(question: Question, data) -> None:
    scenario = question.scenario
    red_line = data.draw(st.sampled_from([r.id for r in scenario.red_lines]), label="withdrawn")
    table = Table(scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    more = question.concede + ([red_line] if red_line not in question.concede else [])
    with workspace() as folder:
        withdrawal = folder / "withdrawal.lp"
        withdrawal.write_text(f"concede({red_line}).\n", encoding="utf-8")
        loaded = load(folder, scenario)
        before = all_deals(loaded, question)
        by_flag = all_deals(loaded, question, concede=more)
        by_fact = all_deals(load(folder, scenario, "again", extra=[withdrawal]), question)
    assert before <= by_flag, f"withdrawing {red_line} removed {show_deals(before - by_flag)}"
    assert by_fact == by_flag, "concede/1 in a --with file withdraws like --concede"
    assert before == table.feasible(enforced)
    assert by_flag == table.feasible(enforced - {red_line})


@given(questions(scenarios(min_red_lines=1)), st.data())
def test_adding_a_red_line_never_adds_a_deal(question: Question, data) -> None:
    full = question.scenario
    red_line = data.draw(st.sampled_from([r.id for r in full.red_lines]), label="added")
    base = without_red_line(full, red_line)
    note(f"without {red_line}:\n{base!r}")
    concede = [r for r in question.concede if r != red_line]
    asked = Question(full, question.parties, concede)
    record_mix(Table(full), asked.enforced(Table(full)))
    with workspace() as folder:
        before = all_deals(load(folder, base, "base"), asked)
        after = all_deals(load(folder, full, "full"), asked)
    assert after <= before, f"adding {red_line} added {show_deals(after - before)}"
    assert before == Table(base).feasible(Table(base).enforced(question.parties, concede))
    assert after == Table(full).feasible(Table(full).enforced(question.parties, concede))


@given(scenarios(min_parties=2), st.data())
def test_adding_a_party_never_adds_a_deal(full: Scenario, data) -> None:
    party = data.draw(st.sampled_from(full.parties), label="added party")
    base = without_party(full, party)
    note(f"without {party}:\n{base!r}")
    others = [p for p in full.parties if p != party]
    record_mix(Table(full), Table(full).enforced())
    with workspace() as folder:
        loaded_full = load(folder, full, "full")
        before = deal_set(zopa.deals(load(folder, base, "base"), limit=0, timeout=None))
        after = deal_set(zopa.deals(loaded_full, limit=0, timeout=None))
        restricted = deal_set(zopa.deals(loaded_full, parties=others, limit=0, timeout=None))
    assert after <= before, f"adding party {party} added {show_deals(after - before)}"
    assert restricted == before, "--party for the others answers as if the party were not there"
    assert before == Table(base).feasible(Table(base).enforced())
    assert after == Table(full).feasible(Table(full).enforced())


@given(questions(), st.data())
def test_restricting_parties_never_removes_a_deal(question: Question, data) -> None:
    scenario = question.scenario
    chosen = question.parties or scenario.parties
    fewer = data.draw(st.lists(st.sampled_from(chosen), min_size=1, unique=True), label="fewer parties")
    table = Table(scenario)
    record_mix(table, question.enforced(table))
    with workspace() as folder:
        loaded = load(folder, scenario)
        wide = all_deals(loaded, question)
        narrow = all_deals(loaded, Question(scenario, fewer, question.concede))
    assert wide <= narrow, f"--party {fewer} removed {show_deals(wide - narrow)}"
    assert wide == table.feasible(table.enforced(chosen, question.concede))
    assert narrow == table.feasible(table.enforced(fewer, question.concede))


# ---------------------------------------------------------------------------------------
# why: conflicts and concession sets


def why(question: Question) -> WhyResult:
    with workspace() as folder:
        return zopa.why(
            load(folder, question.scenario), parties=question.parties, concede=question.concede, limit=0, timeout=None
        )


def explained(question: Question) -> tuple[Table, frozenset[str], WhyResult]:
    """The oracle's table, the enforced red lines (recorded in the scenario mix), and zopa's answer."""
    table = Table(question.scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    return table, enforced, why(question)


@given(questions(blocked_scenarios()))
def test_conflicts_are_unsatisfiable_minimal_and_all_there(question: Question) -> None:
    scenario = question.scenario
    table, enforced, result = explained(question)
    assert result.complete and result.decided and result.explained
    assert result.background_infeasible == (not table.worlds)
    if not table.worlds:
        assert not result.feasible and result.conflicts == [] and result.concessions == []
        return
    found = [frozenset(c.red_lines) for c in result.conflicts]
    assert len(found) == len(set(found)), "each conflict is listed once"
    for conflict in found:
        assert conflict <= enforced, f"{sorted(conflict)}: only enforced red lines conflict"
        assert not table.satisfiable(conflict), f"{sorted(conflict)} is satisfiable: no conflict"
        for member in conflict:
            assert table.satisfiable(conflict - {member}), f"{sorted(conflict)} is not minimal: {member} is not needed"
    expected = table.conflicts(enforced)
    assert not expected - set(found), f"missing conflicts: {sorted(map(sorted, expected - set(found)))}"
    assert set(found) == expected
    assert result.feasible == (not expected)
    if result.feasible:
        assert result.deal is not None and freeze(result.deal) in table.feasible(enforced)
    assert [len(c) for c in found] == sorted(len(c) for c in found), "smallest first"
    for conflict in result.conflicts:
        assert conflict.red_lines == sorted(conflict.red_lines)
        assert conflict.parties == owners_in_order(scenario, conflict.red_lines)


@given(questions(blocked_scenarios()))
def test_concession_sets_open_a_deal_are_minimal_and_all_there(question: Question) -> None:
    scenario = question.scenario
    table, enforced, result = explained(question)
    assert result.complete and result.explained
    expected = table.concessions(enforced)
    if not table.worlds or table.satisfiable(enforced):
        # nothing to concede: the background blocks every deal, or a deal is open already
        assert result.concessions == [] and expected <= {frozenset()}
        return
    found = [frozenset(c.red_lines) for c in result.concessions]
    assert len(found) == len(set(found)), "each concession set is listed once"
    for n, (concession, listed) in enumerate(zip(found, result.concessions, strict=True)):
        rest = enforced - concession
        assert concession <= enforced
        assert table.satisfiable(rest), f"withdrawing {sorted(concession)} opens no deal"
        for member in concession:
            assert not table.satisfiable(rest | {member}), (
                f"{sorted(concession)} is not minimal: {member} need not move"
            )
        # The first three (those the text shows) carry the deal they open; the rest none.
        assert (listed.deal is not None) == (n < 3)
        if listed.deal is not None:
            assert freeze(listed.deal) in table.feasible(rest), "the deal it opens is feasible"
        assert listed.cost == sum(scenario.cost(r) for r in concession)
        assert listed.red_lines == sorted(listed.red_lines)
        assert listed.parties == owners_in_order(scenario, concession)
    assert not expected - set(found), f"missing concession sets: {sorted(map(sorted, expected - set(found)))}"
    assert set(found) == expected
    costs = [c.cost for c in result.concessions]
    assert costs == sorted(costs), "cheapest first"
    assert result.concession_sets == len(expected)
    owner = {r.id: r.owner for r in scenario.red_lines}
    assert result.party_concessions == {
        p: sum(1 for c in expected if any(owner[r] == p for r in c)) for p in owners_in_order(scenario, enforced)
    }


def minimal_hitting_sets(universe: frozenset[str], sets: list[frozenset[str]]) -> set[frozenset[str]]:
    """By enumeration: the inclusion-minimal subsets of `universe` that meet every set."""
    items = sorted(universe)
    hitting = [
        frozenset(c)
        for size in range(len(items) + 1)
        for c in itertools.combinations(items, size)
        if all(set(c) & s for s in sets)
    ]
    return {h for h in hitting if not any(other < h for other in hitting)}


@given(questions(blocked_scenarios()))
def test_every_conflict_meets_every_concession_set(question: Question) -> None:
    table = Table(question.scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    result = why(question)
    conflicts = [frozenset(c.red_lines) for c in result.conflicts]
    concessions = [frozenset(c.red_lines) for c in result.concessions]
    for conflict in conflicts:
        for concession in concessions:
            assert conflict & concession, f"conflict {sorted(conflict)} misses concession set {sorted(concession)}"
    if conflicts:
        # duality, both ways: each family is the minimal hitting sets of the other
        assert set(concessions) == minimal_hitting_sets(enforced, conflicts)
        assert set(conflicts) == minimal_hitting_sets(enforced, concessions)
    assert len(conflicts) == len(table.conflicts(enforced) - {frozenset()})
    assert len(concessions) == (len(table.concessions(enforced)) if conflicts else 0)


# ---------------------------------------------------------------------------------------
# whatif and check


@given(questions(blocked_scenarios()), st.sampled_from([1, 2]), st.integers(1, 5))
def test_whatif_matches_oracle(question: Question, depth: int, cap: int) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = table.enforced(None, question.concede)  # the movers' red lines are weighed against everyone's
    record_mix(table, enforced)
    movers = question.parties or scenario.parties
    owner = {r.id: r.owner for r in scenario.red_lines}
    candidates = [r for r in table.ids if r in enforced and owner[r] in movers]
    cases = [(r,) for r in candidates] + (list(itertools.combinations(candidates, 2)) if depth == 2 else [])
    with workspace() as folder:
        result = zopa.whatif(
            load(folder, scenario),
            parties=question.parties,
            concede=question.concede,
            depth=depth,
            count_cap=cap,
            timeout=None,
        )
    conflicts = table.conflicts(enforced) - {frozenset()}  # none is reported when the background alone blocks
    assert result.complete and result.cases == result.evaluated == len(cases)
    assert {frozenset(c.red_lines) for c in result.conflicts} == conflicts
    by_case = {tuple(c.concede): c for c in result.results}
    assert set(by_case) == {tuple(sorted(c)) for c in cases}
    for case, found in by_case.items():
        opened = table.feasible(enforced - set(case))
        resolved = {c for c in conflicts if c & set(case)}
        assert found.feasible == bool(opened), case
        assert found.deals == min(len(opened), cap), case
        assert found.deals_at_least == (len(opened) > cap), case
        assert {frozenset(c) for c in found.resolves} == resolved, case
        assert found.remaining_conflicts == len(conflicts) - len(resolved), case
        assert found.parties == sorted({owner[r] for r in case})
    ranked = [(not c.feasible, -c.deals, -len(c.resolves), len(c.concede), c.concede) for c in result.results]
    assert ranked == sorted(ranked), "most effective first"


def checked(question: Question, data) -> tuple[Scenario, dict, Table, set[str], CheckResult]:
    """A drawn plan checked by zopa: (scenario, plan, oracle table, enforced red lines, result)."""
    scenario = question.scenario
    plan = data.draw(plans(scenario.issues), label="plan")
    table = Table(scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    with workspace() as folder:
        result = zopa.check(
            load(folder, scenario),
            write_plan(folder, plan),
            parties=question.parties,
            concede=question.concede,
            timeout=None,
        )
    return scenario, plan, table, enforced, result


@given(questions(), st.data())
def test_check_matches_oracle(question: Question, data) -> None:
    scenario, plan, table, enforced, result = checked(question, data)
    expected = table.check(plan, enforced)
    assert result.complete
    assert result.plan == plan
    assert result.open_issues == [i for i in scenario.issues if i not in plan]
    assert result.background_violated == (expected["completions"] == 0)
    if result.background_violated:
        assert result.violations == [] and not result.completable
        return
    assert {v.red_line for v in result.violations} == expected["always"], "violated by every completion"
    assert {v.red_line for v in result.at_risk} == expected["sometimes"], "violated by some completions"
    assert result.completable == expected["completable"]
    label = {r.id: r.label or r.id for r in scenario.red_lines}
    owner = {r.id: r.owner for r in scenario.red_lines}
    for violation in result.violations + result.at_risk:
        assert (violation.party, violation.label) == (owner[violation.red_line], label[violation.red_line])
    if result.completable:
        completion = result.completion
        assert completion is not None and all(completion[i] == o for i, o in plan.items())
        assert freeze(completion) in table.feasible(enforced)
    else:
        assert result.completion is None


@given(questions(), st.data())
def test_nearest_deal_is_really_nearest(question: Question, data) -> None:
    scenario, plan, table, enforced, result = checked(question, data)
    distance = table.nearest_changes(plan, enforced)
    if distance is not None:
        nearest = result.nearest
        assert nearest is not None, "a deal is feasible: there is a nearest one"
        assert freeze(nearest) in table.feasible(enforced), "the nearest deal is feasible"
        assert changed(plan, nearest) == distance, f"a feasible deal changes only {distance} of the plan's answers"
        assert result.closest is None
        shown = nearest
    else:
        assert result.nearest is None
        best = table.closest(plan, enforced)
        if best is None:  # the background rules out every deal
            assert result.closest is None and result.changes == []
            return
        closest = result.closest
        assert closest is not None and table.allowed(closest)
        assert (table.breach_cost(closest, enforced), changed(plan, closest)) == best, (
            "fewest red lines broken, then fewest changes"
        )
        assert {v.red_line for v in result.closest_violates} == table.broken(closest) & enforced
        shown = closest
    assert [(c.issue, c.plan, c.nearest) for c in result.changes] == [
        (i, o, shown[i]) for i, o in plan.items() if shown[i] != o
    ]


# ---------------------------------------------------------------------------------------
# general violated/1 rules: the ASP reading is the Python reading


@given(scenarios(general=0.8).map(lambda s: replace(s, concede=set())), st.data())
def test_general_rules_read_as_the_oracle_reads_them(scenario: Scenario, data) -> None:
    table = Table(scenario)
    record_mix(table, table.enforced())
    ids = table.ids
    full_plans = data.draw(st.lists(plans(scenario.issues, full=True), min_size=1, max_size=3), label="full deals")
    with workspace() as folder:
        loaded = load(folder, scenario)
        # the background alone: every red line withdrawn
        assert deal_set(zopa.deals(loaded, concede=ids, limit=0, timeout=None)) == {freeze(d) for d, _ in table.worlds}
        # one red line alone: the deals the background allows and it does not forbid
        for red_line in ids:
            alone = deal_set(zopa.deals(loaded, concede=[r for r in ids if r != red_line], limit=0, timeout=None))
            assert alone == {freeze(d) for d, broken in table.worlds if red_line not in broken}, red_line
        # a full deal written as a plan: the red lines it breaks
        for n, plan in enumerate(full_plans):
            result = zopa.check(loaded, write_plan(folder, plan, f"plan{n}.lp"), timeout=None)
            assert result.background_violated == (not table.allowed(plan)), plan
            if table.allowed(plan):
                assert {v.red_line for v in result.violations} == table.broken(plan), plan
                assert result.at_risk == [] and result.completable == (not table.broken(plan))


# ---------------------------------------------------------------------------------------
# the command line: deterministic JSON that round-trips, --party and --concede


MODELS = {"deals": DealsResult, "why": WhyResult, "whatif": WhatIfResult, "check": CheckResult}


@given(questions(), st.sampled_from(sorted(MODELS)), st.data())
def test_json_is_deterministic_round_trips_and_agrees_with_oracle(question: Question, command: str, data) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    with workspace() as folder:
        positions = write_scenario(scenario, folder / "scenario")
        args = ["--positions", str(positions), "--json", "--timeout", "0"]
        if command == "check":
            plan = data.draw(plans(scenario.issues), label="plan")
            args = [str(write_plan(folder, plan)), *args]
        elif command == "whatif":
            args += ["--depth", "2"]
        else:
            args += ["--limit", "0"]
        args = [command, *args, *flags(question)]
        note(" ".join(["zopa", *args]))
        first, second = cli(*args), cli(*args)
    status, out, err = first
    assert (status, err) == (0, ""), err
    assert second == first, "the same input gives byte-identical output"
    model = loads(MODELS[command], out)
    assert dumps(model) == out, "the JSON round-trips through the result model"
    if command == "deals":
        assert deal_set(model) == table.feasible(enforced) and model.complete
    elif command == "why":
        expected = table.conflicts(enforced) if table.worlds else set()
        assert {frozenset(c.red_lines) for c in model.conflicts} == expected and model.complete
    elif command == "whatif":
        everyone = table.enforced(None, question.concede)
        assert {tuple(c.concede): c.feasible for c in model.results} == {
            tuple(c.concede): bool(table.feasible(everyone - set(c.concede))) for c in model.results
        }
        movers = question.parties or scenario.parties
        owner = {r.id: r.owner for r in scenario.red_lines}
        assert {r for c in model.results for r in c.concede} == {r for r in everyone if owner[r] in movers}
    else:
        expected = table.check(plan, enforced)
        assert model.completable == expected["completable"]
        if expected["completions"]:
            assert {v.red_line for v in model.violations} == expected["always"]


@given(questions())
def test_soft_demands_change_no_feasibility(question: Question) -> None:
    scenario = question.scenario
    plain = without_wants(scenario)
    table = Table(plain)
    enforced = question.enforced(table)
    record_mix(table, enforced)
    options = {"parties": question.parties, "concede": question.concede, "timeout": None}
    with workspace() as folder:
        answers = []
        for loaded in (load(folder, scenario, "wanting"), load(folder, plain, "bare")):
            deals = zopa.deals(loaded, limit=0, **options)
            why = zopa.why(loaded, limit=0, **options)
            whatif = zopa.whatif(loaded, depth=2, **options)
            # Soft demands choose among the deals (the example deals, their satisfaction):
            # they never change which deals there are, nor any conflict or concession.
            answers.append(
                (
                    deal_set(deals),
                    replace(deals, deals=[], satisfaction=[]),
                    replace(
                        why,
                        deal=None,
                        satisfaction=None,
                        concessions=[replace(c, deal=None, satisfaction=None) for c in why.concessions],
                    ),
                    replace(whatif, results=[replace(c, satisfaction=None) for c in whatif.results]),
                )
            )
    with_wants, without = answers
    assert with_wants == without, "wants/4 is a soft demand: it changes no feasibility, conflict or concession"
    assert without[0] == table.feasible(enforced)
