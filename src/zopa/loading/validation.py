"""Input checks beyond syntax: the findings of rules/checks.lp in words and with their
place, and the checks that are simpler in Python (values, dates, facts that must be facts).
"""

from __future__ import annotations

import datetime
import re

import clingo

from zopa.catalogue import EVIDENCE_GRADES, Catalogue
from zopa.errors import ZopaError, closest
from zopa.loading.facts import facts, string
from zopa.loading.parse import Parsed, Reference
from zopa.vocabulary import FACTS

# What each input check of checks.lp means, in words; {0}, {1}, ... are the fact's arguments.
CHECK_MESSAGES = {
    "no_issues": "the scenario declares no issue: add issue/1 and option/2 facts",
    "no_options": "issue {0} has no option: add option({0}, ...) facts",
    "unknown_party": "party {1} of red line {0} is not declared by party/1",
    "unknown_red_line": "red line {0} is not declared by red_line/2",
    "unknown_document": "document {1} is not declared by document/3",
    "two_owners": "red line {0} is declared for more than one party",
    "two_costs": "red line {0} has more than one cost/2: give it one",
    "two_grades": "red line {0} has more than one evidence/2 grade: give it one",
    "two_status_quos": "issue {0} has more than one status_quo/2 option: give it one",
    "withdrawn_not_after_stated": "red line {0} is withdrawn on {1}, not after it was stated: "
    "withdrawn/2 must come later than stated/2",
}


