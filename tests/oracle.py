"""An independent brute-force evaluator of the zopa semantics, in plain Python.

A small scenario is written here as Python data. `feasible()` enumerates every deal (one
option per issue) with itertools.product and keeps those that break no enforced red line
and no background constraint. `write_scenario()` renders the same scenario as ASP facts and
rules, so a test can hand the very same scenario to zopa and to this oracle and compare.

General `violated/1` rules and background integrity constraints are given twice: as ASP
text for zopa, and as a Python predicate over the deal (a dict issue -> option) for the
oracle. Keeping the two in step is the test author's job; each case is small enough to
check by eye.

Red lines may carry dates and grades (stated/2, withdrawn/2, evidence/2): `RedLine.in_force`
reads the dates with `datetime.date`, never as text, and `Table.timeline` answers `zopa
timeline` date by date from the same table of deals.

Soft demands (wants/4) never bind: `satisfaction()` sums a party's weights a deal meets,
and `Interests` answers `deals --pareto` from the feasible deals in issue and option order
(the profiles, the non-dominated ones, each party's best, the fair rules in exact
fractions, the first deal with each profile). `issue_options()`, `blocks()` and
`smallest_block()` answer `zopa options`: forced, open and impossible options per issue,
and the fewest enforced red lines that rule an impossible one out.

`coalitions()` answers `zopa coalitions` by asking every group of parties (the empty group
too) whether some deal keeps all its members' enforced red lines: the maximal agreeing and
minimal blocking groups, the veto, the minimal conflicts (`Table.conflicts`) and the blame
in exact fractions.

Nothing here imports clingo or zopa.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

Deal = dict[str, str]
FrozenDeal = frozenset[tuple[str, str]]
Predicate = Callable[[Deal], bool]

GRADES = ("direct", "reported", "inferred")
"""Evidence grades, best supported first; an ungraded red line counts as inferred."""


def day(text: str) -> datetime.date:
    """A "YYYY-MM-DD" date as a calendar date (the oracle never compares dates as text)."""
    return datetime.date.fromisoformat(text)


@dataclass
class Rule:
    """A condition written both ways: ASP text and the Python predicate it means."""

    asp: str
    holds: Predicate


@dataclass
class RedLine:
    id: str
    owner: str
    forbids: set[tuple[str, str]] = field(default_factory=set)
    requires: dict[str, set[str]] = field(default_factory=dict)
    """issue -> options: the deal must answer the issue with one of them."""
    rules: list[Rule] = field(default_factory=list)
    """violated(R) rules: R is violated whenever one of their predicates holds."""
    label: str | None = None
    stated: str | None = None
    """stated/2: before this date the red line does not hold (None: it holds from the start)."""
    withdrawn: str | None = None
    """withdrawn/2: from this date on it no longer holds (None: never withdrawn)."""
    evidence: str | None = None
    """evidence/2: direct, reported or inferred (None: ungraded, which counts as inferred)."""

    def in_force(self, as_of: str | None = None) -> bool:
        """Holds on that date: stated on or before it (or undated) and not withdrawn on or
        before it. As things stand now (None): not withdrawn, whatever the dates."""
        if as_of is None:
            return self.withdrawn is None
        if self.stated is not None and day(self.stated) > day(as_of):
            return False
        return self.withdrawn is None or day(as_of) < day(self.withdrawn)

    def supported(self, evidence: str | None = None) -> bool:
        """At least as well supported as the grade asked (None: inferred, every red line)."""
        return GRADES.index(self.evidence or "inferred") <= GRADES.index(evidence or "inferred")

    def violated(self, deal: Deal) -> bool:
        if any(deal[issue] == option for issue, option in self.forbids):
            return True
        if any(deal[issue] not in options for issue, options in self.requires.items()):
            return True
        return any(rule.holds(deal) for rule in self.rules)


@dataclass
class Scenario:
    issues: dict[str, list[str]]
    """issue -> its options, in order."""
    parties: list[str]
    red_lines: list[RedLine] = field(default_factory=list)
    background: list[Rule] = field(default_factory=list)
    """Integrity constraints: the predicate holds for a deal the constraint rules out."""
    concede: set[str] = field(default_factory=set)
    """Red lines withdrawn by concede/1 facts in the files."""
    labels: dict[str, str] = field(default_factory=dict)
    """ASP term (as written, e.g. "a" or "(a,x)") -> label text."""
    rules: list[str] = field(default_factory=list)
    """Further ASP rules written once (helper predicates, violated/1 rules with a variable
    head); their meaning is given to the oracle as Rule predicates on the red lines."""
    wants: list[tuple[str, str, str, int]] = field(default_factory=list)
    """Soft demands (party, issue, option, weight): written out, never binding."""
    costs: dict[str, int] = field(default_factory=dict)
    """cost/2 facts: red line -> how hard it is to withdraw (default 1)."""

    def __repr__(self) -> str:
        # A failing property prints its scenario: as the ASP it was given to zopa.
        return "Scenario(<<<\n" + to_asp(self) + ">>>)"

    def _repr_pretty_(self, printer, cycle) -> None:  # how hypothesis prints a falsifying example
        printer.text(repr(self))

    def cost(self, red_line: str) -> int:
        return self.costs.get(red_line, 1)

    def all_deals(self) -> list[Deal]:
        names = list(self.issues)
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(self.issues[i] for i in names))]

    def enforced(
        self,
        parties: Iterable[str] | None = None,
        concede: Iterable[str] = (),
        as_of: str | None = None,
        evidence: str | None = None,
    ) -> list[RedLine]:
        """The chosen parties' red lines that hold on `as_of` (None: now), are at least as well
        supported as `evidence` asks, and are not conceded."""
        return [r for r in self.over_time(parties, concede, evidence) if r.in_force(as_of)]

    def over_time(
        self, parties: Iterable[str] | None = None, concede: Iterable[str] = (), evidence: str | None = None
    ) -> list[RedLine]:
        """The chosen parties' red lines, well enough supported and not conceded, whatever
        their dates: those that hold on some date."""
        chosen = set(self.parties if parties is None else parties)
        withdrawn = set(concede) | self.concede
        return [r for r in self.red_lines if r.owner in chosen and r.id not in withdrawn and r.supported(evidence)]

    def feasible(self, parties: Iterable[str] | None = None, concede: Iterable[str] = ()) -> set[FrozenDeal]:
        """Every deal that breaks no background constraint and no enforced red line."""
        binding = self.enforced(parties, concede)
        return {
            freeze(deal)
            for deal in self.all_deals()
            if not any(rule.holds(deal) for rule in self.background) and not any(r.violated(deal) for r in binding)
        }


def freeze(deal: Deal) -> FrozenDeal:
    return frozenset(deal.items())


def parse_deal(text: str) -> FrozenDeal:
    """'a=x b=p' -> frozenset({('a', 'x'), ('b', 'p')}): how the tables write deals."""
    return frozenset(tuple(pair.split("=")) for pair in text.split())


def show_deals(deals: Iterable[FrozenDeal]) -> list[str]:
    """Readable, sorted form of a set of deals, for assertion messages."""
    return sorted(" ".join(f"{i}={o}" for i, o in sorted(d)) for d in deals)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_asp(scenario: Scenario) -> str:
    """The scenario in zopa's input vocabulary."""
    lines = ["% issues and options"]
    for issue, options in scenario.issues.items():
        lines.append(f"issue({issue}).")
        lines += [f"option({issue}, {option})." for option in options]
    lines.append("% parties")
    lines += [f"party({p})." for p in scenario.parties]
    lines.append("% red lines")
    for r in scenario.red_lines:
        lines.append(f"red_line({r.id}, {r.owner}).")
        if r.label is not None:
            lines.append(f"label({r.id}, {_quote(r.label)}).")
        if r.stated is not None:
            lines.append(f"stated({r.id}, {_quote(r.stated)}).")
        if r.withdrawn is not None:
            lines.append(f"withdrawn({r.id}, {_quote(r.withdrawn)}).")
        if r.evidence is not None:
            lines.append(f"evidence({r.id}, {r.evidence}).")
        lines += [f"forbids({r.id}, {i}, {o})." for i, o in sorted(r.forbids)]
        for issue, options in r.requires.items():
            lines += [f"requires({r.id}, {issue}, {o})." for o in sorted(options)]
        lines += [rule.asp for rule in r.rules if rule.asp]
    if scenario.background:
        lines.append("% background constraints")
        lines += [rule.asp for rule in scenario.background]
    if scenario.wants:
        lines.append("% soft demands")
        lines += [f"wants({p}, {i}, {o}, {w})." for p, i, o, w in scenario.wants]
    if scenario.costs:
        lines.append("% costs")
        lines += [f"cost({r}, {w})." for r, w in scenario.costs.items()]
    if scenario.concede:
        lines.append("% concessions")
        lines += [f"concede({r})." for r in sorted(scenario.concede)]
    if scenario.rules:
        lines.append("% general rules")
        lines += scenario.rules
    if scenario.labels:
        lines.append("% labels")
        lines += [f"label({term}, {_quote(text)})." for term, text in scenario.labels.items()]
    return "\n".join(lines) + "\n"


