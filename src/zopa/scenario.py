"""A loaded scenario: its catalogue, its one grounded solver, and the questions to ask it."""

from __future__ import annotations

import clingo

from zopa.dependencies import Dependencies
from zopa.errors import ZopaError, closest
from zopa.models import Catalogue, RedLine
from zopa.parsing import Parsed


class Scenario:
    """A loaded, validated and grounded scenario: its catalogue and one solver over it."""

    def __init__(self, control: clingo.Control, catalogue: Catalogue, dependencies: Dependencies, parsed: Parsed):
        from zopa.solver import Solver

        self.catalogue = catalogue
        self.parsed = parsed
        """Where each fact and rule is written."""
        self.dependencies = dependencies
        self.issue_order = {issue.id: n for n, issue in enumerate(catalogue.issues)}
        red_lines = [a.symbol.arguments[0] for a in control.symbolic_atoms.by_signature("red_line", 2) if a.is_fact]
        self.solver = Solver(control, red_lines)

    @property
    def party_ids(self) -> list[str]:
        return [p.id for p in self.catalogue.parties]

    @property
    def red_line_ids(self) -> list[str]:
        return [r.id for r in self.catalogue.red_lines]

    def red_line(self, red_line_id: str) -> RedLine:
        return next(r for r in self.catalogue.red_lines if r.id == red_line_id)

    def resolve_parties(self, names: list[str] | None) -> list[str]:
        """Party ids named on the command line, checked; all parties when none are named."""
        if not names:
            return self.party_ids
        return [_known(name, self.party_ids, "party", "parties", "--party") for name in names]

    def resolve_red_lines(self, names: list[str] | None) -> list[str]:
        return [_known(name, self.red_line_ids, "red line", "red lines", "--concede") for name in names or []]

    def deals(self, **options):
        """Feasible deals; see zopa.deals.find_deals for the options."""
        from zopa.deals import find_deals

        return find_deals(self, **options)

    def check(self, plan, **options):
        """A plan against every party's red lines; see zopa.check.check_plan for the options."""
        from zopa.check import check_plan

        return check_plan(self, plan, **options)

    def whatif(self, **options):
        """The effect of each concession; see zopa.whatif.sweep for the options."""
        from zopa.whatif import sweep

        return sweep(self, **options)

    def why(self, **options):
        """Conflicts and concession sets; see zopa.why.explain for the options."""
        from zopa.why import explain

        return explain(self, **options)


def _known(name: str, known: list[str], what: str, plural: str, flag: str) -> str:
    if name in known:
        return name
    raise ZopaError(f"{flag} {name!r}: no such {what}; {closest(name, known, plural)}")
