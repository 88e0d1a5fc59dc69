"""Bad input and bad usage, through the command line as a user meets them.

Every case must end with exit status 2, exactly one line on stderr that starts with
`error: ` (naming file and line where the problem has a place), nothing on stdout, no
traceback, and the input files untouched.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import zopa
import zopa.cli

# A valid base scenario; each case adds or replaces files. Line numbers matter below.
BASE = """\
issue(a).
option(a, x).
option(a, y).
issue(b).
option(b, p).
option(b, q).
party(russia).
party(ukraine).
red_line(r1, russia).
forbids(r1, a, x).
red_line(r2, ukraine).
requires(r2, b, q).
"""


@dataclass
class Case:
    id: str
    files: dict[str, str]
    """File name -> text, written into the positions folder next to base.lp."""
    args: list[str] = field(default_factory=lambda: ["deals"])
    line: int | None = None
    """The line of `where` the error must name; None when the problem has no place."""
    where: str | None = None
    """The file the error must name; default: the one file of the case besides base.lp."""
    says: tuple[str, ...] = ()
    """Words the message must contain."""
    base: bool = True
    """Write BASE as base.lp into the positions folder."""
    positions: bool = True
    """Pass --positions with the case's folder."""
    with_files: dict[str, str] = field(default_factory=dict)
    """File name -> text, written outside the positions folder (for --with {tmp}/NAME)."""


def extra(text: str) -> dict[str, str]:
    return {"extra.lp": text}


