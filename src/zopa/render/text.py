"""Plain-text views for the terminal. Deterministic, so tests can pin them.

Each view gives the answer in its first lines, then the details. Suggested commands carry
the options that defined the question (`Asked`), so that they run when pasted; `fit` wraps
a view to the terminal's width.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zopa.catalogue import Catalogue, RedLine
from zopa.errors import printable
from zopa.results import (
    CheckResult,
    CoalitionsResult,
    Concession,
    Deal,
    DealCount,
    DealsResult,
    LintResult,
    OptionsResult,
    ParetoResult,
    ShowResult,
    TimelineDate,
    TimelineResult,
    WhatIfResult,
    WhyResult,
)

if TYPE_CHECKING:
    from zopa.analyses.deals import Listing

NAMED_AT_MOST = 12


@dataclass(frozen=True)
class Asked:
    """The options of a command line that define its question: the scenario, the parties
    enforced, the date, the evidence grade and the concessions already made. A command the
    view suggests carries them, or, pasted, it would answer another question."""

    positions: str | None = None
    extra: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    concede: tuple[str, ...] = ()
    as_of: str | None = None
    evidence: str | None = None

    def command(self, name: str, *options: str, concede: Sequence[str] = ()) -> str:
        """`zopa NAME` with the question's options, these options, and more concessions."""
        words = ["zopa", name]
        if self.positions is not None:
            words += ["--positions", self.positions]
        for path in self.extra:
            words += ["--with", path]
        for party in self.parties:
            words += ["--party", party]
        if self.as_of is not None:
            words += ["--as-of", self.as_of]
        if self.evidence is not None:
            words += ["--evidence", self.evidence]
        words += options
        for red_line in [*self.concede, *(r for r in concede if r not in self.concede)]:
            words += ["--concede", red_line]
        return shlex.join(words)


ASKED_NOTHING = Asked()
"""The bundled scenario, every party, now: the library's own defaults."""


def fit(text: str, width: int) -> str:
    """A view wrapped to `width` columns. A longer line breaks at spaces and goes on indented
    under itself; a suggested command goes on after a backslash, so it still runs when
    pasted into a shell."""
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        if line.lstrip().startswith("zopa "):
            lines += _continued(line, width, indent)
            continue
        item = re.match(r" *(\d+\. +|- )", line)  # a numbered or bulleted item goes on under its text
        hanging = " " * item.end() if item else indent + "  "
        lines += textwrap.wrap(line, width, subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)


def _continued(command: str, width: int, indent: str) -> list[str]:
    """A shell command over several lines, each but the last ending in a backslash."""
    words = [shlex.quote(word) for word in shlex.split(command)]
    # An option stays on one line with its value.
    pieces: list[str] = []
    for word in words:
        if pieces and pieces[-1].startswith("--") and " " not in pieces[-1] and not word.startswith("--"):
            pieces[-1] += " " + word
        else:
            pieces.append(word)
    lines, current = [], ""
    for word in pieces:
        if current and len(current) + 1 + len(word) + 2 > width:
            lines.append(current + " \\")
            current = indent + "    " + word
        else:
            current = f"{current} {word}" if current else indent + word
    return [*lines, current]


def _names(ids: list[str]) -> str:
    """The ids, or the first few and how many more: a sentence stays a sentence."""
    if len(ids) > NAMED_AT_MOST:
        return ", ".join(ids[: NAMED_AT_MOST - 2]) + f" and {len(ids) - NAMED_AT_MOST + 2} more"
    return ", ".join(ids) if ids else "none"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def _verb(count: int, verb: str) -> str:
    """A verb agreeing with a count: 1 conflict blocks, 2 conflicts block."""
    return verb + "s" if count == 1 else verb


def _red_lines_of(count: int, parties: list[str]) -> str:
    return _plural(count, "red line") + (f" of {_names(parties)}" if parties else "")


def _deal_rows(catalogue: Catalogue, deal: Deal, issues: list[str]) -> list[str]:
    """One row per issue, its label and the option's (`--json` and `zopa show` give ids)."""
    by_id = {i.id: i for i in catalogue.issues}
    rows = []
    for issue_id in issues:
        issue = by_id[issue_id]
        option = next((o for o in issue.options if o.id == deal[issue_id]), None)
        rows.append((issue.label, option.label if option else deal[issue_id]))
    width_issue = min(ISSUE_COLUMN, max((len(r[0]) for r in rows), default=0))
    return [f"  {a:<{width_issue}}  {b}" for a, b in rows]


ISSUE_COLUMN = 32
"""Characters of the issue column in a deal's rows: rows fit 80 columns but for long labels."""


def deals(result: DealsResult, catalogue: Catalogue, asked: Asked = ASKED_NOTHING) -> str:
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    if not result.feasible:
        if result.timed_out:
            return (
                f"No deal found within the time limit under the {whose}.\n"
                "The search was cut short: raise --timeout (0: no bound) to search on.\n"
            )
        return (
            f"No feasible deal: no settlement satisfies the {whose}.\n"
            f"Run `{asked.command('why')}` to see which red lines collide and which concessions would open a deal.\n"
        )
    more = _cut(result.complete, result.timed_out, " (--limit 0 lists all)")
    lines = [f"{_plural(len(result.deals), 'feasible deal')} under the {whose}{more}.", ""]
    first = result.deals[0]
    for n, deal in enumerate(result.deals, start=1):
        satisfied = result.satisfaction[n - 1] if n <= len(result.satisfaction) else None
        lines += ([""] if n > 1 else []) + _deal_block(n, deal, first, catalogue, satisfied)
    return "\n".join(lines) + "\n"


