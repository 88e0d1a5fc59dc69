"""Parsing a scenario's files: clingo's AST, read once, tells where every fact and rule is
written (for located errors), which predicates are defined and used, and what each red
line's own violated/1 rules say. Statements that would silently change the answers are
refused here, before they reach clingo.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import clingo
from clingo import ast

from zopa.catalogue import ViolationRule
from zopa.errors import ZopaError, closest, raise_all
from zopa.loading.files import check_text, shown_path
from zopa.loading.messages import Messages, ignore

Signature = tuple[str, int]

RESERVED_PREFIX = "zopa_"
# Statements a scenario may not hold, each of which would silently change the answers:
# optimisation would outrank the engine's, a program part other than base would never be
# grounded, externals and projection would change what a deal is, scripts would run code.
REFUSED = {
    "Minimize": "an optimisation statement (:~ or #minimize) would change which answers count as cheapest",
    "External": "#external would let the solver choose what the scenario should state",
    "ProjectAtom": "#project would change what counts as a different deal",
    "ProjectSignature": "#project would change what counts as a different deal",
    "Script": "scripts are not run: a scenario is data and rules",
    "Heuristic": "#heuristic would change which deals are shown first",
    "Edge": "#edge is not part of the vocabulary",
    "TheoryDefinition": "theory atoms are not part of the vocabulary",
}


def place_of(node: ast.AST) -> str:
    """FILE:LINE:COL where a statement or term begins."""
    return place_at(node.location.begin)


def place_at(position: ast.Position) -> str:
    return f"{shown_path(position.filename)}:{position.line}:{position.column}"


def _signature(term: ast.AST) -> Signature | None:
    if term.ast_type == ast.ASTType.Function:
        return (term.name, len(term.arguments))
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        return (term.symbol.name, len(term.symbol.arguments))
    return None


def plain_fact(text: str) -> clingo.Symbol | None:
    """The atom of a statement written as a plain fact (`option(a, x).`), read from its text
    in one call into clingo instead of a walk through its AST; None for anything else
    (rules, intervals, pools, negation, violated/1), which takes the AST walk."""
    if ":-" in text or not text.endswith("."):
        return None
    try:
        symbol = clingo.parse_term(text[:-1], logger=ignore)
    except RuntimeError:
        return None
    if symbol.type != clingo.SymbolType.Function or symbol.negative or not symbol.name:
        return None
    if symbol.name == "violated" and len(symbol.arguments) == 1:
        return None
    return symbol


# Atoms whose constant arguments name an issue, option, party or red line: a typo there
# would make a rule silently dead, so zopa.loading.validation checks them against the catalogue.
NAMING = {("deal", 2), ("issue", 1), ("option", 2), ("party", 1), ("red_line", 2)}


@dataclass
class Reference:
    """An atom of NAMING written in a rule: its arguments (None where not a constant)."""

    name: str
    arguments: list[str | None]
    place: str
    variables: list[str | None] = field(default_factory=list)
    """Per argument, the variable's name where it is a variable."""


class _Atoms(ast.Transformer):
    """Collects the signatures of the atoms in an AST, and the atoms that name ids."""

    def __init__(self) -> None:
        self.found: list[Signature] = []
        self.naming: list[tuple[str, list[str | None], list[str | None], ast.Position]] = []

    def visit_SymbolicAtom(self, node: ast.AST) -> ast.AST:
        sig = _signature(node.symbol)
        if sig:
            self.found.append(sig)
            if sig in NAMING and node.symbol.ast_type == ast.ASTType.Function:
                arguments = [_constant(a) for a in node.symbol.arguments]
                variables = [variable_name(a) for a in node.symbol.arguments]
                self.naming.append((sig[0], arguments, variables, node.symbol.location.begin))
        return node


def _constant(term: ast.AST) -> str | None:
    return str(term.symbol) if term.ast_type == ast.ASTType.SymbolicTerm else None


def variable_name(term: ast.AST) -> str | None:
    """The name of a term that is a variable (`Closed`), else None."""
    return str(term.name) if term.ast_type == ast.ASTType.Variable else None


def _atoms(*nodes: ast.AST) -> _Atoms:
    collector = _Atoms()
    for node in nodes:
        collector.visit(node)
    return collector


