"""Synthetic scenarios of a given size, deterministic for a seed.

Red lines gather on a set of contested issues, as in real negotiations; `density` is the
share of red lines that demand (require) options rather than rule one out, which is what
makes parties collide. Used by the benchmarks; writes ordinary zopa input.

    python benchmarks/generate.py --issues 100 --options 5 --parties 20 --red-lines 400 \\
        --contested 30 --seed 1 > /tmp/generated/scenario.lp
"""

from __future__ import annotations

import argparse
import random


def generate(
    issues: int = 100,
    options: int = 5,
    parties: int = 20,
    red_lines: int = 400,
    contested: int = 30,
    density: float = 0.5,
    seed: int = 0,
) -> str:
    rng = random.Random(seed)
    lines = [f"% generated: issues={issues} options={options} parties={parties} red_lines={red_lines} "
             f"contested={contested} density={density} seed={seed}"]
    for i in range(issues):
        lines.append(f"issue(i{i}). " + " ".join(f"option(i{i}, o{k})." for k in range(options)))
    lines += [f"party(p{p})." for p in range(parties)]
    hot = rng.sample(range(issues), min(contested, issues))
    for r in range(red_lines):
        issue = rng.choice(hot) if rng.random() < 0.9 else rng.randrange(issues)
        lines.append(f"red_line(r{r}, p{rng.randrange(parties)}).")
        if rng.random() < density:
            for option in rng.sample(range(options), rng.randint(1, 2)):
                lines.append(f"requires(r{r}, i{issue}, o{option}).")
        else:
            lines.append(f"forbids(r{r}, i{issue}, o{rng.randrange(options)}).")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--options", type=int, default=5)
    parser.add_argument("--parties", type=int, default=20)
    parser.add_argument("--red-lines", type=int, default=400)
    parser.add_argument("--contested", type=int, default=30)
    parser.add_argument("--density", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.issues, args.options, args.parties, args.red_lines, args.contested, args.density, args.seed), end="")


if __name__ == "__main__":
    main()