def _deal_block(n: int, deal: Deal, first: Deal, catalogue: Catalogue, satisfied: dict[str, int] | None) -> list[str]:
    """Deal n of a list: the first in full, a later one as its differences from the first;
    then how satisfied each party is."""
    if n == 1:
        block = ["Deal 1", *_deal_rows(catalogue, deal, list(deal))]
    else:
        changed = [issue for issue in deal if deal[issue] != first.get(issue)]
        block = [f"Deal {n}: as deal 1, except", *_deal_rows(catalogue, deal, changed)]
    return block + _satisfaction_line(satisfied, catalogue)


def _satisfaction_line(satisfied: dict[str, int] | None, catalogue: Catalogue) -> list[str]:
    """The satisfaction line, unless no enforced party has soft demands (every value 0)."""
    if not satisfied or not any(w.party in satisfied for w in catalogue.wants):
        return []
    return [_satisfied(satisfied)]


def _satisfied(satisfied: dict[str, int]) -> str:
    """One line: each party's satisfaction (the weights of its soft demands met)."""
    return "  satisfaction: " + ", ".join(f"{party} {value}" for party, value in satisfied.items())


def _whose(
    red_lines_checked: int,
    parties: list[str],
    conceded: list[str],
    as_of: str | None = None,
    evidence: str = "inferred",
) -> str:
    """Whose red lines a question enforced, and how they were read: "the 30 red lines of
    russia, ukraine as of 2025-03-11 (conceded: ...)"."""
    whose = _red_lines_of(red_lines_checked, parties)
    if as_of is not None or evidence != "inferred":
        whose += " " + _asked(as_of, evidence)
    return whose + (f" (conceded: {_names(conceded)})" if conceded else "")


def deals_as_found(listing: Listing, catalogue: Catalogue, asked: Asked = ASKED_NOTHING) -> Iterator[str]:
    """`deals --limit 0`: each deal as it is found (the first in full, the rest as their
    differences from it), then how many there were and whether that is all."""
    enforcement = listing.enforcement
    whose = _whose(
        len(enforcement.red_lines),
        enforcement.parties,
        enforcement.conceded,
        enforcement.as_of,
        enforcement.evidence,
    )
    first: Deal | None = None
    for deal in listing:
        before = [f"Feasible deals under the {whose}, as they are found:"] if first is None else []
        first = first or deal
        block = _deal_block(listing.listed, deal, first, catalogue, listing.satisfaction(deal))
        yield "\n".join([*before, "", *block]) + "\n"
    if first is None:
        yield deals(listing.result([]), catalogue, asked)
        return
    cut = _cut(listing.complete, listing.timed_out, "")
    yield f"\n{_plural(listing.listed, 'feasible deal')} under the {whose}{cut}.\n"


def _cut(complete: bool, timed_out: bool, how_to_see_all: str) -> str:
    """How a list of deals ends: all there are, or what cut it."""
    if timed_out:
        return "; the search stopped at the time limit, more may exist (--timeout 0: no bound)"
    return f"; more exist{how_to_see_all}" if not complete else " (all there are)"


def deal_count(result: DealCount) -> str:
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    if result.complete:
        return f"{_plural(result.count, 'feasible deal')} under the {whose}.\n"
    return (
        f"At least {_plural(result.count, 'feasible deal')} under the {whose}: "
        "the count was cut short (--timeout 0: no bound).\n"
    )


def _condition(red_line: RedLine) -> list[str]:
    parts = [f"forbids {c.issue}={c.option}" for c in red_line.forbids]
    needs: dict[str, list[str]] = {}
    for c in red_line.requires:
        needs.setdefault(c.issue, []).append(c.option)
    parts += [f"requires {issue}={' or '.join(options)}" for issue, options in needs.items()]
    parts += [f"{rule.text}  ({rule.place})" for rule in red_line.rules]
    if not parts and red_line.issues:
        parts.append("set by general violated/1 rules; they read " + ", ".join(red_line.issues))
    return parts