def write_scenario(scenario: Scenario, folder: Path, name: str = "scenario.lp") -> Path:
    """Write the scenario as one .lp file into `folder` (created if needed); return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(to_asp(scenario), encoding="utf-8")
    return folder


def random_scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    issues = {f"i{n}": [f"o{k}" for k in range(rng.randint(2, 3))] for n in range(rng.randint(2, 4))}
    parties = [f"p{n}" for n in range(rng.randint(2, 3))]
    red_lines = []
    for n in range(rng.randint(3, 7)):
        issue = rng.choice(list(issues))
        red_line = RedLine(id=f"r{n}", owner=rng.choice(parties))
        kind = rng.random()
        if kind < 0.4:
            red_line.requires[issue] = set(rng.sample(issues[issue], rng.randint(1, len(issues[issue]) - 1)))
        elif kind < 0.8:
            red_line.forbids.add((issue, rng.choice(issues[issue])))
        else:
            other = rng.choice([i for i in issues if i != issue])
            a, b = rng.choice(issues[issue]), rng.choice(issues[other])
            red_line.rules.append(
                Rule(
                    f"violated(r{n}) :- deal({issue}, {a}), not deal({other}, {b}).",
                    lambda d, issue=issue, other=other, a=a, b=b: d[issue] == a and d[other] != b,
                )
            )
        red_lines.append(red_line)
    background = []
    if rng.random() < 0.3:
        first, second = rng.sample(list(issues), 2)
        x, y = rng.choice(issues[first]), rng.choice(issues[second])
        background.append(
            Rule(
                f":- deal({first}, {x}), deal({second}, {y}).",
                lambda d, f=first, s=second, x=x, y=y: d[f] == x and d[s] == y,
            )
        )
    rules = []
    if rng.random() < 0.3:  # one rule for every red line of a party: a variable in the head
        party, issue = rng.choice(parties), rng.choice(list(issues))
        option = rng.choice(issues[issue])
        rules.append(f"violated(R) :- red_line(R, {party}), deal({issue}, {option}).")
        for red_line in red_lines:
            if red_line.owner == party:
                red_line.rules.append(Rule("", lambda d, i=issue, o=option: d[i] == o))
    if rng.random() < 0.3 and len(red_lines) > 1:  # a helper predicate between deal/2 and violated/1
        issue, other = rng.sample(list(issues), 2)
        option, second = rng.choice(issues[issue]), rng.choice(issues[other])
        red_line = rng.choice(red_lines)
        rules.append(f"hot :- deal({issue}, {option}).")
        red_line.rules.append(
            Rule(
                f"violated({red_line.id}) :- hot, not deal({other}, {second}).",
                lambda d, i=issue, o=option, j=other, q=second: d[i] == o and d[j] != q,
            )
        )
    return Scenario(issues=issues, parties=parties, red_lines=red_lines, background=background, rules=rules)


def satisfiable(scenario: Scenario, red_lines: set[str]) -> bool:
    withdrawn = {r.id for r in scenario.red_lines} - red_lines
    return bool(scenario.feasible(concede=withdrawn))


def brute_force(scenario: Scenario) -> tuple[set[frozenset], set[frozenset]]:
    """All minimal unsatisfiable sets and all minimal correction sets, by subset enumeration."""
    ids = [r.id for r in scenario.red_lines]
    every = set(ids)
    subsets = [frozenset(c) for size in range(len(ids) + 1) for c in itertools.combinations(ids, size)]
    sat = {s: satisfiable(scenario, set(s)) for s in subsets}
    conflicts = {s for s in subsets if not sat[s] and all(sat[s - {r}] for r in s)}
    corrections = {s for s in subsets if sat[frozenset(every - s)]}
    minimal = {s for s in corrections if not any(t < s for t in corrections)}
    return conflicts, minimal


# ---------------------------------------------------------------------------------------
# Every question of the property tests, answered from one table of all deals


def changed(plan: Deal, deal: Deal) -> int:
    """How many of the plan's answers the deal changes (the issues it leaves open never count)."""
    return sum(1 for issue, option in plan.items() if deal[issue] != option)


