"""One grounded program whose red lines are switched per solve call, never grounded again.

Each red line R has two external atoms (rules/enforcement.lp, rules/concession.lp):
zopa_enforce(R) makes it bind, zopa_soft(R) lets a concession query break it at its cost.
Dates are no exception: the red lines that hold on a date are just the ones switched on.
The solver frees them all and switches them per call by assumptions (see `assumptions`
for which need pinning), so --party, --concede, conflicts, concession sets and what-if
sweeps are all just other assumptions.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

import clingo

from zopa.solving.deadline import Timeout, deadline_after, remaining
from zopa.solving.watchdog import WATCHDOG

Terms = tuple[tuple[int, int], ...]
"""A weighted sum over the grounding: (literal, weight) pairs, sorted."""


@dataclass
class Enumeration:
    models: list[list[tuple[str, str]]]
    """The (issue, option) pairs of each deal found, in the solver's order."""
    complete: bool
    """False when the limit or the timeout stopped the search before it was exhausted."""
    timed_out: bool = False
    """The timeout, not the limit, stopped it."""


@dataclass
class Count:
    deals: int
    """Deals found, at most the cap."""
    complete: bool
    """False when the cap or the timeout stopped the count: at least that many."""
    timed_out: bool = False


@dataclass
class Outcome:
    satisfiable: bool
    deal: list[tuple[str, str]] = field(default_factory=list)
    """The (issue, option) pairs of the (last; for an optimisation, optimal) model's deal."""
    violated: set[str] = field(default_factory=set)
    """The red lines that deal breaks."""


def settings(control: clingo.Control) -> clingo.Configuration:
    """clingo's `solve` settings (models, opt_mode, project), set per call. (clingo's types
    cannot tell a group of settings from a single value: this says which it is.)"""
    group = control.configuration.solve
    assert isinstance(group, clingo.Configuration)
    return group


@contextmanager
def switched_on(control: clingo.Control, *switches: int | clingo.Symbol) -> Iterator[None]:
    """External atoms true in the scope, false again after: switches that keep a search's
    own additions to the grounding (rules, heuristics) out of every other search."""
    for switch in switches:
        control.assign_external(switch, True)
    try:
        yield
    finally:
        for switch in switches:
            control.assign_external(switch, False)


@contextmanager
def domain_search(control: clingo.Control, *switches: int, enum_mode: str | None = None) -> Iterator[None]:
    """In the scope, solve calls follow clingo's domain heuristic, with the #heuristic
    modifications behind these switches on (`switched_on`) and, when given, this enum mode
    (`record`: each model is ruled out by a recorded clause rather than by backtracking;
    `domRec`: so is every one within it on the heuristic's atoms). Restores the settings
    after."""
    search = control.configuration.solver
    assert isinstance(search, clingo.Configuration)
    heuristic, mode = search.heuristic, settings(control).enum_mode
    search.heuristic = "Domain"
    if enum_mode is not None:
        settings(control).enum_mode = enum_mode
    try:
        with switched_on(control, *switches):
            yield
    finally:
        search.heuristic = heuristic
        if enum_mode is not None:
            settings(control).enum_mode = mode


def solve(
    control: clingo.Control,
    assumptions: list[int],
    on_model: Callable[[clingo.Model], None],
    deadline: float | None,
    core: list[int] | None = None,
) -> clingo.SolveResult:
    """One solve call within the deadline, in this thread (zopa.solving.watchdog stops it at
    the deadline or Ctrl-C). When the answer is unsatisfiable, `core` (if given) receives
    clingo's unsatisfiable core."""
    searching = models(control, assumptions, deadline, core)
    while True:
        try:
            on_model(next(searching))
        except StopIteration as done:
            result: clingo.SolveResult = done.value
            return result


def models(
    control: clingo.Control, assumptions: list[int], deadline: float | None, core: list[int] | None = None
) -> Generator[clingo.Model, None, clingo.SolveResult]:
    """The models of one solve call, each as the reader asks for it (the search waits in
    between, and the deadline still stops it); raises Timeout when the deadline did."""
    remaining(deadline)
    with WATCHDOG.watching(control, deadline), control.solve(assumptions=assumptions, yield_=True) as handle:
        yield from handle
        result: clingo.SolveResult = handle.get()
        if core is not None and result.unsatisfiable:
            core += handle.core()
    if result.interrupted:
        raise Timeout
    return result


