"""Load a scenario: parse the engine and the scenario's files once, report bad input with
its location, ground once, and read the catalogue of parties, issues and red lines.

Input files are only read. Every problem becomes a ZopaError naming file, line and column.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import clingo
from clingo import ast

from zopa.errors import ZopaError, closest
from zopa.models import Catalogue, Choice, Coupling, Document, Issue, Option, Party, RedLine, Source, ViolationRule, Want

Signature = tuple[str, int]

RESERVED_PREFIX = "zopa_"
# The vocabulary that describes the scenario rather than a deal: it must be settled before
# any deal is chosen, or the catalogue and the switches for the red lines would be wrong.
STATIC = [("issue", 1), ("option", 2), ("party", 1), ("red_line", 2), ("forbids", 3), ("requires", 3),
          ("wants", 4), ("label", 2), ("document", 3), ("document_file", 2), ("source", 3), ("stated", 2),
          ("concede", 1), ("cost", 2)]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# clingo's messages: "FILE:LINE:COL[-COL|-LINE:COL]: KIND: TEXT"
CLINGO_MESSAGE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?: (?P<kind>\w+): (?P<text>.*)$"
)
# Warnings that mean the scenario does not say what its author meant.
FATAL_WARNINGS = {
    clingo.MessageCode.AtomUndefined,
    clingo.MessageCode.OperationUndefined,
    clingo.MessageCode.VariableUnbounded,
    clingo.MessageCode.GlobalVariable,
}


def engine_file() -> Path:
    return Path(str(resources.files("zopa") / "rules" / "zopa.lp"))


def bundled_positions() -> Path:
    return Path(str(resources.files("zopa") / "positions"))


@functools.lru_cache(maxsize=256)
def _shown(text: str, cwd: str) -> str:
    package = Path(str(resources.files("zopa"))).resolve()
    if Path(text).is_absolute() and Path(text).resolve().is_relative_to(package):
        return str(Path(text).resolve().relative_to(package))
    try:
        rel = os.path.relpath(text, cwd)
    except ValueError:
        return text
    return rel if not rel.startswith("..") else text


def shown_path(path: str | Path) -> str:
    """A path as the user would read it: bundled files as positions/… or rules/…, others
    relative to the working folder when inside it."""
    return _shown(str(path), os.getcwd())


def scenario_files(positions: Path | None, extra: list[Path]) -> list[Path]:
    folder = Path(positions) if positions is not None else bundled_positions()
    if not folder.is_dir():
        raise ZopaError(f"positions folder not found: {shown_path(folder)}")
    files = sorted(folder.glob("*.lp"))
    if not files:
        raise ZopaError(f"no .lp files in positions folder {shown_path(folder)}")
    for path in extra:
        if not Path(path).is_file():
            raise ZopaError(f"file not found: {shown_path(path)}")
    return files + [Path(p) for p in extra]


def one_line(message: str) -> ZopaError:
    """Fold a clingo message (first line, indented details, notes) into one ZopaError."""
    lines = [line for line in message.strip().splitlines() if line.strip()]
    head = CLINGO_MESSAGE.match(lines[0]) if lines else None
    if head is None:
        return ZopaError(" ".join(line.strip() for line in lines) or "clingo failed")
    text = head["text"].rstrip(":")
    for line in lines[1:]:
        note = CLINGO_MESSAGE.match(line)
        if note:
            text += f"; {note['kind']}: {note['text']}"
        else:
            text += (": " if text == head["text"].rstrip(":") else " ") + line.strip()
    text = text.replace("[#inc_base];", "").replace("[#inc_base]", "").replace(".; ", "; ")
    location = f"{shown_path(head['file'])}:{head['line']}:{head['col']}"
    return ZopaError(text, location)


def _signature(term: ast.AST) -> Signature | None:
    if term.ast_type == ast.ASTType.Function:
        return (term.name, len(term.arguments))
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        return (term.symbol.name, len(term.symbol.arguments))
    return None


class _Atoms(ast.Transformer):
    """Collects the signatures of the atoms in an AST."""

    def __init__(self) -> None:
        self.found: list[Signature] = []

    def visit_SymbolicAtom(self, node: ast.AST) -> ast.AST:
        sig = _signature(node.symbol)
        if sig:
            self.found.append(sig)
        return node


class _DealIssues(ast.Transformer):
    """The issues a rule body reads through deal/2; None once it may read any issue."""

    def __init__(self, static: set[Signature]) -> None:
        self.static = static
        self.issues: set[str] | None = set()

    def visit_SymbolicAtom(self, node: ast.AST) -> ast.AST:
        sig = _signature(node.symbol)
        if sig == ("deal", 2):
            issue = node.symbol.arguments[0]
            if issue.ast_type == ast.ASTType.SymbolicTerm and self.issues is not None:
                self.issues.add(str(issue.symbol))
            else:
                self.issues = None
        elif sig not in self.static:
            self.issues = None
        return node


def _atoms(*nodes: ast.AST) -> list[Signature]:
    collector = _Atoms()
    for node in nodes:
        collector.visit(node)
    return collector.found


@dataclass
class _Parsed:
    """What the parse tells beyond the program: where facts and predicates are written."""

    engine_files: set[str]
    fact_place: dict[str, tuple[int, str]] = field(default_factory=dict)
    heads: dict[Signature, str] = field(default_factory=dict)
    rule_heads: dict[Signature, str] = field(default_factory=dict)
    """Where a predicate first heads a rule that is not a plain fact."""
    bodies: set[Signature] = field(default_factory=set)
    engine_heads: set[Signature] = field(default_factory=set)
    declared: set[Signature] = field(default_factory=set)
    violation_rules: dict[str, list[ViolationRule]] = field(default_factory=dict)
    rule_issues: dict[str, set[str] | None] = field(default_factory=dict)
    """Per red line, the issues its violated/1 rules read (None: possibly any)."""
    couplings: list[tuple[str, set[str] | None]] = field(default_factory=list)
    """Other rules that tie issues together (background constraints, helper rules)."""

    def _body_issues(self, body) -> set[str] | None:
        reader = _DealIssues(self.declared - {("deal", 2), ("violated", 1)})
        for literal in body:
            reader.visit(literal)
        return reader.issues

    def _note_coupling(self, stmt: ast.AST, place: str) -> None:
        head = stmt.head
        atom = head.atom if head.ast_type == ast.ASTType.Literal else None
        if atom is not None and atom.ast_type == ast.ASTType.BooleanConstant:
            self.couplings.append((place, self._body_issues(stmt.body)))  # a background constraint
            return
        sig = _signature(atom.symbol) if atom is not None and atom.ast_type == ast.ASTType.SymbolicAtom else None
        if sig == ("violated", 1) and atom.symbol.arguments[0].ast_type == ast.ASTType.SymbolicTerm:
            key = str(atom.symbol.arguments[0].symbol)
            issues, before = self._body_issues(stmt.body), self.rule_issues.get(key, set())
            self.rule_issues[key] = None if issues is None or before is None else before | issues
        elif stmt.body or sig is None:
            self.couplings.append((place, None))  # a rule zopa cannot see through

    def add(self, stmt: ast.AST) -> None:
        loc = stmt.location.begin
        engine = loc.filename in self.engine_files
        place = f"{shown_path(loc.filename)}:{loc.line}:{loc.column}"
        if stmt.ast_type == ast.ASTType.Defined:
            self.declared.add((stmt.name, stmt.arity))
        if stmt.ast_type != ast.ASTType.Rule:
            return
        body = stmt.body
        head = stmt.head
        if not body and not engine and head.ast_type == ast.ASTType.Literal:
            atom = head.atom
            if atom.ast_type == ast.ASTType.SymbolicAtom and head.sign == ast.Sign.NoSign:
                sig = _signature(atom.symbol)  # a plain fact, most of any scenario: the fast way
                if sig is not None and sig != ("violated", 1):
                    self.heads.setdefault(sig, place)
                    self.fact_place.setdefault(str(atom.symbol), (len(self.fact_place), place))
                    return
        self.bodies.update(_atoms(*body))
        heads = _atoms(stmt.head)
        if engine:
            self.engine_heads.update(heads)
            return
        for sig in heads:
            self.heads.setdefault(sig, place)
            if body or stmt.head.ast_type != ast.ASTType.Literal:
                self.rule_heads.setdefault(sig, place)
        self._note_coupling(stmt, place)
        head = stmt.head
        if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
            return
        if stmt.body and _signature(head.atom.symbol) == ("violated", 1):
            rule = ViolationRule(place=place, text=" ".join(str(stmt).split()))
            self.violation_rules.setdefault(str(head.atom.symbol.arguments[0]), []).append(rule)
        if not stmt.body and head.sign == ast.Sign.NoSign:
            key = str(head.atom.symbol)
            self.fact_place.setdefault(key, (len(self.fact_place), place))

    def place(self, fact: clingo.Symbol) -> str | None:
        found = self.fact_place.get(str(fact))
        return found[1] if found else None

    def order(self, fact: clingo.Symbol) -> tuple[int, str]:
        """Facts in the order they were written; derived ones after, by name."""
        found = self.fact_place.get(str(fact))
        return (found[0], "") if found else (len(self.fact_place), str(fact))

    def unknown_predicates(self) -> list[ZopaError]:
        known = self.declared | self.engine_heads | self.bodies
        names = sorted(f"{n}/{a}" for n, a in self.declared | self.engine_heads if not n.startswith(RESERVED_PREFIX))
        problems = []
        for (name, arity), place in self.heads.items():
            if name.startswith(RESERVED_PREFIX):
                problems.append(ZopaError(f"predicate {name}/{arity}: names starting with {RESERVED_PREFIX} are reserved for the engine", place))
            elif (name, arity) not in known:
                hint = closest(f"{name}/{arity}", names, "predicates")
                problems.append(ZopaError(f"unknown predicate {name}/{arity}: not in the input vocabulary and used by no rule ({hint})", place))
        return problems


class _Messages:
    """clingo's logger: keeps errors, and the warnings that make a scenario wrong."""

    def __init__(self, engine_files: set[str]):
        self.engine_files = engine_files
        self.errors: list[ZopaError] = []

    def __call__(self, code: clingo.MessageCode, message: str) -> None:
        if code == clingo.MessageCode.RuntimeError or code in FATAL_WARNINGS:
            self.errors.append(one_line(message))

    def raise_if_any(self, fallback: str | None = None) -> None:
        if self.errors:
            first, *more = self.errors
            raise ZopaError(first.message, first.location, more)
        if fallback:
            raise ZopaError(fallback)


