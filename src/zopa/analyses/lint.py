"""The rule base's consistency (`zopa lint`): the input errors loading finds, checks a
scenario may pass and still be wrong (unsourced red lines, quotes not in their source,
duplicate declarations), and warnings the solver finds (a party contradicting itself,
red lines that can never matter, options nobody can have).

Every finding names its place. The solver questions all run on the scenario's one grounded
program with red lines switched by assumptions, like every other command.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import clingo

from zopa import defaults
from zopa.analyses.why import why
from zopa.errors import ZopaError
from zopa.loading.files import kind_of, scenario_files, shown_path
from zopa.results import Finding, LintResult
from zopa.scenario import Scenario, check_date, load_with_problems
from zopa.solving.deadline import Timeout, deadline_after

# Facts that declare an id: writing one twice is a copy-and-paste slip, not emphasis.
DECLARATIONS = ("issue", "option", "party", "red_line", "document", "document_file")
KINDS = (("issue", "issues"), ("party", "parties"), ("red line", "red_lines"), ("document", "documents"))
TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def normalise(text: str) -> str:
    """Quotes compare with whitespace runs folded and typographic quote marks made plain;
    nothing else is forgiven."""
    return re.sub(r"\s+", " ", text.translate(TYPOGRAPHIC)).strip()


def lint(
    positions: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    *,
    sources: str | Path | None = None,
    as_of: str | None = None,
    timeout: float | None = defaults.LINT_TIMEOUT,
) -> LintResult:
    """Errors and warnings for the scenario; `sources` is the folder of the documents' text.
    The solver's checks read the positions as they stand now, or as of `as_of`; whether a
    party contradicts itself is asked at every date its positions change (a position and
    its replacement never hold together, so they do not contradict each other)."""
    as_of = check_date(as_of, "--as-of")
    if sources is not None and kind_of(Path(sources)) != "folder":
        raise ZopaError(f"--sources {shown_path(sources)}: not a folder")
    scenario_files(Path(positions) if positions is not None else None, [Path(p) for p in extra])  # usage errors raise
    try:
        scenario, problems = load_with_problems(positions, extra)
    except ZopaError as stopped:  # the scenario cannot be grounded: only these can be said
        return LintResult(errors=[_finding(e) for e in stopped.all()], warnings=[], checked=False, complete=True)
    errors = [_finding(e) for e in problems]
    errors += _declarations(scenario) + _unsourced(scenario)
    if sources is not None:
        errors += _quotes(scenario, Path(sources))
    warnings, complete = _solver_warnings(scenario, as_of, deadline_after(timeout))
    warnings += _repeated_facts(scenario) + _variables_as_options(scenario) + _dating(scenario)
    return LintResult(
        errors=_by_place(errors),
        warnings=_by_place(warnings),
        checked=True,
        complete=complete,
        red_lines=len(scenario.catalogue.red_lines),
        parties=len(scenario.catalogue.parties),
        quotes=sum(len(r.sources) for r in scenario.catalogue.red_lines) if sources is not None else None,
        as_of=as_of,
    )


def _finding(error: ZopaError) -> Finding:
    return Finding(code=error.code, message=error.message, place=error.location)


def _by_place(findings: list[Finding]) -> list[Finding]:
    def key(f: Finding) -> tuple[int, str, int, int]:
        if f.place is None:
            return (1, "", 0, 0)
        file, line, column = (f.place.rsplit(":", 2) + ["0", "0"])[:3]
        return (0, file, int(line) if line.isdigit() else 0, int(column) if column.isdigit() else 0)

    return sorted(findings, key=key)


def _declarations(scenario: Scenario) -> list[Finding]:
    """Facts declared twice, and one id declared as two kinds of thing."""
    parsed, catalogue = scenario.parsed, scenario.catalogue
    found = [
        Finding(
            code="duplicate_declaration",
            message=f"{fact} is declared again (first at {first})",
            place=place,
            subject=fact,
        )
        for fact, place, first in parsed.repeated
        if fact.split("(")[0] in DECLARATIONS
    ]
    seen: set[str] = set()
    for document in catalogue.documents:
        if document.id in seen:
            found.append(
                Finding(
                    code="duplicate_declaration",
                    message=f"document {document.id} is declared twice, with different titles or dates",
                    place=_place(scenario, "document", document.id, last=True),
                    subject=document.id,
                )
            )
        seen.add(document.id)
    ids = {
        "issues": [i.id for i in catalogue.issues],
        "parties": [p.id for p in catalogue.parties],
        "red_lines": [r.id for r in catalogue.red_lines],
        "documents": [d.id for d in catalogue.documents],
    }
    for n, (kind, plural) in enumerate(KINDS):
        for other, other_plural in KINDS[n + 1 :]:
            for same in sorted(set(ids[plural]) & set(ids[other_plural])):
                found.append(
                    Finding(
                        code="duplicate_id",
                        message=f"{same} is both {_a(kind)} and {_a(other)}: give one of them another id",
                        place=_place(scenario, other.replace(" ", "_"), same),
                        subject=same,
                    )
                )
    return found


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _unsourced(scenario: Scenario) -> list[Finding]:
    return [
        Finding(
            code="unsourced_red_line",
            place=_place(scenario, "red_line", r.id),
            subject=r.id,
            message=f"red line {r.id} of {r.party} has no source/3: cite the document and quote it",
        )
        for r in scenario.catalogue.red_lines
        if not r.sources
    ]


def _quotes(scenario: Scenario, folder: Path) -> list[Finding]:
    """Every quote must be in its document's text, as written there."""
    documents = {d.id: d for d in scenario.catalogue.documents}
    texts: dict[str, str | None] = {}
    found = []
    for red_line in scenario.catalogue.red_lines:
        for source in red_line.sources:
            document = documents.get(source.document)
            if document is None:
                continue  # an undeclared document is an input error already
            place = _source_place(scenario, red_line.id, source.document, source.quote)
            if document.file is None:
                found.append(
                    Finding(
                        code="no_source_file",
                        place=place,
                        subject=red_line.id,
                        message=f"document {document.id} has no document_file/2: its quotes cannot be checked",
                    )
                )
                continue
            if document.id not in texts:
                path = folder / document.file
                texts[document.id] = (
                    normalise(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
                )
            text = texts[document.id]
            if text is None:
                found.append(
                    Finding(
                        code="source_file_missing",
                        place=place,
                        subject=red_line.id,
                        message=f"{document.file} (document {document.id}) is not in {shown_path(folder)}",
                    )
                )
            elif normalise(source.quote) not in text:
                found.append(
                    Finding(
                        code="quote_not_found",
                        place=place,
                        subject=red_line.id,
                        message=f"the quote for {red_line.id} is not in {document.file}: “{_short(source.quote)}”",
                    )
                )
    return found


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _dating(scenario: Scenario) -> list[Finding]:
    """Red lines without an evidence grade, and red lines dated later than every document
    cited for them (a statement is reported after it is made, not before)."""
    dates = {d.id: d.date for d in scenario.catalogue.documents}
    found = []
    for r in scenario.catalogue.red_lines:
        place = _place(scenario, "red_line", r.id)
        if not r.graded:
            found.append(
                Finding(
                    code="ungraded_red_line",
                    place=place,
                    subject=r.id,
                    message=f"red line {r.id} of {r.party} has no evidence/2 grade: it counts as inferred "
                    "(grade it direct, reported or inferred)",
                )
            )
        cited = [dates[s.document] for s in r.sources if s.document in dates]
        if r.stated is not None and cited and r.stated > max(cited):
            found.append(
                Finding(
                    code="stated_after_sources",
                    place=scenario.parsed.place_of("stated", [r.id]) or place,
                    subject=r.id,
                    message=f"red line {r.id} is stated on {r.stated}, later than every document cited for it "
                    f"(the latest: {max(cited)})",
                )
            )
    return found


def _solver_warnings(scenario: Scenario, as_of: str | None, deadline: float | None) -> tuple[list[Finding], bool]:
    """What the solver can tell about red lines, parties and options; (warnings, complete)."""
    catalogue, solver = scenario.catalogue, scenario.solver
    warnings = [
        Finding(
            code="party_without_red_lines",
            place=_place(scenario, "party", p.id),
            subject=p.id,
            message=f"party {p.id} has no red lines: it accepts every deal",
        )
        for p in catalogue.parties
        if not any(r.party == p.id for r in catalogue.red_lines)
    ]
    try:
        if not solver.find([], deadline).satisfiable:
            warnings.append(
                Finding(
                    code="no_deal_at_all",
                    place=None,
                    message="the background constraints alone admit no deal: no red line can be blamed",
                )
            )
            return warnings, True
        about_red_lines = _red_line_warnings(scenario, deadline)
        warnings += about_red_lines
        never = {f.subject for f in about_red_lines if f.code == "never_violated" and f.subject is not None}
        owned = _owned(scenario, as_of)
        contradicting = _contradicting_parties(scenario, as_of, deadline, warnings)
        warnings += _redundant(scenario, owned, contradicting, never, deadline)
        warnings += _excluded_options(scenario, owned, contradicting, deadline)
    except Timeout:
        return warnings, False
    return warnings, True


def _owned(scenario: Scenario, as_of: str | None) -> dict[str, list[str]]:
    """Each party's red lines in force now (or as of the date)."""
    owned: dict[str, list[str]] = {p.id: [] for p in scenario.catalogue.parties}
    for r in scenario.catalogue.red_lines:
        if r.holds(as_of):
            owned.setdefault(r.party, []).append(r.id)
    return owned


BEFORE_ANY_DATE = "0001-01-01"
"""A date before every dated statement: only the undated red lines hold then."""


def _epochs(scenario: Scenario, party: str, as_of: str | None) -> list[str]:
    """The dates on which a party's set of red lines in force can differ: before its first
    dated statement, and each date it stated or withdrew one (only `as_of` when given)."""
    if as_of is not None:
        return [as_of]
    own = [r for r in scenario.catalogue.red_lines if r.party == party]
    return [BEFORE_ANY_DATE, *sorted({d for r in own for d in (r.stated, r.withdrawn) if d is not None})]


def _red_line_warnings(scenario: Scenario, deadline: float | None) -> list[Finding]:
    solver, found = scenario.solver, []
    for r in scenario.catalogue.red_lines:
        literal = solver.violated_literal(r.id)
        place = _place(scenario, "red_line", r.id)
        if literal is None or not solver.find([], deadline, extra=[literal]).satisfiable:
            found.append(
                Finding(
                    code="never_violated",
                    place=place,
                    subject=r.id,
                    message=f"red line {r.id} of {r.party} is violated by no deal: it never binds",
                )
            )
        elif not solver.find([], deadline, extra=[-literal]).satisfiable:
            found.append(
                Finding(
                    code="always_violated",
                    place=place,
                    subject=r.id,
                    message=f"red line {r.id} of {r.party} is violated by every deal: no deal can satisfy it",
                )
            )
    return found


def _contradicting_parties(
    scenario: Scenario, as_of: str | None, deadline: float | None, warnings: list[Finding]
) -> set[str]:
    """Parties whose own red lines, among those in force together on some date, admit no
    deal; each gets a warning naming a conflict and the first such date."""
    contradicting = set()
    for party in scenario.catalogue.parties:
        for day in _epochs(scenario, party.id, as_of):
            own = [r.id for r in scenario.catalogue.red_lines if r.party == party.id and r.holds(day)]
            if not own or scenario.solver.find(own, deadline).satisfiable:
                continue
            contradicting.add(party.id)
            left = None if deadline is None else max(0.1, deadline - time.monotonic())
            found = why(scenario, parties=[party.id], as_of=day, limit=3, timeout=left, with_concessions=False)
            named = "; ".join("{" + ", ".join(c.red_lines) + "}" for c in found.conflicts)
            more = "" if found.complete and len(found.conflicts) <= 3 else " and maybe more"
            when = "before any dated statement" if day == BEFORE_ANY_DATE else f"as of {day}"
            warnings.append(
                Finding(
                    code="party_contradicts_itself",
                    place=_place(scenario, "party", party.id),
                    subject=party.id,
                    message=f"party {party.id}'s own red lines {when} admit no deal: {named}{more} collide",
                )
            )
            break
    return contradicting


def _redundant(
    scenario: Scenario, owned: dict[str, list[str]], contradicting: set[str], never: set[str], deadline: float | None
) -> list[Finding]:
    """A red line that the owner's other red lines already imply, with the fewest of those.
    Skipped: the red lines of parties contradicting themselves (all would be implied) and
    red lines never violated (reported as such)."""
    solver, found = scenario.solver, []
    for r in scenario.catalogue.red_lines:
        literal = solver.violated_literal(r.id)
        if r.party in contradicting or r.id in never or literal is None:
            continue
        others = [o for o in owned[r.party] if o != r.id]
        if not others or solver.find(others, deadline, extra=[literal]).satisfiable:
            continue
        implying = list(others)
        for other in others:  # shrink to a minimal set that still implies it
            rest = [o for o in implying if o != other]
            if not solver.find(rest, deadline, extra=[literal]).satisfiable:
                implying = rest
        found.append(
            Finding(
                code="redundant_red_line",
                place=_place(scenario, "red_line", r.id),
                subject=r.id,
                message=f"red line {r.id} of {r.party} is implied by its other red lines "
                f"{', '.join(implying)}: every deal they accept, it accepts",
            )
        )
    return found


def _excluded_options(
    scenario: Scenario, owned: dict[str, list[str]], contradicting: set[str], deadline: float | None
) -> list[Finding]:
    """Options no deal can have: because of the background, or because every party (with
    red lines that admit some deal) rules them out."""
    solver, found = scenario.solver, []
    parties = [p for p, own in owned.items() if own and p not in contradicting]
    for issue in scenario.catalogue.issues:
        for option in issue.options:
            literal = solver.deal_literal(issue.id, option.id)
            place = scenario.parsed.place_of("option", [issue.id, option.id])
            if literal is None or not solver.find([], deadline, extra=[literal]).satisfiable:
                found.append(
                    Finding(
                        code="option_excluded_by_background",
                        place=place,
                        subject=f"({issue.id},{option.id})",
                        message=f"option {option.id} of {issue.id} is ruled out by the background constraints",
                    )
                )
            elif len(parties) > 1 and all(
                not solver.find(owned[p], deadline, extra=[literal]).satisfiable for p in parties
            ):
                found.append(
                    Finding(
                        code="option_excluded_by_every_party",
                        place=place,
                        subject=f"({issue.id},{option.id})",
                        message=f"option {option.id} of {issue.id} is ruled out by every party's red lines",
                    )
                )
    return found


def _variables_as_options(scenario: Scenario) -> list[Finding]:
    """`deal(i, Closed)` in a rule: the capital makes Closed a variable, which matches every
    option of i, where the option closed was likely meant. A variable is legitimate in a
    rule, so this is a warning, given only when the lower-cased name is such an option."""
    options = {i.id: {o.id for o in i.options} for i in scenario.catalogue.issues}
    found = []
    for ref in scenario.parsed.references:
        issue = ref.arguments[0] if ref.name == "deal" else None
        variable = ref.variables[1] if issue is not None and len(ref.variables) == 2 else None
        if variable is not None and issue is not None and variable.lower() in options.get(issue, ()):
            found.append(
                Finding(
                    code="variable_as_option",
                    place=ref.place,
                    subject=f"({issue},{variable.lower()})",
                    message=f"deal({issue},{variable}) in a rule: {variable} is a variable, which matches every "
                    f"option of {issue}; did you mean the option {variable.lower()}?",
                )
            )
    return found


def _repeated_facts(scenario: Scenario) -> list[Finding]:
    return [
        Finding(code="repeated_fact", message=f"{fact} is written again (first at {first})", place=place, subject=fact)
        for fact, place, first in scenario.parsed.repeated
        if fact.split("(")[0] not in DECLARATIONS
    ]


def _place(scenario: Scenario, name: str, first: str, last: bool = False) -> str | None:
    """Where the declaration of an id is written (its first fact, or with `last` its last)."""
    return scenario.parsed.place_of(name, [first], last=last)


def _source_place(scenario: Scenario, red_line: str, document: str, quote: str) -> str | None:
    fact = clingo.Function("source", [clingo.parse_term(red_line), clingo.parse_term(document), clingo.String(quote)])
    return scenario.parsed.place(fact) or _place(scenario, "red_line", red_line)