CASES = [
    Case("asp-syntax-error", extra("party(belarus).\noption(c z).\n"), line=2, says=("syntax",)),
    Case("asp-syntax-error-stray-paren", extra("\n\nissue(c)).\noption(c, z).\n"), line=3),
    Case("unsafe-variable", extra("\nviolated(R) :- deal(a, x).\n"), line=2, says=("unsafe",)),
    Case("unsafe-variable-in-constraint-body", extra("violated(r1) :- deal(a, X), Y != X.\n"), line=1),
    Case("unknown-predicate-in-body", extra("% typo\n\nviolated(r1) :- dael(a, x).\n"), line=3, says=("dael",)),
    Case("unknown-predicate-as-fact", extra("\nred_lne(r3, russia).\n"), line=2, says=("red_lne", "red_line")),
    Case("forbids-unknown-issue", extra("forbids(r1, crimea, x).\n"), line=1, says=("crimea", "r1")),
    Case("forbids-unknown-option", extra("\n\nforbids(r1, a, zz).\n"), line=3, says=("zz", "r1")),
    Case("requires-unknown-option", extra("requires(r2, b, qq).\n"), line=1, says=("qq", "r2")),
    Case("requires-unknown-issue", extra("requires(r2, bb, q).\n"), line=1, says=("bb", "r2")),
    Case("red-line-undeclared-party", extra("red_line(r3, belarus).\n"), line=1, says=("belarus", "r3")),
    Case("option-for-undeclared-issue", extra("option(c, z).\n"), line=1, says=("c",)),
    Case("issue-with-no-options", extra("party(belarus).\nissue(c).\n"), line=2, says=("c",)),
    Case("forbids-undeclared-red-line", extra("forbids(r9, a, x).\n"), line=1, says=("r9",)),
    Case("concede-fact-undeclared-red-line", extra("concede(r9).\n"), line=1, says=("r9",)),
    Case("source-undeclared-document", extra('source(r1, doc9, "a quote").\n'), line=1, says=("doc9",)),
    Case("red-line-with-two-owners", extra("red_line(r1, ukraine).\n"), says=("r1",)),
    Case("no-issues", {"only.lp": "party(russia).\nparty(ukraine).\n"}, base=False, says=("issue",)),
    # A file with CR-only line ends read as one line: its first comment hid the whole file.
    Case("cr-only-line-ends", extra("% Belarus\rparty(belarus).\r"), line=1, says=("carriage return", "LF")),
    Case("cr-line-end-after-lf-lines", extra("party(belarus).\nissue(c).\roption(c, z).\n"), line=2),
    Case(
        "reserved-atom-in-rule-body",
        extra("\nviolated(r1) :- deal(a, x), zopa_enforce(r2).\n"),
        line=2,
        says=("zopa_enforce/1", "reserved"),
    ),
    # clingo's logger aborted the process on these ("PANIC: exception in nothrow scope").
    Case("cyrillic-letter-in-an-id", extra("\nred_line(r\u0434, russia).\n"), line=2, says=("U+0434", "ASCII")),
    Case("byte-order-mark-mid-file", extra("party(belarus).\n\ufeffissue(c).\n"), line=2, says=("byte-order mark",)),
    # clingo read an included folder silently and aborted on an included file not in UTF-8.
    Case("include-of-a-folder", extra('party(belarus).\n#include "/".\n'), line=2, says=("#include",)),
    Case(
        "include-in-a-with-file",
        {},
        args=["deals", "--with", "{tmp}/w.lp"],
        with_files={"w.lp": '#include "x.lp".\n'},
        where="w.lp",
        line=1,
        says=("#include",),
    ),
    # clingo names the line after a missing period, where the next statement begins.
    Case("missing-period", extra("party(belarus)\n\n% c\nissue(c).\n"), line=1, says=("missing '.'", "line 4")),
    Case("missing-period-at-the-end", extra("party(belarus).\nissue(c)\n"), line=2, says=("missing '.'", "EOF")),
    # date.fromisoformat took ISO week dates, which have the length of YYYY-MM-DD.
    Case("iso-week-date", extra('\nstated(r1, "2025-W10-1").\n'), line=2, says=("YYYY-MM-DD",)),
    Case("time-of-day-date", extra('stated(r1, "2025-03-01T10").\n'), line=1, says=("YYYY-MM-DD",)),
    # A deal/2 fact outside the catalogue stood beside the chosen deal, unseen.
    Case(
        "deal-fact-unknown-option-in-a-with-file",
        {},
        args=["deals", "--with", "{tmp}/w.lp"],
        with_files={"w.lp": "\ndeal(a, zz).\n"},
        where="w.lp",
        line=2,
        says=("zz", "issue a"),
    ),
    Case("deal-fact-unknown-issue", extra("deal(crimea, x).\n"), line=1, says=("crimea",)),
    # NUL, \v and \f made clingo repeat a truncated lexer error, one line each.
    Case("nul-bytes", extra("party(belarus).\x00\x00\x00\n"), line=1, says=("lexer error",)),
    Case("escape-sequence-shown-escaped", extra('cost(r1, "\x1b[2Jgone").\n'), line=1, says=("\\x1b[2J",)),
    Case("reserved-prefix-new-predicate", extra("zopa_helper(1).\n"), line=1, says=("zopa_",)),
    Case("reserved-prefix-engine-switch", extra("\nzopa_enforce(r1).\n"), line=2, says=("zopa_",)),
    Case("reserved-prefix-engine-check", extra("zopa_error(no_issues, scenario).\n"), line=1, says=("zopa_",)),
    Case("violated-rule-undeclared-red-line", extra("\nviolated(r9) :- deal(a, x).\n"), line=2, says=("r9",)),
    Case(
        "violated-rule-undeclared-red-line-after-a-good-rule",
        extra("violated(r1) :- deal(b, p).\n\nviolated(r9) :- deal(a, x).\n"),
        line=3,
        says=("r9",),
    ),
    Case("wants-weight-zero", extra("wants(russia, a, y, 0).\n"), line=1, says=("wants",)),
    Case("red-line-chosen-not-declared", extra("\n{ red_line(r7, russia) }.\n"), line=2, says=("r7", "facts")),
    Case("wants-weight-negative", extra("\nwants(russia, a, y, -3).\n"), line=2, says=("wants",)),
    Case("cost-not-positive", extra("cost(r1, 0).\n"), line=1, says=("cost",)),
    Case("stated-bad-date", extra('stated(r1, "2025/03/01").\n'), line=1, says=("stated",)),
    Case("document-bad-date", extra('document(d1, "A title", "March 2025").\n'), line=1, says=("d1",)),
    Case(
        "error-in-with-file",
        {},
        with_files={"plan.lp": "\nforbids(r1, a, nope).\n"},
        args=["deals", "--with", "{tmp}/plan.lp"],
        line=2,
        where="plan.lp",
        says=("nope",),
    ),
    # Usage
    Case("party-unknown-suggests-closest", {}, args=["deals", "--party", "russa"], says=("russa", "russia")),
    Case("party-unknown-in-show", {}, args=["show", "--party", "ukrane"], says=("ukrane", "ukraine")),
    Case("concede-unknown", {}, args=["deals", "--concede", "r7"], says=("r7",)),
    Case("concede-injection-close-paren", {}, args=["deals", "--concede", "x). deal(a,b"], says=("x). deal(a,b",)),
    Case("concede-injection-comma", {}, args=["deals", "--concede", "r1, evil"], says=("r1, evil",)),
    Case("concede-injection-include", {}, args=["deals", "--concede", '"; #include "/etc/passwd'], says=("#include",)),
    Case(
        "concede-injection-after-valid",
        {},
        args=["deals", "--concede", "r1", "--concede", "r2). #false"],
        says=("r2). #false",),
    ),
    Case(
        "positions-missing-folder",
        {},
        args=["deals", "--positions", "{dir}/nowhere"],
        says=("nowhere",),
        positions=False,
    ),
    Case("with-missing-file", {}, args=["deals", "--with", "{dir}/absent.lp"], says=("absent.lp",)),
    Case("unknown-cli-option", {}, args=["deals", "--frobnicate"], says=("--frobnicate",)),
    Case("unknown-command", {}, args=["dealz"], says=("dealz",), positions=False),
    Case("negative-limit", {}, args=["deals", "--limit", "-1"], says=("--limit",)),
    Case("huge-limit", {}, args=["deals", "--limit", "99999999999999999999"], says=("--limit",)),
    # Statements that would silently change the answers are refused where they stand
    Case("weak-constraint", extra("\n:~ not deal(a, x). [1@5]\n"), line=2, says=("optimisation",)),
    Case("minimize", extra("#minimize { 1 : deal(a, x) }.\n"), line=1, says=("optimisation",)),
    Case("program-part", extra("\n#program later.\nred_line(r3, russia).\n"), line=2, says=("later",)),
    Case("external", extra("#external hot.\nviolated(r1) :- hot.\n"), line=1, says=("#external",)),
    Case("script", extra("#script (python)\nimport os\n#end.\n"), line=1, says=("scripts",)),
    Case("two-costs", extra("cost(r1, 2).\ncost(r1, 5).\n"), line=1, says=("r1", "cost")),
    Case(
        "positions-is-a-file",
        {},
        args=["deals", "--positions", "{dir}/base.lp"],
        says=("not a folder",),
        positions=False,
    ),
    Case("with-is-a-folder", {}, args=["deals", "--with", "{dir}"], says=("folder",)),
    Case("plan-is-a-folder", {}, args=["check", "{dir}"], says=("folder",)),
]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_clear_line(case: Case, tmp_path, capsys):
    folder = tmp_path / "scenario"
    folder.mkdir()
    if case.base:
        (folder / "base.lp").write_text(BASE, encoding="utf-8")
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, text in case.with_files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    where = case.where or next(iter(case.files), None)
    args = [a.replace("{dir}", str(folder)).replace("{tmp}", str(tmp_path)) for a in case.args]
    if case.positions:
        args = args[:1] + ["--positions", str(folder)] + args[1:]
    before = digests(tmp_path)

    status = zopa.cli.run(args)
    out, err = capsys.readouterr()

    assert status == 2, f"exit status {status}; stderr: {err!r}"
    assert out == "", f"stdout should be empty, got: {out!r}"
    assert "Traceback" not in err
    assert all(c.isprintable() for c in err.rstrip("\n")), f"control characters reach the terminal: {err!r}"
    lines = err.splitlines()
    assert len(lines) == 1, f"expected exactly one line on stderr, got {len(lines)}:\n{err}"
    line = lines[0]
    assert line.startswith("error: "), line
    if case.line is not None:
        assert f"{where}:{case.line}:" in line, f"expected {where}:{case.line}: in {line!r}"
    for word in case.says:
        assert word in line, f"expected {word!r} in {line!r}"
    assert digests(tmp_path) == before, "input files were modified"