def _string(sym: clingo.Symbol) -> str:
    return sym.string if sym.type == clingo.SymbolType.String else str(sym)


def _number(sym: clingo.Symbol) -> int:
    """An integer argument; anything else reads as 0 and is reported by _input_errors."""
    return sym.number if sym.type == clingo.SymbolType.Number else 0


class Scenario:
    """A loaded, validated and grounded scenario: its catalogue and one solver over it."""

    def __init__(self, control: clingo.Control, catalogue: Catalogue, files: list[Path]):
        from zopa.solver import Solver

        self.files = files
        self.catalogue = catalogue
        self.issue_order = {issue.id: n for n, issue in enumerate(catalogue.issues)}
        self._red_line_symbols = {
            str(atom.symbol.arguments[0]): atom.symbol.arguments[0]
            for atom in control.symbolic_atoms.by_signature("red_line", 2)
            if atom.is_fact
        }
        self.solver = Solver(control, list(self._red_line_symbols.values()))

    @property
    def party_ids(self) -> list[str]:
        return [p.id for p in self.catalogue.parties]

    @property
    def red_line_ids(self) -> list[str]:
        return [r.id for r in self.catalogue.red_lines]

    def red_line(self, red_line_id: str) -> RedLine:
        return next(r for r in self.catalogue.red_lines if r.id == red_line_id)

    def resolve_parties(self, names: list[str] | None) -> list[str]:
        """Party ids named on the command line, checked; all parties when none are named."""
        if not names:
            return self.party_ids
        return [_known(name, self.party_ids, "party", "parties", "--party") for name in names]

    def resolve_red_lines(self, names: list[str] | None) -> list[str]:
        return [_known(name, self.red_line_ids, "red line", "red lines", "--concede") for name in names or []]

    def red_line_symbol(self, red_line_id: str) -> clingo.Symbol:
        return self._red_line_symbols[red_line_id]

    def deals(self, **options):
        """Feasible deals; see zopa.deals.find_deals for the options."""
        from zopa.deals import find_deals

        return find_deals(self, **options)

    def check(self, plan, **options):
        """A plan against every party's red lines; see zopa.check.check_plan for the options."""
        from zopa.check import check_plan

        return check_plan(self, plan, **options)

    def whatif(self, **options):
        """The effect of each concession; see zopa.whatif.sweep for the options."""
        from zopa.whatif import sweep

        return sweep(self, **options)

    def why(self, **options):
        """Conflicts and concession sets; see zopa.why.explain for the options."""
        from zopa.why import explain

        return explain(self, **options)


