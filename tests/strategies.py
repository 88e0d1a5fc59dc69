"""Hypothesis strategies: random negotiation scenarios in zopa's input vocabulary, as
`oracle.Scenario` objects, so the same scenario goes to zopa (as ASP) and to the
brute-force oracle (as Python).

A scenario has 1-5 issues of 1-6 options (at most MAX_DEALS deals in all), 1-4 parties
(up to six with `max_parties`) and up to MAX_RED_LINES red lines of every kind: `forbids`,
`requires` (several options on one issue mean any of them; several issues mean each),
general `violated/1` rules (a conjunction of `deal/2` literals with negation, "two issues
answered alike" through a variable, a `#count` aggregate), one rule with a variable head
for every red line of a party, a helper predicate defined by two rules, background
integrity constraints, soft demands (`wants/4`, which must change nothing), `concede/1`
facts, `cost/2` and labels.

With `interests=True` (opt-in, drawn last like `dated`) every party gets up to three more
soft demands, possibly several on one issue, for the satisfaction properties;
`interest_scenarios()` also keeps issues to at most three options (`max_options`).
`coalition_scenarios()` spreads the red lines over two to six parties.

Every condition is written twice, as ASP text for zopa and as a Python predicate for the
oracle, from one small description (the Condition classes), so the two cannot drift apart.
Names are short (issues a-e, options x, y, z, u, v, w, parties p, q, s, t, then g, h,
red lines r0-r7, more in coalition scenarios) and shrink towards fewer and
simpler parts: a failing property prints its scenario as the ASP text zopa was given
(oracle.Scenario's repr).

With `dated=True` (opt-in: the default draws exactly what it drew before) red lines also
carry `stated/2`, `withdrawn/2` (strictly after `stated`) and `evidence/2`, their dates
drawn from the small pool DATES so that several red lines share a date; PROBES are the
dates to ask about: each pool date, the days either side of it, and dates long before and
long after.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from oracle import GRADES, Deal, RedLine, Rule, Scenario, Table, to_asp

ISSUES = ["a", "b", "c", "d", "e"]
OPTIONS = ["x", "y", "z", "u", "v", "w"]
PARTIES = ["p", "q", "s", "t"]
MORE_PARTIES = [*PARTIES, "g", "h"]
"""Up to six parties, for coalitions (`max_parties`); the first four as in PARTIES."""
MAX_DEALS = 256
MAX_RED_LINES = 8
LABELS = ['Keep "x"', "Ünité", "back\\slash", "two words"]
DATES = ["2024-12-31", "2025-01-01", "2025-03-01", "2025-06-15"]
"""The pool of stated/withdrawn dates: across a year's end, and across February's end."""


def _shift(date: str, days: int) -> str:
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


PROBES = sorted({"2000-01-01", "2099-12-31"} | {_shift(d, n) for d in DATES for n in (-1, 0, 1)})
"""Dates to ask about: before every pool date, on each, the day either side, after them all."""


# ---------------------------------------------------------------------------------------
# Conditions over a deal: ASP body and Python predicate from one description


@dataclass(frozen=True)
class Literal:
    positive: bool
    issue: str
    option: str

    @property
    def asp(self) -> str:
        atom = f"deal({self.issue}, {self.option})"
        return atom if self.positive else f"not {atom}"

    def holds(self, deal: Deal) -> bool:
        return (deal[self.issue] == self.option) == self.positive


@dataclass(frozen=True)
class Conjunction:
    literals: tuple[Literal, ...]

    @property
    def asp(self) -> str:
        return ", ".join(literal.asp for literal in self.literals)

    def holds(self, deal: Deal) -> bool:
        return all(literal.holds(deal) for literal in self.literals)


@dataclass(frozen=True)
class Alike:
    """Two issues answered with the same option name: a variable shared between literals."""

    first: str
    second: str

    @property
    def asp(self) -> str:
        return f"deal({self.first}, O), deal({self.second}, O)"

    def holds(self, deal: Deal) -> bool:
        return deal[self.first] == deal[self.second]


@dataclass(frozen=True)
class AtLeast:
    """At least `count` issues answered with `option`: an aggregate over deal/2."""

    option: str
    count: int

    @property
    def asp(self) -> str:
        return f"#count {{ I : deal(I, {self.option}) }} >= {self.count}"

    def holds(self, deal: Deal) -> bool:
        return sum(1 for o in deal.values() if o == self.option) >= self.count


Condition = Conjunction | Alike | AtLeast


def violation_rule(red_line: str, condition: Condition) -> Rule:
    return Rule(f"violated({red_line}) :- {condition.asp}.", condition.holds)


def constraint(condition: Condition) -> Rule:
    return Rule(f":- {condition.asp}.", condition.holds)


# ---------------------------------------------------------------------------------------
# Strategies


@st.composite
def catalogues(
    draw, max_issues: int = len(ISSUES), max_options: int = len(OPTIONS), min_options: int = 1
) -> dict[str, list[str]]:
    """1-5 issues of 1-6 options (`min_options` to `max_options`), at most MAX_DEALS deals in all."""
    issues: dict[str, list[str]] = {}
    room = MAX_DEALS
    for name in ISSUES[: draw(st.integers(1, max_issues))]:
        count = draw(st.integers(min(min_options, room), min(max_options, room)))
        room //= count
        issues[name] = OPTIONS[:count]
    return issues


def literals(issues: dict[str, list[str]]) -> st.SearchStrategy[Literal]:
    return st.sampled_from(list(issues)).flatmap(
        lambda issue: st.builds(
            Literal, st.booleans().map(lambda negated: not negated), st.just(issue), st.sampled_from(issues[issue])
        )
    )


def conjunctions(issues: dict[str, list[str]], max_size: int = 3) -> st.SearchStrategy[Conjunction]:
    return st.lists(literals(issues), min_size=1, max_size=max_size).map(lambda ls: Conjunction(tuple(ls)))


def conditions(issues: dict[str, list[str]]) -> st.SearchStrategy[Condition]:
    """Mostly conjunctions; now and then a shared variable or an aggregate."""
    names = list(issues)
    options = sorted({o for opts in issues.values() for o in opts}, key=OPTIONS.index)
    other = [st.builds(AtLeast, st.sampled_from(options), st.integers(1, max(1, len(names))))]
    if len(names) > 1:
        other.append(
            st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True).map(lambda pair: Alike(*pair))
        )
    return st.one_of(conjunctions(issues), *other)


@st.composite
def red_lines(draw, issues: dict[str, list[str]], parties: list[str], number: int, general: float) -> RedLine:
    """One red line: any mix of forbids, requires and violated/1 rules (or none of them:
    a red line nothing can break). `general` weighs how often a part is a general rule."""
    red_line = RedLine(id=f"r{number}", owner=draw(st.sampled_from(parties)))
    kinds = ["forbids", "requires", "rule"] if general < 0.5 else ["rule", "forbids", "requires"]
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=0 if general < 0.5 else 1, max_size=3)):
        issue = draw(st.sampled_from(list(issues)))
        if kind == "forbids":
            red_line.forbids.add((issue, draw(st.sampled_from(issues[issue]))))
        elif kind == "requires":
            chosen = draw(
                st.lists(st.sampled_from(issues[issue]), min_size=1, max_size=len(issues[issue]), unique=True)
            )
            red_line.requires.setdefault(issue, set()).update(chosen)
        else:
            red_line.rules.append(violation_rule(red_line.id, draw(conditions(issues))))
    return red_line


def chance(draw, probability: float) -> bool:
    """True with about this probability; shrinks to False (the simpler scenario)."""
    return draw(st.integers(0, 99)) >= round(100 * (1 - probability))


@st.composite
def scenarios(
    draw,
    min_red_lines: int = 0,
    max_red_lines: int = MAX_RED_LINES,
    general: float = 0.3,
    min_parties: int = 1,
    max_issues: int = len(ISSUES),
    dated: bool = False,
    max_options: int = len(OPTIONS),
    interests: bool = False,
    min_options: int = 1,
    max_parties: int = len(PARTIES),
) -> Scenario:
    """A random scenario, small enough for the oracle's brute force. `general` weighs how
    often general violated/1 rules appear; `dated` adds stated/2, withdrawn/2 and
    evidence/2 facts (drawn last, so the rest is drawn as without them); `interests` adds
    more soft demands after that (see `soft_demands`); `max_parties` up to six (MORE_PARTIES)."""
    issues = draw(catalogues(max_issues, max_options, min_options))
    parties = MORE_PARTIES[: draw(st.integers(min_parties, max_parties))]
    count = draw(st.integers(min_red_lines, max_red_lines))
    lines = [draw(red_lines(issues, parties, n, general)) for n in range(count)]
    scenario = Scenario(issues=issues, parties=parties, red_lines=lines)
    # one rule for every red line of a party: a variable in the head
    if lines and chance(draw, general):
        party = draw(st.sampled_from(parties))
        condition = draw(conjunctions(issues, max_size=2))
        scenario.rules.append(f"violated(R) :- red_line(R, {party}), {condition.asp}.")
        for red_line in lines:
            if red_line.owner == party:
                red_line.rules.append(Rule("", condition.holds))
    # a helper predicate, defined by two rules (either makes it hold), read by one red line
    if lines and chance(draw, general):
        first, second = draw(conjunctions(issues, max_size=2)), draw(conjunctions(issues, max_size=2))
        red_line = draw(st.sampled_from(lines))
        rest = draw(literals(issues))
        scenario.rules += [f"hot :- {first.asp}.", f"hot :- {second.asp}."]
        red_line.rules.append(
            Rule(
                f"violated({red_line.id}) :- hot, {rest.asp}.",
                lambda d, a=first, b=second, c=rest: (a.holds(d) or b.holds(d)) and c.holds(d),
            )
        )
    scenario.background = [constraint(c) for c in draw(st.lists(conjunctions(issues, max_size=2), max_size=2))]
    scenario.concede = {r.id for r in lines if chance(draw, 0.1)}
    scenario.costs = {r.id: draw(st.integers(2, 4)) for r in lines if chance(draw, 0.25)}
    for red_line in lines:
        if chance(draw, 0.1):
            red_line.label = draw(st.sampled_from(LABELS))
    wants = {}
    for _ in range(draw(st.integers(0, 3))):
        party, issue = draw(st.sampled_from(parties)), draw(st.sampled_from(list(issues)))
        wants[(party, issue, draw(st.sampled_from(issues[issue])))] = draw(st.integers(1, 9))
    scenario.wants = [(*key, weight) for key, weight in wants.items()]
    if chance(draw, 0.1):
        scenario.labels = {"a": "Issue A", "(a,x)": "A is x", parties[0]: draw(st.sampled_from(LABELS))}
    if dated:
        for red_line in lines:
            draw(dates_and_grades(red_line))
    if interests:
        scenario.wants += draw(soft_demands(issues, parties))
    return scenario


@st.composite
def soft_demands(draw, issues: dict[str, list[str]], parties: list[str]) -> list[tuple[str, str, str, int]]:
    """One to three wants/4 facts per party (none now and then), mostly on the first issues,
    any of them on one issue (rival options, the same option twice with two weights, or the
    very same fact twice); weights mostly 1-3 so that profiles tie and the fair rules'
    tie-breaks matter, now and then up to 9; as often two parties want rival options on
    one issue."""
    weights = st.one_of(st.integers(1, 3), st.integers(1, 9))
    names = list(issues)
    contested = st.sampled_from(names[:1]) | st.sampled_from(names[:2]) | st.sampled_from(names)  # rivals meet early
    wants = []
    for party in parties:
        if chance(draw, 0.15):  # a party that wants nothing
            continue
        for _ in range(draw(st.integers(1, 3))):
            issue = draw(contested)
            wants.append((party, issue, draw(st.sampled_from(issues[issue])), draw(weights)))
    split = [name for name in names if len(issues[name]) > 1]
    if len(parties) > 1 and split and chance(draw, 0.5):  # two parties want rival options on one issue
        issue = draw(st.sampled_from(split))
        first, second = draw(st.lists(st.sampled_from(parties), min_size=2, max_size=2, unique=True))
        mine, theirs = draw(st.lists(st.sampled_from(issues[issue]), min_size=2, max_size=2, unique=True))
        wants += [(first, issue, mine, draw(weights)), (second, issue, theirs, draw(weights))]
    return wants


def interest_scenarios(**options) -> st.SearchStrategy[Scenario]:
    """For satisfaction, the Pareto frontier and options: at most five issues of at most
    three options, soft demands for every party (opt-in: `interests=True`); as often few
    red lines among two to four parties on issues of two or three options, where many
    deals stay feasible and the parties' wants pull apart."""
    shared = {"max_options": 3, **options, "interests": True}
    roomy = {"max_red_lines": 3, "min_parties": 2, "general": 0.1, "min_options": 2}
    return st.one_of(scenarios(**shared), scenarios(**{**roomy, **shared}))


