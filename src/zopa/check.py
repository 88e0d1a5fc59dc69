"""Checking a plan: a proposal written as deal/2 facts, possibly leaving issues open.

Party by party: which red lines every completion of the plan violates (the plan breaks
them whatever fills the gaps), which only some completions violate, whether some
completion satisfies every red line, and the feasible deal nearest to the plan (fewest of
its answers changed). All on the scenario's one grounded program: the plan's answers are
assumptions, never new rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clingo import ast

from zopa.deals import as_deal, enforced_red_lines
from zopa.errors import ZopaError, closest
from zopa.parsing import check_encoding, one_line, shown_path
from zopa.models import Change, CheckResult, Violation
from zopa.solver import Timeout, deadline_after

if TYPE_CHECKING:
    from zopa.scenario import Scenario

DEFAULT_TIMEOUT = 60.0
SKIPPED = {ast.ASTType.Program} | ({ast.ASTType.Comment} if hasattr(ast.ASTType, "Comment") else set())


def read_plan(scenario: Scenario, path: Path) -> list[tuple[str, str]]:
    """The plan's (issue, option) answers; any other statement is an error at its place."""
    path = Path(path)
    if path.is_dir():
        raise ZopaError(f"plan {shown_path(path)}: is a folder, not a file of deal/2 facts")
    if not path.is_file():
        raise ZopaError(f"plan not found: {shown_path(path)}")
    check_encoding(path)
    options = {i.id: [o.id for o in i.options] for i in scenario.catalogue.issues}
    answers: dict[str, tuple[str, str]] = {}
    problems: list[ZopaError] = []
    messages: list[ZopaError] = []

    def statement(stmt: ast.AST) -> None:
        begin = stmt.location.begin
        place = f"{shown_path(begin.filename)}:{begin.line}:{begin.column}"
        if stmt.ast_type in SKIPPED:
            return
        head = stmt.head if stmt.ast_type == ast.ASTType.Rule else None
        atom = head.atom if head is not None and head.ast_type == ast.ASTType.Literal else None
        term = atom.symbol if atom is not None and atom.ast_type == ast.ASTType.SymbolicAtom else None
        if (
            stmt.ast_type != ast.ASTType.Rule
            or stmt.body
            or term is None
            or term.ast_type != ast.ASTType.Function
            or term.name != "deal"
            or len(term.arguments) != 2
            or any(a.ast_type != ast.ASTType.SymbolicTerm for a in term.arguments)
        ):
            problems.append(ZopaError(f"a plan holds only deal(ISSUE, OPTION) facts, not: {' '.join(str(stmt).split())}", place))
            return
        issue, option = (str(a.symbol) for a in term.arguments)
        if issue not in options:
            problems.append(ZopaError(f"deal({issue},{option}): no issue {issue} ({closest(issue, list(options), 'issues')})", place))
        elif option not in options[issue]:
            problems.append(ZopaError(f"deal({issue},{option}): issue {issue} has no option {option} ({closest(option, options[issue], 'options')})", place))
        elif issue in answers and answers[issue][0] != option:
            problems.append(ZopaError(f"deal({issue},{option}): the plan already answers {issue} with {answers[issue][0]} (at {answers[issue][1]})", place))
        else:
            answers.setdefault(issue, (option, place))

    try:
        ast.parse_files([str(path)], statement, logger=lambda code, message: messages.append(one_line(message)))
    except RuntimeError:
        problems = messages[:1] or [ZopaError("the plan could not be parsed", shown_path(path))]
    if problems:
        raise ZopaError(problems[0].message, problems[0].location, problems[1:])
    return [(issue, option) for issue, (option, _) in answers.items()]


def check_plan(
    scenario: Scenario,
    plan: str | Path,
    parties: list[str] | None = None,
    concede: list[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> CheckResult:
    answers = read_plan(scenario, Path(plan))
    chosen, enforced, conceded = enforced_red_lines(scenario, parties, concede)
    solver = scenario.solver
    deadline = deadline_after(timeout)
    fixed = [solver.deal_literal(issue, option) for issue, option in answers]
    red = {r.id: r for r in scenario.catalogue.red_lines}
    open_issues = [i.id for i in scenario.catalogue.issues if i.id not in dict(answers)]
    base = dict(plan=dict(answers), open_issues=open_issues, parties=chosen, conceded=conceded)
    try:
        nearest = _nearest(scenario, answers, enforced, deadline)
        if not solver.find([], deadline, extra=fixed).satisfiable:
            return CheckResult(violations=[], completable=False, background_violated=True, complete=True, **base, **nearest)
        violations, at_risk = [], []
        for r in enforced:
            if not solver.find([r], deadline, extra=fixed).satisfiable:
                violations.append(Violation(red_line=r, party=red[r].party, label=red[r].label))
            elif open_issues and solver.violated_literal(r) is not None:
                broken = solver.find([], deadline, extra=fixed + [solver.violated_literal(r)])
                if broken.satisfiable:
                    at_risk.append(Violation(red_line=r, party=red[r].party, label=red[r].label))
        completion = solver.find(enforced, deadline, with_deal=True, extra=fixed)
    except Timeout:
        return CheckResult(violations=[], completable=False, nearest=None, complete=False, **base)
    return CheckResult(
        violations=violations,
        at_risk=at_risk,
        completable=completion.satisfiable,
        completion=as_deal(scenario, completion.deal) if completion.satisfiable else None,
        complete=True,
        **base,
        **nearest,
    )


def _nearest(scenario: Scenario, answers: list[tuple[str, str]], enforced: list[str], deadline: float | None) -> dict:
    """The feasible deal that keeps most of the plan's answers, and what it changes. When no
    deal is feasible, the closest one instead: fewest red lines broken, then fewest changes."""
    solver = scenario.solver
    red = {r.id: r for r in scenario.catalogue.red_lines}
    with solver.planned(answers):
        outcome = solver.cheapest(hard=enforced, soft=(), deadline=deadline, with_deal=True)
        feasible = outcome.satisfiable
        if not feasible:
            outcome = solver.cheapest(hard=(), soft=enforced, deadline=deadline, with_deal=True)
    if not outcome.satisfiable:
        return {"nearest": None, "changes": []}
    deal = as_deal(scenario, outcome.deal)
    changes = [Change(issue=i, plan=o, nearest=deal[i]) for i, o in answers if deal[i] != o]
    if feasible:
        return {"nearest": deal, "changes": changes}
    broken = [Violation(red_line=r, party=red[r].party, label=red[r].label) for r in enforced if r in outcome.violated]
    return {"nearest": None, "changes": changes, "closest": deal, "closest_violates": broken}
