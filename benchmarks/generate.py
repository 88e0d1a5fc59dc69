"""Write a synthetic zopa scenario of a given size, deterministic for a seed.

The scenario is built around a hidden reference deal (one option per issue, drawn from the
seed). Most red lines are drawn so that the reference deal keeps them; a share of them,
the conflict density, is drawn against it. Each contested issue also has one red line that
pins it to the reference option. So:

  - density 0 (no red line against the reference deal): feasible, the reference deal is
    one of the deals;
  - one red line against it (--against 1): barely infeasible, conceding that one red line
    opens a deal;
  - a larger density: deeply infeasible, with many overlapping conflicts on the contested
    issues, and conceding the red lines drawn against the reference deal always opens it
    (so the cheapest concession set has at most that many red lines).

Every red line drawn against the reference deal reads only contested issues, whose pins
rule it out: each such red line is in a conflict, so any density above 0 is infeasible.

Red lines come in the kinds of the input vocabulary, mixed by --mix:
  forbids    forbids(R, I, O).
  requires   requires(R, I, O). for one to three options of one issue (any of them)
  rule       violated(R) :- deal(I, X), not deal(J, Y).   (if I is X, then J must be Y)
             or violated(R) :- deal(I, X), deal(J, Y).     (not X and Y together)
Background integrity constraints (--constraints), kept by the reference deal, bind every
deal and tie issues together:  :- deal(I, X), deal(J, Y).

With --dates N the red lines get dates: stated(R, "YYYY-MM-DD") for each (but a share
--undated, which holds at every date), and withdrawn(R, "YYYY-MM-DD"), strictly after its
stated date, for a share --withdrawn of them, so that exactly N distinct dates occur. The
dates are drawn from a stream of their own: the same seed gives the same red lines with or
without dates.

With --wants N (or --wants-share F, a share of the issues) each party gets soft demands:
wants(P, I, O, W). on N distinct issues drawn at random, each for one option drawn at
random (the reference deal's or another), with an integer weight W from 1 to 5. They too
come from a stream of their own and follow the red lines in the file, so the same seed
gives the same red lines, background and header (but for a trailing wants=N) with or
without them.

    python benchmarks/generate.py --issues 100 --options 5 --parties 20 --red-lines 400 \\
        --contested 30 --density 0.1 --seed 1 > scenario.lp
    python benchmarks/generate.py --against 1 --dates 50 --withdrawn 0.2 --undated 0.3 --seed 1 > dated.lp
    python benchmarks/generate.py --issues 12 --options 4 --parties 4 --red-lines 48 --contested 4 \\
        --against 0 --wants 6 --seed 1 > interests.lp

Also a library: generate(...) returns the text, build(...) the scenario as data (used by
the brute-force comparison, which checks each red line in plain Python).
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from dataclasses import dataclass, field

KINDS = ("forbids", "requires", "rule")
DEFAULT_MIX = (0.4, 0.4, 0.2)
WEIGHTS = (1, 5)
"""The least and the greatest weight of a generated soft demand."""


@dataclass
class RedLine:
    id: str
    party: str
    kind: str
    """forbids, requires, pin (requires the reference option), if_then or together."""
    issue: int
    options: list[int] = field(default_factory=list)
    """forbids: the one forbidden option; requires and pin: the allowed options."""
    other: int = -1
    """Rules: the second issue J and its option Y."""
    other_option: int = -1
    against: bool = False
    """Drawn against the reference deal (the reference deal violates it)."""
    stated: str | None = None
    """stated/2: the date ("YYYY-MM-DD") from which it holds; None: undated, it always holds."""
    withdrawn: str | None = None
    """withdrawn/2: the date from which it no longer holds (after `stated`); None: never."""

    def holds(self, day: str) -> bool:
        """In force on `day`: stated on or before it (or undated), not withdrawn on or before it."""
        return (self.stated is None or self.stated <= day) and (self.withdrawn is None or self.withdrawn > day)

    def violated_by(self, deal: tuple[int, ...]) -> bool:
        """Whether a deal (the option index of each issue) violates this red line."""
        if self.kind == "forbids":
            return deal[self.issue] == self.options[0]
        if self.kind in ("requires", "pin"):
            return deal[self.issue] not in self.options
        if self.kind == "if_then":
            return deal[self.issue] == self.options[0] and deal[self.other] != self.other_option
        return deal[self.issue] == self.options[0] and deal[self.other] == self.other_option

    def asp(self) -> list[str]:
        r, i, o = self.id, f"i{self.issue}", self.options
        head = [f"red_line({r}, {self.party})."]
        if self.stated is not None:
            head.append(f'stated({r}, "{self.stated}").')
        if self.withdrawn is not None:
            head.append(f'withdrawn({r}, "{self.withdrawn}").')
        if self.kind == "forbids":
            return head + [f"forbids({r}, {i}, o{o[0]})."]
        if self.kind in ("requires", "pin"):
            return head + [f"requires({r}, {i}, o{k})." for k in o]
        j, y = f"i{self.other}", f"o{self.other_option}"
        negation = "not " if self.kind == "if_then" else ""
        return head + [f"violated({r}) :- deal({i}, o{o[0]}), {negation}deal({j}, {y})."]


@dataclass
class Spec:
    """A generated scenario as data: what the .lp text says, and how it was drawn."""

    issues: int
    options: int
    parties: int
    reference: tuple[int, ...]
    red_lines: list[RedLine]
    background: list[tuple[int, int, int, int]]
    """(I, X, J, Y): no deal answers I with X and J with Y."""
    header: str
    wants: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(P, I, O, W): party P wants option O on issue I, with weight W (wants/4)."""

    def text(self) -> str:
        lines = [self.header]
        for i in range(self.issues):
            lines.append(f"issue(i{i}). " + " ".join(f"option(i{i}, o{k})." for k in range(self.options)))
        lines += [f"party(p{p})." for p in range(self.parties)]
        for i, x, j, y in self.background:
            lines.append(f":- deal(i{i}, o{x}), deal(i{j}, o{y}).")
        for red_line in self.red_lines:
            lines += red_line.asp()
        lines += [f"wants(p{p}, i{i}, o{o}, {w})." for p, i, o, w in self.wants]
        return "\n".join(lines) + "\n"

    def satisfaction(self, deal: tuple[int, ...]) -> tuple[int, ...]:
        """Each party's satisfaction with a deal (the option index of each issue): the
        weights of its soft demands the deal meets."""
        found = [0] * self.parties
        for p, i, o, w in self.wants:
            if deal[i] == o:
                found[p] += w
        return tuple(found)

    def allowed(self, deal: tuple[int, ...]) -> bool:
        """Whether a deal keeps every background constraint."""
        return not any(deal[i] == x and deal[j] == y for i, x, j, y in self.background)

    @property
    def against(self) -> list[str]:
        return [r.id for r in self.red_lines if r.against]

    @property
    def dates(self) -> list[str]:
        """Every date on which a red line is stated or withdrawn, ascending."""
        return sorted({d for r in self.red_lines for d in (r.stated, r.withdrawn) if d is not None})


