"""Time and evidence on random dated scenarios, each answer checked against the brute-force oracle.

    ./dev.sh test tests/test_time.py                                # a share of the 200 examples each
    HYPOTHESIS_PROFILE=thorough ./dev.sh test tests/test_time.py    # ten times as many

Red lines carry stated/2, withdrawn/2 and evidence/2 (tests/strategies.py, `dated=True`),
their dates from a small pool so that several red lines change on one day. A red line holds
on D when stated on or before D (or undated) and not withdrawn on or before D; without
--as-of, when it is not withdrawn. --evidence G keeps the red lines graded G or better
(ungraded counts as inferred). The oracle (tests/oracle.py) reads the dates as calendar
dates and answers every question by enumeration; zopa gets the same scenario as ASP in a
fresh temporary folder. Positions need not move one way: a red line stated later hardens
them, one withdrawn softens them, and the tests ask about both.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import clingo
import pytest
from hypothesis import Phase, event, find, given, settings
from hypothesis import strategies as st

import zopa
import zopa.cli
from oracle import (
    GRADES,
    Deal,
    FrozenDeal,
    Moment,
    RedLine,
    Scenario,
    Table,
    Timeline,
    freeze,
    show_deals,
    write_scenario,
)
from strategies import DATES, PROBES, Question, dated_questions, dated_scenarios, mix, plans
from workspace import asked, load, share, workspace
from zopa.analyses.timeline import timeline
from zopa.results import TimelineDate

ENGINE = Path(__file__).resolve().parent.parent / "rules" / "zopa.lp"
CROWDED = st.one_of(dated_scenarios(), dated_scenarios(min_red_lines=4, max_issues=2))
"""The usual mix, and as often many red lines on one or two issues: more conflicts, and
positions that soften and harden more often."""


# ---------------------------------------------------------------------------------------
# Helpers


def write_plan(folder: Path, plan: Deal, proposed: str | None = None, name: str = "plan.lp") -> Path:
    path = folder / name
    lines = [f'proposed("{proposed}").'] if proposed else []
    lines += [f"deal({i}, {o})." for i, o in plan.items()]
    path.write_text("% a plan\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def deal_set(result) -> set[FrozenDeal]:
    return {freeze(deal) for deal in result.deals}


def day_before(date: str) -> str:
    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def direction(moments: list[Moment]) -> set[str]:
    """How the positions move from one date to the next: "softens" when a deal opens up,
    "hardens" when the last one closes."""
    steps = list(zip(moments, moments[1:], strict=False))
    return {"softens" for a, b in steps if not a.feasible and b.feasible} | {
        "hardens" for a, b in steps if a.feasible and not b.feasible
    }


def moves(scenario: Scenario) -> set[str]:
    """How the positions move in the oracle's timeline of the scenario (every party, no flags)."""
    history = Table(scenario).timeline()
    return direction([history.before, *history.dates])


def plain_clingo(scenario_folder: Path) -> set[FrozenDeal]:
    """`clingo rules/zopa.lp FILES 0` through the clingo API, the externals at their
    defaults: every answer set's deal/2 atoms."""
    control = clingo.Control(["0"], logger=lambda _code, _message: None)
    control.load(str(ENGINE))
    for file in sorted(scenario_folder.glob("*.lp")):
        control.load(str(file))
    control.ground([("base", [])])
    found: set[FrozenDeal] = set()
    with control.solve(yield_=True) as models:
        for model in models:
            found.add(
                frozenset(
                    (str(s.arguments[0]), str(s.arguments[1])) for s in model.symbols(atoms=True) if s.match("deal", 2)
                )
            )
    return found


# ---------------------------------------------------------------------------------------
# --as-of and --evidence: which red lines bind, and what follows


