"""The command line: pinned text output on a tiny scenario (every answer worked out by hand),
help, the README's coverage of the commands, and the installed console script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

import zopa.cli
from workspace import scenario_folder

REPO = Path(__file__).resolve().parent.parent

# Line numbers matter: the rule for n_monitor is on line 27.
TINY = """\
issue(ceasefire).
label(ceasefire, "Ceasefire").
option(ceasefire, full).
option(ceasefire, energy_only).
option(ceasefire, none).
label((ceasefire, full), "Full ceasefire").
label((ceasefire, energy_only), "Energy strikes only").
label((ceasefire, none), "No ceasefire").
issue(sanctions).
label(sanctions, "Sanctions").
option(sanctions, kept).
option(sanctions, lifted).
label((sanctions, kept), "Kept").
label((sanctions, lifted), "Lifted").
issue(monitoring).
label(monitoring, "Monitoring").
option(monitoring, un).
option(monitoring, osce).
label((monitoring, un), "UN mission").
label((monitoring, osce), "OSCE mission").
party(north). label(north, "Northland").
party(south). label(south, "Southland").
document(d1, "Talks report", "2025-03-01"). document_file(d1, "report.txt").
red_line(n_full, north). label(n_full, "Full ceasefire only").
requires(n_full, ceasefire, full). source(n_full, d1, "North wants a full ceasefire.").
red_line(n_monitor, north). label(n_monitor, "No OSCE monitors").
violated(n_monitor) :- deal(monitoring, osce).
red_line(s_lift, south). label(s_lift, "Sanctions lifted").
forbids(s_lift, sanctions, kept). source(s_lift, d1, "South insists sanctions be lifted.").
stated(s_lift, "2025-03-01").
red_line(s_energy, south). label(s_energy, "Energy truce or nothing").
requires(s_energy, ceasefire, energy_only). requires(s_energy, ceasefire, none).
evidence(n_full, direct). evidence(s_lift, reported).
status_quo(sanctions, kept).
"""


@pytest.fixture
def tiny(tmp_path, monkeypatch) -> str:
    return scenario_folder(tmp_path, monkeypatch, "tiny", TINY)


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = zopa.cli.run(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------------------
# deals


def test_deals_text_one_deal(tiny, capsys):
    # Without s_energy: ceasefire=full (n_full), monitoring=un (n_monitor), sanctions=lifted (s_lift).
    status, out, err = run(capsys, "deals", "--positions", tiny, "--concede", "s_energy")
    assert (status, err) == (0, "")
    assert out == (
        "1 feasible deal under the 3 red lines of north, south (conceded: s_energy) (all\n"
        "  there are).\n"
        "\n"
        "Deal 1\n"
        "  Ceasefire   Full ceasefire\n"
        "  Sanctions   Lifted\n"
        "  Monitoring  UN mission\n"
    )


@pytest.mark.parametrize(
    "limit, head, tail",
    [
        ("2", "2 feasible deals under the 2 red lines of north (all there are).\n\nDeal 1\n", ""),
        # --limit 0 writes each deal as it is found: the count comes last.
        (
            "0",
            "Feasible deals under the 2 red lines of north, as they are found:\n\nDeal 1\n",
            "\n2 feasible deals under the 2 red lines of north (all there are).\n",
        ),
    ],
    ids=["listed", "streamed"],
)
def test_deals_text_two_deals(limit, head, tail, tiny, capsys):
    # North alone: ceasefire=full, monitoring=un, sanctions either way.
    status, out, err = run(capsys, "deals", "--positions", tiny, "--party", "north", "--limit", limit)
    assert (status, err) == (0, "")

    def expected(first: str, second: str) -> str:
        return (
            head
            + "  Ceasefire   Full ceasefire\n"
            + f"  Sanctions   {first}\n"
            + "  Monitoring  UN mission\n"
            + "\n"
            + "Deal 2: as deal 1, except\n"
            + f"  Sanctions  {second}\n"
            + tail
        )

    assert out in (expected("Kept", "Lifted"), expected("Lifted", "Kept")), out


def test_deals_text_cut_by_limit(tiny, capsys):
    status, out, err = run(capsys, "deals", "--positions", tiny, "--party", "north", "--limit", "1")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == ["1 feasible deal under the 2 red lines of north; more exist (--limit 0 lists", "  all)."]
    assert lines[2:4] == ["", "Deal 1"]
    assert lines[4] == "  Ceasefire   Full ceasefire"
    assert lines[5] in ("  Sanctions   Kept", "  Sanctions   Lifted")
    assert lines[6] == "  Monitoring  UN mission"
    assert len(lines) == 7


def test_deals_text_no_feasible_deal_points_to_why(tiny, capsys):
    # n_full needs ceasefire=full, s_energy needs energy_only or none: no deal.
    status, out, err = run(capsys, "deals", "--positions", tiny)
    assert (status, err) == (0, "")
    assert out == (
        "No feasible deal: no settlement satisfies the 4 red lines of north, south.\n"
        "Run `zopa why --positions tiny` to see which red lines collide and which\n"
        "  concessions would open a deal.\n"
    )


def test_deals_text_one_red_line_is_singular(tiny, capsys):
    # South without s_energy: only s_lift binds; 3 ceasefire x 2 monitoring options remain.
    status, out, err = run(
        capsys, "deals", "--positions", tiny, "--party", "south", "--concede", "s_energy", "--limit", "1"
    )
    assert (status, err) == (0, "")
    assert out.splitlines()[0].startswith(
        "1 feasible deal under the 1 red line of south (conceded: s_energy); more exist"
    ), out


def test_deals_concede_by_with_file(tiny, tmp_path, capsys):
    (tmp_path / "concede.lp").write_text("concede(s_energy).\n", encoding="utf-8")
    status, out, err = run(capsys, "deals", "--positions", tiny, "--with", "concede.lp", "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["deals"] == [{"ceasefire": "full", "sanctions": "lifted", "monitoring": "un"}]
    assert data["complete"] is True
    assert data["feasible"] is True
    assert data["conceded"] == ["s_energy"]


# ---------------------------------------------------------------------------------------
# show

SHOW = """\
Parties (2 of 2)
  north                Northland (2 red lines)
  south                Southland (2 red lines)

