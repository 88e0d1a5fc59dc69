"""Reading a plan: a proposal written as deal(ISSUE, OPTION) facts, possibly leaving
issues open, at most one proposed("YYYY-MM-DD") fact dating it, and `interim.` when it is a
first step (a ceasefire, a truce) rather than a settlement. Anything else, an
unknown id, or an issue answered twice is an error at its place; the plan becomes
assumptions on the scenario's grounding, never new rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import clingo
from clingo import ast

from zopa.catalogue import Catalogue
from zopa.errors import ZopaError, closest, raise_all
from zopa.loading.files import check_text, file_problem, shown_path
from zopa.loading.messages import one_line
from zopa.loading.parse import place_of, plain_fact, variable_name
from zopa.loading.validation import is_date

# Statements that say nothing about the plan: comments (clingo 5.8 reports them).
SKIPPED = {ast.ASTType.Comment} if hasattr(ast.ASTType, "Comment") else set()


@dataclass(frozen=True)
class Plan:
    answers: list[tuple[str, str]]
    """The plan's (issue, option) answers, in the order written."""
    proposed: str | None
    """The date of the proposal, "YYYY-MM-DD" (None: undated)."""
    interim: bool = False
    """A first step, not a settlement: what it leaves out stays open rather than keeping
    its status quo."""


def read_plan(catalogue: Catalogue, path: Path) -> Plan:
    """The plan's answers and date."""
    problem = file_problem(path, "plan")
    if problem is not None:
        raise problem
    check_text(path)
    options = {i.id: [o.id for o in i.options] for i in catalogue.issues}
    answers: dict[str, tuple[str, str]] = {}
    problems: list[ZopaError] = []
    messages: list[ZopaError] = []
    dated: list[tuple[str, str]] = []
    interim: list[str] = []

    def statement(stmt: ast.AST) -> None:
        if stmt.ast_type in SKIPPED or _implicit_header(stmt):
            return
        place = place_of(stmt)
        fact = plain_fact(str(stmt)) if stmt.ast_type == ast.ASTType.Rule else None
        if fact is not None and fact.name == "interim" and not fact.arguments:
            interim.append(place)
            return
        if fact is not None and fact.name == "proposed" and len(fact.arguments) == 1:
            problems.extend(_date_problems(fact.arguments[0], place, dated))
            return
        if fact is None or fact.name != "deal" or len(fact.arguments) != 2 or any(map(_compound, fact.arguments)):
            written = " ".join(str(stmt).split())
            hint = _variable_hint(stmt, options)
            only = 'a plan holds only deal(ISSUE, OPTION) facts, one proposed("YYYY-MM-DD") and interim'
            problems.append(ZopaError(hint or f"{only}, not: {written}", place))
            return
        issue, option = (str(a) for a in fact.arguments)
        if issue not in options:
            known = closest(issue, list(options), "issues")
            problems.append(ZopaError(f"deal({issue},{option}): no issue {issue} ({known})", place))
        elif option not in options[issue]:
            known = closest(option, options[issue], "options")
            problems.append(ZopaError(f"deal({issue},{option}): issue {issue} has no option {option} ({known})", place))
        elif issue in answers and answers[issue][0] != option:
            first, at = answers[issue]
            problems.append(
                ZopaError(f"deal({issue},{option}): the plan already answers {issue} with {first} (at {at})", place)
            )
        else:
            answers.setdefault(issue, (option, place))

    try:
        ast.parse_files([str(path)], statement, logger=lambda code, message: messages.append(one_line(message)))
    except RuntimeError:
        problems = messages[:1] or [ZopaError("the plan could not be parsed", shown_path(path))]
    raise_all(problems)
    return Plan(
        answers=[(issue, option) for issue, (option, _) in answers.items()],
        proposed=dated[0][0] if dated else None,
        interim=bool(interim),
    )


def _date_problems(term: clingo.Symbol, place: str, dated: list[tuple[str, str]]) -> list[ZopaError]:
    """A proposed/1 fact: a real day, written once."""
    if term.type != clingo.SymbolType.String or not is_date(term.string):
        return [ZopaError(f'proposed({term}): the date must be a string "YYYY-MM-DD"', place)]
    if dated:
        first, at = dated[0]
        return [ZopaError(f'proposed("{term.string}"): the plan is already dated {first} (at {at})', place)]
    dated.append((term.string, place))
    return []


def _variable_hint(stmt: ast.AST, options: dict[str, list[str]]) -> str | None:
    """For `deal(i, Closed).`: ids start lower case, so Closed is a variable, not an option."""
    head = stmt.head if stmt.ast_type == ast.ASTType.Rule and not stmt.body else None
    atom = head.atom if head is not None and head.ast_type == ast.ASTType.Literal else None
    term = atom.symbol if atom is not None and atom.ast_type == ast.ASTType.SymbolicAtom else None
    if term is None or term.ast_type != ast.ASTType.Function or term.name != "deal" or len(term.arguments) != 2:
        return None
    issue, variable = str(term.arguments[0]), variable_name(term.arguments[1])
    if variable is None:
        return None
    known = options.get(issue, [])
    hint = f"did you mean {variable.lower()}?" if variable.lower() in known else closest(variable, known, "options")
    return f"deal({issue},{variable}): {variable} is a variable (ids start lower case), not an option ({hint})"


def _implicit_header(stmt: ast.AST) -> bool:
    """The `#program base.` clingo puts before every file, written nowhere (it spans no text);
    one written in the plan is refused like any other statement."""
    return bool(stmt.ast_type == ast.ASTType.Program and stmt.location.begin == stmt.location.end)


def _compound(term: clingo.Symbol) -> bool:
    """Ids are constants, numbers or strings; a term with arguments names nothing."""
    return term.type == clingo.SymbolType.Function and bool(term.arguments)