def _literal(control: clingo.Control, atom: clingo.Symbol) -> int | None:
    """The solver literal of a ground atom; None when the grounding holds no such atom."""
    found = control.symbolic_atoms[atom]
    return found.literal if found is not None else None


class Solver:
    def __init__(self, control: clingo.Control, red_lines: list[clingo.Symbol]):
        self._control = control
        # Dates decide which red lines hold, withdrawn ones included, through zopa_enforce
        # (zopa.scenario.Scenario.enforcement): the positions-as-of-now switch stays off.
        control.assign_external(clingo.Function("zopa_now"), False)
        self._switch_atoms = {str(r): clingo.Function("zopa_enforce", [r]) for r in red_lines}
        self._enforce = {r: self._free(atom) for r, atom in self._switch_atoms.items()}
        self._soft = {str(r): self._free(clingo.Function("zopa_soft", [r])) for r in red_lines}
        self._rank = {r: n for n, r in enumerate(self._enforce)}
        atoms = control.symbolic_atoms
        violated = {str(r): _literal(control, clingo.Function("violated", [r])) for r in red_lines}
        self._violated = {r: literal for r, literal in violated.items() if literal is not None}
        # Reading a model through this table costs a dictionary look-up per atom, where
        # asking each symbol for its name and arguments costs several calls into clingo.
        self._pairs = {
            a.symbol: (str(a.symbol.arguments[0]), str(a.symbol.arguments[1])) for a in atoms.by_signature("deal", 2)
        }
        self._symbols = {pair: symbol for symbol, pair in self._pairs.items()}
        self._deal_literals = {self._pairs[a.symbol]: a.literal for a in atoms.by_signature("deal", 2)}
        self._queries = 0
        self._nearest_grounded = False
        self._first_grounded = False
        self._keeping: tuple[int, dict[str, int]] | None = None
        self._keeping_in_order = 0
        self._thresholds: dict[tuple[Terms, int], int] = {}

    def _free(self, atom: clingo.Symbol) -> int:
        """Free an external switch (rules/ declares one per red line) and give its literal."""
        self._control.assign_external(atom, None)
        literal = _literal(self._control, atom)
        assert literal is not None, f"rules/ declares the external {atom}"
        return literal

    def assumptions(self, enforced: Iterable[str], soft: Iterable[str] = (), pin: bool = True) -> list[int]:
        """One literal per switch. Unpinned, only the switches turned on are assumed: a free
        zopa_enforce(R) changes no satisfiability answer (the solver may leave R off) and a
        free zopa_soft(R) no optimum (turning it on only adds cost), so a yes/no or optimal
        answer needs just those few, and each solve call is the cheaper for it. Counting
        models needs every switch pinned."""
        if not pin:
            # In the red lines' declared order, whatever order (or set) they come in: the
            # same question then gives the solver the same assumptions on every run, and the
            # same answer among equally good ones (Python's set order changes with its hash seed).
            rank = self._rank
            return [self._enforce[r] for r in sorted(enforced, key=rank.__getitem__)] + [
                self._soft[r] for r in sorted(soft, key=rank.__getitem__)
            ]
        on, breakable = set(enforced), set(soft)
        return [lit if r in on else -lit for r, lit in self._enforce.items()] + [
            lit if r in breakable else -lit for r, lit in self._soft.items()
        ]

    def can_be_violated(self, red_line: str) -> bool:
        return red_line in self._violated

    def _solve(
        self,
        assumptions: list[int],
        optimise: bool,
        deadline: float | None,
        watch: Iterable[str],
        with_deal: bool,
    ) -> Outcome:
        """Solve once; report which `watch`ed red lines the (optimal) model breaks, and its deal."""
        config = settings(self._control)
        config.opt_mode = "opt" if optimise else "ignore"
        config.models = 0 if optimise else 1
        watched = [(r, self._violated[r]) for r in watch if r in self._violated]
        last: list[Outcome] = []

        with closing(models(self._control, assumptions, deadline)) as searching:
            for model in searching:
                broken = {r for r, literal in watched if model.is_true(literal)}
                deal = self.deal_of(model) if with_deal else []
                last.append(Outcome(satisfiable=True, deal=deal, violated=broken))
                if optimise and not model.cost:
                    # Nothing to optimise in this call (no soft red line can be broken, no
                    # plan is set): the first model is optimal. Going on would enumerate
                    # every model, 4^n of them with n red lines whose switches are free.
                    break
        return last[-1] if last else Outcome(satisfiable=False)

    def deal_of(self, model: clingo.Model) -> list[tuple[str, str]]:
        """The answers of a model of this solver's program, as (issue, option) pairs."""
        pair_of = self._pairs.get  # one hash of each symbol, not two: models can be many
        return [pair for s in model.symbols(shown=True) if (pair := pair_of(s)) is not None]

    def find(
        self,
        enforced: Iterable[str],
        deadline: float | None = None,
        with_deal: bool = False,
        extra: Iterable[int] = (),
    ) -> Outcome:
        """Whether a deal breaks none of the enforced red lines (and one such deal); `extra`
        are further assumption literals, such as a plan's fixed answers."""
        return self._solve(self.assumptions(enforced, pin=False) + list(extra), False, deadline, (), with_deal)

    def core(self, enforced: Iterable[str], deadline: float | None = None) -> set[str] | None:
        """None when the enforced red lines admit a deal; else those among them that already
        admit none together (clingo's unsatisfiable core, not necessarily minimal)."""
        enforced = list(enforced)
        config = settings(self._control)
        config.opt_mode = "ignore"
        config.models = 1
        core: list[int] = []
        result = solve(self._control, self.assumptions(enforced, pin=False), lambda _: None, deadline, core)
        if result.satisfiable:
            return None
        in_core = set(core)
        return {r for r in enforced if self._enforce[r] in in_core} or set(enforced)

    def cheapest(
        self,
        hard: Iterable[str],
        soft: Iterable[str],
        deadline: float | None = None,
        guards: Iterable[int] = (),
        with_deal: bool = False,
    ) -> Outcome:
        """A deal breaking none of `hard` and the cheapest set of `soft` red lines (and, when a
        plan is set by `planned`, changing as few of its answers as possible)."""
        soft = list(soft)
        return self._solve(self.assumptions(hard, soft, pin=False) + list(guards), True, deadline, soft, with_deal)

    def correction_sets(
        self, red_lines: Sequence[str], deadline: float | None, apart: Iterable[frozenset[str]] = ()
    ) -> Generator[set[str], None, None]:
        """Every minimal correction set of these red lines (what a deal must break of them at
        the least: the rest of a largest-by-inclusion set of them that admits a deal), from
        one search, as the reader asks for them. No set of `apart` is kept whole. Raises
        Timeout at the deadline; no other question may be asked meanwhile.

        One search instead of a question per set: a keep atom per red line, tried true
        first by clingo's domain heuristic, makes each model keep a largest set, and
        clingo's solution recording (enum mode domRec) rules out every set of kept red lines
        within one found. The atoms are made once per solver; outside this search their
        switch is off and holds them false."""
        switch, keep, watched, outside = self._keeping_within(red_lines)
        inside = {r for r, _ in watched}
        settings(self._control).models = 0
        with domain_search(self._control, switch, enum_mode="domRec"), self.blocking() as never_together:
            for group in apart:
                if group <= inside:
                    never_together.forbid(keep[r] for r in sorted(group, key=self._rank.__getitem__))
            assumptions = [never_together.guard, *outside]
            for model in models(self._control, assumptions, deadline):
                # Read by keep atom, not as broken: a set of `apart` may leave one unkept.
                yield {r for r, literal in watched if not model.is_true(literal)}

    def correction_keeping(
        self, kept: Iterable[str], red_lines: Sequence[str], deadline: float | None, guards: Iterable[int] = ()
    ) -> set[str] | None:
        """A minimal correction set of `red_lines` that leaves all of `kept` unbroken (None: no
        deal keeps them, under the `guards` assumptions): of the deals keeping them, one that
        keeps the red lines earliest by name first, so that what it breaks comes as late in
        that order as it can.

        One search without optimisation: the keep atoms of `correction_sets`, decided in the
        order of their red lines' names, true first. Each is true unless the choices before
        it rule that out, so the first model keeps a largest set by inclusion, and breaks
        exactly the red lines whose keep atom is false (an unbroken one left unkept would
        have been kept). A search for the smallest conflicts, which tries candidate sets in
        that order (zopa.analyses.conflicts), rules out the most candidates still to come
        with a correction set of late red lines: fewer questions than with the cheapest one."""
        switch, _, watched, outside = self._keeping_within(red_lines)
        in_order = self._keep_in_order()
        settings(self._control).models = 1
        assumptions = [self._enforce[r] for r in sorted(set(kept), key=self._rank.__getitem__)]
        assumptions += [*outside, *guards]
        with (
            domain_search(self._control, switch, in_order),
            closing(models(self._control, assumptions, deadline)) as found,
        ):
            for model in found:
                return {r for r, literal in watched if not model.is_true(literal)}
        return None

    def _keeping_within(self, red_lines: Sequence[str]) -> tuple[int, dict[str, int], list[tuple[str, int]], list[int]]:
        """For a search on the keep atoms of these red lines, without optimisation: their
        switch, every keep atom, those of these red lines (the others no deal breaks), and
        assumptions holding every other keep atom false."""
        switch, keep = self._keep_atoms()
        watched = [(r, keep[r]) for r in red_lines if r in keep]
        inside = {r for r, _ in watched}
        settings(self._control).opt_mode = "ignore"
        return switch, keep, watched, [-literal for r, literal in keep.items() if r not in inside]

    def _keep_in_order(self) -> int:
        """The switch of the heuristic that decides the keep atoms in the order of their red
        lines' names (made on the first call): a higher priority than their own level."""
        if not self._keeping_in_order:
            _, keep = self._keep_atoms()
            with self._control.backend() as backend:
                switch = backend.add_atom()
                backend.add_external(switch, clingo.TruthValue.False_)
                ranked = sorted(keep)
                for rank, red_line in enumerate(ranked):
                    level = len(ranked) - rank + 1  # above the level 1 every keep atom has
                    backend.add_heuristic(keep[red_line], clingo.backend.HeuristicType.Level, level, 2, [switch])
            self._keeping_in_order = switch
        return self._keeping_in_order

    def _keep_atoms(self) -> tuple[int, dict[str, int]]:
        """The switch and, per red line a deal can break, an atom that a deal may make true
        only when it keeps the red line and the switch is on (made on the first call). One
        more such atom, bound by nothing, leaves the domain heuristic an atom to decide
        when every red line's is fixed (each always broken, say): with none, clingo ignores
        domRec and lists every model, 4^n of them with n free switches."""
        if self._keeping is None:
            with self._control.backend() as backend:
                switch = backend.add_atom()
                backend.add_external(switch, clingo.TruthValue.False_)
                keep: dict[str, int] = {}
                for red_line, violated in self._violated.items():
                    keep[red_line] = backend.add_atom()
                    backend.add_rule([], [keep[red_line], violated])
                for atom in [*keep.values(), backend.add_atom()]:
                    backend.add_rule([atom], [switch], choice=True)
                    backend.add_heuristic(atom, clingo.backend.HeuristicType.True_, 1, 1, [])
            self._keeping = (switch, keep)
        return self._keeping

    @property
    def control(self) -> clingo.Control:
        """The one grounded program, for searches of their own that add rules and heuristics
        to it (the Pareto frontier's): they must leave it as they found it, their additions
        switched off."""
        return self._control

    def deal_literal(self, issue: str, option: str) -> int | None:
        """The literal of deal(issue, option); None when the grounding holds no such atom
        (no deal can give that answer)."""
        return self._deal_literals.get((issue, option))

    def fixed(self, pairs: Iterable[tuple[str, str]]) -> list[int] | None:
        """Assumption literals fixing these answers; None when no deal can give one of them."""
        literals = [self._deal_literals.get(pair) for pair in pairs]
        return None if None in literals else [literal for literal in literals if literal is not None]

    def violated_literal(self, red_line: str) -> int | None:
        return self._violated.get(red_line)

    @contextmanager
    def planned(self, pairs: Iterable[tuple[str, str]]) -> Iterator[None]:
        """Within the scope, optimisation also keeps as many of these answers as it can.

        The first call grounds rules/nearest.lp (part zopa_nearest) on top of the program."""
        if not self._nearest_grounded:
            self._control.ground([("zopa_nearest", [])])
            self._nearest_grounded = True
        atoms = [
            clingo.Function("zopa_planned", self._symbols[pair].arguments) for pair in pairs if pair in self._symbols
        ]
        for atom in atoms:
            self._control.assign_external(atom, True)
        try:
            yield
        finally:
            for atom in atoms:
                self._control.assign_external(atom, False)

    def first(
        self,
        enforced: Iterable[str],
        order: Sequence[tuple[str, Sequence[str]]],
        deadline: float | None = None,
        extra: Iterable[int] = (),
    ) -> Outcome:
        """The first deal in issue and option order (`order`: the catalogue's issues, each
        with its options) that breaks none of the enforced red lines, under the `extra`
        assumptions. The first call grounds rules/first.lp (part zopa_first) with the ranks."""
        if not self._first_grounded:
            ranks = "".join(
                f"zopa_rank({issue_symbol},{option_symbol},{n},{k})."
                for n, (issue, options) in enumerate(order, start=1)
                for k, option in enumerate(options)
                if (issue, option) in self._symbols
                for issue_symbol, option_symbol in [self._symbols[(issue, option)].arguments]
            )
            self._control.add("zopa_first", [], ranks)
            self._control.ground([("zopa_first", [])])
            self._first_grounded = True
        wanted = clingo.Function("zopa_first_wanted")
        self._control.assign_external(wanted, True)
        try:
            return self._solve(self.assumptions(enforced, pin=False) + list(extra), True, deadline, (), True)
        finally:
            self._control.assign_external(wanted, False)

    def consequences(
        self, enforced: Iterable[str], deadline: float | None = None
    ) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """The answers some deal gives (brave consequences) and those every deal gives
        (cautious), under the enforced red lines: clingo's own enumeration modes, each one
        solve call that converges on the answer, instead of one question per option."""
        found: dict[str, set[tuple[str, str]]] = {"brave": set(), "cautious": set()}
        config = settings(self._control)
        config.opt_mode = "ignore"
        config.models = 0
        for mode, answers in found.items():
            config.enum_mode = mode

            def last(model: clingo.Model, answers: set[tuple[str, str]] = answers) -> None:
                answers.clear()  # each model narrows (cautious) or widens (brave) the one before
                answers.update(self.deal_of(model))

            try:
                solve(self._control, self.assumptions(enforced), last, deadline)
            finally:
                config.enum_mode = "auto"
        return found["brave"], found["cautious"]

    def at_least(self, weighted: Iterable[tuple[tuple[str, str], int]], bound: int) -> int:
        """The literal of an atom that holds exactly when the weights of the answers the deal
        gives add up to at least `bound`; answers no deal can give count for nothing."""
        terms = tuple(
            sorted(
                (literal, weight) for pair, weight in weighted if (literal := self._deal_literals.get(pair)) is not None
            )
        )
        return self.thresholds([(terms, [bound])])[0][0]

    def thresholds(
        self, sums: Sequence[tuple[Terms, Sequence[int]]], backend: clingo.Backend | None = None
    ) -> list[list[int]]:
        """For each sum (its terms, its bounds), per bound the atom "the weights of the true
        literals among the terms add up to at least that bound" (a party's satisfaction
        reaching a level). Made once per sum and bound, as weight rules: those missing in
        `backend` when given (a caller's own session, which costs about as much as a short
        search), else in one session of their own."""
        missing = [
            (terms, bound) for terms, bounds in sums for bound in bounds if (terms, bound) not in self._thresholds
        ]
        if missing and backend is None:
            with self._control.backend() as session:
                self._add_thresholds(session, missing)
        elif missing:
            assert backend is not None
            self._add_thresholds(backend, missing)
        return [[self._thresholds[(terms, bound)] for bound in bounds] for terms, bounds in sums]

    def _add_thresholds(self, backend: clingo.Backend, missing: list[tuple[Terms, int]]) -> None:
        for terms, bound in missing:
            atom = backend.add_atom()
            backend.add_weight_rule([atom], bound, list(terms))
            self._thresholds[(terms, bound)] = atom

    def enumerate(
        self,
        enforced: Iterable[str],
        limit: int = 0,
        timeout: float | None = None,
        extra: Iterable[int] = (),
        pin: bool = True,
    ) -> Enumeration:
        """Deals under the given red lines: at most `limit` (0: all), within `timeout` seconds;
        `extra` are further assumption literals (answers fixed in advance). Deals are
        projected onto deal/2, so leaving the other switches free (`pin=False`, as inside
        `enforcing`) lists the same deals: a free switch can only turn a red line off or
        make one breakable, which no deal that keeps the enforced red lines needs."""
        found: list[list[tuple[str, str]]] = []
        try:
            for model in self._projected(
                self.assumptions(enforced, pin=pin) + list(extra), limit, deadline_after(timeout)
            ):
                found.append(self.deal_of(model))
            finished = True
        except Timeout:
            finished = False  # the deals found so far stand
        complete = finished and not (limit and len(found) > limit)
        return Enumeration(found[:limit] if limit else found, complete, timed_out=not finished)

    def stream(
        self, enforced: Iterable[str], deadline: float | None, extra: Iterable[int] = ()
    ) -> Iterator[list[tuple[str, str]]]:
        """Every deal under the given red lines, one at a time as the reader asks for it
        (no other question may be asked meanwhile); raises Timeout at the deadline."""
        for model in self._projected(self.assumptions(enforced) + list(extra), 0, deadline):
            yield self.deal_of(model)

    def count(
        self,
        enforced: Iterable[str],
        cap: int,
        timeout: float | None = None,
        pin: bool = True,
        extra: Iterable[int] = (),
    ) -> Count:
        """How many deals, up to `cap` (0: no cap), without reading them: reading a deal
        costs Python a look-up per issue, which a sweep that only counts need not pay."""
        found = 0
        try:
            for _ in self._projected(self.assumptions(enforced, pin=pin) + list(extra), cap, deadline_after(timeout)):
                found += 1
            finished = True
        except Timeout:
            finished = False
        if not cap:
            return Count(deals=found, complete=finished, timed_out=not finished)
        return Count(deals=min(found, cap), complete=finished and found <= cap, timed_out=not finished)

    def _projected(self, assumptions: list[int], limit: int, deadline: float | None) -> Iterator[clingo.Model]:
        """The models of one search for deals, up to `limit` + 1 (which tells "more exist";
        0: all), by the deadline; raises Timeout when it cut the search."""
        config = settings(self._control)
        config.opt_mode = "ignore"
        config.models = limit + 1 if limit else 0
        # Deals are told apart by their answers alone (the shown deal/2 atoms): helper atoms
        # that a scenario's rules choose freely must not list one deal twice.
        config.project = "show"
        try:
            yield from models(self._control, assumptions, deadline)
        finally:
            config.project = "no"

    @contextmanager
    def enforcing(self, red_lines: Iterable[str]) -> Iterator[Switches]:
        """A scope in which these red lines bind through their switches, set once, instead
        of through one assumption each in every call: a sweep of many questions that each
        withdraw a few of them (`Switches.withdrawn`) then costs per question what it
        changes, not the number of red lines. Questions inside the scope name no enforced
        red lines themselves (`find([])`, `count([], cap, pin=False)`)."""
        atoms = {r: self._switch_atoms[r] for r in red_lines}
        for atom in atoms.values():
            self._control.assign_external(atom, True)
        try:
            yield Switches(self._control, atoms)
        finally:
            for atom in atoms.values():
                self._control.assign_external(atom, None)

    @contextmanager
    def blocking(self) -> Iterator[Blocker]:
        """A scope in which sets of red lines can be forbidden from all being broken at once.

        The constraints hang on a fresh guard atom, assumed true only inside the scope and
        released (false for good) when it ends, so later calls never see them.
        """
        self._queries += 1
        with self._control.backend() as backend:
            guard = backend.add_atom(clingo.Function("zopa_query", [clingo.Number(self._queries)]))
            backend.add_external(guard, clingo.TruthValue.Free)
        try:
            yield Blocker(self._control, guard, self._violated)
        finally:
            self._control.release_external(guard)