Issues (3)
  ceasefire            Ceasefire
      full                     Full ceasefire
      energy_only              Energy strikes only
      none                     No ceasefire
  sanctions            Sanctions
      kept                     Kept  [status quo]
      lifted                   Lifted
  monitoring           Monitoring
      un                       UN mission
      osce                     OSCE mission

Red lines (4)
  Northland
    n_full: Full ceasefire only
        requires ceasefire=full
        “North wants a full ceasefire.”
          — Talks report, 2025-03-01, report.txt
        evidence: direct; undated (holds at every date)
    n_monitor: No OSCE monitors
        violated(n_monitor) :- deal(monitoring,osce).  (tiny/tiny.lp:27:1)
        evidence: inferred (ungraded); undated (holds at every date)
  Southland
    s_lift: Sanctions lifted
        forbids sanctions=kept
        “South insists sanctions be lifted.”
          — Talks report, 2025-03-01, report.txt
        evidence: reported; stated 2025-03-01
    s_energy: Energy truce or nothing
        requires ceasefire=energy_only or none
        evidence: inferred (ungraded); undated (holds at every date)

Evidence: 1 direct, 1 reported, 2 inferred.
Conflicts that rest on inferred red lines:
  {n_full, s_energy}: inferred s_energy
"""


def test_show_text(tiny, capsys):
    status, out, err = run(capsys, "show", "--positions", tiny)
    assert (status, err) == (0, "")
    assert out == SHOW


def test_show_text_one_party_and_conceded_flag(tiny, tmp_path, capsys):
    (tmp_path / "concede.lp").write_text("concede(s_energy).\n", encoding="utf-8")
    status, out, err = run(capsys, "show", "--positions", tiny, "--party", "south", "--with", "concede.lp")
    assert (status, err) == (0, "")
    assert out.startswith("Parties (1 of 2)\n  south                Southland (2 red lines)\n\nIssues (3)\n")
    assert "Red lines (2)\n  Southland\n    s_lift: Sanctions lifted\n" in out
    assert "    s_energy: Energy truce or nothing [conceded]\n" in out
    assert "Northland" not in out
    assert "n_full" not in out


def test_show_json(tiny, capsys):
    status, out, err = run(capsys, "show", "--positions", tiny, "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert [p["id"] for p in data["parties"]] == ["north", "south"]
    assert [i["id"] for i in data["issues"]] == ["ceasefire", "sanctions", "monitoring"]
    assert [o["id"] for o in data["issues"][0]["options"]] == ["full", "energy_only", "none"]
    lines = {r["id"]: r for r in data["red_lines"]}
    assert list(lines) == ["n_full", "n_monitor", "s_lift", "s_energy"]
    assert lines["s_energy"]["requires"] == [
        {"issue": "ceasefire", "option": "energy_only"},
        {"issue": "ceasefire", "option": "none"},
    ]
    assert lines["s_lift"]["forbids"] == [{"issue": "sanctions", "option": "kept"}]
    assert [rule["place"] for rule in lines["n_monitor"]["rules"]] == ["tiny/tiny.lp:27:1"]
    assert "deal(monitoring,osce)" in lines["n_monitor"]["rules"][0]["text"]
    assert lines["n_full"]["sources"] == [{"document": "d1", "quote": "North wants a full ceasefire."}]
    assert data["documents"] == [{"id": "d1", "title": "Talks report", "date": "2025-03-01", "file": "report.txt"}]


# ---------------------------------------------------------------------------------------
# help and README


def command_names() -> list[str]:
    return sorted(typer.main.get_command(zopa.cli.app).commands)


def test_no_arguments_prints_help(capsys):
    status, out, err = run(capsys)
    assert status == 0
    assert err == ""
    assert "Usage" in out
    for name in command_names():
        assert name in out


def test_help_option(capsys):
    status, out, err = run(capsys, "--help")
    assert status == 0
    assert "Usage" in out


def test_version_option(capsys):
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert run(capsys, "--version") == (0, f"zopa {declared}\n", "")


@pytest.mark.parametrize("command", ["deals", "show"])
def test_contract_commands_exist(command):
    assert command in command_names()


@pytest.mark.readme
def test_readme_documents_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    undocumented = [name for name in command_names() if not re.search(rf"\bzopa {re.escape(name)}\b", readme)]
    assert not undocumented, f"README.md does not document these commands (no `zopa NAME` in it): {undocumented}"


# ---------------------------------------------------------------------------------------
# The installed console script


def console_script() -> str:
    beside = Path(sys.executable).parent / "zopa"
    if beside.is_file():
        return str(beside)
    found = shutil.which("zopa")
    if found is None:
        pytest.fail("the zopa console script is not installed", pytrace=False)
    return found


def test_console_script_show_json_on_a_scenario_elsewhere(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "tiny.lp").write_text(TINY, encoding="utf-8")
    done = subprocess.run(
        [console_script(), "show", "--json", "--positions", "tiny"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [p["id"] for p in json.loads(done.stdout)["parties"]] == ["north", "south"]


def test_console_script_show_json_bundled_from_another_folder(tmp_path):
    """rules/ and positions/ ship inside the package: the bundled scenario loads anywhere."""
    done = subprocess.run(
        [console_script(), "show", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr.strip()[-2000:]}"
    data = json.loads(done.stdout)
    assert {"parties", "issues", "red_lines"} <= set(data)
    assert data["parties"] and data["issues"] and data["red_lines"]


def test_console_script_error_is_one_line(tmp_path):
    done = subprocess.run(
        [console_script(), "deals", "--positions", "missing"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ") and "missing" in done.stderr


def test_console_script_without_arguments_prints_help(tmp_path):
    done = subprocess.run([console_script()], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Usage" in done.stdout


# ---------------------------------------------------------------------------------------
# Positions through time: a dated scenario worked out by hand.
#
# n_full (undated) needs a full ceasefire. South demanded energy-only-or-none from 1 March
# and dropped it on 1 April; it wants sanctions lifted from 15 March; from 1 May North
# wants them kept. Costs make every cheapest concession set unique.

DATED = """\
issue(ceasefire). option(ceasefire, (full; energy_only; none)).
issue(sanctions). option(sanctions, (kept; lifted)). status_quo(sanctions, kept).
party(north). label(north, "Northland"). party(south). label(south, "Southland").
red_line(n_full, north). label(n_full, "Full ceasefire only"). requires(n_full, ceasefire, full).
evidence(n_full, direct). cost(n_full, 2).
red_line(s_energy, south). label(s_energy, "Energy truce or nothing").
requires(s_energy, ceasefire, energy_only). requires(s_energy, ceasefire, none).
stated(s_energy, "2025-03-01"). withdrawn(s_energy, "2025-04-01"). evidence(s_energy, reported).
red_line(s_lift, south). label(s_lift, "Sanctions lifted"). forbids(s_lift, sanctions, kept).
stated(s_lift, "2025-03-15"). evidence(s_lift, inferred).
red_line(n_keep, north). label(n_keep, "Sanctions kept"). requires(n_keep, sanctions, kept).
stated(n_keep, "2025-05-01"). evidence(n_keep, direct). cost(n_keep, 3).
"""

TIMELINE = """\
The positions through time: 4 dates with news, the 4 red lines of north, south.
Last (1 May 2025): no deal, 1 conflict, a cheapest concession set of 1. A deal
  was feasible from the start to 1 Mar 2025, and from 1 Apr 2025 to 1 May 2025.