@share(0.75)
@given(dated_questions())
def test_as_of_and_evidence_enforce_exactly_the_red_lines_that_hold(question: Question) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = question.enforced(table)
    event(mix(table, enforced))
    with workspace() as folder:
        loaded = load(folder, scenario)
        # every date worth asking about, and every grade: the enforcement alone, no solving
        for as_of in [None, *PROBES]:
            for grade in [None, *GRADES]:
                found = loaded.enforcement(question.parties, question.concede, as_of, grade)
                expected = table.enforced(question.parties, question.concede, as_of, grade)
                assert set(found.red_lines) == expected, f"as of {as_of}, evidence {grade}"
                assert found.as_of == as_of
                assert found.evidence == (grade or "inferred")
                theirs = {r.id for r in scenario.over_time(question.parties, question.concede)}
                assert set(found.not_in_force) == theirs - expected, f"as of {as_of}, evidence {grade}"
        # the boundaries, by hand: stated on D holds on D, withdrawn on D does not
        everyone = loaded.enforcement(None, None, None, None)
        assert not {r.id for r in scenario.red_lines if r.withdrawn} & set(everyone.red_lines), "now: none withdrawn"
        for red_line in scenario.red_lines:
            if red_line.id in scenario.concede:
                continue
            if red_line.stated is not None:
                assert red_line.id in loaded.enforcement(None, None, red_line.stated).red_lines
                assert red_line.id not in loaded.enforcement(None, None, day_before(red_line.stated)).red_lines
            if red_line.withdrawn is not None:
                assert red_line.id not in loaded.enforcement(None, None, red_line.withdrawn).red_lines
                before = day_before(red_line.withdrawn)
                holds = red_line.stated is None or red_line.stated <= before
                assert (red_line.id in loaded.enforcement(None, None, before).red_lines) == holds
        # and the deals as of the question's date and grade
        result = zopa.deals(loaded, limit=0, **asked(question))
    expected_deals = table.feasible(enforced)
    found_deals = deal_set(result)
    assert not found_deals - expected_deals, f"unsound: {show_deals(found_deals - expected_deals)}"
    assert not expected_deals - found_deals, f"incomplete: missing {show_deals(expected_deals - found_deals)}"
    assert result.complete and result.feasible == bool(expected_deals)
    assert result.red_lines_checked == len(enforced)
    assert result.as_of == question.as_of


@share(0.6)
@given(dated_questions(CROWDED))
def test_why_as_of_matches_oracle(question: Question) -> None:
    scenario = question.scenario
    table = Table(scenario)
    enforced = question.enforced(table)
    event(mix(table, enforced))
    with workspace() as folder:
        result = zopa.why(load(folder, scenario), limit=0, **asked(question))
    assert result.complete and result.explained
    assert result.as_of == question.as_of
    expected = table.conflicts(enforced) if table.worlds else set()
    found = {frozenset(c.red_lines) for c in result.conflicts}
    assert found == expected, f"conflicts as of {question.as_of}"
    assert result.feasible == (bool(table.worlds) and table.satisfiable(enforced))
    assert all(c <= enforced for c in found), "a conflict names only red lines in force"
    concessions = {frozenset(c.red_lines) for c in result.concessions}
    if not table.worlds or table.satisfiable(enforced):
        assert concessions == set()
    else:
        assert concessions == table.concessions(enforced)


@share(0.5)
@given(dated_questions(CROWDED))
def test_whatif_as_of_weighs_each_concession_against_the_red_lines_in_force(question: Question) -> None:
    scenario = question.scenario
    table = Table(scenario)
    # the movers' red lines are weighed against every party's red lines in force that day
    everyone = table.enforced(None, question.concede, question.as_of, question.evidence)
    event(mix(table, everyone))
    movers = question.parties or scenario.parties
    candidates = {r for r in everyone if table.owner[r] in movers}
    with workspace() as folder:
        result = zopa.whatif(load(folder, scenario), depth=1, count_cap=3, **asked(question))
    assert result.complete and result.as_of == question.as_of
    assert {tuple(c.concede) for c in result.results} == {(r,) for r in candidates}, "one case per red line in force"
    conflicts = table.conflicts(everyone) - {frozenset()}
    assert {frozenset(c.red_lines) for c in result.conflicts} == conflicts
    for case in result.results:
        opened = table.feasible(everyone - set(case.concede))
        assert case.feasible == bool(opened), case.concede
        assert case.deals == min(len(opened), 3), case.concede
        assert {frozenset(c) for c in case.resolves} == {c for c in conflicts if c & set(case.concede)}


