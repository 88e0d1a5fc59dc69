"""What the analyses answer: plain dataclasses, the library's public data.

Plain dataclasses, so that a command that prints text never imports pydantic (it is most
of the start-up time); zopa.render.json turns them into JSON, and back, through pydantic.
Ids are the ASP constants of the scenario, written as clingo prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zopa.catalogue import Document, Issue, Party, RedLine, Want

Deal = dict[str, str]
"""One option per issue: {issue: option}."""


@dataclass(kw_only=True)
class DealsResult:
    feasible: bool
    deals: list[Deal]
    satisfaction: list[dict[str, int]] = field(default_factory=list)
    """Each listed deal's satisfaction for every enforced party, in the order of `deals`."""
    complete: bool
    """False when --limit or --timeout cut the list short."""
    timed_out: bool = False
    """The timeout cut the search: with no deal listed, none was found, not none exists."""
    parties: list[str]
    """The parties whose red lines were enforced."""
    conceded: list[str]
    as_of: str | None = None
    """The date the positions were read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needed (inferred: every red line)."""
    """Red lines withdrawn, by --concede or by concede/1 facts."""
    red_lines_checked: int


@dataclass(kw_only=True)
class DealCount:
    count: int
    """How many feasible deals (a lower bound when not complete)."""
    complete: bool
    """False when --timeout cut the count short: at least `count`."""
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    """The date the positions were read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needed (inferred: every red line)."""
    red_lines_checked: int


@dataclass(kw_only=True)
class Conflict:
    red_lines: list[str]
    """Sorted ids; no deal satisfies them together, and dropping any one leaves a deal."""
    parties: list[str]
    issues: list[str]
    """The issues they collide on: those read by at least two of them (or by the one)."""
    inferred: list[str] = field(default_factory=list)
    """Its red lines that rest on an analyst's inference (evidence inferred, or ungraded):
    the conflict is only as sure as they are."""


@dataclass(kw_only=True)
class Concession:
    red_lines: list[str]
    """Sorted ids; withdrawing them opens a deal, withdrawing any fewer does not."""
    parties: list[str]
    cost: int
    deal: Deal | None = None
    """The deal it opens that the fair rule (nash) chooses among the Pareto-optimal ones,
    for the first three concession sets of the whole (None for the others, and inside a
    cluster, where only the cluster's red lines count)."""
    satisfaction: dict[str, int] | None = None
    """That deal's satisfaction for every enforced party."""


@dataclass(kw_only=True)
class Cluster:
    """Red lines tied together by shared issues; blocked when they admit no deal."""

    red_lines: list[str]
    issues: list[str]
    concessions: list[Concession]
    complete: bool


@dataclass(kw_only=True)
class WhyResult:
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
    """When feasible: the fair rule's (nash) choice among the Pareto-optimal deals."""
    satisfaction: dict[str, int] | None = None
    """That deal's satisfaction for every enforced party."""
    cheapest_sets: int | None = None
    """How many minimal concession sets share the least cost (None when not all are known)."""
    cheapest_common: list[str] | None = None
    """The red lines every one of those cheapest sets contains (None when not all are known)."""
    clusters: list[Cluster] = field(default_factory=list)
    """The blocked clusters, each with its own concession sets (the ones above combine them)."""
    party_concessions: dict[str, int] | None = None
    """How many concession sets need each party to move (None when the lists are incomplete)."""
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    """The date the positions were read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needed (inferred: every red line)."""
    red_lines_checked: int


@dataclass(kw_only=True)
class Violation:
    red_line: str
    party: str
    label: str


@dataclass(kw_only=True)
class Change:
    issue: str
    plan: str
    nearest: str