def show(shown: ShowResult, catalogue: Catalogue) -> str:
    titles = {d.id: d for d in catalogue.documents}
    parties = [p.id for p in shown.parties]
    lines = [f"Parties ({len(parties)} of {len(catalogue.parties)})"]
    for p in shown.parties:
        own = sum(1 for r in shown.red_lines if r.party == p.id)
        lines.append(f"  {p.id:<20} {p.label} ({own} red line{'s' if own != 1 else ''})")
    lines += ["", f"Issues ({len(catalogue.issues)})"]
    for issue in catalogue.issues:
        lines.append(f"  {issue.id:<20} {issue.label}")
        for option in issue.options:
            status = "  [status quo]" if option.id == issue.status_quo else ""
            lines.append(f"      {option.id:<24} {option.label}{status}")
    idle = set(shown.not_in_force)
    asked = _asked(shown.as_of, shown.evidence)
    heading = f"Red lines ({len(shown.red_lines)}"
    heading += f"; {len(idle)} not in force {asked})" if idle else ")"
    lines += ["", heading]
    for party in shown.parties:
        lines.append(f"  {party.label}")
        for r in (r for r in shown.red_lines if r.party == party.id):
            flags = " [conceded]" if r.conceded else ""
            flags += f" [not in force {asked}]" if r.id in idle else ""
            lines.append(f"    {r.id}: {r.label}{flags}")
            for condition in _condition(r) or ["no condition: no deal can violate it"]:
                lines.append(f"        {condition}")
            for s in r.sources:
                doc = titles.get(s.document)
                cite = f"{doc.title}, {doc.date}" + (f", {doc.file}" if doc.file else "") if doc else s.document
                lines.append(f"        “{s.quote}”")
                lines.append(f"          — {cite}")
            lines.append(f"        {_dating(r)}")
    if shown.wants:
        labels = {(i.id, o.id): o.label for i in catalogue.issues for o in i.options}
        lines += ["", f"Soft demands ({len(shown.wants)}): what each party prefers, by weight; they never block a deal"]
        for party in shown.parties:
            theirs = sorted((w for w in shown.wants if w.party == party.id), key=lambda w: -w.weight)
            if theirs:
                lines.append(f"  {party.label}")
                lines += [
                    f"    {w.weight:>2}  {w.issue}={w.option}  ({labels.get((w.issue, w.option), w.option)})"
                    for w in theirs
                ]
    grades = {g: sum(1 for r in shown.red_lines if r.evidence == g) for g in ("direct", "reported", "inferred")}
    lines += ["", "Evidence: " + ", ".join(f"{n} {g}" for g, n in grades.items()) + "."]
    if shown.inferred_conflicts or not shown.conflicts_complete:
        cut = "" if shown.conflicts_complete else " (the search was cut short: maybe more)"
        lines.append(f"Conflicts that rest on inferred red lines{cut}:")
        for c in shown.inferred_conflicts:
            lines.append(f"  {{{', '.join(c.red_lines)}}}: inferred {', '.join(c.inferred)}")
    else:
        lines.append("No conflict rests on an inferred red line.")
    return "\n".join(lines) + "\n"


def _asked(as_of: str | None, evidence: str) -> str:
    """How the positions were read, in words: "as of 2025-03-11, direct evidence only"."""
    when = f"as of {as_of}" if as_of else "as they stand now"
    grade = {"direct": ", direct evidence only", "reported": ", direct or reported evidence only"}.get(evidence, "")
    return when + grade


def _dating(red_line: RedLine) -> str:
    """When a red line holds and how well it is supported, in one line."""
    grade = red_line.evidence if red_line.graded else "inferred (ungraded)"
    since = f"stated {red_line.stated}" if red_line.stated else "undated (holds at every date)"
    until = f", withdrawn {red_line.withdrawn}" if red_line.withdrawn else ""
    return f"evidence: {grade}; {since}{until}"


def _quote(red_line: RedLine, catalogue: Catalogue, indent: str) -> list[str]:
    if not red_line.sources:
        return []
    source = red_line.sources[0]
    doc = next((d for d in catalogue.documents if d.id == source.document), None)
    where = f"{doc.title}, {doc.date}" if doc else source.document
    return [f"{indent}“{source.quote}” ({where})"]


def _who(ids: list[str], catalogue: Catalogue) -> str:
    labels = {p.id: p.label for p in catalogue.parties}
    return ", ".join(labels.get(p, p) for p in ids)


SHOWN_PER_CLUSTER = 8


def _drops(red_lines: list[str], red: dict[str, RedLine], catalogue: Catalogue) -> str:
    """`Russia drops ru_a, ru_b; Ukraine drops ua_c`: each party's part of a concession set."""
    labels = {p.id: p.label for p in catalogue.parties}
    by_party: dict[str, list[str]] = {}
    for r in red_lines:
        by_party.setdefault(red[r].party, []).append(r)
    return "; ".join(f"{labels.get(party, party)} drops {', '.join(ids)}" for party, ids in by_party.items())


def _size(concession: Concession) -> str:
    """`2 red lines`, and their cost when cost/2 makes it differ from the count."""
    count = len(concession.red_lines)
    return _plural(count, "red line") + (f" (cost {concession.cost})" if concession.cost != count else "")


def why(result: WhyResult, catalogue: Catalogue, asked: Asked = ASKED_NOTHING) -> str:
    """The answer first (feasible or not, how many conflicts, the cheapest concession sets,
    who must move, the best deal they open), then the conflicts by red-line id and label,
    the concession sets by cluster, and last each quoted red line's source, once."""
    whose = "the " + _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    if result.background_infeasible:
        return (
            "No feasible deal, and no red line is to blame: the background constraints alone\n"
            "admit no deal. Check the scenario's integrity constraints (`:- ...`).\n"
        )
    if result.feasible:
        lines = [
            f"A deal exists: nothing blocks one under {whose}. The one the nash rule chooses among the "
            "Pareto-optimal deals:",
            "",
        ]
        lines += _deal_rows(catalogue, result.deal or {}, list(result.deal or {}))
        lines += _satisfaction_line(result.satisfaction, catalogue)
        lines += [
            "",
            f"`{asked.command('deals')}` lists more; `{asked.command('deals', '--pareto')}` every Pareto-optimal one.",
        ]
        return "\n".join(lines) + "\n"
    if not result.decided:
        return f"Time ran out before zopa could tell whether any deal satisfies {whose} (raise --timeout).\n"
    if not result.conflicts and not result.concessions:
        return f"No feasible deal under {whose}; the search for reasons ran out of time (raise --timeout).\n"
    red = {r.id: r for r in catalogue.red_lines}
    lines = [f"No feasible deal under {whose}.", _blocking(result)]
    lines += _cheapest_summary(result, red, catalogue, asked)
    lines += _conflict_list(result, red, catalogue)
    lines += _clusters(result, red, catalogue)
    shown = {r for c in result.conflicts for r in c.red_lines} | {
        r for c in result.concessions[:1] for r in c.red_lines
    }
    lines += _sources([r for r in red if r in shown], red, catalogue)
    return "\n".join(lines) + "\n"


