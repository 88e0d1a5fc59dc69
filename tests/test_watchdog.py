"""Searches run in the calling thread and are stopped by zopa.watchdog: at the deadline, even
in the middle of one long search, and without a late interrupt leaking into the next one."""

from __future__ import annotations

import time

import clingo
import pytest

from zopa.solver import Timeout, solve
from zopa.watchdog import _absorb

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