def build(
    issues: int = 100,
    options: int = 5,
    parties: int = 20,
    red_lines: int = 400,
    contested: int = 30,
    density: float = 0.1,
    seed: int = 0,
    against: int | None = None,
    constraints: int | None = None,
    mix: tuple[float, float, float] = DEFAULT_MIX,
    dates: int = 0,
    withdrawn: float = 0.1,
    undated: float = 0.0,
    start: str = "2025-01-01",
    wants: int = 0,
    wants_share: float = 0.0,
) -> Spec:
    """The scenario as data. `against` (a count) overrides `density` (a share of the red
    lines that are not pins); `constraints` defaults to one per ten issues. With `dates`
    > 0, the red lines are dated (see `date`) with exactly that many distinct dates, from
    `start` on; `dates` 0 leaves every red line undated, as before. With `wants` > 0 (or
    `wants_share` > 0, a share of the issues), each party gets that many soft demands (see
    `interests`); 0 gives none, as before."""
    if issues < 2 or options < 2 or parties < 1:
        raise ValueError("need at least 2 issues, 2 options per issue and 1 party")
    contested = max(1, min(contested, issues))
    if red_lines < contested:
        raise ValueError(f"{red_lines} red lines cannot pin {contested} contested issues: give at least as many")
    if not 0 <= density <= 1:
        raise ValueError("density is a share between 0 and 1")
    constraints = issues // 10 if constraints is None else constraints
    rng = random.Random(seed)
    reference = tuple(rng.randrange(options) for _ in range(issues))
    hot = sorted(rng.sample(range(issues), contested))
    drawn = red_lines - contested  # the rest are pins, one per contested issue
    count_against = round(density * drawn) if against is None else max(0, min(against, drawn))
    against_at = set(rng.sample(range(drawn), count_against))
    weights = list(mix)

    def other_than(issue: int, option: int) -> int:
        return rng.choice([k for k in range(options) if k != option])

    def some_issue() -> int:
        return rng.choice(hot) if rng.random() < 0.9 else rng.randrange(issues)

    def second_issue(first: int, pool: list[int]) -> int:
        choices = [i for i in pool if i != first] or [i for i in range(issues) if i != first]
        return rng.choice(choices)

    lines: list[RedLine] = []
    for n in range(drawn):
        bad = n in against_at
        kind = rng.choices(KINDS, weights)[0]
        if bad and kind == "rule" and len(hot) < 2:
            kind = "forbids"  # a rule drawn against the reference deal must read contested issues only
        party = f"p{rng.randrange(parties)}"
        issue = rng.choice(hot) if bad else some_issue()
        keep = reference[issue]
        line = RedLine(id=f"r{n}", party=party, kind=kind, issue=issue, against=bad)
        if kind == "forbids":
            line.options = [keep if bad else other_than(issue, keep)]
        elif kind == "requires":
            others = [k for k in range(options) if k != keep]
            size = rng.randint(1, min(2 if bad else 3, len(others) if bad else options))
            line.options = sorted(rng.sample(others, size) if bad else [keep, *rng.sample(others, size - 1)])
        else:
            other = second_issue(issue, hot if bad or issue in hot else list(range(issues)))
            line.other = other
            if rng.random() < 0.5:  # if I is X, then J must be Y
                line.kind = "if_then"
                if bad:
                    line.options, line.other_option = [keep], other_than(other, reference[other])
                elif rng.random() < 0.5:
                    line.options, line.other_option = [keep], reference[other]
                else:
                    line.options, line.other_option = [other_than(issue, keep)], rng.randrange(options)
            else:  # not X and Y together
                line.kind = "together"
                if bad:
                    line.options, line.other_option = [keep], reference[other]
                else:
                    line.options = [rng.randrange(options)]
                    line.other_option = (
                        other_than(other, reference[other]) if line.options[0] == keep else rng.randrange(options)
                    )
        lines.append(line)
    for n, issue in enumerate(hot):
        lines.append(
            RedLine(
                id=f"pin{n}", party=f"p{rng.randrange(parties)}", kind="pin", issue=issue, options=[reference[issue]]
            )
        )
    background = []
    for _ in range(constraints):
        i = some_issue()
        j = second_issue(i, list(range(issues)))
        x = rng.randrange(options)
        y = other_than(j, reference[j]) if x == reference[i] else rng.randrange(options)
        background.append((i, x, j, y))
    header = (
        f"% generated: issues={issues} options={options} parties={parties} red_lines={red_lines} "
        f"contested={contested} against={count_against} constraints={constraints} "
        f"mix={':'.join(f'{w:g}' for w in mix)} seed={seed}"
    )
    if dates:
        date(lines, dates, withdrawn=withdrawn, undated=undated, seed=seed, start=start)
        header += f" dates={dates} withdrawn={withdrawn:g} undated={undated:g} start={start}"
    if not 0 <= wants_share <= 1:
        raise ValueError("--wants-share is a share between 0 and 1")
    per_party = wants or round(wants_share * issues)
    demands = interests(issues, options, parties, per_party, seed=seed) if per_party else []
    if demands:
        header += f" wants={per_party}"
    return Spec(issues, options, parties, reference, lines, background, header, demands)