def _blocking(result: WhyResult) -> str:
    """How many conflicts block a deal, and how many rest on inferred red lines."""
    count = len(result.conflicts)
    verb = _verb(count, "block")
    at_least = "" if result.explained else "At least "
    sentence = f"{at_least}{_plural(count, 'conflict')} {verb} every deal"
    sentence = sentence[0].upper() + sentence[1:]
    resting = sum(1 for c in result.conflicts if c.inferred)
    if resting:
        sentence += f"; {resting} rest on red lines analysts inferred (`--evidence reported` leaves those out)"
    cut = "" if result.explained else " (the search was cut short by --limit or --timeout)"
    return sentence + cut + "."


def _cheapest_summary(result: WhyResult, red: dict[str, RedLine], catalogue: Catalogue, asked: Asked) -> list[str]:
    """The cheapest concession sets, who must move, and the best deals they open."""
    if not result.concessions:
        return []
    cheapest = result.concessions[0]
    total = f"{result.concession_sets:,} minimal sets in all" if result.concession_sets else "more may exist"
    lines = [
        "",
        f"Cheapest concession set ({_size(cheapest)}; {total}):",
        "  " + _drops(cheapest.red_lines, red, catalogue),
    ]
    if result.cheapest_sets is not None and result.cheapest_common is not None:
        shared = (
            "the only one of its cost" if result.cheapest_sets == 1 else f"one of {result.cheapest_sets:,} of that cost"
        )
        common = (
            f"every one withdraws {_names(result.cheapest_common)}"
            if result.cheapest_common
            else "no red line is in every one"
        )
        lines.append(f"  It is {shared}; {common}.")
    lines.append("  " + asked.command("deals", concede=cheapest.red_lines))
    if result.party_concessions:
        ranked = sorted(result.party_concessions.items(), key=lambda item: -item[1])
        lines.append(
            f"Who must move: of the {result.concession_sets:,} minimal concession sets, "
            + ", ".join(f"{_who([party], catalogue)} is in {count:,}" for party, count in ranked)
            + "."
        )
    if cheapest.deal:
        lines += ["", "The best deal it opens (the nash rule's choice among the Pareto-optimal deals):"]
        lines += _satisfaction_line(cheapest.satisfaction, catalogue)
        lines += _deal_rows(catalogue, cheapest.deal, list(cheapest.deal))
    others = [c for c in result.concessions[1:] if c.deal]
    if others:
        wanted = any(_satisfaction_line(c.satisfaction, catalogue) for c in others)
        lines += [
            "",
            "The next concession sets"
            + (", and how satisfied each party is with the best deal each opens:" if wanted else ":"),
        ]
        for c in others:
            lines.append(f"  {_size(c)}: {_drops(c.red_lines, red, catalogue)}")
            lines += ["  " + line for line in _satisfaction_line(c.satisfaction, catalogue)]
    return lines


def _conflict_list(result: WhyResult, red: dict[str, RedLine], catalogue: Catalogue) -> list[str]:
    """The conflicts in canonical order (smallest first, then by their red lines' ids): the
    numbers every command and the graph share."""
    issue_label = {i.id: i.label for i in catalogue.issues}
    party_label = {p.id: p.label for p in catalogue.parties}
    lines = [
        "",
        "Conflicts, smallest first: each is a set of red lines no deal satisfies together; drop any one "
        "and a deal exists.",
    ]
    for n, conflict in enumerate(result.conflicts, start=1):
        on = ", ".join(issue_label.get(i, i) for i in conflict.issues)
        who = _who(conflict.parties, catalogue)
        who = f"{who}: its own red lines" if len(conflict.parties) == 1 else who
        inferred = f" [rests on inferred: {_names(conflict.inferred)}]" if conflict.inferred else ""
        lines += ["", f"{n:>3}. {who} collide on {on}{inferred}"]
        width = max(len(r) for r in conflict.red_lines)
        for r in conflict.red_lines:
            lines.append(f"       {r:<{width}}  {party_label.get(red[r].party, red[r].party)}: {red[r].label}")
    return lines


