"""What a reader sees: the answer in the first lines, one canonical numbering of the
conflicts everywhere, each quote once, suggested commands that run as printed, the README's
examples, and the command line's conventions (-h, exit statuses, "wrote FILE")."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import zopa
import zopa.cli
from workspace import scenario_folder

REPO = Path(__file__).resolve().parent.parent

# Two parties; north needs a full ceasefire and no OSCE mission, south sanctions lifted and
# an energy truce or nothing. Conflicts: {n_full, s_energy} on the ceasefire only.
TWO = """\
issue(ceasefire). option(ceasefire, (full; energy_only; none)).
issue(sanctions). option(sanctions, (kept; lifted)).
issue(monitoring). option(monitoring, (un; osce)).
party(north). party(south).
document(d1, "Talks report", "2025-03-01").
red_line(n_full, north). requires(n_full, ceasefire, full). source(n_full, d1, "North wants a full ceasefire.").
red_line(n_kept, north). requires(n_kept, sanctions, kept). source(n_kept, d1, "North keeps sanctions.").
red_line(s_lift, south). requires(s_lift, sanctions, lifted). source(s_lift, d1, "South wants them lifted.").
red_line(s_energy, south). forbids(s_energy, ceasefire, full). source(s_energy, d1, "South: no full ceasefire.").
red_line(n_un, north). requires(n_un, monitoring, un). source(n_un, d1, "North wants UN monitors.").
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = zopa.cli.run(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def two(tmp_path, monkeypatch) -> str:
    return scenario_folder(tmp_path, monkeypatch, "two", TWO)


def suggested(out: str) -> list[list[str]]:
    """The commands a view suggests: lines starting with `zopa ` (continued after a
    backslash), and commands in backquotes."""
    joined = re.sub(r" \\\n\s*", " ", out)
    commands = [line.strip() for line in joined.splitlines() if line.strip().startswith("zopa ")]
    commands += re.findall(r"`(zopa [^`]+)`", " ".join(joined.split()))
    return [shlex.split(command)[1:] for command in commands]


def test_suggested_commands_carry_the_question_and_run(two, capsys):
    # why under a concession and one party's view: the suggested deals command keeps the
    # scenario, the parties and the concession already made, and it opens a deal.
    status, out, _ = run(capsys, "why", "--positions", two, "--concede", "n_un")
    assert status == 0
    commands = suggested(out)
    assert commands, out
    for args in commands:
        assert args[args.index("--positions") + 1] == two
        assert "n_un" in args
        status, answer, err = run(capsys, *args, "--json")
        assert (status, err) == (0, ""), args
        assert '"feasible": true' in answer, args
    # deals with no deal suggests why, with the same question.
    status, out, _ = run(capsys, "deals", "--positions", two, "--party", "north", "--party", "south")
    [args] = suggested(out)
    assert args[:3] == ["why", "--positions", two] and args.count("--party") == 2
    status, out, err = run(capsys, *args)
    assert (status, err) == (0, "") and out.startswith("No feasible deal")


def test_conflicts_have_one_numbering_in_why_its_limit_whatif_and_the_graph(tmp_path, capsys):
    scenario = zopa.load()
    every = [c.red_lines for c in zopa.why(scenario, limit=0, with_concessions=False).conflicts]
    assert every == sorted(every, key=lambda c: (len(c), c)), "canonical: size, then the red lines"
    for limit in (1, 3, 5, len(every) - 1):
        cut = zopa.why(zopa.load(), limit=limit, with_concessions=False).conflicts
        assert [c.red_lines for c in cut] == every[:limit]
    numbered = [c.red_lines for c in zopa.whatif(zopa.load(), limit=1).conflicts]
    assert numbered == every
    status, out, _ = run(capsys, "why", "--limit", "4")
    assert status == 0
    shown = re.findall(r"^ +(\d+)\. ", out, flags=re.M)
    assert shown == ["1", "2", "3", "4"]
    status, _, _ = run(capsys, "why", "--graph", str(tmp_path / "g.dot"))
    dot = (tmp_path / "g.dot").read_text(encoding="utf-8")
    known = {r.id for r in scenario.catalogue.red_lines}
    drawn = {}
    for number, label in re.findall(r"c_(\d+) \[label=<(.*?)> color=", dot):
        drawn[int(number)] = sorted(set(re.findall(r"[a-z0-9_]+", re.sub(r"<[^>]*>", " ", label))) & known)
    assert [drawn[n] for n in sorted(drawn)] == every


def test_why_gives_the_answer_first_and_each_quote_once(capsys):
    status, out, _ = run(capsys, "why")
    assert status == 0
    head = "\n".join(out.splitlines()[:15])
    assert head.startswith("No feasible deal")
    assert "conflicts block every deal" in head
    assert "Cheapest concession set" in head and "zopa deals" in head and "Who must move" in head
    scenario = zopa.load()
    words = " ".join(out.split())
    for red_line in scenario.catalogue.red_lines:
        for source in red_line.sources:
            quoted = " ".join(f"“{source.quote}”".split())
            assert words.count(quoted) <= 1, red_line.id
    assert all(len(line) <= 80 for line in out.splitlines() if " " in line.strip()), "wrapped to 80 columns"


def test_help_has_h_and_whole_summaries(capsys):
    status, out, _ = run(capsys, "-h")
    assert status == 0 and "Commands:" in out and "Exit status" in out
    commands = out[out.index("Commands:") :]
    assert "..." not in commands, "no summary is cut"
    status, out, _ = run(capsys, "why", "-h")
    assert status == 0 and "--status" in out


def test_status_codes_behind_a_flag(two, tmp_path, capsys):
    assert run(capsys, "deals", "--positions", two)[0] == 0
    assert run(capsys, "deals", "--positions", two, "--status")[0] == 1
    assert run(capsys, "why", "--positions", two, "--status")[0] == 1
    assert run(capsys, "deals", "--positions", two, "--status", "--concede", "n_kept", "--concede", "n_full")[0] == 0
    (tmp_path / "plan.lp").write_text("deal(ceasefire, full). deal(sanctions, kept).\n", encoding="utf-8")
    assert run(capsys, "check", "plan.lp", "--positions", two)[0] == 0
    assert run(capsys, "check", "plan.lp", "--positions", two, "--status")[0] == 1
    assert run(capsys, "deals", "--positions", "missing", "--status")[0] == 2


def test_pictures_say_which_file_they_wrote(two, tmp_path, capsys):
    status, out, err = run(capsys, "why", "--positions", two, "--graph", "conflicts.svg", "--json")
    assert (status, err) == (0, "wrote conflicts.svg\n")
    assert out.startswith("{")
    assert (tmp_path / "conflicts.svg").stat().st_mode & 0o044 == 0o044


def test_errors_have_one_format(tmp_path, capsys):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "bad.lp").write_text("issue(a). option(a, x).\nred_line(r, nobody).\n", encoding="utf-8")
    status, _, err = run(capsys, "why", "--positions", str(tmp_path / "bad"))
    assert status == 2
    assert re.fullmatch(r"error: \S+bad\.lp:2:1: .* \[unknown_party\]", err.splitlines()[0]), err
    status, out, _ = run(capsys, "lint", "--positions", str(tmp_path / "bad"))
    assert status == 1
    assert re.fullmatch(r"error: \S+bad\.lp:2:1: .* \[unknown_party\]", out.splitlines()[0]), out


