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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import clingo


class _Search:
    """One running search: its control, its deadline, and whether it was stopped."""

    def __init__(self, control: clingo.Control, deadline: float | None) -> None:
        self.control = control
        self.deadline = deadline
        self.stopped = False


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._searches: set[_Search] = set()
        self._waking_at: float | None = None
        """The deadline the thread sleeps toward (None: until poked)."""
        self._signals: int | None = None
        self._wake: tuple[int, int] | None = None
        self._ctrl_c = False
        self.ctrl_c_raised = False
        """Ctrl-C came between searches and was raised at once: possibly inside one of
        clingo's callbacks (an observer, say), which clingo turns into a bare RuntimeError."""

    def interrupt_on_ctrl_c(self) -> None:
        """Let Ctrl-C stop the running search too; call from the main thread. Python then
        raises KeyboardInterrupt as usual, as soon as the search has returned."""
        read, write = os.pipe()
        os.set_blocking(write, False)
        with self._lock:
            self._signals = read
        self._start()  # so that no Ctrl-C byte waits in the pipe for a later search
        signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        signal.signal(signal.SIGINT, self._on_ctrl_c)
        self._poke()

    @contextmanager
    def watching(self, control: clingo.Control, deadline: float | None) -> Iterator[None]:
        """Within the scope, a search on `control` is stopped at `deadline` (or Ctrl-C); it
        then returns with its result marked interrupted. Searches in several threads at
        once are each watched."""
        main = threading.current_thread() is threading.main_thread()
        deferring = main and self._signals is None and signal.getsignal(signal.SIGINT) is signal.default_int_handler
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
            if main and self._ctrl_c:
                self._ctrl_c = False
                raise KeyboardInterrupt

    @contextmanager
    def _armed(self, control: clingo.Control, deadline: float | None) -> Iterator[None]:
        self._start()
        search = _Search(control, deadline)
        with self._lock:
            self._searches.add(search)
            sooner = deadline is not None and (self._waking_at is None or deadline < self._waking_at)
        if sooner:
            self._poke()
        try:
            yield
        finally:
            with self._lock:
                self._searches.discard(search)
            if search.stopped:
                _absorb(control)

    def _on_ctrl_c(self, signum: int, frame: FrameType | None) -> None:
        if not self._searches and self._signals is not None:
            self.ctrl_c_raised = True
            raise KeyboardInterrupt  # the command line, between searches
        self._ctrl_c = True  # the search stops (or, in a library, ends); then it is raised

    def _start(self) -> None:
        with self._lock:
            if self._wake is not None:
                return
            self._wake = wake = os.pipe()
        threading.Thread(target=self._run, args=(wake[0],), name="zopa-watchdog", daemon=True).start()

    def _poke(self) -> None:
        """Make the thread look at the deadlines again (it is started before any poke)."""
        assert self._wake is not None
        os.write(self._wake[1], b".")

    def _run(self, woken: int) -> None:
        while True:
            with self._lock:
                pending = [s.deadline for s in self._searches if s.deadline is not None and not s.stopped]
                self._waking_at = min(pending, default=None)
                signals = self._signals
            timeout = None if self._waking_at is None else max(0.0, self._waking_at - time.monotonic())
            watched = [woken] + ([signals] if signals is not None else [])
            ready, _, _ = select.select(watched, [], [], timeout)
            ctrl_c = False
            for fd in ready:
                data = os.read(fd, 512)
                ctrl_c |= fd == signals and signal.SIGINT in data
            now = time.monotonic()
            with self._lock:
                for search in self._searches:
                    if not search.stopped and (ctrl_c or search.deadline is not None and now >= search.deadline):
                        search.control.interrupt()
                        search.stopped = True


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