def _known(name: str, known: list[str], what: str, plural: str, flag: str) -> str:
    if name in known:
        return name
    raise ZopaError(f"{flag} {name!r}: no such {what}; {closest(name, known, plural)}")


def _facts(control: clingo.Control, parsed: _Parsed, name: str, arity: int) -> list[clingo.Symbol]:
    found = [a.symbol for a in control.symbolic_atoms.by_signature(name, arity) if a.is_fact]
    return sorted(found, key=parsed.order)


def _read_catalogue(control: clingo.Control, parsed: _Parsed) -> Catalogue:
    labels = {str(s.arguments[0]): _string(s.arguments[1]) for s in _facts(control, parsed, "label", 2)}
    options: dict[str, list[Option]] = {}
    for s in _facts(control, parsed, "option", 2):
        issue, option = (str(a) for a in s.arguments)
        options.setdefault(issue, []).append(Option(id=option, label=labels.get(f"({issue},{option})", option)))
    issues = [
        Issue(id=str(i), label=labels.get(str(i), str(i)), options=options.get(str(i), []))
        for s in _facts(control, parsed, "issue", 1)
        for i in s.arguments
    ]
    parties = [
        Party(id=str(s.arguments[0]), label=labels.get(str(s.arguments[0]), str(s.arguments[0])))
        for s in _facts(control, parsed, "party", 1)
    ]
    sources: dict[str, list[Source]] = {}
    for s in _facts(control, parsed, "source", 3):
        r, d, q = s.arguments
        sources.setdefault(str(r), []).append(Source(document=str(d), quote=_string(q)))
    stated: dict[str, list[str]] = {}
    for s in _facts(control, parsed, "stated", 2):
        stated.setdefault(str(s.arguments[0]), []).append(_string(s.arguments[1]))
    cost = {str(s.arguments[0]): _number(s.arguments[1]) for s in _facts(control, parsed, "cost", 2)}
    conceded = {str(s.arguments[0]) for s in _facts(control, parsed, "concede", 1)}
    conditions: dict[tuple[str, str], list[Choice]] = {}
    for kind in ("forbids", "requires"):
        for s in _facts(control, parsed, kind, 3):
            r, i, o = (str(a) for a in s.arguments)
            conditions.setdefault((kind, r), []).append(Choice(issue=i, option=o))
    all_issues = [i.id for i in issues]

    def read_issues(red_line: str) -> list[str]:
        touched = {c.issue for c in conditions.get(("forbids", red_line), []) + conditions.get(("requires", red_line), [])}
        from_rules = parsed.rule_issues.get(red_line, set())
        if from_rules is None:
            return all_issues
        return [i for i in all_issues if i in touched | from_rules]

    red_lines = [
        RedLine(
            id=str(r),
            party=str(p),
            label=labels.get(str(r), str(r)),
            forbids=conditions.get(("forbids", str(r)), []),
            requires=conditions.get(("requires", str(r)), []),
            rules=parsed.violation_rules.get(str(r), []),
            issues=read_issues(str(r)),
            sources=sources.get(str(r), []),
            stated=stated.get(str(r), []),
            cost=cost.get(str(r), 1),
            conceded=str(r) in conceded,
        )
        for r, p in (s.arguments for s in _facts(control, parsed, "red_line", 2))
    ]
    files = {str(s.arguments[0]): _string(s.arguments[1]) for s in _facts(control, parsed, "document_file", 2)}
    documents = [
        Document(id=str(d), title=_string(t), date=_string(day), file=files.get(str(d)))
        for d, t, day in (s.arguments for s in _facts(control, parsed, "document", 3))
    ]
    wants = [
        Want(party=str(p), issue=str(i), option=str(o), weight=_number(w))
        for p, i, o, w in (s.arguments for s in _facts(control, parsed, "wants", 4))
    ]
    couplings = [
        Coupling(place=place, issues=all_issues if read is None else [i for i in all_issues if i in read])
        for place, read in parsed.couplings
    ]
    return Catalogue(
        parties=parties, issues=issues, red_lines=red_lines, wants=wants, documents=documents, couplings=couplings
    )


