"""Loading a scenario: find its files (files), parse them with the engine (parse), ground
once while recording the ground rules (dependencies), check the input (validation), read
the catalogue (facts). Input files are only read; every problem becomes a ZopaError naming
file, line and column. zopa.scenario wraps what this returns with its solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import clingo

from zopa.catalogue import Catalogue
from zopa.errors import ZopaError
from zopa.loading.dependencies import Dependencies, GroundRules
from zopa.loading.facts import read_catalogue
from zopa.loading.files import engine_file, scenario_files
from zopa.loading.messages import Messages
from zopa.loading.parse import Parsed, parse
from zopa.loading.validation import input_errors


@dataclass
class Loaded:
    """A grounded scenario and what loading learnt about it."""

    control: clingo.Control
    catalogue: Catalogue
    dependencies: Dependencies
    parsed: Parsed
    problems: list[ZopaError]
    """Input errors found once it was grounded (unknown ids, bad values, facts that are not
    facts): `zopa lint` reports them with its own findings, everything else raises them."""


def ground(positions: Path | None, extra: list[Path]) -> Loaded:
    """The scenario in `positions` (default: the bundled one) plus `extra` files, grounded
    once. A problem that stops grounding (a syntax error, a refused statement) is raised."""
    files = scenario_files(positions, extra)
    engine = engine_file()
    engine_files = {str(p) for p in engine.parent.glob("*.lp")}
    messages = Messages(engine_files)
    # usc: core-guided optimisation finds cheapest concession sets where branch-and-bound crawls.
    control = clingo.Control(["--warn=all", "--opt-strategy=usc"], logger=messages, message_limit=1000)
    rules = GroundRules()
    control.register_observer(rules)
    # Raises every problem that stops grounding: grounding what is left of a program with
    # refused statements or reserved names would only add confusing messages.
    parsed = parse(control, [engine, *files], engine_files, messages)
    try:
        control.ground([("base", []), ("zopa_concessions", [])])
    except RuntimeError:
        messages.raise_if_any("grounding failed")
    messages.raise_if_any()
    catalogue = read_catalogue(control, parsed)
    problems = input_errors(control, parsed, catalogue)
    dependencies = Dependencies(control, rules, [r.id for r in catalogue.red_lines])
    order = {issue.id: n for n, issue in enumerate(catalogue.issues)}
    for red_line in catalogue.red_lines:
        red_line.issues = sorted((i for i in dependencies.reads[red_line.id] if i in order), key=order.__getitem__)
    return Loaded(control, catalogue, dependencies, parsed, problems)
