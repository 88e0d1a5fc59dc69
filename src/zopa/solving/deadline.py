"""Deadlines: every search takes one, an absolute time.monotonic() value (None: no bound)."""

from __future__ import annotations

import math
import time

from zopa.errors import ZopaError


class Timeout(Exception):
    """The deadline passed before the solver answered."""


def deadline_after(timeout: float | None) -> float | None:
    """The deadline `timeout` seconds from now; None (no bound) for None or 0."""
    if timeout is not None and not (math.isfinite(timeout) and timeout >= 0):
        # An infinite deadline would overflow the watchdog's wait, and NaN bounds nothing.
        raise ZopaError(f"timeout {timeout}: give a finite number of seconds ≥ 0 (0 or None: no bound)")
    return None if not timeout else time.monotonic() + timeout


def remaining(deadline: float | None) -> float | None:
    """Seconds left before the deadline (None: no bound); raises Timeout once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout
    return left