@st.composite
def dates_and_grades(draw, red_line: RedLine) -> RedLine:
    """Give a red line (in place) at most one stated/2 date, at most one withdrawn/2 date
    strictly after it, and at most one evidence/2 grade. Both dates are common: positions
    harden (a red line stated later) as often as they soften (one withdrawn)."""
    if chance(draw, 0.7):
        red_line.stated = draw(st.sampled_from(DATES))
    later = [d for d in DATES if red_line.stated is None or d > red_line.stated]
    if later and chance(draw, 0.45):
        red_line.withdrawn = draw(st.sampled_from(later))
    if chance(draw, 0.6):
        red_line.evidence = draw(st.sampled_from(GRADES))
    return red_line


def dated_scenarios(**options) -> st.SearchStrategy[Scenario]:
    """Scenarios whose red lines carry dates and grades, at least one red line each."""
    return scenarios(**{"min_red_lines": 1, **options, "dated": True})


@st.composite
def chained_scenarios(draw) -> Scenario:
    """For options ruled out only by several red lines together: two to four issues of two
    or three options, and two to six red lines, each a forbids/2 or an implication "when
    I is O, J must be P" (a violated/1 rule with a negative literal), so that red lines
    chain through the issues; soft demands as in `interest_scenarios`."""
    issues = {name: OPTIONS[: draw(st.integers(2, 3))] for name in ISSUES[: draw(st.integers(2, 4))]}
    parties = PARTIES[: draw(st.integers(1, 3))]
    names = list(issues)
    lines = []
    for n in range(draw(st.integers(2, 6))):
        red_line = RedLine(id=f"r{n}", owner=draw(st.sampled_from(parties)))
        issue, other = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        if chance(draw, 0.6):
            when = Literal(True, issue, draw(st.sampled_from(issues[issue])))
            then = Literal(False, other, draw(st.sampled_from(issues[other])))
            red_line.rules.append(violation_rule(red_line.id, Conjunction((when, then))))
        else:
            red_line.forbids.add((issue, draw(st.sampled_from(issues[issue]))))
        lines.append(red_line)
    scenario = Scenario(issues=issues, parties=parties, red_lines=lines)
    scenario.wants = draw(soft_demands(issues, parties))
    return scenario