# What each input check of checks.lp means, in words; {0}, {1}, ... are the fact's arguments.
CHECK_MESSAGES = {
    "no_issues": "the scenario declares no issue: add issue/1 and option/2 facts",
    "no_options": "issue {0} has no option: add option({0}, ...) facts",
    "unknown_party": "party {1} of red line {0} is not declared by party/1",
    "unknown_red_line": "red line {0} is not declared by red_line/2",
    "unknown_document": "document {1} is not declared by document/3",
    "two_owners": "red line {0} is declared for more than one party",
}


def _check_message(code: str, subject: clingo.Symbol, catalogue_ids: dict[str, list[str]]) -> str:
    args = [str(a) for a in subject.arguments]
    if code == "unknown_issue":
        issue = args[0] if subject.name == "option" else args[1]
        owner = f"red line {args[0]}: " if subject.name in ("forbids", "requires") else ""
        return f"{owner}{subject} names issue {issue}, which is not declared ({closest(issue, catalogue_ids['issues'], 'issues')})"
    if code == "unknown_option":
        issue, option = args[1], args[2]
        owner = f"red line {args[0]}: " if subject.name in ("forbids", "requires") else ""
        choices = catalogue_ids["options"].get(issue, [])
        return f"{owner}{subject} names option {option}, which issue {issue} does not have ({closest(option, choices, 'options')})"
    if code == "unknown_party" and subject.name == "wants":
        return f"party {args[0]} of {subject} is not declared ({closest(args[0], catalogue_ids['parties'], 'parties')})"
    if code == "unknown_party":
        return f"red line {args[0]} names party {args[1]}, which is not declared ({closest(args[1], catalogue_ids['parties'], 'parties')})"
    if code == "unknown_red_line":
        return f"{subject} names red line {args[0]}, which is not declared by red_line/2 ({closest(args[0], catalogue_ids['red_lines'], 'red lines')})"
    template = CHECK_MESSAGES.get(code, code.replace("_", " ") + " in {subject}")
    return template.format(*args, subject=subject)