@dataclass(kw_only=True)
class CheckResult:
    violations: list[Violation]
    """Red lines that every completion of the plan violates."""
    at_risk: list[Violation] = field(default_factory=list)
    """Red lines that some, but not all, completions of a partial plan violate."""
    completable: bool
    """Some completion of the plan violates no enforced red line."""
    completion: Deal | None = None
    """One such completion: the fair rule's (nash) choice among the Pareto-optimal ones."""
    satisfaction: dict[str, int] | None = None
    """The completion's satisfaction for every enforced party."""
    improvement: Deal | None = None
    """A feasible deal better for some parties and worse for none than the completion (the
    fair rule's choice among the Pareto-optimal such deals); None when the completion is
    Pareto-optimal or there is none."""
    improvement_satisfaction: dict[str, int] | None = None
    nearest: Deal | None
    """The feasible deal that changes the fewest of the plan's answers (None: no deal is
    feasible); of those, the fair rule's choice among the Pareto-optimal ones."""
    nearest_satisfaction: dict[str, int] | None = None
    changes: list[Change] = field(default_factory=list)
    """The plan's answers the nearest (or, when none is feasible, the closest) deal changes."""
    closest: Deal | None = None
    """When no deal is feasible: the deal breaking the fewest red lines (by cost), then
    changing the fewest of the plan's answers."""
    closest_violates: list[Violation] = field(default_factory=list)
    """The red lines the closest deal still breaks."""
    plan: Deal
    open_issues: list[str]
    """Issues the plan leaves open: the nearest deal and the completion fill them."""
    background_violated: bool = False
    """The plan itself breaks a background constraint: no completion exists at all."""
    complete: bool
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    """The date the positions were read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needed (inferred: every red line)."""
    proposed: str | None = None
    """The plan's own date (proposed/1): the positions are read as of it unless --as-of says otherwise."""
    status_quo: Deal = field(default_factory=dict)
    """Issues the plan does not address, read as keeping their status quo (--silence status_quo)."""
    interim: bool = False
    """The plan says it is a first step (`interim.`), not a settlement."""
    silence: str = "status_quo"
    """How unaddressed issues were read: as their status quo, or as open (--silence open,
    and by default for an interim plan)."""


@dataclass(kw_only=True)
class WhatIfCase:
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
    satisfaction: dict[str, int] | None = None
    """When it opens a deal: every party's satisfaction with the deal the nash rule chooses
    among the Pareto-optimal ones it opens."""


@dataclass(kw_only=True)
class WhatIfResult:
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
    as_of: str | None = None
    """The date the positions were read at (None: as they stand now)."""
    evidence: str = "inferred"
    """The least support an enforced red line needed (inferred: every red line)."""
    red_lines_checked: int


@dataclass(kw_only=True)
class Finding:
    code: str
    """What kind of problem: unknown_option, quote_not_found, redundant_red_line, ..."""
    message: str
    place: str | None
    """FILE:LINE:COL where it is written (None for the scenario as a whole)."""
    subject: str | None = None
    """The id it is about: a red line, a party, an option as (issue,option), a fact."""


@dataclass(kw_only=True)
class LintResult:
    errors: list[Finding]
    warnings: list[Finding]
    checked: bool
    """False when the scenario could not be grounded: only the errors that stopped it are known."""
    complete: bool
    """False when the timeout cut the solver's checks short."""
    red_lines: int = 0
    parties: int = 0
    quotes: int | None = None
    """How many quotes were looked up in their sources (None: no --sources given)."""
    as_of: str | None = None
    """Lint reads every red line, whatever its dates: always None."""


@dataclass(kw_only=True)
class ShowResult:
    """The scenario as `zopa show` gives it: the chosen parties, every issue and option,
    the chosen parties' red lines (all of them, with their dates and grades) and soft
    demands, the documents."""

    parties: list[Party]
    issues: list[Issue]
    red_lines: list[RedLine]
    wants: list[Want]
    documents: list[Document]
    as_of: str | None = None
    evidence: str = "inferred"
    not_in_force: list[str] = field(default_factory=list)
    """Red lines listed that do not bind as asked: not yet stated or withdrawn by the date
    (now, without --as-of), or less well supported than --evidence asks."""
    inferred_conflicts: list[Conflict] = field(default_factory=list)
    """The conflicts among the red lines in force that rest on an inferred red line."""
    conflicts_complete: bool = True


@dataclass(kw_only=True)
class TimelineDate:
    """The positions on one date on which a red line was stated or withdrawn."""

    date: str
    stated: list[str]
    """Red lines first stated on this date."""
    withdrawn: list[str]
    """Red lines their party withdrew on this date."""
    feasible: bool
    conflicts: int
    """How many of the scenario's conflicts hold on this date (all their red lines do); a
    lower bound when `complete` is false."""
    cheapest: list[str] | None
    """A concession set of least cost as of this date (None: feasible, the background
    admits no deal, or time ran out)."""
    complete: bool
    in_force: int
    """How many red lines hold on this date."""
    cost: int | None = None
    """The cheapest concession set's cost."""