class Table:
    """Every deal of a scenario, computed once, with whether the background constraints allow
    it and which red lines it breaks. Each question below is answered by scanning the table
    or by enumerating subsets of red lines, straight from the definitions; small scenarios
    only (a few hundred deals, a handful of red lines)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.ids = [r.id for r in scenario.red_lines]
        self.owner = {r.id: r.owner for r in scenario.red_lines}
        self.rows: list[tuple[Deal, bool, frozenset[str]]] = []
        """(deal, allowed by the background constraints, the red lines it breaks)"""
        for deal in scenario.all_deals():
            allowed = not any(rule.holds(deal) for rule in scenario.background)
            broken = frozenset(r.id for r in scenario.red_lines if r.violated(deal))
            self.rows.append((deal, allowed, broken))
        self.worlds = [(deal, broken) for deal, allowed, broken in self.rows if allowed]
        """The deals the background allows, with the red lines each breaks."""
        self._patterns = {broken for _, broken in self.worlds}
        self._row = {freeze(deal): n for n, (deal, _, _) in enumerate(self.rows)}

    def enforced(
        self,
        parties: Iterable[str] | None = None,
        concede: Iterable[str] = (),
        as_of: str | None = None,
        evidence: str | None = None,
    ) -> frozenset[str]:
        """The red lines that bind: those of the chosen parties, less every withdrawn one
        (conceded, or dropped by its party as of `as_of`, or now), and, with `evidence`,
        less those not that well supported."""
        return frozenset(r.id for r in self.scenario.enforced(parties, concede, as_of, evidence))

    def feasible(self, enforced: Iterable[str]) -> set[FrozenDeal]:
        binding = frozenset(enforced)
        return {freeze(deal) for deal, broken in self.worlds if not broken & binding}

    def satisfiable(self, red_lines: Iterable[str]) -> bool:
        binding = frozenset(red_lines)
        return any(not broken & binding for broken in self._patterns)

    def _subsets(self, red_lines: Iterable[str]) -> list[frozenset[str]]:
        items = sorted(red_lines)
        return [frozenset(c) for size in range(len(items) + 1) for c in itertools.combinations(items, size)]

    def conflicts(self, enforced: Iterable[str]) -> set[frozenset[str]]:
        """Every minimal unsatisfiable subset of the enforced red lines. When the background
        alone admits no deal, that is the empty set."""
        subsets = self._subsets(enforced)
        sat = {s: self.satisfiable(s) for s in subsets}
        return {s for s in subsets if not sat[s] and all(sat[s - {r}] for r in s)}

    def concessions(self, enforced: Iterable[str]) -> set[frozenset[str]]:
        """Every minimal set of enforced red lines whose withdrawal leaves a feasible deal
        (the empty set when a deal is feasible already; none when the background rules out
        every deal)."""
        every = frozenset(enforced)
        opening = [s for s in self._subsets(every) if self.satisfiable(every - s)]
        return {s for s in opening if not any(t < s for t in opening)}

    def completions(self, plan: Deal) -> list[tuple[Deal, frozenset[str]]]:
        """The deals the background allows that keep every answer of the plan."""
        return [(deal, broken) for deal, broken in self.worlds if all(deal[i] == o for i, o in plan.items())]

    def check(self, plan: Deal, enforced: Iterable[str]) -> dict:
        """What a check of the plan must say: the enforced red lines every completion breaks,
        those only some completions break, and whether some completion breaks none."""
        binding = frozenset(enforced)
        filled = self.completions(plan)
        always = {r for r in binding if filled and all(r in broken for _, broken in filled)}
        sometimes = {r for r in binding if any(r in broken for _, broken in filled)} - always
        return {
            "completions": len(filled),
            "always": always,
            "sometimes": sometimes,
            "completable": any(not broken & binding for _, broken in filled),
        }

    def nearest_changes(self, plan: Deal, enforced: Iterable[str]) -> int | None:
        """The fewest of the plan's answers a feasible deal must change (None: no deal is feasible)."""
        binding = frozenset(enforced)
        distances = [changed(plan, deal) for deal, broken in self.worlds if not broken & binding]
        return min(distances) if distances else None

    def breach_cost(self, deal: Deal, enforced: Iterable[str]) -> int:
        """What the enforced red lines a deal breaks cost to withdraw."""
        return self._cost(self.broken(deal) & frozenset(enforced))

    def _cost(self, red_lines: Iterable[str]) -> int:
        return sum(self.scenario.cost(r) for r in red_lines)

    def closest(self, plan: Deal, enforced: Iterable[str]) -> tuple[int, int] | None:
        """The least cost of the enforced red lines a deal must break (0 when one is feasible),
        and the fewest of the plan's answers a deal breaking only that much must change."""
        if not self.worlds:
            return None
        binding = frozenset(enforced)
        costs = [(self._cost(broken & binding), changed(plan, deal)) for deal, broken in self.worlds]
        return min(costs)

    def broken(self, deal: Deal) -> frozenset[str]:
        """The red lines (enforced or not) this deal breaks."""
        return self.rows[self._row[freeze(deal)]][2]

    def allowed(self, deal: Deal) -> bool:
        """The background constraints allow the deal."""
        return self.rows[self._row[freeze(deal)]][1]

    # -----------------------------------------------------------------------------------
    # Through time

    def least_cost(self, enforced: Iterable[str]) -> int | None:
        """The least cost of a concession set: 0 when a deal is feasible already, None when
        the background alone admits no deal."""
        sets = self.concessions(enforced)
        return min((self._cost(s) for s in sets), default=None)

    def moment(self, date: str, holding: Iterable[str], red_lines: list[RedLine]) -> Moment:
        """The positions on one date, given the red lines that hold on it."""
        held = frozenset(holding)
        blocked = not self.worlds
        cost = None if blocked else self.least_cost(held)
        return Moment(
            date=date,
            stated={r.id for r in red_lines if date and r.stated == date},
            withdrawn={r.id for r in red_lines if date and r.withdrawn == date},
            holding=held,
            feasible=not blocked and self.satisfiable(held),
            conflicts=set() if blocked else self.conflicts(held),
            cost=cost or None,
        )

    def timeline(
        self,
        parties: Iterable[str] | None = None,
        concede: Iterable[str] = (),
        as_of: str | None = None,
        evidence: str | None = None,
    ) -> Timeline:
        """What `zopa timeline` must say: the red lines that hold at some date (the chosen
        parties', well enough supported, not conceded); every date one of them was stated or
        withdrawn (up to `as_of`), in calendar order, with the positions on that date; and
        the positions before the first date (the undated red lines alone)."""
        pool = self.scenario.over_time(parties, concede, evidence)
        days = {d for r in pool for d in (r.stated, r.withdrawn) if d is not None}
        if as_of is not None:
            days = {d for d in days if day(d) <= day(as_of)}
        moments = [self.moment(d, {r.id for r in pool if r.in_force(d)}, pool) for d in sorted(days, key=day)]
        undated = [r.id for r in pool if r.stated is None]
        red = {r.id: r for r in pool}
        return Timeline(
            pool=[r.id for r in pool],
            undated=undated,
            before=self.moment("", undated, pool),
            dates=moments,
            conflicts=set() if not self.worlds else {c for c in self.conflicts(red) if together([red[r] for r in c])},
        )