def readme_examples() -> list[str]:
    """The command lines of the README's tour, comments dropped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"^    zopa ([^#\n]+)", text, flags=re.M)]


BOUNDED = {"deals", "why", "whatif", "check", "options", "coalitions", "timeline", "lint"}
"""The commands with --timeout: the examples run with a small one (a cut answer is still an
answer)."""


@pytest.mark.readme
@pytest.mark.parametrize("example", readme_examples())
def test_every_readme_example_runs(example, tmp_path, monkeypatch, capsys):
    args = shlex.split(example)
    if "--sources" in args and not (REPO / args[args.index("--sources") + 1]).is_dir():
        pytest.skip("the seed articles are not next to this clone")
    if "--graph" in args:
        where = args.index("--graph") + 1
        args[where] = str(tmp_path / Path(args[where]).name)
    if "--output" in args:
        where = args.index("--output") + 1
        args[where] = str(tmp_path / Path(args[where]).name)
    if args[0] in BOUNDED:
        args += ["--timeout", "10"]
    monkeypatch.chdir(REPO)
    status, out, err = run(capsys, *args)
    assert (status, err.startswith("error")) == (0, False), (example, err)
    written = [Path(args[n + 1]) for n, arg in enumerate(args) if arg in ("--output", "--graph")]
    assert out.strip() or all(path.stat().st_size for path in written) and written, example


def test_report_writes_one_page_and_says_where(two, tmp_path, capsys):
    status, out, err = run(capsys, "report", "--positions", two, "--output", "page.html", "--concede", "n_un")
    assert (status, out, err) == (0, "", "wrote page.html\n")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "n_full" in page and "s_energy" in page
    assert (tmp_path / "page.html").stat().st_mode & 0o044 == 0o044
    status, _, err = run(capsys, "report", "--positions", two, "--output", "page.txt")
    assert status == 2 and err.startswith("error: --output page.txt: unsupported format")
    assert not (tmp_path / "page.txt").exists()
