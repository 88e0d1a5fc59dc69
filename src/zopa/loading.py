"""Loading a scenario: find its files, parse them with the engine (zopa.parsing), ground
once while recording the ground rules (zopa.dependencies), check the input
(zopa.validation), read the catalogue (zopa.catalogue). Input files are only read; every
problem becomes a ZopaError naming file, line and column.
"""

from __future__ import annotations

from pathlib import Path

import clingo

from zopa.catalogue import read_catalogue
from zopa.dependencies import Dependencies, GroundRules
from zopa.errors import ZopaError
from zopa.parsing import PACKAGE, Messages, parse, raise_all, shown_path
from zopa.scenario import Scenario
from zopa.validation import input_errors


def engine_file() -> Path:
    return PACKAGE / "rules" / "zopa.lp"


def bundled_positions() -> Path:
    return PACKAGE / "positions"


def scenario_files(positions: Path | None, extra: list[Path]) -> list[Path]:
    folder = Path(positions) if positions is not None else bundled_positions()
    if folder.exists() and not folder.is_dir():
        raise ZopaError(f"--positions {shown_path(folder)}: is a file, not a folder of .lp files")
    if not folder.is_dir():
        raise ZopaError(f"positions folder not found: {shown_path(folder)}")
    files = sorted(folder.glob("*.lp"))
    if not files:
        raise ZopaError(f"no .lp files in positions folder {shown_path(folder)}")
    for path in extra:
        if Path(path).is_dir():
            raise ZopaError(f"--with {shown_path(path)}: is a folder, not a file")
        if not Path(path).is_file():
            raise ZopaError(f"file not found: {shown_path(path)}")
    return files + [Path(p) for p in extra]


def load(positions: str | Path | None = None, extra: list[str | Path] | tuple = ()) -> Scenario:
    """Load the scenario in `positions` (default: the bundled one) plus `extra` files."""
    scenario, problems = load_with_problems(positions, extra)
    raise_all(problems)
    return scenario


def load_with_problems(
    positions: str | Path | None = None, extra: list[str | Path] | tuple = ()
) -> tuple[Scenario, list[ZopaError]]:
    """The scenario, and the problems found once it is grounded (unknown ids, bad values,
    facts that are not facts), for `zopa lint` to report along with its own findings; a
    problem found before (a syntax error, a refused statement) is raised."""
    files = scenario_files(Path(positions) if positions is not None else None, [Path(p) for p in extra])
    engine = engine_file()
    engine_files = {str(p) for p in engine.parent.glob("*.lp")}
    messages = Messages(engine_files)
    # usc: core-guided optimisation finds cheapest concession sets where branch-and-bound crawls.
    control = clingo.Control(["--warn=all", "--opt-strategy=usc"], logger=messages, message_limit=1000)
    rules = GroundRules()
    control.register_observer(rules)
    parsed = parse(control, [engine, *files], engine_files, messages)
    # Refused statements were left out and reserved names would confuse the engine's
    # checks: grounding what is left would only add confusing messages.
    raise_all(parsed.problems())
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
    return Scenario(control, catalogue, dependencies, parsed), problems