def _clusters(result: WhyResult, red: dict[str, RedLine], catalogue: Catalogue) -> list[str]:
    """The minimal concession sets of each independent cluster of conflicts."""
    issue_label = {i.id: i.label for i in catalogue.issues}
    lines = [
        "",
        f"Concessions: {_plural(len(result.clusters), 'independent cluster')} of conflicts; "
        "a deal needs one concession set from each.",
    ]
    for n, cluster in enumerate(result.clusters, start=1):
        on = ", ".join(issue_label.get(i, i) for i in cluster.issues)
        more = "" if cluster.complete else " (more exist)"
        lines += [
            "",
            f"  Cluster {n} ({on}): {_plural(len(cluster.concessions), 'minimal concession set')}{more}",
        ]
        for c in cluster.concessions[:SHOWN_PER_CLUSTER]:
            lines.append(f"    {_size(c)}: {_drops(c.red_lines, red, catalogue)}")
        hidden = len(cluster.concessions) - SHOWN_PER_CLUSTER
        if hidden > 0:
            lines.append(f"    ... and {hidden} more (`--json` lists every concession set)")
    return lines


def _sources(red_lines: list[str], red: dict[str, RedLine], catalogue: Catalogue) -> list[str]:
    """Each quote once, in the scenario's order, with the red lines it supports (two red
    lines may rest on the same words), their party, grade and dates."""
    supports: dict[tuple[str, str], list[str]] = {}
    for r in red_lines:
        if red[r].sources:
            first = red[r].sources[0]
            supports.setdefault((first.document, first.quote), []).append(r)
    if not supports:
        return []
    lines = ["", "Sources: what was said, each quote once, with the red lines above that rest on it."]
    for ids in supports.values():
        lines += ["", *_quote(red[ids[0]], catalogue, "  ")]
        lines += [f"    {r} ({red[r].party}; {_dating(red[r])})" for r in ids]
    return lines


def check(result: CheckResult, catalogue: Catalogue, plan_name: str, asked: Asked = ASKED_NOTHING) -> str:
    red = {r.id: r for r in catalogue.red_lines}
    issues = {i.id: i for i in catalogue.issues}
    answered = len(result.plan) + len(result.status_quo)
    lines = [
        f"Plan {plan_name}: answers {len(result.plan)} of {len(catalogue.issues)} issues"
        + (f", {len(result.status_quo)} more keep their status quo" if result.status_quo else "")
        + (f" ({len(result.open_issues)} left open)." if result.open_issues else "."),
        _judged(result),
    ]
    if result.complete and not result.background_violated:
        lines.append(_check_verdict(result))
    if result.status_quo:
        lines += ["", "Not addressed by the plan, so kept as they are (--silence open reads them as open):"]
        lines += _deal_rows(catalogue, result.status_quo, list(result.status_quo))
    if not result.complete:
        return "\n".join(lines + ["The check ran out of time (raise --timeout)."]) + "\n"
    if result.background_violated:
        lines += ["", "The plan breaks a background constraint of the scenario: no deal can complete it."]
    else:
        lines += [
            "",
            "Red lines the plan violates" + (" whatever fills the open issues:" if result.open_issues else ":"),
        ]
        for party in (p for p in catalogue.parties if p.id in result.parties):
            own = [v for v in result.violations if v.party == party.id]
            lines.append(
                f"  {party.label}: " + (f"{len(own)} red line{'s' if len(own) != 1 else ''}" if own else "none")
            )
            for v in own:
                lines.append(f"    {v.red_line} — {v.label}")
                lines += _quote(red[v.red_line], catalogue, "        ")
        if result.at_risk:
            lines += [
                "",
                f"{_plural(len(result.at_risk), 'more red line')} would be violated by some ways of filling the open "
                "issues, not by others (`--json` lists them under at_risk).",
            ]
        verdict = "yes" if result.completable else "no"
        lines += ["", f"Can the plan be completed to a deal every party accepts? {verdict}."]
        if result.satisfaction is not None:
            how = (
                "Completed as the nash rule chooses among the Pareto-optimal completions"
                if result.open_issues
                else "The plan"
            )
            lines.append(f"{how}; satisfaction: {_profile(result.satisfaction)}.")
        if result.improvement is not None and result.improvement_satisfaction is not None:
            lines += [
                "",
                "It is not Pareto-optimal: this deal is better for some parties and worse for none "
                f"(satisfaction: {_profile(result.improvement_satisfaction)}); what it changes:",
            ]
            base = result.completion or {}
            lines += _deal_rows(
                catalogue, result.improvement, [i for i in result.improvement if result.improvement[i] != base.get(i)]
            )
        elif result.satisfaction is not None:
            lines.append(
                "It is Pareto-optimal: no feasible deal is better for one party without being worse for another."
            )
    target = result.nearest if result.nearest is not None else result.closest
    if target is None:
        lines += ["No deal at all is possible: the background constraints admit none."]
        return "\n".join(lines) + "\n"
    changed = len(result.changes)
    if result.nearest is not None:
        lines += ["", f"Nearest feasible deal: changes {changed} of the plan's {answered} answers."]
        lines += _satisfaction_line(result.nearest_satisfaction, catalogue)
    else:
        broken = ", ".join(v.red_line for v in result.closest_violates)
        lines += [
            "",
            f"No deal satisfies every party (see `{asked.command('why')}`). The closest deal breaks the fewest red "
            f"lines ({len(result.closest_violates)}: {broken}) "
            f"and then changes {changed} of the plan's {answered} answers.",
        ]
    for c in result.changes:
        options = {o.id: o.label for o in issues[c.issue].options}
        before, after = options.get(c.plan, c.plan), options.get(c.nearest, c.nearest)
        lines.append(f"  {issues[c.issue].label}: {before} → {after}  [{c.issue}={c.nearest}]")
    if result.open_issues:
        lines += ["", "It fills the open issues with:"]
        lines += _deal_rows(catalogue, target, result.open_issues)
    return "\n".join(lines) + "\n"