def coalition_scenarios(**options) -> st.SearchStrategy[Scenario]:
    """For coalitions: two to six parties (MORE_PARTIES), the red lines' owners drawn among
    them; the usual mix (background constraints included); as often crowded scenarios,
    four to ten red lines on one or two issues of at most four options, where conflicts
    between several parties pile up and overlap; and as often `split_scenarios`, where
    groups of three parties and more block. `min_parties` and `dated` reach all three."""
    shared = {"min_parties": 2, "max_parties": len(MORE_PARTIES), **options}
    crowded = {"min_red_lines": 4, "max_red_lines": 10, "max_issues": 2, "max_options": 4}
    split = split_scenarios(min_parties=shared["min_parties"], dated=shared.get("dated", False))
    return st.one_of(scenarios(**shared), scenarios(**{**crowded, **shared}), split)


@st.composite
def split_scenarios(draw, min_parties: int = 2, dated: bool = False) -> Scenario:
    """Each party rules out a few options, and only several together rule out a whole
    issue: one or two issues of three or four options, two to six parties (at least
    `min_parties`), each with one or two red lines that rule out one option (a forbids/2,
    or as often a requires/2 of all the others) or, now and then, tie two issues ("when I
    is O, J must not be P"); now and then a background constraint rules an option out.
    Each red line rules out an option no earlier one has while one is left, so groups of
    three and four parties leave no option on an issue where no smaller group does. `dated` as in `scenarios`."""
    issues = {name: OPTIONS[: draw(st.integers(3, 4))] for name in ISSUES[: draw(st.integers(1, 2))]}
    names = list(issues)
    parties = MORE_PARTIES[: draw(st.integers(max(2, min_parties), len(MORE_PARTIES)))]
    lines: list[RedLine] = []
    ruled_out: dict[str, set[str]] = {name: set() for name in names}
    for party in parties:
        for _ in range(draw(st.integers(1, 2))):
            red_line = RedLine(id=f"r{len(lines)}", owner=party)
            issue = draw(st.sampled_from(names))
            left = [o for o in issues[issue] if o not in ruled_out[issue]]
            option = draw(st.sampled_from(left or issues[issue]))  # an option no one has ruled out, while one is left
            ruled_out[issue].add(option)
            if len(names) > 1 and chance(draw, 0.2):
                other = next(n for n in names if n != issue)
                then = Literal(True, other, draw(st.sampled_from(issues[other])))
                red_line.rules.append(violation_rule(red_line.id, Conjunction((Literal(True, issue, option), then))))
            elif chance(draw, 0.5):
                red_line.requires[issue] = {o for o in issues[issue] if o != option}
            else:
                red_line.forbids.add((issue, option))
            lines.append(red_line)
    scenario = Scenario(issues=issues, parties=parties, red_lines=lines)
    if chance(draw, 0.3):
        issue = draw(st.sampled_from(names))
        scenario.background = [constraint(Conjunction((Literal(True, issue, draw(st.sampled_from(issues[issue]))),)))]
    if dated:
        for red_line in lines:
            draw(dates_and_grades(red_line))
    return scenario


