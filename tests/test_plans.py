"""Real proposals of 2025 (examples/plans/) checked against the record, and the
hypothetical concessions of examples/concessions/.

The record is the one summarised in the project's cases.md (six proposals and the parties'
documented reactions, with their sources). It is written down below, case by case, as
what each party objected to or accepted; the tests then ask `zopa check` whether the
engine agrees:

- a party documented as objecting must have at least one red line that every completion
  of the plan violates, and that red line must read one of the issues it objected to;
- a party documented as proposing or accepting must have none, and some completion of
  the plan must satisfy all its red lines;
- where the engine disagrees with the record, examples/plans/README.md records the
  disagreement and its explanation (rows D1–D4). Those verdicts are pinned here exactly,
  together with a check of the explanation, so that a change in the engine's verdict
  shows up instead of passing silently.

No verdict below is copied from zopa's output: the objections and acceptances come from
the record, and each disagreement's expected value is what the README explains.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from clingo import ast

import zopa
import zopa.cli

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "examples" / "plans"
CONCESSIONS = REPO / "examples" / "concessions"
PLANS_README = PLANS / "README.md"
SEEDS = REPO.parent / "shared" / "seeds"

pytestmark = pytest.mark.bundled

TERRITORY = {"crimea", "occupied_donbas", "held_donbas", "zaporizhzhia_kherson"}


@dataclass
class Case:
    """One proposal and its documented reception (cases.md)."""

    plan: str
    date: str
    objecting: dict[str, set[str]] = field(default_factory=dict)
    """party -> the issues the record says it objected to"""
    accepting: list[str] = field(default_factory=list)
    """parties that proposed or accepted it, or whose only stated condition the plan meets"""


CASES = {
    # cases.md 1. Russia rejected the full ceasefire and asked for a halt to foreign military
    # aid and intelligence and an end to mobilisation and rearmament, in the call of 18
    # March (seed 000; see DISAGREEMENTS, D1). The US proposed it; Ukraine accepted it.
    "jeddah": Case(
        "jeddah-ceasefire-2025-03.lp",
        "2025-03-11",
        objecting={"russia": {"ceasefire", "military_aid", "army_size"}},
        accepting=["ukraine", "united_states"],
    ),
    # cases.md 2. Russia and Ukraine accepted it.
    "energy": Case("energy-moratorium-2025-03.lp", "2025-03-18", accepting=["russia", "ukraine"]),
    # cases.md 3. Russia: only with Rosselkhozbank back on SWIFT, which the arrangement's US
    # commitment provides; Ukraine supports the navigation part; the US brokered it (seed
    # 003: "something the United States has agreed to do"). The EU objected to the relief
    # on 26 March (see DISAGREEMENTS, D2).
    "black_sea": Case(
        "black-sea-2025-03.lp",
        "2025-03-25",
        objecting={"european_union": {"eu_sanctions", "rosselkhozbank_swift"}},
        accepting=["russia", "ukraine", "united_states"],
    ),
    # cases.md 4. Russia rejects European troops (seed 000; Lavrov) and Ukraine's post-war
    # rearmament and military funding (seed 003). The UK proposed it. The US stated one
    # condition, no US troops, which the plan's European force meets; the coalition asked
    # it for a backstop (see DISAGREEMENTS, D3).
    "london": Case(
        "london-four-points-2025-03.lp",
        "2025-03-02",
        objecting={"russia": {"foreign_troops", "army_size", "military_aid"}},
        accepting=["united_kingdom", "united_states"],
    ),
    # cases.md 5. Ukraine and the EU rejected the recognition of Crimea; Russia wanted all
    # annexed regions recognised and rejected European troops (its guarantee role included).
    # The US proposed it.
    "us_framework": Case(
        "us-framework-2025-04.lp",
        "2025-04-17",
        objecting={
            "ukraine": {"crimea"},
            "european_union": {"crimea"},
            "russia": TERRITORY | {"foreign_troops", "security_guarantees"},
        },
        accepting=["united_states"],
    ),
    # cases.md 6. Ukraine objected to the withdrawal from Donbas, the army cap and the
    # amnesty; the European states (the E3: Germany, the United Kingdom and France) to forced
    # cession of territory, the army cap and the frozen assets. The US proposed it; Russia
    # accepted it as a basis (see DISAGREEMENTS, D5). The E3's objection is read for the e3
    # party and for its member the United Kingdom, and, as before, for the EU, whose leading
    # states they are.
    "us_28_points": Case(
        "us-28-point-plan-2025-11.lp",
        "2025-11-19",
        objecting={
            "ukraine": {"held_donbas", "army_size", "amnesty"},
            "e3": TERRITORY | {"army_size", "frozen_assets"},
            "european_union": TERRITORY | {"army_size", "frozen_assets"},
            "united_kingdom": TERRITORY | {"army_size", "frozen_assets"},
        },
        accepting=["united_states", "russia"],
    ),
}

# Where the engine disagrees with the record, each plan judged as `zopa check` judges it by
# default (as of its proposed/1 date, silence read as the status quo except in an interim
# plan): (case, party) -> (README row, the red lines the engine finds violated by every
# completion). Each is explained in examples/plans/README.md, and the explanation is
# checked below (test_disagreement_explained_...).
DISAGREEMENTS = {
    ("jeddah", "russia"): ("D1", set()),
    ("black_sea", "european_union"): ("D2", set()),
    ("london", "united_states"): ("D3", {"us_early_elections", "us_no_security_guarantee"}),
    ("us_framework", "european_union"): ("D4", set()),
    ("us_framework", "united_states"): ("D5", {"us_early_elections"}),
    ("us_28_points", "russia"): ("D6", {"ru_no_western_guarantees", "ru_halt_military_aid"}),
    ("us_28_points", "e3"): ("D7", set()),
    ("us_28_points", "united_kingdom"): ("D8", set()),
}


@pytest.fixture(scope="module")
def scenario():
    return zopa.load()


@pytest.fixture(scope="module")
def catalogue(scenario):
    return scenario.catalogue


def plan_path(case: str) -> Path:
    return PLANS / CASES[case].plan


def check_cli(capsys, *args: str) -> dict:
    status = zopa.cli.run(["check", *args, "--json"])
    out, err = capsys.readouterr()
    assert status == 0, f"zopa check {' '.join(args)} exited {status}: {err}"
    return json.loads(out)


def violated_by(result, party: str) -> set[str]:
    """The red lines of `party` that every completion of the plan violates."""
    return {v.red_line for v in result.violations if v.party == party}


# ---------------------------------------------------------------------------------------
# (a) the plans against the record


def test_every_case_has_its_plan_and_nothing_else():
    assert sorted(p.name for p in PLANS.glob("*.lp")) == sorted(c.plan for c in CASES.values())


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_json_answers(case, capsys, scenario):
    """`zopa check --json` answers with the contract's keys. With every party's red lines,
    no plan can be completed: the bundled scenario has no feasible deal at all (zopa
    deals), so nearest is null as well."""
    data = check_cli(capsys, str(plan_path(case)))
    assert {"violations", "completable", "nearest"} <= set(data)
    assert all({"red_line", "party"} <= set(v) for v in data["violations"])
    assert not zopa.deals(scenario, limit=1).feasible
    assert data["completable"] is False
    assert data["nearest"] is None


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_and_api_agree(case, capsys, scenario):
    data = check_cli(capsys, str(plan_path(case)))
    result = zopa.check(scenario, plan_path(case))
    assert sorted((v["party"], v["red_line"]) for v in data["violations"]) == sorted(
        (v.party, v.red_line) for v in result.violations
    )
    assert data["completable"] == result.completable


@pytest.mark.parametrize(
    "case,party",
    [(c, p) for c in sorted(CASES) for p in sorted(CASES[c].objecting) if (c, p) not in DISAGREEMENTS],
)
def test_objecting_party_has_a_violated_red_line_on_its_objection(case, party, scenario):
    result = zopa.check(scenario, plan_path(case))
    objected = CASES[case].objecting[party]
    broken = violated_by(result, party)
    touching = [r for r in broken if objected & set(scenario.red_line(r).issues)]
    assert touching, (
        f"{party} objected to {CASES[case].plan} on {sorted(objected)}; the engine finds "
        f"{sorted(broken) or 'no red line'} violated by every completion"
    )
    # Alone, the party cannot be satisfied by any completion of the plan.
    assert not zopa.check(scenario, plan_path(case), parties=[party]).completable


@pytest.mark.parametrize(
    "case,party",
    [(c, p) for c in sorted(CASES) for p in CASES[c].accepting if (c, p) not in DISAGREEMENTS],
)
def test_accepting_party_has_no_violated_red_line(case, party, scenario):
    result = zopa.check(scenario, plan_path(case))
    assert violated_by(result, party) == set(), f"{party} accepted {CASES[case].plan}"
    alone = zopa.check(scenario, plan_path(case), parties=[party])
    assert alone.completable, f"no completion of {CASES[case].plan} satisfies {party}"
    # The nearest feasible deal under this party's red lines keeps every answer of the plan.
    assert alone.nearest is not None
    plan = dict(read_plan(plan_path(case)))
    assert {i: alone.nearest[i] for i in plan} == plan


@pytest.mark.parametrize("key", sorted(DISAGREEMENTS))
def test_recorded_disagreement(key, scenario):
    """The engine's verdict where it differs from the record, exactly as the README row
    records it: the test fails if that verdict changes."""
    case, party = key
    row, expected = DISAGREEMENTS[key]
    result = zopa.check(scenario, plan_path(case))
    assert violated_by(result, party) == expected, f"README row {row} ({CASES[case].plan}, {party}) no longer holds"


def test_disagreement_rows_are_in_the_readme():
    text = PLANS_README.read_text(encoding="utf-8")
    for (case, party), (row, expected) in DISAGREEMENTS.items():
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| {row} ")), None)
        assert line, f"README row {row} missing"
        assert CASES[case].plan in line and party in line
        for red_line in expected:
            assert red_line in line


def test_disagreement_explained_d1_russia_answered_a_week_later(scenario):
    # README D1: Russia's conditions were stated in its answer, the call of 18 March; as of
    # the plan's date (11 March) they do not hold yet. As of the answer they are broken.
    answer = zopa.check(scenario, plan_path("jeddah"), as_of="2025-03-18")
    assert {"ru_no_ceasefire_first", "ru_halt_military_aid"} <= violated_by(answer, "russia")
    assert scenario.red_line("ru_no_ceasefire_first").stated == "2025-03-18"


def test_disagreement_explained_d2_the_eu_spoke_the_next_day_and_conditionally(scenario):
    # README D2: the EU stated its sanctions condition on 26 March, the day after the
    # arrangement; even then it is only at risk, as it binds until Russia withdraws and an
    # interim arrangement leaves the territory open. Settling the territory as it stands
    # makes it certain.
    assert scenario.red_line("eu_sanctions_until_withdrawal").stated == "2025-03-26"
    answer = zopa.check(scenario, plan_path("black_sea"), as_of="2025-03-26")
    assert "eu_sanctions_until_withdrawal" in {v.red_line for v in answer.at_risk}
    as_it_stands = zopa.check(scenario, plan_path("black_sea"), as_of="2025-03-26", silence="status_quo")
    assert "eu_sanctions_until_withdrawal" in violated_by(as_it_stands, "european_union")


def test_disagreement_explained_d3_the_us_refused_guarantees_in_march(scenario):
    # README D3: the plan asks the US for a backstop while the US refused any guarantee
    # until November, and it says nothing of the elections the US then demanded.
    assert scenario.red_line("us_no_security_guarantee").withdrawn == "2025-11-19"
    after = zopa.check(scenario, plan_path("london"), as_of="2025-11-19")
    assert "us_no_security_guarantee" not in violated_by(after, "united_states")
    opened = zopa.check(scenario, plan_path("london"), silence="open", parties=["united_states"])
    assert violated_by(opened, "united_states") == {"us_no_security_guarantee"}


def test_disagreement_explained_d4_no_eu_red_line_on_recognition(scenario, catalogue):
    # README D4: the seeds give the EU no red line on the recognition of Crimea, and the
    # framework lifts US sanctions only, which the EU's sanctions red line does not cover.
    eu = [r for r in catalogue.red_lines if r.party == "european_union"]
    assert not any("crimea" in r.issues and not ({"eu_sanctions"} & set(r.issues)) for r in eu)
    plan = dict(read_plan(plan_path("us_framework")))
    assert "us_sanctions" in plan and "eu_sanctions" not in plan


def test_disagreement_explained_d5_the_framework_leaves_elections_out(scenario):
    # README D5: the US demanded elections as a condition of any settlement (February);
    # its own framework says nothing of them, so under the status quo reading of silence it
    # breaks that red line; read open, the US accepts its plan.
    assert "elections" not in dict(read_plan(plan_path("us_framework")))
    opened = zopa.check(scenario, plan_path("us_framework"), silence="open", parties=["united_states"])
    assert violated_by(opened, "united_states") == set() and opened.completable


def test_disagreement_explained_d6_russia_accepted_only_as_a_basis(scenario):
    # README D6: of Russia's two violated red lines, one rests on analysts' inference (the
    # guarantees) and the other on the plan's silence about military aid.
    assert scenario.red_line("ru_no_western_guarantees").evidence == "inferred"
    reported = zopa.check(scenario, plan_path("us_28_points"), evidence="reported")
    assert violated_by(reported, "russia") == {"ru_halt_military_aid"}
    opened = zopa.check(scenario, plan_path("us_28_points"), evidence="reported", silence="open")
    assert violated_by(opened, "russia") == set()


def test_disagreement_explained_d7_d8_no_red_line_on_the_e3_objections(scenario, catalogue):
    # README D7, D8: the sources give the E3 and the UK no red line on territory, a 600,000
    # cap or frozen assets; the E3's one red line (guarantees before concessions) is met by
    # the plan's US-backed guarantee, and dates from the article of 12 December.
    objected = CASES["us_28_points"].objecting["e3"]
    for party in ("e3", "united_kingdom"):
        theirs = [r for r in catalogue.red_lines if r.party == party]
        assert not any(c.issue == "army_size" and c.option == "cap_600k" for r in theirs for c in r.forbids), party
        assert not any("frozen_assets" in r.issues for r in theirs), party
    later = zopa.check(scenario, plan_path("us_28_points"), as_of="2025-12-12")
    assert "e3_guarantees_before_concessions" not in violated_by(later, "e3")
    assert not any(objected & set(scenario.red_line(r).issues) for r in violated_by(later, "united_kingdom"))


# ---------------------------------------------------------------------------------------
# (c) plans are deal/2 facts only, for known issues and options


def read_plan(path: Path) -> list[tuple[str, str]]:
    """The plan's deal(ISSUE, OPTION) facts; anything else but comments, its one
    proposed("YYYY-MM-DD") and `interim.` fails the test."""
    facts: list[tuple[str, str]] = []

    def statement(stmt):
        if stmt.ast_type in (ast.ASTType.Program, ast.ASTType.Comment):
            return
        where = f"{path.name}:{stmt.location.begin.line}"
        assert stmt.ast_type == ast.ASTType.Rule and not stmt.body, f"{where}: not a fact: {stmt}"
        atom = stmt.head.atom
        assert atom.ast_type == ast.ASTType.SymbolicAtom, f"{where}: not a deal/2 fact: {stmt}"
        term = atom.symbol
        if str(term) == "interim" or (term.ast_type == ast.ASTType.Function and term.name == "proposed"):
            return
        assert term.ast_type == ast.ASTType.Function and term.name == "deal" and len(term.arguments) == 2, (
            f"{where}: {stmt}"
        )
        assert all(a.ast_type == ast.ASTType.SymbolicTerm for a in term.arguments), f"{where}: {stmt}"
        facts.append(tuple(str(a.symbol) for a in term.arguments))

    ast.parse_files([str(path)], statement)
    return facts


@pytest.mark.parametrize("plan", sorted(p.name for p in PLANS.glob("*.lp")))
def test_plan_holds_only_known_deal_facts(plan, catalogue):
    path = PLANS / plan
    facts = read_plan(path)
    assert facts, f"{plan} settles nothing"
    options = {i.id: {o.id for o in i.options} for i in catalogue.issues}
    for issue, option in facts:
        assert issue in options, f"{plan}: unknown issue {issue}"
        assert option in options[issue], f"{plan}: issue {issue} has no option {option}"
    issues = [issue for issue, _ in facts]
    assert len(issues) == len(set(issues)), f"{plan}: an issue answered twice"


@pytest.mark.parametrize("case", sorted(CASES))
def test_plan_is_dated_with_its_proposal(case):
    text = plan_path(case).read_text(encoding="utf-8")
    assert f'proposed("{CASES[case].date}").' in text


@pytest.mark.parametrize("plan", sorted(p.name for p in PLANS.glob("*.lp")))
def test_plan_documents_itself(plan):
    """A comment block first (what, date, sources), and a comment above every fact."""
    lines = (PLANS / plan).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("%")
    head = "\n".join(ln for ln in lines[: next(n for n, ln in enumerate(lines) if not ln.startswith("%"))])
    assert "Date:" in head and "Sources:" in head
    assert re.search(r"\d{3}_[0-9a-f]{16}\.txt", head) or "cases.md" in head
    for n, line in enumerate(lines):
        if line.startswith("deal("):
            above = lines[n - 1]
            assert above.startswith("%") or above.startswith("deal("), f"{plan}:{n + 1}: fact without a comment"


def test_readme_table_covers_every_plan():
    text = PLANS_README.read_text(encoding="utf-8")
    for case in CASES.values():
        assert case.plan in text
    assert "zopa check examples/plans/" in text and "--json" in text


# ---------------------------------------------------------------------------------------
# (b) concessions


CONCESSION_FILES = sorted(p.name for p in CONCESSIONS.glob("*.lp"))


@pytest.fixture(scope="module")
def base_conflicts(scenario) -> list[frozenset[str]]:
    return [frozenset(c.red_lines) for c in zopa.why(scenario).conflicts]


def conflicts_with(name: str) -> tuple[zopa.Scenario, list[frozenset[str]]]:
    loaded = zopa.load(extra=[CONCESSIONS / name])
    return loaded, [frozenset(c.red_lines) for c in zopa.why(loaded).conflicts]


def test_at_least_three_concessions():
    assert len(CONCESSION_FILES) >= 3


@pytest.mark.parametrize("name", CONCESSION_FILES)
def test_concession_loads_and_documents_itself(name, scenario):
    text = (CONCESSIONS / name).read_text(encoding="utf-8")
    assert text.startswith("%") and "Source" in text and "Effect" in text
    loaded = zopa.load(extra=[CONCESSIONS / name])
    conceded = [r.id for r in loaded.catalogue.red_lines if r.conceded]
    new = [r for r in loaded.catalogue.red_lines if r.id not in scenario.red_line_ids]
    assert conceded or new, f"{name} changes nothing"
    for red_line in new:
        assert red_line.label and red_line.sources, f"{red_line.id}: needs a label and a source"
    # Each documented effect says the concession opens no deal on its own.
    assert not zopa.deals(loaded, limit=1).feasible


@pytest.mark.parametrize("name", CONCESSION_FILES)
def test_concession_quotes_are_verbatim(name, scenario):
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not available")
    files = {d.id: d.file for d in scenario.catalogue.documents}
    loaded = zopa.load(extra=[CONCESSIONS / name])
    for red_line in loaded.catalogue.red_lines:
        if red_line.id in scenario.red_line_ids:
            continue
        for source in red_line.sources:
            text = re.sub(r"\s+", " ", (SEEDS / files[source.document]).read_text(encoding="utf-8"))
            assert re.sub(r"\s+", " ", source.quote) in text, f"{red_line.id}: quote not in {files[source.document]}"


def _gone(base, after, pair):
    assert frozenset(pair) in base, f"{sorted(pair)} is not a conflict to begin with"
    assert frozenset(pair) not in after


def test_coalition_accepts_european_only_guarantee(base_conflicts, scenario):
    loaded, after = conflicts_with("coalition-accepts-european-only-guarantee.lp")
    assert set(after) == set(base_conflicts)  # uk_us_backing is in no conflict
    assert "uk_us_backing" in violated_by(zopa.check(scenario, plan_path("us_framework")), "united_kingdom")
    assert violated_by(zopa.check(loaded, plan_path("us_framework")), "united_kingdom") == set()
    assert zopa.check(loaded, plan_path("us_framework"), parties=["united_kingdom"]).completable


def test_eu_staged_sanctions_relief(base_conflicts, scenario):
    loaded, after = conflicts_with("eu-staged-sanctions-relief.lp")
    assert set(after) == set(base_conflicts)
    assert "eu_sanctions_until_withdrawal" in violated_by(
        zopa.check(scenario, plan_path("us_28_points")), "european_union"
    )
    assert violated_by(zopa.check(loaded, plan_path("us_28_points")), "european_union") == set()


def test_russia_accepts_security_guarantees(base_conflicts):
    loaded, after = conflicts_with("russia-accepts-security-guarantees.lp")
    assert set(after) == {c for c in base_conflicts if "ru_no_western_guarantees" not in c}
    assert len(after) < len(base_conflicts)
    assert violated_by(zopa.check(loaded, plan_path("us_28_points")), "russia") == {"ru_halt_military_aid"}


def test_ukraine_accepts_de_facto_crimea(base_conflicts):
    loaded, after = conflicts_with("ukraine-accepts-de-facto-crimea.lp")
    _gone(base_conflicts, after, {"ru_crimea_recognised", "ua_no_crimea_recognition"})
    assert len(after) == len(base_conflicts) - 1
    assert not any("ua_no_de_jure_crimea" in c for c in after)
    assert "ua_no_crimea_recognition" not in violated_by(zopa.check(loaded, plan_path("us_28_points")), "ukraine")
    assert "ua_no_de_jure_crimea" in violated_by(zopa.check(loaded, plan_path("us_framework")), "ukraine")


def test_ukraine_renounces_nato(base_conflicts):
    loaded, after = conflicts_with("ukraine-renounces-nato.lp")
    _gone(base_conflicts, after, {"ru_neutrality", "ua_keep_nato_aspiration"})
    assert len(after) == len(base_conflicts) - 1
    framework = violated_by(zopa.check(loaded, plan_path("us_framework")), "ukraine")
    assert not framework & {"ua_keep_nato_aspiration", "ua_renounce_nato_no_constitutional_ban"}
    assert "ua_renounce_nato_no_constitutional_ban" in violated_by(
        zopa.check(loaded, plan_path("us_28_points")), "ukraine"
    )


def test_ukraine_shared_sovereignty_donbas(base_conflicts):
    loaded, after = conflicts_with("ukraine-shared-sovereignty-donbas.lp")
    _gone(base_conflicts, after, {"ru_occupied_donbas_recognised", "ua_no_concession_occupied_donbas"})
    # Russia's red line asks for recognition: the softened Ukrainian line meets it in a new
    # conflict, and the count stays the same.
    assert frozenset({"ru_occupied_donbas_recognised", "ua_shared_sovereignty_only"}) in after
    assert len(after) == len(base_conflicts)
    assert "ua_shared_sovereignty_only" in violated_by(zopa.check(loaded, plan_path("us_28_points")), "ukraine")