def together(red_lines: list[RedLine]) -> bool:
    """These red lines all hold on some date: on the last day one of them was stated (or,
    all undated, from the start), none of them is withdrawn yet."""
    stated = [day(r.stated) for r in red_lines if r.stated is not None]
    if not stated:
        return True
    return all(r.in_force(max(stated).isoformat()) for r in red_lines)


@dataclass
class Moment:
    """The positions on one date (date "": before any dated statement)."""

    date: str
    stated: set[str]
    withdrawn: set[str]
    holding: frozenset[str]
    """The red lines in force on that date."""
    feasible: bool
    conflicts: set[frozenset[str]]
    """The minimal conflicts among the red lines in force (none when the background alone
    admits no deal)."""
    cost: int | None
    """The least cost of a concession set: None when feasible, or when the background alone
    admits no deal."""


@dataclass
class Timeline:
    pool: list[str]
    """The red lines that hold on some date, in scenario order."""
    undated: list[str]
    before: Moment
    dates: list[Moment]
    conflicts: set[frozenset[str]]
    """Every conflict among the pool's red lines that holds on some date (its red lines'
    times overlap), whether or not that date is shown (--as-of)."""


# ---------------------------------------------------------------------------------------
# Interests: satisfaction, the Pareto frontier of satisfaction profiles, the fair rules