def blocked_scenarios() -> st.SearchStrategy[Scenario]:
    """For conflicts and concession sets: the usual mix, and as often crowded scenarios,
    many red lines on one or two issues, where conflicts of several sizes overlap."""
    return st.one_of(scenarios(min_red_lines=1), scenarios(min_red_lines=4, max_issues=2))


@dataclass
class Question:
    """A scenario and the command-line choices put to it: --party and --concede."""

    scenario: Scenario
    parties: list[str] | None = None
    """None: every party (no --party)."""
    concede: list[str] = field(default_factory=list)
    as_of: str | None = None
    """--as-of (None: the positions as they stand now)."""
    evidence: str | None = None
    """--evidence (None: every red line, however supported)."""

    def __repr__(self) -> str:
        flags = [f"--party {p}" for p in self.parties or []] + [f"--concede {r}" for r in self.concede]
        flags += [f"--as-of {self.as_of}"] if self.as_of else []
        flags += [f"--evidence {self.evidence}"] if self.evidence else []
        return f"Question({' '.join(flags) or 'no flags'} on <<<\n{to_asp(self.scenario)}>>>)"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def enforced(self, table: Table) -> frozenset[str]:
        return table.enforced(self.parties, self.concede, self.as_of, self.evidence)


@st.composite
def questions(draw, scenario_strategy: st.SearchStrategy[Scenario] | None = None) -> Question:
    scenario = draw(scenario_strategy if scenario_strategy is not None else scenarios())
    parties = draw(st.none() | st.lists(st.sampled_from(scenario.parties), min_size=1, unique=True))
    ids = [r.id for r in scenario.red_lines]
    concede = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)) if ids else []
    return Question(scenario, parties, concede)