@share(0.5)
@given(dated_scenarios())
def test_now_withdrawn_red_lines_never_bind_and_plain_clingo_agrees(scenario: Scenario) -> None:
    table = Table(scenario)
    now = table.enforced()
    event(mix(table, now))
    gone = [r.id for r in scenario.red_lines if r.withdrawn is not None]
    event(f"withdrawn red lines: {min(len(gone), 3)}{'+' if len(gone) >= 3 else ''}")
    with workspace() as folder:
        loaded = load(folder, scenario)
        assert not set(gone) & set(loaded.enforcement(None, None).red_lines)
        library = deal_set(zopa.deals(loaded, limit=0, timeout=None))
        conceded = deal_set(zopa.deals(loaded, concede=gone, limit=0, timeout=None))
        plain = plain_clingo(folder / "scenario")
    assert library == table.feasible(now), "the library, as things stand now"
    assert conceded == library, "conceding a withdrawn red line changes nothing"
    assert plain == library, "plain clingo reads the positions as the library does without --as-of"


# ---------------------------------------------------------------------------------------
# zopa timeline


def agrees(entry: TimelineDate, moment: Moment, table: Table) -> None:
    """One date of the timeline against the oracle's positions on that date."""
    where = f"on {moment.date or 'the start'} (oracle: {moment})"
    assert entry.date == moment.date
    assert set(entry.stated) == moment.stated, where
    assert set(entry.withdrawn) == moment.withdrawn, where
    assert entry.complete, where
    assert entry.in_force == len(moment.holding), where
    assert entry.feasible == moment.feasible, where
    assert entry.conflicts == len(moment.conflicts), where
    if moment.cost is None:
        assert entry.cheapest is None, f"{where}: feasible, or the background blocks every deal"
        return
    assert entry.cheapest is not None, where
    cheapest = frozenset(entry.cheapest)
    assert cheapest <= moment.holding, f"{where}: {sorted(cheapest)} concedes a red line not in force"
    assert table.satisfiable(moment.holding - cheapest), f"{where}: conceding {sorted(cheapest)} opens no deal"
    assert sum(table.scenario.cost(r) for r in cheapest) == moment.cost, f"{where}: not the least cost"
    assert entry.cost == moment.cost, where


def timeline_agrees(question: Question, table: Table) -> Timeline:
    """zopa timeline against the oracle's, date by date; the oracle's, for the record."""
    scenario = question.scenario
    expected = table.timeline(question.parties, question.concede, question.as_of, question.evidence)
    with workspace() as folder:
        result = timeline(load(folder, scenario), **asked(question))
    assert result.complete and result.conflicts_complete
    assert result.as_of == question.as_of
    assert result.background_infeasible == (not table.worlds)
    assert [d.date for d in result.dates] == [m.date for m in expected.dates], "every stated/withdrawn date, ascending"
    assert result.red_lines_checked == len(expected.pool)
    assert set(result.undated) == set(expected.undated)
    assert {frozenset(c.red_lines) for c in result.conflicts} == expected.conflicts
    assert result.before is not None and result.before.stated == result.before.withdrawn == []
    agrees(result.before, expected.before, table)
    for entry, moment in zip(result.dates, expected.dates, strict=True):
        agrees(entry, moment, table)
    return expected


@share(0.6)
@given(dated_questions(CROWDED))
def test_timeline_matches_oracle(question: Question) -> None:
    table = Table(question.scenario)
    event(mix(table, question.enforced(table)))
    expected = timeline_agrees(question, table)
    for moved in direction([expected.before, *expected.dates]):
        event(f"positions {moved}")


def test_the_generator_makes_positions_both_soften_and_harden() -> None:
    """Time is not monotone: random dated scenarios include some where a later date is
    feasible and an earlier not, and some the other way round; zopa agrees with the
    oracle on the simplest of each."""
    for moved in ("softens", "hardens"):
        found = find(
            dated_scenarios(),
            lambda s, moved=moved: moved in moves(s),
            settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
        )
        table = Table(found)
        timeline_agrees(Question(found), table)
        with workspace() as folder:
            loaded = load(folder, found)
            for as_of in PROBES:
                assert deal_set(zopa.deals(loaded, as_of=as_of, limit=0, timeout=None)) == table.feasible(
                    table.enforced(as_of=as_of)
                ), f"{moved}: as of {as_of}"