@dataclass
class Parsed:
    """What the parse tells beyond the program: where facts and predicates are written."""

    engine_files: set[str]
    fact_place: dict[clingo.Symbol, tuple[int, str]] = field(default_factory=dict)
    heads: dict[Signature, str] = field(default_factory=dict)
    rule_heads: dict[Signature, str] = field(default_factory=dict)
    """Where a predicate first heads a rule that is not a plain fact."""
    bodies: set[Signature] = field(default_factory=set)
    engine_heads: set[Signature] = field(default_factory=set)
    declared: set[Signature] = field(default_factory=set)
    violation_rules: dict[str, list[ViolationRule]] = field(default_factory=dict)
    """Per red line, the scenario's violated/1 rules that name it."""
    general_rules: list[ViolationRule] = field(default_factory=list)
    """violated/1 rules whose head is not one red line: they may apply to any."""
    refused: list[ZopaError] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    """Atoms in the bodies of the scenario's rules that name an issue, option, party or red line."""
    repeated: list[tuple[str, str, str]] = field(default_factory=list)
    """Facts written more than once: (fact, place, first place)."""
    _index: dict[tuple[str, str], list[tuple[list[str], str]]] | None = field(default=None, repr=False)

    def add(self, stmt: ast.AST) -> None:
        # Called for every statement of every file: attribute reads cross into clingo, so
        # each is read once, and plain facts (most of any scenario) leave early.
        loc = stmt.location.begin
        filename = loc.filename
        engine = filename in self.engine_files
        place = f"{shown_path(filename)}:{loc.line}:{loc.column}"  # filename read once (hot path)
        stmt_type = stmt.ast_type
        if stmt_type != ast.ASTType.Rule:
            self._add_directive(stmt, stmt_type, engine, place)
            return
        if not engine:
            fact = plain_fact(str(stmt))
            if fact is not None:
                self.heads.setdefault((fact.name, len(fact.arguments)), place)
                self._fact_at(fact, place)
                return
        body, head = stmt.body, stmt.head
        atom = head.atom if head.ast_type == ast.ASTType.Literal else None
        symbol = atom.symbol if atom is not None and atom.ast_type == ast.ASTType.SymbolicAtom else None
        sig = _signature(symbol) if symbol is not None else None
        in_body = _atoms(*body)
        reserved = sorted({f"{n}/{a}" for n, a in in_body.found if n.startswith(RESERVED_PREFIX)})
        if reserved and not engine:
            # The engine's atoms are its switches and helpers: a rule reading them would
            # answer differently per question, or break when the engine changes.
            self.refused.append(
                ZopaError(
                    f"a rule reads {', '.join(reserved)}: "
                    f"names starting with {RESERVED_PREFIX} are reserved for the engine",
                    place,
                    code="reserved_name",
                )
            )
            return
        self.bodies.update(in_body.found)
        heads = _atoms(head).found
        if engine:
            self.engine_heads.update(heads)
            return
        self.references += [
            Reference(name, args, place_at(at), variables) for name, args, variables, at in in_body.naming
        ]
        for found in heads:
            self.heads.setdefault(found, place)
            if body or atom is None:
                self.rule_heads.setdefault(found, place)
        if ("violated", 1) in heads:
            rule = ViolationRule(place=place, text=" ".join(str(stmt).split()))
            red_line = symbol.arguments[0] if symbol is not None and sig == ("violated", 1) else None
            if red_line is not None and red_line.ast_type == ast.ASTType.SymbolicTerm:
                self.violation_rules.setdefault(str(red_line.symbol), []).append(rule)
            else:
                self.general_rules.append(rule)
        if not body and symbol is not None and head.sign == ast.Sign.NoSign:
            # Not one ground atom (an interval, say): no single fact to place.
            with contextlib.suppress(RuntimeError):
                self._fact_at(clingo.parse_term(str(symbol), logger=ignore), place)

    def _fact_at(self, fact: clingo.Symbol, place: str) -> None:
        first = self.fact_place.get(fact)
        if first is None:
            self.fact_place[fact] = (len(self.fact_place), place)
        else:
            self.repeated.append((str(fact), place, first[1]))

    def _add_directive(self, stmt: ast.AST, stmt_type: ast.ASTType, engine: bool, place: str) -> None:
        if stmt_type == ast.ASTType.Defined:
            self.declared.add((stmt.name, stmt.arity))
        if engine:
            return
        kind = stmt_type.name
        if kind in REFUSED:
            self.refused.append(
                ZopaError(f"not allowed in a scenario: {REFUSED[kind]}", place, code="refused_statement")
            )
        if stmt_type == ast.ASTType.Program and stmt.name != "base":
            self.refused.append(
                ZopaError(
                    f"#program {stmt.name}: only the base part of a scenario is read", place, code="refused_statement"
                )
            )

    def place(self, fact: clingo.Symbol) -> str | None:
        found = self.fact_place.get(fact)
        return found[1] if found else None

    def place_of(self, name: str, arguments: list[str], last: bool = False) -> str | None:
        """Where a fact of `name` whose first arguments are these is written (the first such
        fact, or with `last` the last)."""
        if self._index is None:
            self._index = {}
            for symbol, (_, place) in sorted(self.fact_place.items(), key=lambda item: item[1][0]):
                if symbol.type == clingo.SymbolType.Function and symbol.arguments:
                    key = (symbol.name, str(symbol.arguments[0]))
                    self._index.setdefault(key, []).append(([str(a) for a in symbol.arguments], place))
        hits = [
            place for args, place in self._index.get((name, arguments[0]), []) if args[: len(arguments)] == arguments
        ]
        return (hits[-1] if last else hits[0]) if hits else None

    def order(self, fact: clingo.Symbol) -> tuple[int, str]:
        """Facts in the order they were written; derived ones after, by name."""
        found = self.fact_place.get(fact)
        return (found[0], "") if found else (len(self.fact_place), str(fact))

    def problems(self) -> list[ZopaError]:
        """Refused statements, reserved names and predicates nothing defines or uses."""
        known = self.declared | self.engine_heads | self.bodies
        names = sorted(f"{n}/{a}" for n, a in self.declared | self.engine_heads if not n.startswith(RESERVED_PREFIX))
        problems = list(self.refused)
        for (name, arity), place in self.heads.items():
            if name.startswith(RESERVED_PREFIX):
                problems.append(
                    ZopaError(
                        f"predicate {name}/{arity}: names starting with {RESERVED_PREFIX} are reserved for the engine",
                        place,
                        code="reserved_name",
                    )
                )
            elif (name, arity) not in known:
                hint = closest(f"{name}/{arity}", names, "predicates")
                problems.append(
                    ZopaError(
                        f"unknown predicate {name}/{arity}: not in the input vocabulary and used by no rule ({hint})",
                        place,
                        code="unknown_predicate",
                    )
                )
        return problems


