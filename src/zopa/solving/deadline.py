"""Deadlines: every search takes one, an absolute time.monotonic() value (None: no bound)."""

from __future__ import annotations

import time


class Timeout(Exception):
    """The deadline passed before the solver answered."""


def deadline_after(timeout: float | None) -> float | None:
    return None if not timeout else time.monotonic() + timeout


def remaining(deadline: float | None) -> float | None:
    """Seconds left before the deadline (None: no bound); raises Timeout once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout
    return left