# ---------------------------------------------------------------------------------------
# One scenario worked out by hand: positions soften, then harden


def hand_written() -> Scenario:
    """Issue a (x or y). p wants x from the start (direct, cost 2); q demands y from New
    Year's Day 2025 (reported) and withdraws that on 1 March; on 15 June q rules x out
    (ungraded). No deal, then a deal, then none again."""
    return Scenario(
        issues={"a": ["x", "y"]},
        parties=["p", "q"],
        red_lines=[
            RedLine(id="r_p", owner="p", requires={"a": {"x"}}, evidence="direct"),
            RedLine(
                id="r_q",
                owner="q",
                requires={"a": {"y"}},
                stated="2025-01-01",
                withdrawn="2025-03-01",
                evidence="reported",
            ),
            RedLine(id="r_late", owner="q", forbids={("a", "x")}, stated="2025-06-15"),
        ],
        costs={"r_p": 2},
    )


HAND_DEALS = {
    None: set(),
    "2024-12-31": {"a=x"},
    "2025-01-01": set(),
    "2025-02-28": set(),
    "2025-03-01": {"a=x"},
    "2025-06-14": {"a=x"},
    "2025-06-15": set(),
}


@pytest.mark.parametrize("as_of", list(HAND_DEALS))
def test_hand_written_positions_soften_then_harden(as_of: str | None) -> None:
    scenario = hand_written()
    table = Table(scenario)
    enforced = table.enforced(as_of=as_of)
    with workspace() as folder:
        loaded = load(folder, scenario)
        deals = zopa.deals(loaded, as_of=as_of, limit=0, timeout=None)
        why = zopa.why(loaded, as_of=as_of, limit=0, timeout=None)
    assert show_deals(deal_set(deals)) == sorted(HAND_DEALS[as_of]) == show_deals(table.feasible(enforced))
    assert {frozenset(c.red_lines) for c in why.conflicts} == table.conflicts(enforced)


def test_hand_written_timeline() -> None:
    scenario = hand_written()
    table = Table(scenario)
    with workspace() as folder:
        result = timeline(load(folder, scenario), timeout=None)
    rows = [(d.date, d.stated, d.withdrawn, d.feasible, d.conflicts, d.cheapest, d.cost) for d in result.dates]
    assert rows == [
        ("2025-01-01", ["r_q"], [], False, 1, ["r_q"], 1),
        ("2025-03-01", [], ["r_q"], True, 0, None, None),
        ("2025-06-15", ["r_late"], [], False, 1, ["r_late"], 1),
    ]
    assert result.before is not None and (result.before.feasible, result.before.in_force) == (True, 1)
    assert result.undated == ["r_p"]
    assert {tuple(c.red_lines) for c in result.conflicts} == {("r_p", "r_q"), ("r_late", "r_p")}
    timeline_agrees(Question(scenario), table)
    # as of 1 March, the history stops there; with direct evidence only r_p is left, and no date
    timeline_agrees(Question(scenario, as_of="2025-03-01"), table)
    timeline_agrees(Question(scenario, evidence="direct"), table)
    timeline_agrees(Question(scenario, evidence="reported", as_of="2025-02-01"), table)


# ---------------------------------------------------------------------------------------
# check: a dated plan is judged as of its date


@share(0.5)
@given(dated_questions(), st.data())
def test_a_dated_plan_is_judged_as_of_its_date(question: Question, data) -> None:
    scenario = question.scenario
    plan = data.draw(plans(scenario.issues), label="plan")
    proposed = data.draw(st.none() | st.sampled_from(PROBES), label="proposed")
    judged = question.as_of or proposed
    table = Table(scenario)
    enforced = table.enforced(question.parties, question.concede, judged, question.evidence)
    event(mix(table, enforced))
    with workspace() as folder:
        result = zopa.check(load(folder, scenario), write_plan(folder, plan, proposed), **asked(question))
    assert result.as_of == judged, "--as-of, else the plan's proposed/1 date, else now"
    assert result.proposed == proposed
    assert result.complete
    expected = table.check(plan, enforced)
    assert result.background_violated == (expected["completions"] == 0)
    if result.background_violated:
        return
    assert {v.red_line for v in result.violations} == expected["always"], f"as of {judged}"
    assert {v.red_line for v in result.at_risk} == expected["sometimes"], f"as of {judged}"
    assert result.completable == expected["completable"]
    if result.completable:
        assert result.completion is not None and freeze(result.completion) in table.feasible(enforced)


