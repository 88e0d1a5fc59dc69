"""The input vocabulary a scenario is written in, as one table: the loader's checks, the
README's table (through cog) and the test against rules/vocabulary.lp all read it here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Predicate:
    name: str
    arity: int
    written: str
    """How a scenario writes it, with the argument names the meaning uses."""
    meaning: str
    fact: bool = True
    """Describes the scenario rather than a deal: it must be a fact (or follow from facts),
    settled before any deal is chosen. Declared #defined in rules/vocabulary.lp."""

    @property
    def signature(self) -> tuple[str, int]:
        return (self.name, self.arity)


VOCABULARY = (
    Predicate(name="issue", arity=1, written="issue(I).", meaning="a question the settlement must answer"),
    Predicate(name="option", arity=2, written="option(I, O).", meaning="a way the settlement may answer issue `I`"),
    Predicate(name="party", arity=1, written="party(P).", meaning="a negotiating party"),
    Predicate(name="red_line", arity=2, written="red_line(R, P).", meaning="`R` is a hard condition of party `P`"),
    Predicate(
        name="forbids",
        arity=3,
        written="forbids(R, I, O).",
        meaning="`R` is violated when the deal answers `I` with `O`",
    ),
    Predicate(
        name="requires",
        arity=3,
        written="requires(R, I, O).",
        meaning="`R` is violated unless the deal answers `I` with `O`; several for one `R` and `I` mean any of them",
    ),
    Predicate(
        name="violated",
        arity=1,
        written="violated(R) :- ... deal(I, O) ... .",
        meaning="any other condition, an ordinary rule over `deal/2`",
        fact=False,
    ),
    Predicate(
        name="wants",
        arity=4,
        written="wants(P, I, O, W).",
        meaning="a soft demand: `P` prefers `O` on `I`, weight `W > 0`",
    ),
    Predicate(
        name="label",
        arity=2,
        written='label(X, "text").',
        meaning='human text for an issue, an option (`label((I, O), "...")`), a party, a red line',
    ),
    Predicate(name="document", arity=3, written='document(D, "title", "YYYY-MM-DD").', meaning="a source document"),
    Predicate(
        name="document_file",
        arity=2,
        written='document_file(D, "file.txt").',
        meaning="the file holding document `D`'s text",
    ),
    Predicate(
        name="source",
        arity=3,
        written='source(R, D, "quote").',
        meaning="where red line `R` comes from: a verbatim quote from `D`",
    ),
    Predicate(
        name="stated",
        arity=2,
        written='stated(R, "YYYY-MM-DD").',
        meaning="the earliest date the sources support for `R`; before it `R` does not hold (undated: always)",
    ),
    Predicate(
        name="withdrawn",
        arity=2,
        written='withdrawn(R, "YYYY-MM-DD").',
        meaning="from this date on `R` no longer holds: its party dropped or replaced it",
    ),
    Predicate(
        name="evidence",
        arity=2,
        written="evidence(R, direct | reported | inferred).",
        meaning="how the sources support `R`: the party states it, a reliable report, an analyst's inference",
    ),
    Predicate(
        name="status_quo",
        arity=2,
        written="status_quo(I, O).",
        meaning="the option issue `I` keeps when a settlement does not address it",
    ),
    Predicate(
        name="proposed",
        arity=1,
        written='proposed("YYYY-MM-DD").',
        meaning="in a plan file only: the date of the proposal (`check` judges the plan as of it)",
    ),
    Predicate(
        name="interim",
        arity=0,
        written="interim.",
        meaning="in a plan file only: a first step (a ceasefire, a truce), not a settlement: "
        "what it leaves out stays open",
    ),
    Predicate(name="concede", arity=1, written="concede(R).", meaning="hypothetical: `R` is withdrawn"),
    Predicate(
        name="cost",
        arity=2,
        written="cost(R, W).",
        meaning="how hard it is for the owner to withdraw `R` (default 1)",
    ),
)

FACTS = [p.signature for p in VOCABULARY if p.fact]
"""The predicates that must be facts: the catalogue and the red lines' switches are read
from them before any deal is chosen."""
