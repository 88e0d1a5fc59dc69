"""`zopa deals` side by side with brute force: every combination of options, in plain
Python (itertools.product), checked against each red line and background constraint.

    .venv/bin/python benchmarks/vs_bruteforce.py [--repeat 3] [--seed 1] [--quick]

The scenario has 12 issues of 4 options (16.8 million combinations), 48 red lines and is
feasible. zopa loads it (parse, ground) and lists every deal (`--limit 0`) in this process;
brute force reads the same red lines as data from the generator (benchmarks/generate.py)
and keeps the combinations that break none. The two lists of deals are compared.
"""

from __future__ import annotations

import itertools

import zopa
from generate import build
from harness import Config, Row, Target, arguments, config_from, ratio_of, table, timed

SECTION = "vs brute force"
TARGET = Target(100.0, False, "brute/zopa ≥ 100×")


def size_of(config: Config) -> dict:
    if config.quick:
        return {"issues": 6, "options": 3, "parties": 2, "red_lines": 12, "contested": 2, "against": 0}
    return {"issues": 12, "options": 4, "parties": 4, "red_lines": 48, "contested": 4, "against": 0}


def brute_force(spec) -> set[tuple[int, ...]]:
    """Every deal that keeps every background constraint and breaks no red line."""
    checks = [r.violated_by for r in spec.red_lines]
    allowed = spec.allowed
    return {
        deal
        for deal in itertools.product(range(spec.options), repeat=spec.issues)
        if allowed(deal) and not any(violated(deal) for violated in checks)
    }


def section(config: Config) -> list[Row]:
    size = size_of(config)
    spec = build(**size, seed=config.seed)
    folder = config.folder("bruteforce", spec.text())
    ours, result = timed(lambda: zopa.deals(zopa.load(folder), limit=0, timeout=None), config.repeat)
    theirs, deals = timed(lambda: brute_force(spec), config.repeat)
    found = {tuple(int(deal[f"i{i}"][1:]) for i in range(spec.issues)) for deal in result.deals}
    agree = found == deals and result.complete
    combinations = spec.options**spec.issues
    note = (
        f"{spec.issues} issues × {spec.options} options ({combinations:,} combinations), "
        f"{len(spec.red_lines)} red lines, "
        f"{len(spec.background)} background constraint(s); {len(deals):,} deals, "
        f"{'the same on both sides' if agree else 'the sides DISAGREE: no ratio is claimed'}; "
        f"zopa {len(result.deals) / ours.median:,.0f} deals/s"
    )
    return [
        Row(
            SECTION,
            "all deals: `deals --limit 0` (load included) vs itertools.product",
            ours,
            theirs,
            ratio_of(theirs, ours),
            target=TARGET if agree else None,
            note=note,
        )
    ]


def main() -> None:
    print(table(section(config_from(arguments(__doc__).parse_args()))))


if __name__ == "__main__":
    main()