def _check_verdict(result: CheckResult) -> str:
    """The answer in one line: what the plan breaks, and whether a deal can complete it."""
    broken = {v.party for v in result.violations}
    violates = (
        f"It violates {_plural(len(result.violations), 'red line')} of {_plural(len(broken), 'party', 'parties')}"
        + (" whatever fills the open issues" if result.open_issues else "")
        if result.violations
        else "It violates no red line"
        if not result.open_issues
        else "No red line is broken by every way of filling the open issues"
    )
    completes = "can" if result.completable else "cannot"
    return f"{violates}; it {completes} be completed to a deal every party accepts."


def _judged(result: CheckResult) -> str:
    """Which positions a plan was judged by."""
    if result.as_of is None:
        when = "as they stand now" + (" (the plan is undated)" if result.proposed is None else "")
    elif result.as_of == result.proposed:
        when = f"as of {result.as_of}, the plan's date"
    else:
        when = f"as of {result.as_of}" + (f" (the plan is dated {result.proposed})" if result.proposed else "")
    grade = {"direct": "; direct evidence only", "reported": "; direct or reported evidence only"}
    return f"Judged by the positions {when}{grade.get(result.evidence, '')}."


def whatif(result: WhatIfResult, catalogue: Catalogue, shown: int) -> str:
    red = {r.id: r for r in catalogue.red_lines}
    labels = {p.id: p.label for p in catalogue.parties}
    numbers = {tuple(c.red_lines): n for n, c in enumerate(result.conflicts, start=1)}
    cut = "" if result.complete else " (cut short by --limit or --timeout)"
    lines = [
        f"What if one side gave way? {result.evaluated} of {result.cases} concessions evaluated{cut}, "
        f"with {_plural(result.red_lines_checked, 'red line')} enforced"
        + (f" ({_asked(result.as_of, result.evidence)})" if result.as_of or result.evidence != "inferred" else "")
        + "; "
        + (
            f"{_plural(len(result.conflicts), 'conflict')} {_verb(len(result.conflicts), 'block')} a deal now."
            if result.conflicts_complete
            else f"at least {_plural(len(result.conflicts), 'conflict')} {_verb(len(result.conflicts), 'block')} "
            "a deal now "
            "(the search for conflicts was cut short)."
        ),
        "Most effective first.",
    ]
    for n, case in enumerate(result.results[:shown], start=1):
        by_party: dict[str, list[str]] = {}
        for r in case.concede:
            by_party.setdefault(red[r].party, []).append(f"“{red[r].label}” ({r})")
        who = " and ".join(f"{labels.get(p, p)} dropped {' and '.join(items)}" for p, items in by_party.items())
        if case.feasible:
            count = f"at least {case.deals}" if case.deals_at_least else str(case.deals)
            effect = f"a deal becomes possible: {count} deal{'s' if case.deals != 1 else ''}"
        else:
            effect = "still no deal"
        conflicts = ", ".join(f"C{numbers.get(tuple(c), '?')}" for c in case.resolves)
        resolved = (
            (
                f"; it resolves {len(case.resolves)} of the {len(result.conflicts)} conflicts ({conflicts}), "
                f"{case.remaining_conflicts} remain"
            )
            if case.resolves
            else "; it resolves no conflict"
        )
        lines += ["", f"{n:>3}. If {who}: {effect}{resolved}."]
        if case.satisfaction is not None and catalogue.wants:
            lines.append(
                f"     The nash rule's choice among the deals it opens: satisfaction {_profile(case.satisfaction)}."
            )
    hidden = len(result.results) - shown
    if hidden > 0:
        lines += ["", f"... and {hidden} more (--show 0 lists all; --json for every case)."]
    if result.conflicts:
        lines += ["", "Conflicts (numbered as `zopa why` numbers them):"]
        for n, c in enumerate(result.conflicts, start=1):
            lines.append(f"  C{n}: " + ", ".join(c.red_lines))
    return "\n".join(lines) + "\n"


def lint(result: LintResult) -> str:
    """One line per finding, `error: FILE:LINE:COL: ... [code]` (or `warning: ...`): the
    format of every error zopa prints; then a summary."""
    # A finding quotes the input, which may hold escape sequences a terminal would obey.
    lines = [
        printable(f"{kind}: {f.place + ': ' if f.place else ''}{f.message} [{f.code}]", most=2000)
        for kind, findings in (("error", result.errors), ("warning", result.warnings))
        for f in findings
    ]
    if not result.checked:
        lines.append(
            f"{_plural(len(result.errors), 'error')}: the scenario could not be loaded, so nothing more was checked."
        )
        return "\n".join(lines) + "\n"
    summary = (
        f"{_plural(len(result.errors), 'error')}, {_plural(len(result.warnings), 'warning')} "
        f"in {_plural(result.red_lines, 'red line')} of {_plural(result.parties, 'party', 'parties')}"
    )
    if result.quotes is not None:
        summary += f"; {_plural(result.quotes, 'quote')} looked up in their sources"
    if not result.complete:
        summary += "; the timeout cut the solver's checks short (--timeout)"
    lines.append(summary + ".")
    return "\n".join(lines) + "\n"