FAIR_RULES = ("nash", "leximin", "welfare")
"""The fair rules of `deals --pareto --fair`."""

Profile = tuple[int, ...]
"""Each enforced party's satisfaction with a deal, in the order of the parties asked about."""


def satisfaction(scenario: Scenario, deal: Deal, parties: Iterable[str]) -> dict[str, int]:
    """Each party's satisfaction with a deal: the summed weights of its wants/4 facts the
    deal meets (0 without soft demands). A fact written twice is one fact, as in ASP; the
    same want with two weights is two facts, and both count."""
    found = dict.fromkeys(parties, 0)
    for party, issue, option, weight in set(scenario.wants):
        if party in found and deal[issue] == option:
            found[party] += weight
    return found


def dominates(first: Profile, second: Profile) -> bool:
    """Every party at least as satisfied, and one more."""
    return first != second and all(a >= b for a, b in zip(first, second, strict=True))


def deal_order(scenario: Scenario, deal: Deal) -> tuple[int, ...]:
    """A deal's place in issue and option order: the index of its option on each issue,
    issues as declared, the first issue weighing most."""
    return tuple(options.index(deal[issue]) for issue, options in scenario.issues.items())


class Interests:
    """What `deals --pareto` must say for one set of enforced red lines and enforced
    parties, by scanning every feasible deal. Shares and scores are exact fractions."""

    def __init__(self, table: Table, enforced: Iterable[str], parties: Iterable[str]):
        self.scenario = table.scenario
        self.parties = list(parties)
        binding = frozenset(enforced)
        feasible = [deal for deal, broken in table.worlds if not broken & binding]
        self.deals = sorted(feasible, key=lambda d: deal_order(self.scenario, d))
        """The feasible deals in issue and option order."""
        self.first: dict[Profile, Deal] = {}
        """Each profile of a feasible deal -> the first feasible deal with it."""
        for deal in self.deals:
            self.first.setdefault(self.profile(deal), deal)
        self.profiles = set(self.first)
        self.frontier = {p for p in self.profiles if not any(dominates(q, p) for q in self.profiles)}
        """The Pareto-optimal profiles: those no feasible deal's profile dominates."""
        self.best: Profile = tuple(max((p[n] for p in self.profiles), default=0) for n in range(len(self.parties)))
        """Each party's best satisfaction among the feasible deals (0s when none is feasible)."""

    def profile(self, deal: Deal) -> Profile:
        found = satisfaction(self.scenario, deal, self.parties)
        return tuple(found[p] for p in self.parties)

    def named(self, profile: Profile) -> dict[str, int]:
        return dict(zip(self.parties, profile, strict=True))

    def counted(self) -> list[int]:
        """The positions of the parties the fair rules count: best satisfaction positive."""
        return [n for n, b in enumerate(self.best) if b > 0]

    def shares(self, profile: Profile) -> list[Fraction]:
        return [Fraction(profile[n], self.best[n]) for n in self.counted()]

    def score(self, rule: str, profile: Profile) -> tuple[Fraction, ...]:
        """How good a profile is by a fair rule; higher is better, compared as tuples."""
        if rule == "nash":
            return (Fraction(math.prod(profile[n] for n in self.counted())),)
        if rule == "leximin":
            return tuple(sorted(self.shares(profile)))
        if rule == "welfare":
            return (sum(self.shares(profile), Fraction(0)),)
        raise ValueError(rule)

    def top(self, rule: str) -> tuple[Fraction, ...] | None:
        """The best score any feasible deal reaches by the rule (None: no feasible deal)."""
        return max((self.score(rule, p) for p in self.profiles), default=None)

    def fair(self, rule: str) -> Profile | None:
        """The rule's choice: among the Pareto-optimal deals, a best one by the rule, ties to
        the first deal in issue and option order (None: no feasible deal). Only nash can tie
        a dominated deal with the best (a product of 0), which the frontier leaves out."""
        chosen = None
        for deal in self.deals:
            profile = self.profile(deal)
            if profile in self.frontier and (chosen is None or self.score(rule, profile) > self.score(rule, chosen)):
                chosen = profile
        return chosen


