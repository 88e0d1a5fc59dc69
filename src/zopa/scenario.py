"""A loaded scenario: its catalogue and its one grounded solver, which every analysis asks.

scenario = zopa.load()                  # the bundled Russia–Ukraine scenario
zopa.deals(scenario, parties=["russia", "united_states"], limit=3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zopa.catalogue import EVIDENCE_GRADES, Catalogue, RedLine
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
    as_of: str | None = None
    """The date the positions are read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needs (inferred: every red line)."""
    not_in_force: list[str] = field(default_factory=list)
    """The chosen parties' red lines that do not hold at that date (not yet stated, or
    withdrawn by their party) or are less well supported than asked."""
    over_time: list[str] = field(default_factory=list)
    """The red lines that hold at some date: the chosen parties' red lines, supported well
    enough and not conceded, whatever their dates (withdrawn ones included)."""


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

    def enforcement(
        self,
        parties: Sequence[str] | None,
        concede: Sequence[str] | None,
        as_of: str | None = None,
        evidence: str | None = None,
    ) -> Enforcement:
        """The red lines that bind for a question asked with these --party, --concede,
        --as-of and --evidence: the chosen parties' red lines that hold on that date (now:
        not withdrawn), are at least that well supported, and are not conceded."""
        chosen = self.resolve_parties(parties)
        withdrawn = set(self.resolve_red_lines(concede))
        as_of = check_date(as_of, "--as-of")
        grade = check_grade(evidence)
        conceded = [r.id for r in self.catalogue.red_lines if r.id in withdrawn or r.conceded]
        given_up, asked = set(conceded), set(chosen)
        theirs = [r for r in self.catalogue.red_lines if r.party in asked and r.id not in given_up]
        supported = [r for r in theirs if _supported(r, grade)]
        in_force = [r.id for r in supported if r.holds(as_of)]
        binding = set(in_force)
        return Enforcement(
            parties=chosen,
            red_lines=in_force,
            conceded=conceded,
            as_of=as_of,
            evidence=grade,
            not_in_force=[r.id for r in theirs if r.id not in binding],
            over_time=[r.id for r in supported],
        )

    def satisfaction(self, deal: Deal, parties: Sequence[str]) -> dict[str, int]:
        """Each party's satisfaction with a deal: the summed weights of its soft demands
        (wants/4) the deal meets; 0 for a party without soft demands."""
        found = dict.fromkeys(parties, 0)
        for want in self.catalogue.wants:
            if want.party in found and deal.get(want.issue) == want.option:
                found[want.party] += want.weight
        return found

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


def check_date(date: str | None, flag: str) -> str | None:
    """A date given on the command line or to the library, "YYYY-MM-DD", checked."""
    if date is None:
        return None
    from zopa.loading.validation import is_date

    if not is_date(date):
        raise ZopaError(f"{flag} {date!r}: give a date as YYYY-MM-DD, e.g. 2025-03-11")
    return date


def check_grade(grade: str | None) -> str:
    """An --evidence grade, checked (None: inferred, which enforces every red line)."""
    if grade is None:
        return "inferred"
    if grade not in EVIDENCE_GRADES:
        raise ZopaError(f"--evidence {grade!r}: give one of {', '.join(EVIDENCE_GRADES)}")
    return grade


def _supported(red_line: RedLine, grade: str) -> bool:
    return EVIDENCE_GRADES.index(red_line.evidence) <= EVIDENCE_GRADES.index(grade)


def _known(name: str, known: list[str], what: str, plural: str, flag: str) -> str:
    if name in known:
        return name
    raise ZopaError(f"{flag} {name!r}: no such {what}; {closest(name, known, plural)}")
