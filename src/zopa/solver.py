"""One grounded program whose red lines are switched per solve call, never grounded again.

Each red line R has the external atom zopa_enforce(R) (rules/enforcement.lp). The solver
frees them all and passes one assumption per red line on every call: true binds R, false
lifts it. --party, --concede, conflicts and what-if sweeps are all just other assumptions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable

import clingo


@dataclass
class Enumeration:
    models: list[list[clingo.Symbol]]
    """The shown atoms (deal/2) of each model found, in the solver's order."""
    complete: bool
    """False when the limit or the timeout stopped the search before it was exhausted."""


class Solver:
    def __init__(self, control: clingo.Control, red_lines: list[clingo.Symbol]):
        self._control = control
        self._switch = {str(r): clingo.Function("zopa_enforce", [r]) for r in red_lines}
        for atom in self._switch.values():
            control.assign_external(atom, None)

    def assumptions(self, enforced: Iterable[str]) -> list[tuple[clingo.Symbol, bool]]:
        on = set(enforced)
        return [(atom, red_line in on) for red_line, atom in self._switch.items()]

    def enumerate(self, enforced: Iterable[str], limit: int = 0, timeout: float | None = None) -> Enumeration:
        """Models under the given red lines: at most `limit` (0: all), within `timeout` seconds."""
        self._control.configuration.solve.models = 0
        deadline = None if timeout is None else time.monotonic() + timeout
        models: list[list[clingo.Symbol]] = []
        complete = True
        with self._control.solve(assumptions=self.assumptions(enforced), yield_=True, async_=True) as handle:
            while True:
                handle.resume()
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not handle.wait(remaining):
                    handle.cancel()
                    complete = False
                    break
                model = handle.model()
                if model is None:
                    break
                if limit and len(models) == limit:
                    complete = False
                    break
                models.append(model.symbols(shown=True))
        return Enumeration(models, complete)