def interests(issues: int, options: int, parties: int, count: int, seed: int = 0) -> list[tuple[int, int, int, int]]:
    """Soft demands (P, I, O, W): for each party, `count` distinct issues drawn at random,
    one option wanted on each (any option, drawn uniformly) with a weight from WEIGHTS,
    in party and then issue order. Drawn from a stream of their own, deterministic for the
    seed, so the rest of the scenario is the same as without them."""
    if not 0 <= count <= issues:
        raise ValueError(f"{count} soft demands per party: give between 0 and the number of issues ({issues})")
    rng = random.Random(f"wants-{seed}")
    found = []
    for p in range(parties):
        for i in sorted(rng.sample(range(issues), count)):
            found.append((p, i, rng.randrange(options), rng.randint(*WEIGHTS)))
    return found


def date(
    lines: list[RedLine],
    count: int,
    withdrawn: float = 0.1,
    undated: float = 0.0,
    seed: int = 0,
    start: str = "2025-01-01",
) -> None:
    """Give the red lines dates, in place, so that exactly `count` distinct dates occur.

    A share `undated` of the red lines keeps no date (it holds at every date); the others
    get stated/2, and a share `withdrawn` of all the red lines also gets withdrawn/2,
    strictly after its stated date. The dates are `count` distinct days drawn from the
    year after `start` (more when `count` exceeds it), each used by at least one
    statement or withdrawal. The draws come from a stream of their own, deterministic for
    the seed, so the red lines are the same as without dates."""
    if count < 1:
        raise ValueError("give at least one date")
    if not (0 <= withdrawn <= 1 and 0 <= undated <= 1):
        raise ValueError("--withdrawn and --undated are shares between 0 and 1")
    rng = random.Random(f"dates-{seed}")
    order = list(range(len(lines)))
    rng.shuffle(order)
    dated = order[: len(lines) - round(undated * len(lines))]
    dropped = set(dated[: round(withdrawn * len(lines))] if count > 1 else [])
    if len(dated) - len(dropped) < count:
        raise ValueError(
            f"{len(dated)} dated red lines ({len(dropped)} withdrawn) cannot give {count} distinct dates: "
            "give more red lines, fewer dates or fewer undated or withdrawn red lines"
        )
    first = datetime.date.fromisoformat(start)
    span = max(365, 2 * count)
    days = [(first + datetime.timedelta(days=d)).isoformat() for d in sorted(rng.sample(range(span), count))]
    stated, gone = {}, {}
    for n in dated:
        stated[n] = rng.randrange(count - 1) if n in dropped else rng.randrange(count)
        if n in dropped:
            gone[n] = rng.randrange(stated[n] + 1, count)
    # Each date used at least once: a date no event falls on takes the statement of a red
    # line that is not withdrawn and whose stated date some other red line shares.
    used: dict[int, int] = {}
    for k in [*stated.values(), *gone.values()]:
        used[k] = used.get(k, 0) + 1
    movable = [n for n in dated if n not in dropped]
    for k in range(count):
        if used.get(k):
            continue
        n = next(n for n in movable if used[stated[n]] > 1)
        used[stated[n]] -= 1
        stated[n], used[k] = k, 1
        movable.remove(n)
    for n in dated:
        lines[n].stated = days[stated[n]]
        lines[n].withdrawn = days[gone[n]] if n in gone else None