def _input_errors(control: clingo.Control, parsed: _Parsed, catalogue: Catalogue) -> list[ZopaError]:
    ids = {
        "issues": [i.id for i in catalogue.issues],
        "options": {i.id: [o.id for o in i.options] for i in catalogue.issues},
        "parties": [p.id for p in catalogue.parties],
        "red_lines": [r.id for r in catalogue.red_lines],
    }
    problems = []
    for s in _facts(control, parsed, "zopa_error", 2):
        code, subject = s.arguments
        place = parsed.place(subject) if subject.type == clingo.SymbolType.Function and subject.arguments else None
        problems.append(ZopaError(_check_message(code.name, subject, ids), place))
    named_by_facts = {str(s.arguments[0]) for kind in ("forbids", "requires") for s in _facts(control, parsed, kind, 3)}
    for atom in control.symbolic_atoms.by_signature("violated", 1):
        r = str(atom.symbol.arguments[0])
        if r in ids["red_lines"] or r in named_by_facts:  # the latter reported by checks.lp
            continue
        rules = parsed.violation_rules.get(r)
        place = rules[0].place if rules else parsed.heads.get(("violated", 1))
        problems.append(ZopaError(f"a violated/1 rule names red line {r}, which is not declared by red_line/2 ({closest(r, ids['red_lines'], 'red lines')})", place))
    for name, arity in STATIC:
        for atom in control.symbolic_atoms.by_signature(name, arity):
            if not atom.is_fact:
                place = parsed.rule_heads.get((name, arity))
                problems.append(ZopaError(f"{atom.symbol} may or may not hold: {name}/{arity} must be facts (or follow from facts)", place))
    for name, arity, position, what in (("wants", 4, 3, "weight"), ("cost", 2, 1, "cost")):
        for s in _facts(control, parsed, name, arity):
            value = s.arguments[position]
            if value.type != clingo.SymbolType.Number or value.number <= 0:
                problems.append(ZopaError(f"{s}: the {what} must be a positive integer", parsed.place(s)))
    for name, arity, position in (("document", 3, 2), ("stated", 2, 1)):
        for s in _facts(control, parsed, name, arity):
            value = s.arguments[position]
            if value.type != clingo.SymbolType.String or not DATE.match(value.string):
                problems.append(ZopaError(f"{s}: the date must be a string \"YYYY-MM-DD\"", parsed.place(s)))
    return problems