def test_injection_never_reaches_the_solver(tmp_path):
    """An injection-like --concede is refused by the library too, before any solving."""
    (tmp_path / "base.lp").write_text(BASE, encoding="utf-8")
    scenario = zopa.load(positions=tmp_path)
    for text in ["x). deal(a,b", "r1, evil", '"; #include "/etc/passwd', "r1)", "R"]:
        with pytest.raises(zopa.ZopaError) as raised:
            zopa.deals(scenario, concede=[text])
        assert text in raised.value.message
        assert raised.value.location is None
    # The scenario still answers afterwards, unchanged: r1 forbids a=x, r2 requires b=q.
    result = zopa.deals(scenario, limit=0)
    assert sorted(tuple(sorted(d.items())) for d in result.deals) == [(("a", "y"), ("b", "q"))]


def test_library_error_has_location_and_lines(tmp_path):
    (tmp_path / "base.lp").write_text(BASE, encoding="utf-8")
    (tmp_path / "extra.lp").write_text("\n\nforbids(r1, a, zz).\n", encoding="utf-8")
    with pytest.raises(zopa.ZopaError) as raised:
        zopa.load(positions=tmp_path)
    error = raised.value
    assert error.location is not None
    file, line, column = error.location.rsplit(":", 2)
    assert file.endswith("extra.lp")
    assert line == "3"
    assert column.isdigit()
    assert "r1" in error.message
    assert error.lines()[0] == f"{error.location}: {error.message} [{error.code}]"