class _Ids:
    """The catalogue's ids, to name the nearest known one when an unknown one is used."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.names = {
            "issues": [i.id for i in catalogue.issues],
            "parties": [p.id for p in catalogue.parties],
            "red_lines": [r.id for r in catalogue.red_lines],
        }
        self.options = {i.id: [o.id for o in i.options] for i in catalogue.issues}

    def hint(self, word: str, kind: str) -> str:
        """The known ids of this kind nearest to an unknown one."""
        return closest(word, self.names[kind], kind.replace("_", " "))


def _check_message(code: str, subject: clingo.Symbol, ids: _Ids) -> str:
    args = [str(a) for a in subject.arguments]
    if code == "unknown_issue":
        issue = args[0] if subject.name in ("option", "deal", "status_quo") else args[1]
        owner = f"red line {args[0]}: " if subject.name in ("forbids", "requires") else ""
        hint = closest(issue, ids.names["issues"], "issues")
        return f"{owner}{subject} names issue {issue}, which is not declared ({hint})"
    if code == "unknown_option":
        issue, option = (args[0], args[1]) if subject.name in ("deal", "status_quo") else (args[1], args[2])
        owner = f"red line {args[0]}: " if subject.name in ("forbids", "requires") else ""
        choices = ids.options.get(issue, [])
        hint = closest(option, choices, "options")
        return f"{owner}{subject} names option {option}, which issue {issue} does not have ({hint})"
    if code == "unknown_party" and subject.name == "wants":
        return f"party {args[0]} of {subject} is not declared ({ids.hint(args[0], 'parties')})"
    if code == "unknown_party":
        hint = ids.hint(args[1], "parties")
        return f"red line {args[0]} names party {args[1]}, which is not declared ({hint})"
    if code == "two_dates":
        return f"red line {args[0]} has more than one {subject.name}/2 date: give it one"
    if code == "withdrawn_not_after_stated":
        return CHECK_MESSAGES[code].format(args[0], string(subject.arguments[1]))
    if code == "unknown_red_line":
        hint = ids.hint(args[0], "red_lines")
        return f"{subject} names red line {args[0]}, which is not declared by red_line/2 ({hint})"
    template = CHECK_MESSAGES.get(code, code.replace("_", " ") + " in {subject}")
    return template.format(*args, subject=subject)


def input_errors(control: clingo.Control, parsed: Parsed, catalogue: Catalogue) -> list[ZopaError]:
    ids = _Ids(catalogue)
    problems = []
    for s in facts(control, parsed, "zopa_error", 2):
        code, subject = s.arguments
        place = parsed.place(subject) if subject.type == clingo.SymbolType.Function and subject.arguments else None
        problems.append(ZopaError(_check_message(code.name, subject, ids), place, code=code.name))
    named_by_facts = {str(s.arguments[0]) for kind in ("forbids", "requires") for s in facts(control, parsed, kind, 3)}
    for atom in control.symbolic_atoms.by_signature("violated", 1):
        r = str(atom.symbol.arguments[0])
        if r in ids.names["red_lines"] or r in named_by_facts:  # the latter reported by checks.lp
            continue
        rules = parsed.violation_rules.get(r)
        place = rules[0].place if rules else parsed.general_rules[0].place if parsed.general_rules else None
        problems.append(
            ZopaError(
                f"a violated/1 rule names red line {r}, which is not declared by red_line/2 "
                f"({ids.hint(r, 'red_lines')})",
                place,
                code="unknown_red_line",
            )
        )
    problems += [found for ref in parsed.references if (found := _unknown_reference(ref, ids))]
    for name, arity in FACTS:
        for atom in control.symbolic_atoms.by_signature(name, arity):
            if not atom.is_fact:
                place = parsed.rule_heads.get((name, arity))
                problems.append(
                    ZopaError(
                        f"{atom.symbol} may or may not hold: {name}/{arity} must be facts (or follow from facts)",
                        place,
                        code="not_a_fact",
                    )
                )
    for name, arity, position, what in (("wants", 4, 3, "weight"), ("cost", 2, 1, "cost")):
        for s in facts(control, parsed, name, arity):
            value = s.arguments[position]
            if value.type != clingo.SymbolType.Number or value.number <= 0:
                problems.append(
                    ZopaError(f"{s}: the {what} must be a positive integer", parsed.place(s), code="bad_number")
                )
    for s in facts(control, parsed, "evidence", 2):
        if str(s.arguments[1]) not in EVIDENCE_GRADES:
            problems.append(
                ZopaError(
                    f"{s}: the grade must be one of {', '.join(EVIDENCE_GRADES)}", parsed.place(s), code="bad_grade"
                )
            )
    for name, arity in (("proposed", 1), ("interim", 0)):
        for s in facts(control, parsed, name, arity):
            problems.append(
                ZopaError(
                    f"{s}: {name}/{arity} describes a plan; it belongs in the plan file given to `zopa check`, "
                    "not in a scenario or a --with file",
                    parsed.place(s),
                    code="misplaced_plan_fact",
                )
            )
    for name, arity, position in (("document", 3, 2), ("stated", 2, 1), ("withdrawn", 2, 1)):
        for s in facts(control, parsed, name, arity):
            value = s.arguments[position]
            if value.type != clingo.SymbolType.String or not is_date(value.string):
                problems.append(
                    ZopaError(f'{s}: the date must be a string "YYYY-MM-DD"', parsed.place(s), code="bad_date")
                )
    return problems


def _unknown_reference(ref: Reference, ids: _Ids) -> ZopaError | None:
    """A rule's atom that names an id the catalogue lacks: the rule could never apply."""
    written = f"{ref.name}({','.join(a if a is not None else '_' for a in ref.arguments)})"
    kinds = {
        "deal": ("issue", "option"),
        "option": ("issue", "option"),
        "issue": ("issue",),
        "party": ("party",),
        "red_line": ("red_line", "party"),
    }[ref.name]
    for kind, value in zip(kinds, ref.arguments, strict=False):
        if value is None:
            continue
        if kind == "option":
            issue = ref.arguments[0]
            known = ids.options.get(issue) if issue is not None else None
            if known is None or value in known:
                continue  # an unknown issue is reported as such
            return ZopaError(
                f"{written} in a rule names option {value}, which issue {issue} does not have "
                f"({closest(value, known, 'options')}): the rule can never apply",
                ref.place,
                code="unknown_option",
            )
        plural = {"issue": "issues", "party": "parties", "red_line": "red_lines"}[kind]
        if value not in ids.names[plural]:
            what = kind.replace("_", " ")
            return ZopaError(
                f"{written} in a rule names {what} {value}, which is not declared "
                f"({ids.hint(value, plural)}): the rule can never apply",
                ref.place,
                code=f"unknown_{kind}",
            )
    return None


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_date(text: str) -> bool:
    """YYYY-MM-DD and a real day. (date.fromisoformat alone also takes ISO week dates such
    as 2025-W10-1, which have the same length.)"""
    if not DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