class Switches:
    """The red lines a `Solver.enforcing` scope switched on."""

    def __init__(self, control: clingo.Control, atoms: dict[str, clingo.Symbol]):
        self._control = control
        self._atoms = atoms

    @contextmanager
    def withdrawn(self, red_lines: Iterable[str]) -> Iterator[None]:
        """Within the scope these red lines (among the switched-on ones) no longer bind."""
        atoms = [self._atoms[r] for r in red_lines]
        for atom in atoms:
            self._control.assign_external(atom, False)
        try:
            yield
        finally:
            for atom in atoms:
                self._control.assign_external(atom, True)


class Blocker:
    def __init__(self, control: clingo.Control, guard: int, violated: dict[str, int]):
        self._control = control
        self.guard = guard
        self._violated = violated

    def forbid(self, literals: Iterable[int]) -> None:
        """No later model in this scope makes all of these literals true."""
        with self._control.backend() as backend:
            backend.add_rule([], [self.guard, *literals])

    def block(self, red_lines: Iterable[str]) -> None:
        """No later deal in this scope may break all of these red lines together."""
        literals = [self._violated.get(r) for r in red_lines]
        if None in literals:
            return  # one of them can never be broken: nothing to forbid
        with self._control.backend() as backend:
            backend.add_rule([], [self.guard, *literals])
