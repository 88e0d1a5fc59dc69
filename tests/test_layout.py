"""The package's layout is its pipeline: base → results → loading, solving → scenario →
analyses → render → cli. Each module may import only from its own stage or the stages before it, and
the imports never go round in a cycle; a new module must be given a stage here. Also: the
vocabulary's table in Python is the one rules/vocabulary.lp declares."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from zopa.vocabulary import VOCABULARY

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "zopa"

# Stages in pipeline order. A module's stage is its first name under zopa; `zopa` itself
# (the public API) re-exports from every stage but the command line, and nothing imports it.
STAGES = [
    {"errors", "catalogue", "defaults", "vocabulary"},
    {"results"},  # answers about a catalogue: they may hold its red lines and issues
    {"loading", "solving"},
    {"scenario"},
    {"analyses"},
    {"render"},
    {"cli"},
    {""},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    return next(n for n, names in enumerate(STAGES) if top in names)


def imported(module: str) -> set[str]:
    """The zopa modules a module imports, anywhere in it (in functions, under TYPE_CHECKING)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "zopa"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "zopa":
            # `from zopa import defaults` imports the module zopa.defaults, not the package's API.
            names = {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= names or {node.module}
    return found - {module}


def test_every_module_has_a_stage():
    unplaced = []
    for module in MODULES:
        try:
            stage_of(module)
        except StopIteration:
            unplaced.append(module)
    assert not unplaced, f"give these modules a stage in tests/test_layout.py: {unplaced}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    upward = [other for other in imported(module) if stage_of(other) > stage_of(module)]
    assert not upward, f"{module} (stage {stage_of(module)}) imports from a later stage: {upward}"


def test_siblings_of_one_stage_stay_apart():
    """loading and solving are independent stages: neither imports the other."""
    crossing = [
        (module, other)
        for module in MODULES
        for other in imported(module)
        if stage_of(module) == stage_of(other) and module.split(".")[:2] != other.split(".")[:2]
    ]
    assert not crossing, crossing


def test_no_import_cycle():
    graph = {module: imported(module) & MODULES.keys() for module in MODULES}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, "import cycle: " + " → ".join([*visiting[visiting.index(module) :], module])
        visiting.append(module)
        for other in sorted(graph[module]):
            visit(other)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_the_checker_finds_an_upward_import_and_a_cycle(tmp_path, monkeypatch):
    """The checks above can fail: a planted upward import and a planted cycle are caught."""
    fake = tmp_path / "zopa"
    (fake / "analyses").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "errors.py").write_text("from zopa.analyses.a import x\n")
    (fake / "analyses" / "__init__.py").write_text("")
    (fake / "analyses" / "a.py").write_text("from zopa.analyses.b import y\n")
    (fake / "analyses" / "b.py").write_text("import zopa.analyses.a\n")
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "PACKAGE", fake)
    monkeypatch.setattr(this, "MODULES", {module_name(p): p for p in sorted(fake.rglob("*.py"))})
    with pytest.raises(AssertionError, match="later stage"):
        test_imports_run_one_way("zopa.errors")
    with pytest.raises(AssertionError, match="import cycle"):
        test_no_import_cycle()


def test_vocabulary_matches_rules_vocabulary_lp():
    """The predicates rules/vocabulary.lp declares #defined are the ones the Python table
    says must be facts, and its comment documents every predicate of the table."""
    text = (REPO / "rules" / "vocabulary.lp").read_text(encoding="utf-8")
    declared = {(name, int(arity)) for name, arity in re.findall(r"^#defined (\w+)/(\d+)\.", text, re.MULTILINE)}
    assert declared == {p.signature for p in VOCABULARY if p.fact}
    documented = {
        (name, len(arguments.split(","))) for name, arguments in re.findall(r"^% (\w+)\(([^)]*)\)", text, re.MULTILINE)
    } | {(name, 0) for name in re.findall(r"^% (\w+)  +", text, re.MULTILINE)}  # an atom: `% name   meaning`
    assert {p.signature for p in VOCABULARY} <= documented
