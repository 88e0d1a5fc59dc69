"""Stopping a search that runs in the calling thread: at its deadline, or on Ctrl-C.

clingo can run each search in a thread of its own, which the caller can stop. But starting
that thread costs more than a small question's whole search (about 80 µs against 13 µs),
and zopa asks thousands of small questions. So every search runs in the calling thread,
and one watchdog thread serves the whole process: it calls clingo's interrupt() on the
control whose search is running, when the deadline passes or, once `interrupt_on_ctrl_c`
has been called, when Ctrl-C arrives. Without that, Python would raise KeyboardInterrupt
only after the search had returned on its own, and then inside one of clingo's callbacks,
which aborts the process. So while a search runs, Ctrl-C only marks it stopped, and
KeyboardInterrupt is raised once clingo has returned.

Only the command line calls `interrupt_on_ctrl_c`: it owns the process, and the signal
wake-up file descriptor it sets is process-wide (an asyncio loop uses the same one). In a
program that uses zopa as a library, Ctrl-C during a search is held back until the search
ends (at the latest at the deadline) and then raised as KeyboardInterrupt.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    import clingo


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._control: clingo.Control | None = None
        self._deadline: float | None = None
        self._fired = False
        self._signals: int | None = None
        self._wake: tuple[int, int] | None = None
        self._ctrl_c = False

    def interrupt_on_ctrl_c(self) -> None:
        """Let Ctrl-C stop the running search too; call from the main thread. Python then
        raises KeyboardInterrupt as usual, as soon as the search has returned."""
        read, write = os.pipe()
        os.set_blocking(write, False)
        signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        signal.signal(signal.SIGINT, self._on_ctrl_c)
        with self._lock:
            self._signals = read
        if self._wake is not None:
            self._poke()

    @contextmanager
    def watching(self, control: clingo.Control, deadline: float | None) -> Iterator[None]:
        """Within the scope, a search on `control` is stopped at `deadline` (or Ctrl-C); it
        then returns with its result marked interrupted."""
        deferring = self._signals is None and _default_ctrl_c()
        if deferring:  # a library caller's Ctrl-C: raised after the search, not inside it
            signal.signal(signal.SIGINT, self._on_ctrl_c)
        try:
            if deadline is None and self._signals is None:
                yield
            else:
                with self._armed(control, deadline):
                    yield
        finally:
            if deferring:
                signal.signal(signal.SIGINT, signal.default_int_handler)
            if self._ctrl_c:
                self._ctrl_c = False
                raise KeyboardInterrupt

    @contextmanager
    def _armed(self, control: clingo.Control, deadline: float | None) -> Iterator[None]:
        self._start()
        with self._lock:
            moved = deadline != self._deadline
            self._control, self._deadline, self._fired = control, deadline, False
        if moved:
            self._poke()
        try:
            yield
        finally:
            with self._lock:
                self._control = None
                fired = self._fired
            if fired:
                _absorb(control)

    def _on_ctrl_c(self, signum, frame) -> None:
        if self._control is None and self._signals is not None:
            raise KeyboardInterrupt  # the command line, between searches
        self._ctrl_c = True  # the search stops (or, in a library, ends); then it is raised

    def _start(self) -> None:
        if self._wake is None:
            self._wake = os.pipe()
            threading.Thread(target=self._run, name="zopa-watchdog", daemon=True).start()

    def _poke(self) -> None:
        """Make the thread look at the deadline again."""
        os.write(self._wake[1], b".")

    def _run(self) -> None:
        while True:
            with self._lock:
                deadline, signals = self._deadline, self._signals
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            watched = [self._wake[0]] + ([signals] if signals is not None else [])
            ready, _, _ = select.select(watched, [], [], timeout)
            ctrl_c = False
            for fd in ready:
                data = os.read(fd, 512)
                ctrl_c |= fd == signals and signal.SIGINT in data
            with self._lock:
                due = self._deadline is not None and time.monotonic() >= self._deadline
                if self._control is not None and (due or ctrl_c):
                    self._control.interrupt()
                    self._fired = True
                if due:
                    self._deadline = None  # served: sleep until the next one is set


def _default_ctrl_c() -> bool:
    return threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _absorb(control: clingo.Control) -> None:
    """An interrupt that arrives just after a search has returned stops the next search on
    that control at its start (clingo's documented behaviour). A search that cannot take a
    step (contradictory assumptions) takes it instead, or returns at once when none is
    pending."""
    atom = next(iter(control.symbolic_atoms), None)
    assumptions = [atom.literal, -atom.literal] if atom is not None else []
    with control.solve(assumptions=assumptions, yield_=True) as handle:
        handle.get()


WATCHDOG = Watchdog()
interrupt_on_ctrl_c: Callable[[], None] = WATCHDOG.interrupt_on_ctrl_c
