"""Searches run in the calling thread and are stopped by zopa.solving.watchdog: at the deadline, even
in the middle of one long search, and without a late interrupt leaking into the next one;
a library caller's Ctrl-C comes after the search. (The command line's Ctrl-C, which stops
the search at once: tests/test_graph.py.)"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import clingo
import pytest

from zopa.solving.deadline import Timeout
from zopa.solving.solver import solve
from zopa.solving.watchdog import _absorb

# Twelve pigeons in eleven holes, when `hard` holds: no answer, and a search that takes far
# longer than these tests wait. Without `hard` the program has answers at once.
PIGEONS = """
{ hard }.
pigeon(1..12). hole(1..11).
{ in(P, H) : hole(H) } = 1 :- pigeon(P), hard.
:- in(P, H), in(Q, H), P < Q.
"""


def pigeons() -> tuple[clingo.Control, int]:
    control = clingo.Control()
    control.add("base", [], PIGEONS)
    control.ground([("base", [])])
    return control, control.symbolic_atoms[clingo.Function("hard")].literal


def test_one_long_search_stops_at_the_deadline_and_the_next_runs_normally() -> None:
    control, hard = pigeons()
    started = time.monotonic()
    with pytest.raises(Timeout):
        solve(control, [hard], lambda model: None, time.monotonic() + 0.3)
    assert time.monotonic() - started < 10  # stopped mid-search, not left to finish
    assert solve(control, [-hard], lambda model: None, None).satisfiable
    assert solve(control, [-hard], lambda model: None, time.monotonic() + 30).satisfiable


def test_a_deadline_already_past_asks_nothing() -> None:
    control, hard = pigeons()
    with pytest.raises(Timeout):
        solve(control, [-hard], lambda model: None, time.monotonic() - 1)


def test_an_interrupt_after_the_search_is_absorbed() -> None:
    # clingo keeps an interrupt that finds no search running for the next one: without the
    # absorbing step, the next question would come back unanswered.
    control, hard = pigeons()
    control.interrupt()
    with control.solve(assumptions=[-hard], yield_=True) as handle:
        assert handle.get().interrupted
    control.interrupt()
    _absorb(control)
    with control.solve(assumptions=[-hard], yield_=True) as handle:
        result = handle.get()
    assert result.satisfiable and not result.interrupted


LIBRARY_CALLER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from test_watchdog import pigeons
from zopa.solving.deadline import Timeout
from zopa.solving.solver import solve
control, hard = pigeons()
print("searching", flush=True)
started = time.monotonic()
try:
    solve(control, [hard], lambda model: None, time.monotonic() + 2)
except KeyboardInterrupt:
    print(f"KeyboardInterrupt after {time.monotonic() - started:.1f} s", flush=True)
except Timeout:
    print("Timeout: Ctrl-C was lost", flush=True)
"""


def test_ctrl_c_in_a_library_caller_is_raised_after_the_search(tmp_path: Path) -> None:
    # Raised inside one of clingo's callbacks, it would abort the process instead.
    script = tmp_path / "caller.py"
    script.write_text(LIBRARY_CALLER, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "searching"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert out.startswith("KeyboardInterrupt after"), (out, err)
    assert process.returncode == 0 and "terminate" not in err


def test_searches_in_two_threads_keep_their_own_deadlines() -> None:
    # A library may search from several threads: a long search with a short deadline must
    # stop at it while another thread keeps asking quick questions with a long one.
    results: dict[str, str] = {}
    done = threading.Event()

    def long_search() -> None:
        control, hard = pigeons()
        started = time.monotonic()
        try:
            solve(control, [hard], lambda model: None, started + 0.3)
            results["long"] = "finished"
        except Timeout:
            results["long"] = f"stopped after {time.monotonic() - started:.1f} s"

    def quick_searches() -> None:
        control, hard = pigeons()
        count = 0
        while not done.is_set():
            try:
                solve(control, [-hard], lambda model: None, time.monotonic() + 60)
                count += 1
            except Timeout:
                results["quick"] = "a quick search was stopped"
                return
        results.setdefault("quick", f"{count} answered")

    helper = threading.Thread(target=quick_searches)
    helper.start()
    worker = threading.Thread(target=long_search)
    worker.start()
    worker.join(10)
    done.set()
    helper.join(10)
    assert results["long"].startswith("stopped after") and float(results["long"].split()[2]) < 5
    assert results["quick"].endswith("answered")
