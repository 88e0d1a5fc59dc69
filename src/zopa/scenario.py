"""A loaded scenario: its catalogue and its one grounded solver, which every analysis asks.

scenario = zopa.load()                  # the bundled Russia–Ukraine scenario
zopa.deals(scenario, parties=["russia", "united_states"], limit=3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zopa.catalogue import Catalogue, RedLine
from zopa.errors import ZopaError, closest, raise_all
from zopa.loading import Loaded, ground
from zopa.loading.dependencies import Dependencies
from zopa.loading.parse import Parsed
from zopa.results import Deal
from zopa.solving.solver import Solver


@dataclass(frozen=True)
class Enforcement:
    """What one question enforces: the parties chosen, their red lines still binding, and
    the red lines withdrawn (by --concede or by concede/1 facts)."""

    parties: list[str]
    red_lines: list[str]
    conceded: list[str]


class Scenario:
    """A loaded, validated and grounded scenario: its catalogue and one solver over it."""

    def __init__(self, loaded: Loaded):
        self.catalogue: Catalogue = loaded.catalogue
        self.parsed: Parsed = loaded.parsed
        """Where each fact and rule is written."""
        self.dependencies: Dependencies = loaded.dependencies
        self.issue_order = {issue.id: n for n, issue in enumerate(self.catalogue.issues)}
        symbols = loaded.control.symbolic_atoms.by_signature("red_line", 2)
        self.solver = Solver(loaded.control, [a.symbol.arguments[0] for a in symbols if a.is_fact])

    @property
    def party_ids(self) -> list[str]:
        return [p.id for p in self.catalogue.parties]

    @property
    def red_line_ids(self) -> list[str]:
        return [r.id for r in self.catalogue.red_lines]

    def red_line(self, red_line_id: str) -> RedLine:
        return next(r for r in self.catalogue.red_lines if r.id == red_line_id)

    def resolve_parties(self, names: Sequence[str] | None) -> list[str]:
        """Party ids named on the command line, checked; all parties when none are named."""
        if not names:
            return self.party_ids
        return [_known(name, self.party_ids, "party", "parties", "--party") for name in names]

    def resolve_red_lines(self, names: Sequence[str] | None) -> list[str]:
        return [_known(name, self.red_line_ids, "red line", "red lines", "--concede") for name in names or []]

    def enforcement(self, parties: Sequence[str] | None, concede: Sequence[str] | None) -> Enforcement:
        """The red lines that bind for a question asked with these --party and --concede."""
        chosen = self.resolve_parties(parties)
        withdrawn = set(self.resolve_red_lines(concede))
        conceded = [r.id for r in self.catalogue.red_lines if r.id in withdrawn or r.conceded]
        enforced = [r.id for r in self.catalogue.red_lines if r.party in chosen and r.id not in conceded]
        return Enforcement(parties=chosen, red_lines=enforced, conceded=conceded)

    def as_deal(self, pairs: list[tuple[str, str]]) -> Deal:
        """{issue: option} in the catalogue's order of issues."""
        answers = dict(pairs)
        return {issue: answers[issue] for issue in self.issue_order if issue in answers}


def load(positions: str | Path | None = None, extra: Sequence[str | Path] = ()) -> Scenario:
    """Load the scenario in `positions` (default: the bundled one) plus `extra` files."""
    scenario, problems = load_with_problems(positions, extra)
    raise_all(problems)
    return scenario


def load_with_problems(
    positions: str | Path | None = None, extra: Sequence[str | Path] = ()
) -> tuple[Scenario, list[ZopaError]]:
    """The scenario, and the input errors found once it was grounded, for `zopa lint` to
    report with its own findings; a problem that stops grounding is raised."""
    loaded = ground(Path(positions) if positions is not None else None, [Path(p) for p in extra])
    return Scenario(loaded), loaded.problems


def _known(name: str, known: list[str], what: str, plural: str, flag: str) -> str:
    if name in known:
        return name
    raise ZopaError(f"{flag} {name!r}: no such {what}; {closest(name, known, plural)}")