Undated, held from the start: 1 red line (n_full).
  → a deal is feasible (1 red line in force).

1 Mar 2025: Southland states s_energy (Energy truce or nothing).
  → the zone closes: no deal: 1 conflict among 2 red lines in force; cheapest
    concession set (1): s_energy.

15 Mar 2025: Southland states s_lift (Sanctions lifted).
  → still no deal: 1 conflict among 3 red lines in force; cheapest concession
    set (1): s_energy.

1 Apr 2025: Southland drops s_energy (Energy truce or nothing).
  → the zone opens: a deal is feasible (2 red lines in force).

1 May 2025: Northland states n_keep (Sanctions kept).
  → the zone closes: no deal: 1 conflict among 3 red lines in force; cheapest
    concession set (1): s_lift.
"""


@pytest.fixture
def dated(tmp_path, monkeypatch) -> str:
    return scenario_folder(tmp_path, monkeypatch, "dated", DATED)


def test_timeline_text(dated, capsys):
    status, out, err = run(capsys, "timeline", "--positions", dated)
    assert (status, err) == (0, "")
    assert out == TIMELINE


def test_timeline_json(dated, capsys):
    status, out, err = run(capsys, "timeline", "--positions", dated, "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    rows = [
        (d["date"], d["stated"], d["withdrawn"], d["feasible"], d["conflicts"], d["cheapest"]) for d in data["dates"]
    ]
    assert rows == [
        ("2025-03-01", ["s_energy"], [], False, 1, ["s_energy"]),
        ("2025-03-15", ["s_lift"], [], False, 1, ["s_energy"]),
        ("2025-04-01", [], ["s_energy"], True, 0, None),
        ("2025-05-01", ["n_keep"], [], False, 1, ["s_lift"]),
    ]
    assert data["complete"] and data["as_of"] is None
    assert all(d["complete"] for d in data["dates"])


def test_timeline_as_of_stops_the_history_and_evidence_filters_it(dated, capsys):
    _, out, _ = run(capsys, "timeline", "--positions", dated, "--json", "--as-of", "2025-04-01")
    data = json.loads(out)
    assert [d["date"] for d in data["dates"]] == ["2025-03-01", "2025-03-15", "2025-04-01"]
    assert data["as_of"] == "2025-04-01"
    # Direct evidence only: n_full and n_keep, which never collide.
    _, out, _ = run(capsys, "timeline", "--positions", dated, "--json", "--evidence", "direct")
    data = json.loads(out)
    assert [(d["date"], d["feasible"]) for d in data["dates"]] == [("2025-05-01", True)]


def test_timeline_graph_is_an_svg_written_with_the_usual_permissions(dated, tmp_path, capsys):
    status, out, err = run(capsys, "timeline", "--positions", dated, "--graph", "chart.svg")
    assert status == 0
    assert err == "wrote chart.svg\n" and out.startswith("The positions")
    chart = tmp_path / "chart.svg"
    text = chart.read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.count("<circle") == 5  # the start and four dates
    assert "2025-05-01" in text and "<script" not in text
    assert chart.stat().st_mode & 0o044 == 0o044
    status, _, err = run(capsys, "timeline", "--positions", dated, "--graph", "chart.png")
    assert status == 2 and err.startswith("error: --graph chart.png: ")


@pytest.mark.parametrize(
    ("args", "holding"),
    [
        ((), ["n_full", "s_lift", "n_keep"]),  # now: s_energy is withdrawn
        (("--as-of", "2025-02-28"), ["n_full"]),
        (("--as-of", "2025-03-01"), ["n_full", "s_energy"]),  # stated that day: holds
        (("--as-of", "2025-04-01"), ["n_full", "s_lift"]),  # withdrawn that day: no longer
        (("--as-of", "2025-03-20", "--evidence", "reported"), ["n_full", "s_energy"]),
    ],
)
def test_as_of_and_evidence_choose_the_red_lines(dated, capsys, args, holding):
    _, out, _ = run(capsys, "show", "--positions", dated, "--json", *args)
    data = json.loads(out)
    in_force = [r["id"] for r in data["red_lines"] if r["id"] not in data["not_in_force"]]
    assert in_force == holding
    _, out, _ = run(capsys, "deals", "--positions", dated, "--json", *args)
    assert json.loads(out)["red_lines_checked"] == len(holding)
    assert json.loads(out)["as_of"] == (args[1] if args else None)


def test_a_bad_as_of_date_is_one_error_line(dated, capsys):
    for command in ("deals", "why", "show", "timeline"):
        status, out, err = run(capsys, command, "--positions", dated, "--as-of", "2025-02-30")
        assert (status, out) == (2, "")
        assert err == "error: --as-of '2025-02-30': give a date as YYYY-MM-DD, e.g. 2025-03-11\n"
    status, _, err = run(capsys, "deals", "--positions", dated, "--evidence", "rumour")
    assert status == 2 and err == "error: --evidence 'rumour': give one of direct, reported, inferred\n"


def test_check_judges_a_dated_plan_as_of_its_date_and_reads_silence_as_the_status_quo(dated, tmp_path, capsys):
    # On 20 March South holds s_energy and s_lift. The plan sets a full ceasefire (breaks
    # s_energy) and says nothing of sanctions, which therefore stay (breaks s_lift).
    (tmp_path / "plan.lp").write_text('proposed("2025-03-20").\ndeal(ceasefire, full).\n', encoding="utf-8")
    _, out, _ = run(capsys, "check", "plan.lp", "--positions", dated, "--json")
    data = json.loads(out)
    assert (data["as_of"], data["proposed"], data["status_quo"]) == ("2025-03-20", "2025-03-20", {"sanctions": "kept"})
    assert [v["red_line"] for v in data["violations"]] == ["s_energy", "s_lift"]
    assert data["open_issues"] == []
    # Read as open, sanctions may yet be lifted: s_lift is only at risk.
    _, out, _ = run(capsys, "check", "plan.lp", "--positions", dated, "--json", "--silence", "open")
    data = json.loads(out)
    assert [v["red_line"] for v in data["violations"]] == ["s_energy"]
    assert [v["red_line"] for v in data["at_risk"]] == ["s_lift"]
    # As of 15 April South has dropped s_energy.
    _, out, _ = run(capsys, "check", "plan.lp", "--positions", dated, "--json", "--as-of", "2025-04-15")
    data = json.loads(out)
    assert data["as_of"] == "2025-04-15" and [v["red_line"] for v in data["violations"]] == ["s_lift"]
    _, out, _ = run(capsys, "check", "plan.lp", "--positions", dated)
    assert out.splitlines()[:2] == [
        "Plan plan.lp: answers 1 of 2 issues, 1 more keep their status quo.",
        "Judged by the positions as of 2025-03-20, the plan's date.",
    ]


@pytest.mark.parametrize(
    ("plan", "says"),
    [
        ('proposed("20 March").\n', 'proposed("20 March"): the date must be a string "YYYY-MM-DD"'),
        ('proposed("2025-03-20").\nproposed("2025-03-21").\n', "the plan is already dated 2025-03-20"),
    ],
)
def test_a_bad_plan_date_is_refused_at_its_place(dated, tmp_path, capsys, plan, says):
    (tmp_path / "plan.lp").write_text(plan, encoding="utf-8")
    status, out, err = run(capsys, "check", "plan.lp", "--positions", dated)
    assert (status, out) == (2, "")
    assert err.startswith("error: plan.lp:") and says in err and len(err.splitlines()) == 1


def test_silence_must_be_a_known_reading(dated, tmp_path, capsys):
    (tmp_path / "plan.lp").write_text("deal(ceasefire, full).\n", encoding="utf-8")
    status, _, err = run(capsys, "check", "plan.lp", "--positions", dated, "--silence", "loud")
    assert status == 2 and err == "error: --silence 'loud': give one of status_quo, open\n"


def test_plain_clingo_reads_the_positions_as_they_stand_now(dated, tmp_path):
    """Withdrawn red lines do not bind in a plain clingo run of the engine, as in zopa
    without --as-of: now, s_lift and n_keep collide, and s_energy no longer counts."""
    import clingo

    def models(extra: str) -> int:
        control = clingo.Control(["0"])
        control.load(str(REPO / "rules" / "zopa.lp"))
        control.load(str(tmp_path / "dated" / "dated.lp"))
        control.add("base", [], extra)
        control.ground([("base", [])])
        return sum(1 for _ in control.solve(yield_=True))

    assert models("") == 0
    assert models("concede(n_keep).") == 1  # ceasefire full, sanctions lifted


def test_an_interim_plan_leaves_what_it_omits_open(dated, tmp_path, capsys):
    """A ceasefire is a first step: sanctions it does not mention are not settled as they are."""
    (tmp_path / "truce.lp").write_text('interim.\nproposed("2025-03-20").\ndeal(ceasefire, full).\n', encoding="utf-8")
    _, out, _ = run(capsys, "check", "truce.lp", "--positions", dated, "--json")
    data = json.loads(out)
    assert (data["interim"], data["silence"], data["status_quo"]) == (True, "open", {})
    assert [v["red_line"] for v in data["violations"]] == ["s_energy"]
    _, out, _ = run(capsys, "check", "truce.lp", "--positions", dated, "--json", "--silence", "status_quo")
    assert [v["red_line"] for v in json.loads(out)["violations"]] == ["s_energy", "s_lift"]


# ---------------------------------------------------------------------------------------
# Interests: satisfaction, the Pareto frontier, options. Worked out by hand: the feasible
# deals (a=z is ruled out by rp) and their satisfaction (p, q) are x,u (4, 0); x,v (3, 2);
# y,u (1, 2); y,v (0, 4). The frontier is (3, 2), (4, 0), (0, 4): y,u is dominated by x,v.
# Best: p 4, q 4. nash: 6 against 0 and 0; leximin: shares (1/2, 3/4) beat (0, 1) twice;
# welfare: 5/4 against 1 and 1. All choose (3, 2).

WANTS = """\
issue(a). option(a, (x; y; z)). issue(b). option(b, (u; v)).
party(p). party(q).
red_line(rp, p). forbids(rp, a, z).
wants(p, a, x, 3). wants(p, b, u, 1). wants(q, a, y, 2). wants(q, b, v, 2).
"""

PARETO = """\
3 Pareto-optimal satisfaction profiles under the 1 red line of p, q (all there
  are).