def timeline(result: TimelineResult, catalogue: Catalogue) -> str:
    """A short history: each date, who stated or dropped what, and whether the zone of
    agreement opened or closed."""
    red = {r.id: r for r in catalogue.red_lines}
    labels = {p.id: p.label for p in catalogue.parties}
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, None, result.evidence)
    until = f" up to {_day(result.as_of)}" if result.as_of else ""
    lines = [f"The positions through time{until}: {_plural(len(result.dates), 'date')} with news, the {whose}."]
    if result.background_infeasible:
        lines += ["The background constraints alone admit no deal at any date: no red line is to blame."]
        return "\n".join(lines) + "\n"
    lines += _history_in_short(result)
    if not result.conflicts_complete:
        lines += ["The search for conflicts was cut short (raise --timeout): conflict counts are lower bounds."]
    before = result.before
    if before is not None:
        lines += [
            "",
            f"Undated, held from the start: {_plural(len(result.undated), 'red line')}"
            + (f" ({_names(result.undated)})" if result.undated else "")
            + ".",
            "  " + _verdict(before, None, red),
        ]
    previous = before
    for entry in result.dates:
        news = []
        for party in result.parties:
            for verb, ids in (("states", entry.stated), ("drops", entry.withdrawn)):
                theirs = [f"{r} ({red[r].label})" for r in ids if red[r].party == party]
                if theirs:
                    news.append(f"{labels.get(party, party)} {verb} " + ", ".join(theirs))
        lines += ["", f"{_day(entry.date)}: " + "; ".join(news) + ".", "  " + _verdict(entry, previous, red)]
        previous = entry
    return "\n".join(lines) + "\n"


def _history_in_short(result: TimelineResult) -> list[str]:
    """The answer first: where the history ends, and when a deal was feasible."""
    states = ([result.before] if result.before is not None else []) + result.dates
    if not states:
        return []
    last = states[-1]
    when = _day(last.date) if last in result.dates else "from the start"
    now = (
        "a deal is feasible"
        if last.feasible
        else f"no deal, {_plural(last.conflicts, 'conflict')}"
        + (f", a cheapest concession set of {last.cost}" if last.cost is not None else "")
    )
    spans, opened = [], None
    for entry in states:
        label = _day(entry.date) if entry in result.dates else "the start"
        if entry.feasible and opened is None:
            opened = label
        elif not entry.feasible and opened is not None:
            spans.append(f"from {opened} to {label}")
            opened = None
    if opened is not None:
        spans.append(f"from {opened} on")
    open_when = "A deal was feasible " + ", and ".join(spans) if spans else "No deal was feasible at any date"
    return [f"Last ({when}): {now}. {open_when}."]


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(date: str) -> str:
    """2025-03-11 as 11 Mar 2025."""
    year, month, day = date.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def _verdict(entry: TimelineDate, previous: TimelineDate | None, red: dict[str, RedLine]) -> str:
    """What the date means for the zone of agreement."""
    if not entry.complete and not entry.feasible and entry.cheapest is None:
        return "→ time ran out before this date was decided (raise --timeout)."
    count = ("at least " if not entry.complete else "") + _plural(entry.conflicts, "conflict")
    if entry.feasible:
        change = "the zone opens: " if previous is not None and not previous.feasible else ""
        return f"→ {change}a deal is feasible ({_plural(entry.in_force, 'red line')} in force)."
    change = "the zone closes: " if previous is not None and previous.feasible else ""
    still = "still " if previous is not None and not previous.feasible and not change else ""
    cheapest = ""
    if entry.cheapest is not None:
        cheapest = f"; cheapest concession set ({entry.cost}): {_names(entry.cheapest)}"
    return f"→ {change}{still}no deal: {count} among {_plural(entry.in_force, 'red line')} in force{cheapest}."


def pareto(result: ParetoResult, catalogue: Catalogue, asked: Asked = ASKED_NOTHING) -> str:
    """The Pareto-optimal satisfaction profiles, the fair choice first, each with its deal."""
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    if not result.feasible:
        if not result.complete:
            return f"No deal found within the time limit under the {whose} (raise --timeout).\n"
        return f"No feasible deal under the {whose}: no satisfaction to weigh. Run `{asked.command('why')}`.\n"
    cut = " (all there are)" if result.complete else "; the search was cut short, more may exist"
    lines = [f"{_plural(len(result.frontier), 'Pareto-optimal satisfaction profile')} under the {whose}{cut}."]
    if result.fair is not None:
        lines.append(f"Fair choice ({result.fair.rule}): {_profile(result.fair.satisfaction)}.")
        if result.rules_agree:
            lines.append("nash, leximin and welfare agree on it.")
        else:
            others = [f"{rule} chooses {_profile(p)}" for rule, p in result.choices.items() if rule != result.fair.rule]
            lines.append("The rules differ: " + "; ".join(others) + ".")
    lines.append(f"Best each party can get: {_profile(result.best)}.")
    lines += ["", "Profiles, the fair choice first (each with the first deal in issue and option order that gives it):"]
    for n, point in enumerate(result.frontier, start=1):
        lines.append(f"  {n:>2}. {_profile(point.satisfaction)}")
    first = result.frontier[0].deal
    for n, point in enumerate(result.frontier, start=1):
        lines += ["", *_deal_block(n, point.deal, first, catalogue, point.satisfaction)]
    return "\n".join(lines) + "\n"