def generate(**options) -> str:
    """The scenario as zopa input (.lp text); `options` are build's."""
    return build(**options).text()


PROFILES = {"feasible": {"against": 0}, "barely": {"against": 1}, "deep": {"density": 0.1}}


def _mix(text: str) -> tuple[float, float, float]:
    parts = [float(p) for p in text.split(":")]
    if len(parts) != 3 or any(p < 0 for p in parts) or not sum(parts):
        raise argparse.ArgumentTypeError("give three non-negative weights FORBIDS:REQUIRES:RULE, e.g. 4:4:2")
    return parts[0], parts[1], parts[2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--issues", type=int, default=100, help="issues (default 100)")
    parser.add_argument("--options", type=int, default=5, help="options per issue (default 5)")
    parser.add_argument("--parties", type=int, default=20, help="parties (default 20)")
    parser.add_argument("--red-lines", type=int, default=400, help="red lines, pins included (default 400)")
    parser.add_argument(
        "--contested", type=int, default=30, help="issues most red lines gather on, each pinned (default 30)"
    )
    parser.add_argument(
        "--density",
        type=float,
        default=0.1,
        help="conflict density: share of the red lines (pins aside) drawn against the reference deal; "
        "0 is feasible (default 0.1)",
    )
    parser.add_argument(
        "--against", type=int, help="exact number of red lines drawn against the reference deal (overrides --density)"
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="feasible (--against 0), barely (--against 1) or deep (--density 0.1)",
    )
    parser.add_argument("--constraints", type=int, help="background integrity constraints (default: issues / 10)")
    parser.add_argument(
        "--mix",
        type=_mix,
        default=DEFAULT_MIX,
        metavar="F:R:G",
        help="weights of forbids, requires and general violated/1 rules (default 4:4:2)",
    )
    parser.add_argument(
        "--dates",
        type=int,
        default=0,
        help="date the red lines (stated/2, withdrawn/2) with exactly this many distinct dates (default 0: undated)",
    )
    parser.add_argument(
        "--withdrawn",
        type=float,
        default=0.1,
        help="with --dates: share of the red lines withdrawn on a later date (default 0.1)",
    )
    parser.add_argument(
        "--undated",
        type=float,
        default=0.0,
        help="with --dates: share of the red lines left undated, holding at every date (default 0)",
    )
    parser.add_argument(
        "--start", default="2025-01-01", help="with --dates: the earliest day drawn (default 2025-01-01)"
    )
    parser.add_argument(
        "--wants",
        type=int,
        default=0,
        metavar="N",
        help="soft demands per party, wants(P, I, O, W) with W from 1 to 5, on N distinct issues (default 0: none)",
    )
    parser.add_argument(
        "--wants-share",
        type=float,
        default=0.0,
        metavar="F",
        help="soft demands per party as a share of the issues (instead of --wants)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    args = parser.parse_args(argv)
    density, against = args.density, args.against
    if args.profile:
        preset = PROFILES[args.profile]
        density, against = preset.get("density", density), preset.get("against", against)
    try:
        text = generate(
            issues=args.issues,
            options=args.options,
            parties=args.parties,
            red_lines=args.red_lines,
            contested=args.contested,
            density=density,
            seed=args.seed,
            against=against,
            constraints=args.constraints,
            mix=args.mix,
            dates=args.dates,
            withdrawn=args.withdrawn,
            undated=args.undated,
            start=args.start,
            wants=args.wants,
            wants_share=args.wants_share,
        )
    except ValueError as problem:
        parser.error(str(problem))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
