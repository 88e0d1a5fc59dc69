"""What a scenario declares: parties, issues and options, red lines with their conditions
and sources, soft demands and documents. Plain dataclasses, the library's public data.

Ids are the ASP constants of the scenario, written as clingo prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(kw_only=True)
class Document:
    id: str
    title: str
    date: str
    file: str | None = None


@dataclass(kw_only=True)
class Source:
    document: str
    quote: str


@dataclass(kw_only=True)
class Option:
    id: str
    label: str


@dataclass(kw_only=True)
class Issue:
    id: str
    label: str
    options: list[Option]
    status_quo: str | None = None
    """The option the issue keeps when a settlement does not address it (None: no such option)."""


@dataclass(kw_only=True)
class Party:
    id: str
    label: str


@dataclass(kw_only=True)
class Choice:
    issue: str
    option: str


@dataclass(kw_only=True)
class ViolationRule:
    place: str
    """FILE:LINE:COL"""
    text: str


@dataclass(kw_only=True)
class RedLine:
    id: str
    party: str
    label: str
    forbids: list[Choice] = field(default_factory=list)
    requires: list[Choice] = field(default_factory=list)
    rules: list[ViolationRule] = field(default_factory=list)
    """The scenario's own violated/1 rules for this red line."""
    issues: list[str] = field(default_factory=list)
    """The issues whose answer can decide whether this red line is violated (read from the
    ground rules, through helper predicates and general rules alike)."""
    sources: list[Source] = field(default_factory=list)
    stated: str | None = None
    """The earliest date the sources support, "YYYY-MM-DD" (None: holds at every date)."""
    withdrawn: str | None = None
    """From this date on it no longer holds (None: never withdrawn)."""
    evidence: str = "inferred"
    """direct, reported or inferred: how the sources support it."""
    graded: bool = False
    """It has an evidence/2 fact (an ungraded red line counts as inferred)."""
    cost: int = 1
    conceded: bool = False
    """Withdrawn by a concede/1 fact in the loaded files."""

    def holds(self, as_of: str | None) -> bool:
        """In force on that date: stated on or before it (or undated) and not withdrawn on
        or before it. As of now (None): not withdrawn. Dates "YYYY-MM-DD" compare as text."""
        if as_of is None:
            return self.withdrawn is None
        return (self.stated is None or self.stated <= as_of) and (self.withdrawn is None or self.withdrawn > as_of)


EVIDENCE_GRADES = ("direct", "reported", "inferred")
"""From the best supported to the least: `--evidence G` enforces the red lines graded G or better."""


@dataclass(kw_only=True)
class Want:
    party: str
    issue: str
    option: str
    weight: int


@dataclass(kw_only=True)
class Catalogue:
    """What a scenario declares: the vocabulary's facts, in the order they were written."""

    parties: list[Party]
    issues: list[Issue]
    red_lines: list[RedLine]
    wants: list[Want] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