def _profile(satisfied: dict[str, int]) -> str:
    return ", ".join(f"{party} {value}" for party, value in satisfied.items())


def options(result: OptionsResult, catalogue: Catalogue, asked: Asked = ASKED_NOTHING) -> str:
    """Per issue: what every feasible deal contains, what is still open, what is ruled out."""
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    if not result.feasible:
        if not result.complete:
            return f"Time ran out before zopa could tell whether a deal satisfies the {whose} (raise --timeout).\n"
        return f"No feasible deal under the {whose}: no option is open. Run `{asked.command('why')}`.\n"
    issues = {i.id: i for i in catalogue.issues}
    label = {(i.id, o.id): o.label for i in catalogue.issues for o in i.options}
    forced = [(i, a.forced) for i, a in result.issues.items() if a.forced is not None]
    still = [(i, a) for i, a in result.issues.items() if a.forced is None]
    ruled_out = sum(len(a.impossible) for a in result.issues.values())
    cut = "" if result.complete else " (cut short by --timeout: issues after the cut are missing)"
    lines = [
        f"Under the {whose}: {_plural(len(forced), 'issue')} settled in every feasible deal, "
        f"{len(still)} still open, {_plural(ruled_out, 'option')} ruled out{cut}.",
        "",
        "Settled (every feasible deal takes it):",
    ]
    lines += [f"  {issues[i].label}: {label[(i, o)]}  [{i}={o}]" for i, o in forced] or ["  none"]
    lines += ["", "Open (some feasible deal takes each; deals counted up to " + f"{result.count_cap}):"]
    for i, answer in still:
        counted = [
            f"{o} ({'≥' if o in answer.deals_at_least else ''}{answer.deals[o]})" if o in answer.deals else o
            for o in answer.open
        ]
        lines.append(f"  {issues[i].label} [{i}]: " + ", ".join(counted))
    if not still:
        lines.append("  none: one deal is left")
    lines += ["", "Ruled out, with the fewest red lines that rule each out:"]
    for i, answer in result.issues.items():
        for gone in answer.impossible:
            why = ", ".join(gone.blocked_by) if gone.blocked_by else "the background constraints"
            lines.append(f"  {issues[i].label}: {label[(i, gone.option)]}  [{i}={gone.option}] — {why}")
    if not ruled_out:
        lines.append("  none")
    return "\n".join(lines) + "\n"


BLAMED_SHOWN = 10
"""`zopa coalitions` text view: red lines listed by blame (--json lists every one)."""


def coalitions(result: CoalitionsResult, catalogue: Catalogue) -> str:
    """Who blocks with whom, who agrees with whom, and who carries the blame."""
    whose = _whose(result.red_lines_checked, result.parties, result.conceded, result.as_of, result.evidence)
    cut = "" if result.complete else " (cut short by --timeout: the lists may be incomplete, blame a lower bound)"
    lines = [f"Coalitions under the {whose}{cut}."]

    def group(parties: list[str]) -> str:
        return " + ".join(parties) if parties else "(no party: the background constraints alone)"

    if result.minimal_blocking:
        lines.append(
            f"Minimal blocking groups ({len(result.minimal_blocking)}): "
            + "; ".join(group(g) for g in result.minimal_blocking)
            + "."
        )
        veto = _names(result.veto) if result.veto else "no party"
        lines.append(f"In every blocking group (a veto): {veto}.")
    else:
        lines.append("No group blocks: all the parties together agree.")
    lines.append(
        f"Maximal agreeing groups ({len(result.maximal_agreeing)}): "
        + "; ".join(", ".join(g) if g else "none" for g in result.maximal_agreeing)
        + "."
    )
    if result.pairs:
        width = max(len(p) for p in result.parties)
        lines += ["", "Who can agree with whom (the diagonal: each party alone):"]
        lines.append(" " * (width + 4) + " ".join(f"{n:>3}" for n in range(1, len(result.parties) + 1)))
        for n, a in enumerate(result.parties, start=1):
            cells = " ".join(f"{'yes' if result.pairs[a][b] else 'no':>3}" for b in result.parties)
            lines.append(f"  {n:>2} {a:<{width}} {cells}")
    if result.blocking_conflicts:
        red = {r.id: r for r in catalogue.red_lines}
        lines += ["", "Why each blocking group blocks (one conflict among its red lines):"]
        for conflict in result.blocking_conflicts:
            lines.append(f"  {group(conflict.parties)}:")
            lines += [f"    {r} — {red[r].label}" for r in conflict.red_lines]
    lower = "" if result.complete else " (lower bounds: the conflict list was cut)"
    lines += [
        "",
        f"Blame for the {_plural(result.conflicts, 'minimal conflict')}{lower}: each conflict of k red lines "
        "gives 1/k to each member (their Shapley value); a party's blame is its red lines' sum.",
    ]
    lines += [f"  {p:<20} {v:6.2f}" for p, v in result.blame.parties.items()]
    blamed = [(r, v) for r, v in result.blame.red_lines.items() if v > 0]
    if blamed:
        lines += ["", "Red lines with the most blame (--json lists every one):"]
        lines += [f"  {r:<36} {v:6.2f}" for r, v in blamed[:BLAMED_SHOWN]]
    return "\n".join(lines) + "\n"