@dataclass(kw_only=True)
class TimelineResult:
    dates: list[TimelineDate]
    """Every date on which a red line was stated or withdrawn (up to --as-of), ascending."""
    complete: bool
    undated: list[str]
    """Red lines without a stated/2 date: they hold from the start (unless withdrawn)."""
    before: TimelineDate | None = None
    """The positions before the first date: the undated red lines alone (date "")."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Every conflict whose red lines all hold on some date; a date's conflicts are those
    whose red lines all hold then."""
    conflicts_complete: bool = True
    background_infeasible: bool = False
    parties: list[str]
    conceded: list[str]
    red_lines_checked: int
    """The red lines that hold at some date (withdrawn ones included)."""
    as_of: str | None = None
    """The last date shown (None: every date)."""
    evidence: str = "inferred"


Satisfaction = dict[str, int]
"""{party: the summed weights of its soft demands a deal meets}, one key per enforced party."""


@dataclass(kw_only=True)
class ParetoPoint:
    satisfaction: Satisfaction
    deal: Deal
    """The first deal in issue and option order with this satisfaction."""


@dataclass(kw_only=True)
class FairChoice:
    rule: str
    """nash, leximin or welfare."""
    satisfaction: Satisfaction
    deal: Deal


@dataclass(kw_only=True)
class ParetoResult:
    feasible: bool
    frontier: list[ParetoPoint]
    """Each Pareto-optimal satisfaction profile once, best by the fair rule first."""
    fair: FairChoice | None
    complete: bool
    """False when --limit or --timeout cut the frontier: every profile listed is still
    Pareto-optimal, but others may exist, and the fair choice is among those listed."""
    best: Satisfaction = field(default_factory=dict)
    """Each party's best satisfaction among the feasible deals (the frontier's highest)."""
    choices: dict[str, Satisfaction] = field(default_factory=dict)
    """The profile each fair rule chooses: nash, leximin, welfare."""
    rules_agree: bool = False
    """The three rules choose the same profile."""
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    evidence: str = "inferred"
    red_lines_checked: int


@dataclass(kw_only=True)
class Impossible:
    option: str
    blocked_by: list[str]
    """A smallest set of enforced red lines under which no deal takes the option, sorted
    (empty: the background alone rules it out)."""


@dataclass(kw_only=True)
class IssueOptions:
    forced: str | None
    """The option every feasible deal takes (None: more than one is open)."""
    open: list[str]
    """Every option some feasible deal takes, the forced one included, in catalogue order."""
    impossible: list[Impossible]
    deals: dict[str, int] = field(default_factory=dict)
    """How many feasible deals take each open option, counted up to the cap."""
    deals_at_least: list[str] = field(default_factory=list)
    """The open options whose count reached the cap: at least that many."""


@dataclass(kw_only=True)
class OptionsResult:
    feasible: bool
    issues: dict[str, IssueOptions]
    complete: bool
    """False when --timeout cut the answer short (issues whose answer is missing or partial)."""
    count_cap: int
    parties: list[str]
    conceded: list[str]
    as_of: str | None = None
    evidence: str = "inferred"
    red_lines_checked: int


@dataclass(kw_only=True)
class Coalition:
    parties: list[str]
    feasible: bool


@dataclass(kw_only=True)
class BlockingConflict:
    parties: list[str]
    """A minimal blocking group."""
    red_lines: list[str]
    """One conflict among its red lines (it spans every party of the group)."""


@dataclass(kw_only=True)
class Blame:
    red_lines: dict[str, float]
    """Each enforced red line's Shapley value of the number of minimal conflicts: a conflict
    of k red lines gives 1/k to each member."""
    parties: dict[str, float]
    """The sum over each party's red lines."""


@dataclass(kw_only=True)
class CoalitionsResult:
    parties: list[str]
    coalitions: list[Coalition]
    """Every non-empty group of the parties with whether it agrees (empty beyond 12 parties)."""
    maximal_agreeing: list[list[str]]
    minimal_blocking: list[list[str]]
    blocking_conflicts: list[BlockingConflict]
    veto: list[str]
    """The parties in every minimal blocking group (empty when none blocks)."""
    blame: Blame
    conflicts: int = 0
    """How many minimal conflicts the blame shares out (a lower bound when not complete)."""
    pairs: dict[str, dict[str, bool]] = field(default_factory=dict)
    """For each pair of parties, whether the two agree (each party with itself: alone)."""
    complete: bool
    conceded: list[str]
    as_of: str | None = None
    evidence: str = "inferred"
    red_lines_checked: int