def parse(control: clingo.Control, files: list[Path], engine_files: set[str], messages: Messages) -> Parsed:
    """Parse the files, one by one and in order, into the control's program. Every problem
    that stops grounding is raised together, from every file: text clingo cannot read,
    syntax errors, refused statements, reserved and unknown predicates."""
    parsed = Parsed(engine_files)
    unreadable: list[ZopaError] = []
    readable = []
    for path in files:
        try:
            if str(path) not in engine_files:
                check_text(path)
            readable.append(path)
        except ZopaError as problem:  # the other files are still read, for their problems
            unreadable.append(problem)
    failed = False
    with ast.ProgramBuilder(control) as builder:

        def add(stmt: ast.AST) -> None:
            refused = len(parsed.refused)
            parsed.add(stmt)
            if len(parsed.refused) == refused:  # a refused statement never reaches clingo
                builder.add(stmt)

        for path in readable:  # one by one: given a list, clingo reads it last file first
            try:
                ast.parse_files([str(path)], add, logger=messages, message_limit=1000)
            except RuntimeError:
                failed = True  # its messages say why; the next file is read all the same
    syntax = [_with_period_hint(error, readable) for error in messages.errors]
    if failed and not syntax:
        syntax = [ZopaError("the files could not be parsed")]
    messages.errors = []
    raise_all(unreadable + syntax + parsed.problems())
    return parsed


def _with_period_hint(error: ZopaError, files: list[Path]) -> ZopaError:
    """clingo reports a missing '.' where the next statement begins: at the start of a later
    line. Name the line that lacks it, when the last line written before does."""
    # Only when clingo expected nothing in particular: "expecting ) or ;" names what is missing.
    unexpected = error.message.startswith("syntax error, unexpected") and "expecting" not in error.message
    if not unexpected or error.location is None:
        return error
    where, line, column = error.location.rsplit(":", 2)
    path = next((p for p in files if shown_path(p) == where), None)
    if path is None or column != "1":
        return error
    lines = path.read_text(encoding="utf-8").split("\n")[: int(line) - 1]
    for number in range(len(lines), 0, -1):
        written = lines[number - 1].split("%", 1)[0].rstrip()
        if written.strip():
            if written.endswith("."):
                return error
            return ZopaError(
                f"missing '.' at the end of this line? (clingo: {error.message} at line {line})",
                f"{where}:{number}:{len(written) + 1}",
                code=error.code,
            )
    return error
