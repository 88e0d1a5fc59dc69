"""Results and catalogue entries as pydantic models: the library's public data.

Ids are the ASP constants of the scenario, written as clingo prints them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Document(BaseModel):
    id: str
    title: str
    date: str
    file: str | None = None


class Source(BaseModel):
    document: str
    quote: str


class Option(BaseModel):
    id: str
    label: str


class Issue(BaseModel):
    id: str
    label: str
    options: list[Option]


class Party(BaseModel):
    id: str
    label: str


class Choice(BaseModel):
    issue: str
    option: str


class ViolationRule(BaseModel):
    place: str
    """FILE:LINE:COL"""
    text: str


class RedLine(BaseModel):
    id: str
    party: str
    label: str
    forbids: list[Choice] = Field(default_factory=list)
    requires: list[Choice] = Field(default_factory=list)
    rules: list[ViolationRule] = Field(default_factory=list)
    """The scenario's own violated/1 rules for this red line."""
    issues: list[str] = Field(default_factory=list)
    """The issues whose answer can decide whether this red line is violated (read from the
    ground rules, through helper predicates and general rules alike)."""
    sources: list[Source] = Field(default_factory=list)
    stated: list[str] = Field(default_factory=list)
    cost: int = 1
    conceded: bool = False
    """Withdrawn by a concede/1 fact in the loaded files."""


class Want(BaseModel):
    party: str
    issue: str
    option: str
    weight: int


class Catalogue(BaseModel):
    """What a scenario declares: the vocabulary's facts, in the order they were written."""

    parties: list[Party]
    issues: list[Issue]
    red_lines: list[RedLine]
    wants: list[Want] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)


Deal = dict[str, str]
"""One option per issue: {issue: option}."""


class DealsResult(BaseModel):
    feasible: bool
    deals: list[Deal]
    complete: bool
    """False when --limit or --timeout cut the list short."""
    timed_out: bool = False
    """The timeout cut the search: with no deal listed, none was found, not none exists."""
    parties: list[str]
    """The parties whose red lines were enforced."""
    conceded: list[str]
    """Red lines withdrawn, by --concede or by concede/1 facts."""
    red_lines_checked: int


class Conflict(BaseModel):
    red_lines: list[str]
    """Sorted ids; no deal satisfies them together, and dropping any one leaves a deal."""
    parties: list[str]
    issues: list[str]
    """The issues they collide on: those read by at least two of them (or by the one)."""


class Concession(BaseModel):
    red_lines: list[str]
    """Sorted ids; withdrawing them opens a deal, withdrawing any fewer does not."""
    parties: list[str]
    cost: int
    deal: Deal | None = None
    """One deal it opens (None inside a cluster, where only the cluster's red lines count)."""


class Cluster(BaseModel):
    """Red lines tied together by shared issues; blocked when they admit no deal."""

    red_lines: list[str]
    issues: list[str]
    concessions: list[Concession]
    complete: bool


class WhyResult(BaseModel):
    feasible: bool
    conflicts: list[Conflict]
    concessions: list[Concession]
    complete: bool
    """False when --limit or --timeout cut a list short."""
    decided: bool = True
    """False when time ran out before zopa could tell whether a deal exists: then
    `feasible` is false but means unknown."""
    explained: bool = True
    """Every conflict and every cluster's concession sets were found (the combined list of
    concession sets may still be cut: see concession_sets)."""
    concession_sets: int | None = None
    """How many minimal concession sets the whole scenario has (None when not all are known)."""
    background_infeasible: bool = False
    """True when the background constraints alone admit no deal: no red line is to blame."""
    deal: Deal | None = None
    """When feasible: one deal that every enforced red line accepts."""
    clusters: list[Cluster] = Field(default_factory=list)
    """The blocked clusters, each with its own concession sets (the ones above combine them)."""
    party_concessions: dict[str, int] | None = None
    """How many concession sets need each party to move (None when the lists are incomplete)."""
    parties: list[str]
    conceded: list[str]
    red_lines_checked: int


class Violation(BaseModel):
    red_line: str
    party: str
    label: str


class Change(BaseModel):
    issue: str
    plan: str
    nearest: str


class CheckResult(BaseModel):
    violations: list[Violation]
    """Red lines that every completion of the plan violates."""
    at_risk: list[Violation] = Field(default_factory=list)
    """Red lines that some, but not all, completions of a partial plan violate."""
    completable: bool
    """Some completion of the plan violates no enforced red line."""
    completion: Deal | None = None
    """One such completion."""
    nearest: Deal | None
    """The feasible deal that changes the fewest of the plan's answers (None: no deal is feasible)."""
    changes: list[Change] = Field(default_factory=list)
    """The plan's answers the nearest (or, when none is feasible, the closest) deal changes."""
    closest: Deal | None = None
    """When no deal is feasible: the deal breaking the fewest red lines (by cost), then
    changing the fewest of the plan's answers."""
    closest_violates: list[Violation] = Field(default_factory=list)
    """The red lines the closest deal still breaks."""
    plan: Deal
    open_issues: list[str]
    """Issues the plan leaves open: the nearest deal and the completion fill them."""
    background_violated: bool = False
    """The plan itself breaks a background constraint: no completion exists at all."""
    complete: bool
    parties: list[str]
    conceded: list[str]


class WhatIfCase(BaseModel):
    concede: list[str]
    """The red lines withdrawn in this case, sorted."""
    parties: list[str]
    """Whose red lines they are."""
    feasible: bool
    deals: int
    """How many deals it opens, counted up to the cap."""
    deals_at_least: bool
    """True when the count reached the cap: at least that many."""
    resolves: list[list[str]]
    """The known conflicts this concession takes part in, which it therefore dissolves."""
    remaining_conflicts: int


class WhatIfResult(BaseModel):
    results: list[WhatIfCase]
    """Most effective first: opens a deal, then more deals, then more conflicts resolved."""
    conflicts: list[Conflict]
    complete: bool
    """False when --limit or --timeout left cases unevaluated, or conflicts unknown."""
    conflicts_complete: bool = True
    """Every conflict was found (else `resolves` counts only the known ones)."""
    cases: int
    evaluated: int
    count_cap: int
    conceded: list[str]
    red_lines_checked: int
