"""A fuzzer of the command line: scenario files built from vocabulary statements, broken
syntax and hostile text (control characters, stray bytes, deep nesting, huge ranges), and
arguments drawn from every option with odd values. Each run is a child process, as a user
meets the program, and must keep the contract for bad input: it ends (within --timeout,
the two-second grace and start-up), under the memory ceiling, with exit status 0, 1 (lint
findings), 2 or 74; on 2 every stderr line is `error: ...`, at most 50 of them; no
traceback, no clingo PANIC, no signal; input files untouched.

The CI profile runs 40 examples (about 20 s); HYPOTHESIS_PROFILE=thorough runs 1,000.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 40
ZOPA = str(Path(sys.executable).parent / "zopa")

VALID = [
    "issue(a).",
    "option(a, x).",
    "option(a, y).",
    "issue(b). option(b, p). option(b, q).",
    "party(north). party(south).",
    "red_line(r1, north). forbids(r1, a, x).",
    "red_line(r2, south). requires(r2, b, q).",
    "violated(r1) :- deal(a, y), deal(b, p).",
    ":- deal(a, x), deal(b, q).",
    'label(a, "Issue A").',
    'document(d, "Doc", "2025-01-01"). source(r1, d, "quote").',
    'stated(r1, "2025-03-01").',
    "cost(r1, 2).",
    "wants(north, a, x, 3).",
    "concede(r2).",
]
BROKEN = [
    "option(a x).",
    "red_line(r3, nobody).",
    "forbids(r1, a, zz).",
    "deal(a, Closed).",
    "violated(r1) :- deal(a, X).",
    "option(a, 1..3000000).",
    "option(a, X+1) :- option(a, X).",
    '#include "/dev/zero".',
    "#script (python) import os #end.",
    "#program later.",
    ":~ deal(a, x). [1]",
    "zopa_enforce(r1).",
    "violated(r1) :- zopa_soft(r1).",
    'cost(r1, "\\x1b[2J").',
    'stated(r1, "2025-W10").',
    "label(a, " + "f(" * 300 + "x" + ")" * 300 + ").",
    "issue(c)",
    "рarty(north).",
    "\ufeffissue(d).",
]
ODD = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)

statement = st.one_of(st.sampled_from(VALID), st.sampled_from(BROKEN), ODD)
separator = st.sampled_from(["\n", " ", "\r", "\r\n", "\n% comment\n", "\x00", "\v"])


@st.composite
def scenario_text(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):  # a valid scenario, with at most a statement or two more
        base = "\n".join(VALID[:7]) + "\n"
        extra = draw(st.lists(st.one_of(st.sampled_from(VALID), st.sampled_from(BROKEN)), max_size=2))
        return (base + "\n".join(extra)).encode("utf-8")
    parts = draw(st.lists(st.tuples(statement, separator), max_size=12))
    text = "".join(a + b for a, b in parts).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # a few raw bytes somewhere
        junk = draw(st.binary(max_size=6))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + junk + text[at:]
    return text


# Any text an argument can hold: everything but NUL, which no command line can carry.
ARGUMENT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
VALUE = st.one_of(
    st.sampled_from(["0", "1", "-1", "inf", "nan", "1e309", "3", "north", "r1", "a", "", "x" * 3000]), ARGUMENT
)
OPTIONS = ["--party", "--concede", "--limit", "--timeout", "--depth", "--count-cap", "--show", "--max-memory"]
FLAGS = ["--json", "--jsonl", "--count", "--yes"]


@st.composite
def arguments(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["deals", "why", "whatif", "show", "lint", "check"]))
    args = [command]
    if command == "check":
        args.append("plan.lp")
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            args.append(draw(st.sampled_from(FLAGS)))
        else:
            option = draw(st.sampled_from(OPTIONS))
            if option == "--timeout" or option == "--max-memory":
                continue  # kept bounded below, so that every run ends
            sensible = st.sampled_from(["0", "1", "2", "north", "south", "r1", "r2"])
            args += [option, draw(st.one_of(sensible, sensible, VALUE))]
    return args


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(files=st.lists(scenario_text(), min_size=1, max_size=3), plan=scenario_text(), args=arguments())
def test_the_command_line_keeps_its_contract_on_any_input(files: list[bytes], plan: bytes, args: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "scenario"
        folder.mkdir()
        for n, data in enumerate(files):
            (folder / f"f{n}.lp").write_bytes(data)
        (Path(root) / "plan.lp").write_bytes(plan)
        before = digest(Path(root))
        command = [ZOPA, *args, "--positions", "scenario", "--timeout", "3", "--max-memory", "1500"]
        if args[0] == "show":
            command = [c for c in command if c not in ("--timeout", "3")]
        started = time.monotonic()
        done = subprocess.run(command, cwd=root, capture_output=True, timeout=60)
        took = time.monotonic() - started
        assert digest(Path(root)) == before, "an input file was modified"
    err = done.stderr.decode("utf-8", "replace")
    event(f"{args[0]}: exit {done.returncode}")
    assert done.returncode in (0, 1, 2, 74), (done.returncode, err[-2000:], args)
    assert done.returncode != 1 or args[0] == "lint", (err[-2000:], args)
    assert "Traceback" not in err and "PANIC" not in err, (err[-2000:], args)
    # --timeout 3, the two seconds' grace, start-up, and room for a loaded machine.
    assert took < 15, (took, args)
    if done.returncode == 2:
        lines = err.splitlines()
        assert 1 <= len(lines) <= 50 and all(line.startswith("error: ") for line in lines), (err[-2000:], args)