@st.composite
def dated_questions(draw, scenario_strategy: st.SearchStrategy[Scenario] | None = None) -> Question:
    """A dated scenario, --party and --concede as in `questions`, and now and then --as-of
    (one of PROBES, or as often a day on which one of the scenario's red lines is stated or
    withdrawn: the boundaries) and --evidence."""
    question = draw(questions(scenario_strategy if scenario_strategy is not None else dated_scenarios()))
    days = sorted({d for r in question.scenario.red_lines for d in (r.stated, r.withdrawn) if d is not None})
    question.as_of = draw(st.none() | st.sampled_from(PROBES) | (st.sampled_from(days) if days else st.nothing()))
    question.evidence = draw(st.none() | st.sampled_from(GRADES))
    return question


@st.composite
def plans(draw, issues: dict[str, list[str]], full: bool = False) -> Deal:
    """A plan: some (or, `full`, all) of the issues, each with one of its options."""
    names = list(issues)
    chosen = names if full else draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
    return {issue: draw(st.sampled_from(issues[issue])) for issue in names if issue in chosen}


# ---------------------------------------------------------------------------------------
# Scenarios one red line or one party apart


def without_red_line(scenario: Scenario, red_line: str) -> Scenario:
    """The scenario with one red line taken out, and every fact that names it (and the
    helper predicate, when no rule reads it any more)."""
    rest = [r for r in scenario.red_lines if r.id != red_line]
    helper_read = any(rule.asp.startswith(f"violated({r.id}) :- hot,") for r in rest for rule in r.rules)
    return replace(
        scenario,
        red_lines=rest,
        rules=[rule for rule in scenario.rules if helper_read or not rule.startswith("hot :-")],
        concede={r for r in scenario.concede if r != red_line},
        costs={r: w for r, w in scenario.costs.items() if r != red_line},
    )


def without_party(scenario: Scenario, party: str) -> Scenario:
    """The scenario with one party taken out, with its red lines and soft demands."""
    smaller = scenario
    for red_line in [r.id for r in scenario.red_lines if r.owner == party]:
        smaller = without_red_line(smaller, red_line)
    return replace(
        smaller,
        parties=[p for p in scenario.parties if p != party],
        wants=[w for w in scenario.wants if w[0] != party],
        rules=[rule for rule in smaller.rules if not rule.startswith(f"violated(R) :- red_line(R, {party}),")],
        labels={term: text for term, text in scenario.labels.items() if term != party},
    )


def without_wants(scenario: Scenario) -> Scenario:
    return replace(scenario, wants=[])


def mix(table: Table, enforced: frozenset[str]) -> str:
    """Which kind of case a scenario is, for hypothesis.event: the mix of the runs."""
    if not table.worlds:
        return "mix: background infeasible"
    found = len(table.feasible(enforced))
    if not found:
        return "mix: infeasible"
    if found <= max(2, len(table.rows) // 10):
        return "mix: barely feasible"
    return "mix: open"