# ---------------------------------------------------------------------------------------
# Options per issue: forced, open, impossible, and what rules an impossible one out


@dataclass
class IssueAnswer:
    """What `zopa options` must say about one issue."""

    forced: str | None
    open: list[str]
    """In catalogue order."""
    impossible: list[str]
    """In catalogue order."""
    deals: dict[str, int]
    """How many feasible deals take each open option (uncapped)."""


def issue_options(table: Table, enforced: Iterable[str]) -> dict[str, IssueAnswer]:
    """Each issue's options under these enforced red lines, issues in catalogue order;
    empty when no deal is feasible."""
    binding = frozenset(enforced)
    feasible = [deal for deal, broken in table.worlds if not broken & binding]
    if not feasible:
        return {}
    answers = {}
    for issue, options in table.scenario.issues.items():
        deals = {o: n for o in options if (n := sum(1 for d in feasible if d[issue] == o))}
        open_ = [o for o in options if o in deals]
        answers[issue] = IssueAnswer(
            forced=open_[0] if len(open_) == 1 else None,
            open=open_,
            impossible=[o for o in options if o not in deals],
            deals=deals,
        )
    return answers


def blocks(table: Table, issue: str, option: str, red_lines: Iterable[str]) -> bool:
    """No deal the background allows answers `issue` with `option` and keeps every one of
    these red lines."""
    binding = frozenset(red_lines)
    return not any(deal[issue] == option and not broken & binding for deal, broken in table.worlds)


