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


class RedLine(BaseModel):
    id: str
    party: str
    label: str
    forbids: list[Choice] = Field(default_factory=list)
    requires: list[Choice] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    """Where the scenario's own violated/1 rules for this red line are written (FILE:LINE:COL)."""
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
    parties: list[str]
    """The parties whose red lines were enforced."""
    conceded: list[str]
    """Red lines withdrawn, by --concede or by concede/1 facts."""
    red_lines_checked: int
