"""Plain-text views for the terminal. Deterministic, so tests can pin them."""

from __future__ import annotations

import textwrap

from zopa.models import Catalogue, Deal, DealsResult, RedLine


def _names(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _deal_rows(catalogue: Catalogue, deal: Deal, issues: list[str]) -> list[str]:
    by_id = {i.id: i for i in catalogue.issues}
    rows = []
    for issue_id in issues:
        issue = by_id[issue_id]
        option = next((o for o in issue.options if o.id == deal[issue_id]), None)
        rows.append((issue.label, option.label if option else deal[issue_id], f"{issue_id}={deal[issue_id]}"))
    width_issue = min(40, max((len(r[0]) for r in rows), default=0))
    width_option = min(50, max((len(r[1]) for r in rows), default=0))
    return [f"  {a:<{width_issue}}  {b:<{width_option}}  {c}".rstrip() for a, b, c in rows]


def deals(result: DealsResult, catalogue: Catalogue) -> str:
    whose = f"{result.red_lines_checked} red lines of {_names(result.parties)}"
    conceded = f" (conceded: {_names(result.conceded)})" if result.conceded else ""
    if not result.feasible:
        if not result.complete:
            return (
                f"No deal found within the time limit under the {whose}{conceded}.\n"
                "The search was cut short: raise --timeout (0: no bound) to search on.\n"
            )
        return (
            f"No feasible deal: no settlement satisfies the {whose}{conceded}.\n"
            "Run `zopa why` to see which red lines collide and which concessions would open a deal.\n"
        )
    count = len(result.deals)
    more = "; more exist (--limit 0 lists all)" if not result.complete else " (all there are)"
    lines = [f"{count} feasible deal{'s' if count != 1 else ''} under the {whose}{conceded}{more}.", ""]
    first = result.deals[0]
    lines.append("Deal 1")
    lines += _deal_rows(catalogue, first, list(first))
    for n, deal in enumerate(result.deals[1:], start=2):
        changed = [i for i in deal if deal[i] != first.get(i)]
        lines += ["", f"Deal {n}: as deal 1, except"]
        lines += _deal_rows(catalogue, deal, changed)
    return "\n".join(lines) + "\n"


def _condition(red_line: RedLine) -> list[str]:
    parts = [f"forbids {c.issue}={c.option}" for c in red_line.forbids]
    needs: dict[str, list[str]] = {}
    for c in red_line.requires:
        needs.setdefault(c.issue, []).append(c.option)
    parts += [f"requires {issue}={' or '.join(options)}" for issue, options in needs.items()]
    parts += [f"rule at {place}" for place in red_line.rules]
    return parts


def show(catalogue: Catalogue, parties: list[str]) -> str:
    titles = {d.id: d for d in catalogue.documents}
    lines = [f"Parties ({len(parties)} of {len(catalogue.parties)})"]
    for p in catalogue.parties:
        if p.id in parties:
            own = sum(1 for r in catalogue.red_lines if r.party == p.id)
            lines.append(f"  {p.id:<20} {p.label} ({own} red line{'s' if own != 1 else ''})")
    lines += ["", f"Issues ({len(catalogue.issues)})"]
    for issue in catalogue.issues:
        lines.append(f"  {issue.id:<20} {issue.label}")
        for option in issue.options:
            lines.append(f"      {option.id:<24} {option.label}")
    shown = [r for r in catalogue.red_lines if r.party in parties]
    lines += ["", f"Red lines ({len(shown)})"]
    for party in (p for p in catalogue.parties if p.id in parties):
        lines.append(f"  {party.label}")
        for r in (r for r in shown if r.party == party.id):
            flags = " [conceded]" if r.conceded else ""
            lines.append(f"    {r.id}: {r.label}{flags}")
            lines.append(f"        {'; '.join(_condition(r)) or 'no condition'}")
            for s in r.sources:
                doc = titles.get(s.document)
                cite = f"{doc.title}, {doc.date}" + (f", {doc.file}" if doc.file else "") if doc else s.document
                quote = textwrap.fill(f"“{s.quote}”", width=88, initial_indent="        ", subsequent_indent="         ")
                lines.append(quote)
                lines.append(f"          — {cite}")
            if r.stated:
                lines.append(f"        stated: {', '.join(r.stated)}")
    return "\n".join(lines) + "\n"