def smallest_block(table: Table, enforced: Iterable[str], issue: str, option: str) -> int | None:
    """The fewest enforced red lines under which no deal takes the option: 0 when the
    background alone rules it out; None when even all of them leave a deal taking it."""
    for subset in table._subsets(enforced):  # smallest first
        if blocks(table, issue, option, subset):
            return len(subset)
    return None


# ---------------------------------------------------------------------------------------
# Coalitions: which groups of parties agree, the minimal blocking groups, the blame


@dataclass
class Coalitions:
    """What `zopa coalitions` must say for one set of enforced red lines and enforced parties."""

    parties: list[str]
    """The enforced parties, in the order asked about."""
    agrees: dict[frozenset[str], bool]
    """Every group of the parties, the empty group included -> whether it agrees: some deal
    the background allows keeps every enforced red line of its members."""
    maximal_agreeing: set[frozenset[str]]
    """The agreeing groups no larger agreeing group contains (none when not even the empty
    group agrees: the background alone admits no deal)."""
    minimal_blocking: set[frozenset[str]]
    """The groups that do not agree while every smaller group inside them does (the empty
    group alone when the background admits no deal)."""
    veto: frozenset[str]
    """The parties in every minimal blocking group (none when no group blocks)."""
    conflicts: set[frozenset[str]]
    """Every minimal conflict among the enforced red lines (none when the background alone
    admits no deal: then no red line is to blame)."""
    red_line_blame: dict[str, Fraction]
    """Every enforced red line -> the sum of 1/k over the conflicts of k red lines it is in."""
    party_blame: dict[str, Fraction]
    """Every enforced party -> the sum of its red lines' blame."""
    owned: dict[str, frozenset[str]]
    """Every enforced party -> its enforced red lines."""

    def red_lines(self, group: Iterable[str]) -> frozenset[str]:
        """The enforced red lines of a group's members."""
        return frozenset(r for p in group for r in self.owned[p])

    def groups(self, smallest: int = 0) -> list[frozenset[str]]:
        """Every group of at least `smallest` parties, smallest first."""
        return [g for g in self.agrees if len(g) >= smallest]