def load(positions: str | Path | None = None, extra: list[str | Path] | tuple = ()) -> Scenario:
    """Load the scenario in `positions` (default: the bundled one) plus `extra` files."""
    files = scenario_files(Path(positions) if positions is not None else None, [Path(p) for p in extra])
    engine = engine_file()
    engine_files = {str(p) for p in engine.parent.glob("*.lp")}
    messages = _Messages(engine_files)
    parsed = _Parsed(engine_files)
    # usc: core-guided optimisation finds cheapest concession sets where branch-and-bound crawls.
    control = clingo.Control(["--warn=all", "--opt-strategy=usc"], logger=messages, message_limit=1000)
    try:
        with ast.ProgramBuilder(control) as builder:
            def add(stmt: ast.AST) -> None:
                parsed.add(stmt)
                builder.add(stmt)

            for path in [engine, *files]:  # one by one: given a list, clingo reads it last file first
                ast.parse_files([str(path)], add, logger=messages, message_limit=1000)
    except RuntimeError:
        messages.raise_if_any("the files could not be parsed")
    problems = parsed.unknown_predicates()
    if problems:
        raise ZopaError(problems[0].message, problems[0].location, problems[1:])
    try:
        control.ground([("base", []), ("zopa_concessions", [])])
    except RuntimeError:
        messages.raise_if_any("grounding failed")
    messages.raise_if_any()
    catalogue = _read_catalogue(control, parsed)
    problems = _input_errors(control, parsed, catalogue)
    if problems:
        raise ZopaError(problems[0].message, problems[0].location, problems[1:])
    return Scenario(control, catalogue, files)