Fair choice (nash): p 3, q 2.
nash, leximin and welfare agree on it.
Best each party can get: p 4, q 4.

Profiles, the fair choice first (each with the first deal in issue and option
  order that gives it):
   1. p 3, q 2
   2. p 4, q 0
   3. p 0, q 4

Deal 1
  a  x
  b  v
  satisfaction: p 3, q 2

Deal 2: as deal 1, except
  b  u
  satisfaction: p 4, q 0

Deal 3: as deal 1, except
  a  y
  satisfaction: p 0, q 4
"""

OPTIONS = """\
Under the 1 red line of p, q: 0 issues settled in every feasible deal, 2 still
  open, 1 option ruled out.

Settled (every feasible deal takes it):
  none

Open (some feasible deal takes each; deals counted up to 100):
  a [a]: x (2), y (2)
  b [b]: u (2), v (2)

Ruled out, with the fewest red lines that rule each out:
  a: z  [a=z] — rp
"""


@pytest.fixture
def wanting(tmp_path, monkeypatch) -> str:
    return scenario_folder(tmp_path, monkeypatch, "wanting", WANTS)


def test_pareto_text(wanting, capsys):
    status, out, err = run(capsys, "deals", "--pareto", "--positions", wanting)
    assert (status, err) == (0, "")
    assert out == PARETO


def test_pareto_json_and_the_rules(wanting, capsys):
    _, out, _ = run(capsys, "deals", "--pareto", "--positions", wanting, "--json")
    data = json.loads(out)
    assert [p["satisfaction"] for p in data["frontier"]] == [{"p": 3, "q": 2}, {"p": 4, "q": 0}, {"p": 0, "q": 4}]
    assert [p["deal"] for p in data["frontier"]] == [{"a": "x", "b": "v"}, {"a": "x", "b": "u"}, {"a": "y", "b": "v"}]
    assert data["fair"] == {"rule": "nash", "satisfaction": {"p": 3, "q": 2}, "deal": {"a": "x", "b": "v"}}
    assert (data["feasible"], data["complete"], data["rules_agree"]) == (True, True, True)
    for rule in ("leximin", "welfare"):
        _, out, _ = run(capsys, "deals", "--pareto", "--positions", wanting, "--json", "--fair", rule)
        assert json.loads(out)["fair"]["satisfaction"] == {"p": 3, "q": 2}
    # Only q enforced: its satisfaction alone, and its red lines (none): one profile, q 4.
    _, out, _ = run(capsys, "deals", "--pareto", "--positions", wanting, "--json", "--party", "q")
    data = json.loads(out)
    assert [p["satisfaction"] for p in data["frontier"]] == [{"q": 4}]
    # A cut frontier says so; what it lists is Pareto-optimal.
    _, out, _ = run(capsys, "deals", "--pareto", "--positions", wanting, "--json", "--limit", "1")
    data = json.loads(out)
    assert not data["complete"] and len(data["frontier"]) == 1
    assert data["frontier"][0]["satisfaction"] in [{"p": 3, "q": 2}, {"p": 4, "q": 0}, {"p": 0, "q": 4}]
    status, _, err = run(capsys, "deals", "--pareto", "--positions", wanting, "--fair", "best")
    assert status == 2 and err == "error: --fair 'best': give one of nash, leximin, welfare\n"


def test_deals_list_each_deals_satisfaction(wanting, capsys):
    _, out, _ = run(capsys, "deals", "--positions", wanting, "--json", "--limit", "0")
    data = json.loads(out)
    expected = {("x", "u"): (4, 0), ("x", "v"): (3, 2), ("y", "u"): (1, 2), ("y", "v"): (0, 4)}
    listed = {(d["a"], d["b"]): (s["p"], s["q"]) for d, s in zip(data["deals"], data["satisfaction"], strict=True)}
    assert listed == expected
    _, out, _ = run(capsys, "deals", "--positions", wanting, "--jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert {
        (x["deal"]["a"], x["deal"]["b"]): (x["satisfaction"]["p"], x["satisfaction"]["q"]) for x in lines
    } == expected


def test_options_text_and_json(wanting, capsys):
    status, out, err = run(capsys, "options", "--positions", wanting)
    assert (status, err) == (0, "")
    assert out == OPTIONS
    _, out, _ = run(capsys, "options", "--positions", wanting, "--json", "--concede", "rp", "--party", "q")
    data = json.loads(out)
    # Without rp every option is open; q alone has no red line.
    assert data["issues"]["a"] == {
        "forced": None,
        "open": ["x", "y", "z"],
        "impossible": [],
        "deals": {"x": 2, "y": 2, "z": 2},
        "deals_at_least": [],
    }


def test_check_reports_a_pareto_improvement(wanting, tmp_path, capsys):
    # The plan fixes a=y. Its completions are y,u (1, 2) and y,v (0, 4); nash among them
    # (bests p 1, q 4) picks y,u. It is not Pareto-optimal: x,v (3, 2) is better for p and
    # no worse for q, and is the only Pareto-optimal deal keeping p ≥ 1 and q ≥ 2.
    (tmp_path / "plan.lp").write_text("deal(a, y).\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "plan.lp", "--positions", wanting, "--json")
    data = json.loads(out)
    assert (data["completion"], data["satisfaction"]) == ({"a": "y", "b": "u"}, {"p": 1, "q": 2})
    assert (data["improvement"], data["improvement_satisfaction"]) == ({"a": "x", "b": "v"}, {"p": 3, "q": 2})
    assert (data["nearest"], data["nearest_satisfaction"]) == ({"a": "y", "b": "u"}, {"p": 1, "q": 2})
    (tmp_path / "best.lp").write_text("deal(a, x). deal(b, v).\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "best.lp", "--positions", wanting, "--json")
    assert json.loads(out)["improvement"] is None
    _, out, _ = run(capsys, "check", "best.lp", "--positions", wanting)
    words = " ".join(out.split())  # the view is wrapped to 80 columns
    assert "It is Pareto-optimal: no feasible deal is better for one party without being worse for another." in words


# ---------------------------------------------------------------------------------------
# Coalitions. Worked out by hand: p and q want opposite answers on a, r and s on b. The
# minimal blocking groups are {p, q} and {r, s}, nobody is in both (no veto); a group
# agrees when it holds at most one of each pair, so the maximal agreeing groups are
# {p, r}, {p, s}, {q, r}, {q, s}. Two conflicts of two red lines: 1/2 of blame each.

COALITION = """\
issue(a). option(a, (x; y)). issue(b). option(b, (u; v)).
party(p). party(q). party(r). party(s).
red_line(rp, p). requires(rp, a, x). red_line(rq, q). requires(rq, a, y).
red_line(rr, r). requires(rr, b, u). red_line(rs, s). requires(rs, b, v).
"""

COALITIONS = """\
Coalitions under the 4 red lines of p, q, r, s.
Minimal blocking groups (2): p + q; r + s.
In every blocking group (a veto): no party.
Maximal agreeing groups (4): p, r; p, s; q, r; q, s.

