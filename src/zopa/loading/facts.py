"""Reading the catalogue: parties, issues and options, red lines with their conditions and
sources, soft demands and documents, from the ground facts, in the order they were written.
"""

from __future__ import annotations

import clingo

from zopa.catalogue import EVIDENCE_GRADES, Catalogue, Choice, Document, Issue, Option, Party, RedLine, Source, Want
from zopa.loading.parse import Parsed


def string(sym: clingo.Symbol) -> str:
    return sym.string if sym.type == clingo.SymbolType.String else str(sym)


def number(sym: clingo.Symbol) -> int:
    """An integer argument; anything else reads as 0 (zopa.loading.validation reports it)."""
    return sym.number if sym.type == clingo.SymbolType.Number else 0


def facts(control: clingo.Control, parsed: Parsed, name: str, arity: int) -> list[clingo.Symbol]:
    found = [a.symbol for a in control.symbolic_atoms.by_signature(name, arity) if a.is_fact]
    return sorted(found, key=parsed.order)


def read_catalogue(control: clingo.Control, parsed: Parsed) -> Catalogue:
    """The catalogue; the issues each red line reads are filled in later (zopa.loading.dependencies)."""
    labels = {str(s.arguments[0]): string(s.arguments[1]) for s in facts(control, parsed, "label", 2)}
    options: dict[str, list[Option]] = {}
    for s in facts(control, parsed, "option", 2):
        issue, option = (str(a) for a in s.arguments)
        options.setdefault(issue, []).append(Option(id=option, label=labels.get(f"({issue},{option})", option)))
    status_quo = {str(s.arguments[0]): str(s.arguments[1]) for s in reversed(facts(control, parsed, "status_quo", 2))}
    issues = [
        Issue(
            id=str(i),
            label=labels.get(str(i), str(i)),
            options=options.get(str(i), []),
            status_quo=status_quo.get(str(i)),
        )
        for s in facts(control, parsed, "issue", 1)
        for i in s.arguments
    ]
    parties = [
        Party(id=str(s.arguments[0]), label=labels.get(str(s.arguments[0]), str(s.arguments[0])))
        for s in facts(control, parsed, "party", 1)
    ]
    sources: dict[str, list[Source]] = {}
    for s in facts(control, parsed, "source", 3):
        r, d, q = s.arguments
        sources.setdefault(str(r), []).append(Source(document=str(d), quote=string(q)))
    # Two dates or two grades for one red line are input errors (rules/checks.lp): the
    # first written is read here.
    dates: dict[tuple[str, str], str] = {}
    for kind in ("stated", "withdrawn"):
        for s in reversed(facts(control, parsed, kind, 2)):
            dates[(kind, str(s.arguments[0]))] = string(s.arguments[1])
    grades = {str(s.arguments[0]): string(s.arguments[1]) for s in reversed(facts(control, parsed, "evidence", 2))}
    cost = {str(s.arguments[0]): number(s.arguments[1]) for s in facts(control, parsed, "cost", 2)}
    conceded = {str(s.arguments[0]) for s in facts(control, parsed, "concede", 1)}
    conditions: dict[tuple[str, str], list[Choice]] = {}
    for kind in ("forbids", "requires"):
        for s in facts(control, parsed, kind, 3):
            red_line, issue, option = (str(a) for a in s.arguments)
            conditions.setdefault((kind, red_line), []).append(Choice(issue=issue, option=option))
    red_lines = [
        RedLine(
            id=str(r),
            party=str(p),
            label=labels.get(str(r), str(r)),
            forbids=conditions.get(("forbids", str(r)), []),
            requires=conditions.get(("requires", str(r)), []),
            rules=parsed.violation_rules.get(str(r), []),
            sources=sources.get(str(r), []),
            stated=dates.get(("stated", str(r))),
            withdrawn=dates.get(("withdrawn", str(r))),
            # A grade outside the three is an input error (zopa.loading.validation).
            evidence=grades[str(r)] if grades.get(str(r)) in EVIDENCE_GRADES else "inferred",
            graded=str(r) in grades,
            cost=cost.get(str(r), 1),
            conceded=str(r) in conceded,
        )
        for r, p in (s.arguments for s in facts(control, parsed, "red_line", 2))
    ]
    files = {str(s.arguments[0]): string(s.arguments[1]) for s in facts(control, parsed, "document_file", 2)}
    documents = [
        Document(id=str(d), title=string(t), date=string(day), file=files.get(str(d)))
        for d, t, day in (s.arguments for s in facts(control, parsed, "document", 3))
    ]
    wants = [
        Want(party=str(p), issue=str(i), option=str(o), weight=number(w))
        for p, i, o, w in (s.arguments for s in facts(control, parsed, "wants", 4))
    ]
    return Catalogue(parties=parties, issues=issues, red_lines=red_lines, wants=wants, documents=documents)