def coalitions(table: Table, enforced: Iterable[str], parties: Iterable[str]) -> Coalitions:
    """Brute force over every group of the parties and every subset of the enforced red lines."""
    chosen = list(parties)
    binding = frozenset(enforced)
    owned = {p: frozenset(r for r in binding if table.owner[r] == p) for p in chosen}
    every = [frozenset(c) for size in range(len(chosen) + 1) for c in itertools.combinations(chosen, size)]
    agrees = {g: table.satisfiable(r for p in g for r in owned[p]) for g in every}
    maximal = {g for g in every if agrees[g] and not any(agrees[h] for h in every if g < h)}
    minimal = {g for g in every if not agrees[g] and all(agrees[g - {p}] for p in g)}
    veto = frozenset.intersection(*minimal) if minimal else frozenset()
    conflicts = table.conflicts(binding) if table.worlds else set()
    red_line_blame = dict.fromkeys(sorted(binding), Fraction(0))
    for conflict in conflicts:
        for r in conflict:
            red_line_blame[r] += Fraction(1, len(conflict))
    party_blame = {p: sum((red_line_blame[r] for r in owned[p]), Fraction(0)) for p in chosen}
    return Coalitions(
        parties=chosen,
        agrees=agrees,
        maximal_agreeing=maximal,
        minimal_blocking=minimal,
        veto=veto,
        conflicts=conflicts,
        red_line_blame=red_line_blame,
        party_blame=party_blame,
        owned=owned,
    )