Who can agree with whom (the diagonal: each party alone):
       1   2   3   4
   1 p yes  no yes yes
   2 q  no yes yes yes
   3 r yes yes yes  no
   4 s yes yes  no yes

Why each blocking group blocks (one conflict among its red lines):
  p + q:
    rp — rp
    rq — rq
  r + s:
    rr — rr
    rs — rs

Blame for the 2 minimal conflicts: each conflict of k red lines gives 1/k to
  each member (their Shapley value); a party's blame is its red lines' sum.
  p                      0.50
  q                      0.50
  r                      0.50
  s                      0.50

Red lines with the most blame (--json lists every one):
  rp                                     0.50
  rq                                     0.50
  rr                                     0.50
  rs                                     0.50
"""


def test_coalitions_text_and_json(tmp_path, monkeypatch, capsys):
    (tmp_path / "coalition").mkdir()
    (tmp_path / "coalition" / "c.lp").write_text(COALITION, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "coalitions", "--positions", "coalition")
    assert (status, err) == (0, "")
    assert out == COALITIONS
    _, out, _ = run(capsys, "coalitions", "--positions", "coalition", "--json")
    data = json.loads(out)
    assert data["minimal_blocking"] == [["p", "q"], ["r", "s"]]
    assert data["maximal_agreeing"] == [["p", "r"], ["p", "s"], ["q", "r"], ["q", "s"]]
    assert data["veto"] == [] and data["complete"] and data["as_of"] is None
    assert len(data["coalitions"]) == 15
    assert {tuple(c["parties"]) for c in data["coalitions"] if c["feasible"]} == {
        ("p",),
        ("q",),
        ("r",),
        ("s",),
        ("p", "r"),
        ("p", "s"),
        ("q", "r"),
        ("q", "s"),
    }
    assert data["blocking_conflicts"] == [
        {"parties": ["p", "q"], "red_lines": ["rp", "rq"]},
        {"parties": ["r", "s"], "red_lines": ["rr", "rs"]},
    ]
    assert data["blame"] == {
        "red_lines": dict.fromkeys(["rp", "rq", "rr", "rs"], 0.5),
        "parties": dict.fromkeys("pqrs", 0.5),
    }
    # With r conceding, s agrees with everyone, and p + q is the one blocking group: a veto
    # for each of them.
    _, out, _ = run(capsys, "coalitions", "--positions", "coalition", "--json", "--concede", "rr")
    data = json.loads(out)
    assert (data["minimal_blocking"], data["veto"]) == ([["p", "q"]], ["p", "q"])
    assert "rr" not in data["blame"]["red_lines"]  # conceded: not enforced, not listed