def test_several_problems_still_one_line_per_problem(tmp_path, capsys):
    """Two independent mistakes: every stderr line is an `error: ` line naming a place."""
    (tmp_path / "base.lp").write_text(BASE, encoding="utf-8")
    (tmp_path / "extra.lp").write_text("forbids(r1, a, zz).\nrequires(r2, b, qq).\n", encoding="utf-8")
    assert zopa.cli.run(["deals", "--positions", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") and "extra.lp:" in line for line in lines), err


@pytest.mark.parametrize(
    "data, line, says",
    [
        (b"\xef\xbb\xbfparty(belarus).\n", 1, "byte-order mark"),
        (b'party(belarus).\nlabel(belarus, "Bi\xe9larus").\n', 2, "UTF-8"),
    ],
    ids=["byte-order-mark", "latin-1"],
)
def test_undecodable_files_are_located(data: bytes, line: int, says: str, tmp_path, capsys) -> None:
    (tmp_path / "base.lp").write_text(BASE, encoding="utf-8")
    (tmp_path / "odd.lp").write_bytes(data)
    status = zopa.cli.run(["deals", "--positions", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and f"odd.lp:{line}:" in err and says in err
    assert (tmp_path / "odd.lp").read_bytes() == data


# ---------------------------------------------------------------------------------------
# Bounds and the standard streams, through the installed command as a shell runs it


def zopa_script() -> str:
    script = Path(sys.executable).parent / "zopa"
    return str(script) if script.is_file() else "zopa"


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e309", "-1"])
@pytest.mark.parametrize("command", ["deals", "why", "whatif", "lint"])
def test_timeout_must_be_a_finite_number(command: str, value: str, tmp_path: Path) -> None:
    """`--timeout inf` used to kill the watchdog thread with OverflowError (a traceback, exit
    0), and `nan` was taken as a timeout."""
    done = subprocess.run(
        [zopa_script(), command, f"--timeout={value}"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ") and "--timeout" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("timeout", [float("inf"), float("nan"), -1.0])
def test_the_library_refuses_an_unbounded_timeout(timeout: float) -> None:
    scenario = zopa.load()
    with pytest.raises(zopa.ZopaError, match="finite number of seconds"):
        zopa.deals(scenario, timeout=timeout)


@pytest.mark.parametrize(
    "redirect, says",
    [
        ("> /dev/full", "cannot write to standard output: No space left on device"),
        (">&-", "standard output is closed"),
    ],
    ids=["full", "closed"],
)
@pytest.mark.parametrize("arguments", ["why", "show --json", "--version", ""])
def test_an_output_that_cannot_take_the_answer_is_one_error_line(
    arguments: str, redirect: str, says: str, tmp_path: Path
) -> None:
    """Like other Unix tools: a non-zero exit (74, EX_IOERR) and one line, not a traceback."""
    if "/dev/full" in redirect and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    done = subprocess.run(
        ["sh", "-c", f"{zopa_script()} {arguments} {redirect}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 74, done
    assert done.stderr == f"error: {says}\n"


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", "-c", f"{zopa_script()} show | head -1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.count("\n") == 1 and "Traceback" not in done.stderr and done.stderr == ""


def test_a_huge_value_is_shortened_in_its_error_line(capsys) -> None:
    """A 100,000-character --party value used to be echoed whole."""
    assert zopa.cli.run(["deals", "--party", "x" * 100_000]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: --party 'xxx")
    assert len(err) <= 520 and "…" in err


def test_many_problems_are_counted_past_fifty_lines(tmp_path: Path, capsys) -> None:
    """A plan naming 200 unknown issues used to print 200 lines."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "base.lp").write_text(BASE, encoding="utf-8")
    plan = tmp_path / "plan.lp"
    plan.write_text("".join(f"deal(i{n}, x).\n" for n in range(200)), encoding="utf-8")
    assert zopa.cli.run(["check", str(plan), "--positions", str(folder)]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and len(lines) == 50 and all(line.startswith("error: ") for line in lines)
    assert "plan.lp:1:1: deal(i0,x): no issue i0" in lines[0]
    assert lines[-1] == "error: ... and 151 more problems"


def test_a_problem_repeated_word_for_word_is_one_line_with_a_count() -> None:
    repeated = zopa.ZopaError("same", "f.lp:1:1", [zopa.ZopaError("same", "f.lp:1:1")] * 999)
    assert repeated.lines() == ["f.lp:1:1: same (×1000)"]


# ---------------------------------------------------------------------------------------
# Files that are not regular readable files with UTF-8 names


def make_special(kind: str, folder: Path) -> str:
    """Put a `kind` of non-file into the positions folder; the name the error must show."""
    if kind == "dangling-link":
        (folder / "gone.lp").symlink_to(folder / "nowhere.lp")
        return "gone.lp: is a link to a file that does not exist"
    if kind == "folder":
        (folder / "sub.lp").mkdir()
        return "sub.lp: is a folder, not a file"
    if kind == "fifo":
        os.mkfifo(folder / "pipe.lp")
        return "pipe.lp: is not a regular file"
    if kind == "device":
        (folder / "zero.lp").symlink_to("/dev/zero")
        return "zero.lp: is not a regular file"
    assert kind == "name-not-utf8"
    os.close(os.open(bytes(folder) + b"/\xff.lp", os.O_CREAT | os.O_WRONLY))
    return "\\udcff.lp: its name is not UTF-8"


SPECIALS = ["dangling-link", "folder", "fifo", "device", "name-not-utf8"]


@pytest.mark.parametrize("kind", SPECIALS)
def test_a_positions_entry_that_is_not_a_readable_file(kind: str, tmp_path: Path) -> None:
    """Each used to end in a traceback (a FIFO or /dev/zero in a read that never ends)."""
    if kind == "device" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "base.lp").write_text(BASE, encoding="utf-8")
    says = make_special(kind, folder)
    done = subprocess.run(
        [zopa_script(), "deals", "--positions", "scenario"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr.startswith(f"error: positions file scenario/{says}"), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_every_unreadable_entry_is_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "base.lp").write_text(BASE, encoding="utf-8")
    expected = sorted(make_special(kind, folder) for kind in SPECIALS if kind != "device")
    done = subprocess.run(
        [zopa_script(), "deals", "--positions", "scenario"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) == len(expected), done.stderr
    assert all(line.startswith("error: positions file scenario/") for line in lines)
    shown = sorted(line.removeprefix("error: positions file scenario/") for line in lines)
    assert all(line.startswith(start) for line, start in zip(shown, expected, strict=True)), shown


@pytest.mark.parametrize(
    "arguments, says",
    [
        (["deals", "--with", "x" * 300 + ".lp"], "--with xxx"),
        (["why", "--graph", "y" * 300 + ".svg"], "--graph yyy"),
        (["lint", "--sources", "z" * 300], "--sources zzz"),
        (["check", "p" * 300 + ".lp"], "plan ppp"),
    ],
    ids=["with", "graph", "sources", "plan"],
)
def test_a_name_too_long_for_the_file_system_is_one_error_line(arguments: list[str], says: str, capsys) -> None:
    assert zopa.cli.run(arguments) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(f"error: {says}") and "Traceback" not in err


def test_a_plan_that_is_a_pipe_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.lp")
    done = subprocess.run([zopa_script(), "check", "plan.lp"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("error: plan plan.lp: is not a regular file"), done


def test_a_run_past_its_memory_ceiling_is_one_error_line(tmp_path: Path) -> None:
    """Grounding 20 million options used to grow until the machine swapped or the kernel
    killed the process; --max-memory (default 4096 MB) makes it one line, even with
    --timeout 0."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "huge.lp").write_text(
        "issue(i). option(i, 1..20000000).\nparty(p). red_line(r, p). forbids(r, i, 1).\n", encoding="utf-8"
    )
    done = subprocess.run(
        [zopa_script(), "deals", "--positions", "scenario", "--max-memory", "400", "--timeout", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr == (
        "error: out of memory: the run needed more than 400 MB (--max-memory MB sets the ceiling; 0: none)\n"
    )


def test_a_grounding_that_never_ends_stops_at_the_timeout(tmp_path: Path) -> None:
    """clingo cannot interrupt grounding: `option(i, X+1) :- option(i, X).` used to run
    until killed although --timeout was given. Now the command line stops itself with one
    line once the timeout and a grace of two seconds have passed."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "endless.lp").write_text("issue(i). option(i, 0).\noption(i, X+1) :- option(i, X).\n", encoding="utf-8")
    done = subprocess.run(
        [zopa_script(), "deals", "--positions", "scenario", "--timeout", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr == (
        "error: did not finish within --timeout 1 s (0: no bound): "
        "grounding the scenario, which cannot be interrupted, was still running\n"
    )


def test_a_deeply_nested_term_is_one_error_line(tmp_path: Path) -> None:
    """f(f(f(...))) 100,000 deep used to kill the process with a segmentation fault (clingo's
    parser recurses per level); run apart, so that a regression cannot take the suite down."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "base.lp").write_text(BASE, encoding="utf-8")
    deep = "f(" * 100_000 + "x" + ")" * 100_000
    (folder / "deep.lp").write_text(f"\nlabel(r1, {deep}).\n", encoding="utf-8")
    done = subprocess.run(
        [zopa_script(), "deals", "--positions", "scenario"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == "", done.returncode
    assert done.stderr.startswith("error: scenario/deep.lp:2:") and "nested more than 100 deep" in done.stderr
    assert done.stderr.count("\n") == 1


def test_problems_of_every_file_are_reported_at_once(tmp_path: Path, capsys) -> None:
    """A byte-order mark in one file, a syntax error in another and a refused statement and
    an unknown predicate in a third: one run reports all four (it used to stop at the first
    file it could not read, then at the first stage that failed)."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "a.lp").write_bytes(b"\xef\xbb\xbfissue(a).\n")
    (folder / "b.lp").write_text("issue(b). option(b x).\n", encoding="utf-8")
    (folder / "c.lp").write_text("issue(c). option(c, y).\n#external e.\nred_lne(q).\n", encoding="utf-8")
    assert zopa.cli.run(["deals", "--positions", str(folder)]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and len(lines) == 4 and all(line.startswith("error: ") for line in lines)
    assert [line.split(": ")[1].rsplit("/", 1)[-1] for line in lines] == [
        "a.lp:1:1",
        "b.lp:1:20",
        "c.lp:2:1",
        "c.lp:3:1",
    ]


def test_a_newline_in_a_path_stays_on_one_error_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "new\nline"
    folder.mkdir()
    (folder / "s.lp").write_text("issue(a). option(a x).\n", encoding="utf-8")
    assert zopa.cli.run(["deals", "--positions", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ") and "syntax error" in err