# ---------------------------------------------------------------------------------------
# JSON: every command says as of when it answers


def cli_json(capsys, *args: str) -> dict:
    status = zopa.cli.run([*args, "--json"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, ""), err
    return json.loads(out)


COMMANDS = ["deals", "why", "whatif", "check", "timeline", "show"]


@pytest.mark.parametrize("as_of", [None, "2025-03-01", "2025-06-14"])
@pytest.mark.parametrize("command", COMMANDS)
def test_json_says_as_of(command: str, as_of: str | None, tmp_path: Path, capsys) -> None:
    scenario = hand_written()
    positions = write_scenario(scenario, tmp_path / "scenario")
    args = [command, "--positions", str(positions)]
    if command == "check":
        args.insert(1, str(write_plan(tmp_path, {"a": "x"})))
    if as_of is not None:
        args += ["--as-of", as_of]
    answer = cli_json(capsys, *args)
    assert "as_of" in answer and answer["as_of"] == as_of
    table = Table(scenario)
    if command == "deals":
        assert {freeze(d) for d in answer["deals"]} == table.feasible(table.enforced(as_of=as_of))
    elif command == "timeline":
        expected = table.timeline(as_of=as_of)
        assert [d["date"] for d in answer["dates"]] == [m.date for m in expected.dates]
        for entry in answer["dates"]:
            assert {"date", "stated", "withdrawn", "feasible", "conflicts", "cheapest", "complete"} <= set(entry)
        assert answer["complete"] is True
    elif command == "check":
        assert {v["red_line"] for v in answer["violations"]} == table.enforced(as_of=as_of) & {"r_late"}


@pytest.mark.parametrize("as_of", [None, "2025-06-15"])
def test_json_check_of_a_dated_plan_says_its_date(as_of: str | None, tmp_path: Path, capsys) -> None:
    positions = write_scenario(hand_written(), tmp_path / "scenario")
    plan = write_plan(tmp_path, {"a": "x"}, proposed="2025-01-01")
    args = ["check", str(plan), "--positions", str(positions)] + (["--as-of", as_of] if as_of else [])
    answer = cli_json(capsys, *args)
    assert answer["as_of"] == (as_of or "2025-01-01")
    expected = {"r_q"} if as_of is None else {"r_late"}
    assert {v["red_line"] for v in answer["violations"]} == expected


@pytest.mark.parametrize(
    ("grade", "as_of", "deals"),
    [
        (None, None, set()),
        ("inferred", "2025-06-15", set()),
        ("reported", None, {"a=x"}),
        ("reported", "2025-02-01", set()),
        ("direct", "2025-02-01", {"a=x"}),
    ],
)
def test_json_evidence_with_as_of(grade: str | None, as_of: str | None, deals: set[str], tmp_path: Path, capsys):
    scenario = hand_written()
    positions = write_scenario(scenario, tmp_path / "scenario")
    args = ["deals", "--positions", str(positions)]
    args += ["--evidence", grade] if grade else []
    args += ["--as-of", as_of] if as_of else []
    answer = cli_json(capsys, *args)
    table = Table(scenario)
    found = {freeze(d) for d in answer["deals"]}
    assert show_deals(found) == sorted(deals) == show_deals(table.feasible(table.enforced(None, (), as_of, grade)))
    assert answer["as_of"] == as_of


def test_dates_pool_is_what_the_strategy_draws_from() -> None:
    """The probes ask on every pool date and the days either side of it."""
    assert set(DATES) <= set(PROBES)
    assert {day_before(d) for d in DATES} <= set(PROBES)
