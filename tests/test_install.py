"""zopa installs both ways: a wheel (`pip install .`) carries rules/ and positions/ inside
the package; an editable install (`pip install -e .`, what ./dev.sh sets up) reads them at
the repository's top level. Either way the bundled scenario loads from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
import zopa
from zopa.loading.files import bundled_positions, engine_file, shown_path
scenario = zopa.load()
print(json.dumps({
    "module": zopa.__file__,
    "engine": str(engine_file()),
    "shown": shown_path(bundled_positions() / "russia.lp"),
    "parties": [p.id for p in scenario.catalogue.parties],
    "feasible": zopa.deals(scenario, limit=1).feasible,
}))
"""


def probe(cwd: Path, path: str | None = None) -> dict[str, object]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = path
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_wheel_carries_the_engine_and_the_bundled_scenario(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("zopa-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = {p.name for p in (REPO / "rules").glob("*.lp")}
    positions = {p.name for p in (REPO / "positions").glob("*.lp")}
    assert {f"zopa/rules/{name}" for name in rules} <= names
    assert {f"zopa/positions/{name}" for name in positions} <= names

    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = probe(elsewhere, str(target))
    assert str(found["module"]).startswith(str(target))
    assert str(found["engine"]) == str(target / "zopa" / "rules" / "zopa.lp")
    assert found["shown"] == "positions/russia.lp"
    assert "russia" in found["parties"] and found["feasible"] is False
    # The timeline chart's template ships in the package too.
    assert "zopa/render/templates/timeline.svg" in names
    code = (
        "import zopa, zopa.analyses.timeline as t, zopa.render.chart as c, pathlib;"
        "c.write_timeline(t.timeline(zopa.load(), timeout=60), pathlib.Path('chart.svg'))"
    )
    drawn = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert drawn.returncode == 0, drawn.stderr
    assert (elsewhere / "chart.svg").read_text(encoding="utf-8").startswith("<svg")


def test_an_editable_install_reads_the_repository_from_any_folder(tmp_path):
    """The suite runs on the editable install ./dev.sh makes; from another folder it still
    finds rules/ and positions/ at the repository's top level."""
    import zopa

    if Path(zopa.__file__).resolve().parent != REPO / "src" / "zopa":
        pytest.skip("zopa is not installed from this repository's src/ (not an editable install)")
    found = probe(tmp_path)
    assert Path(str(found["module"])).resolve() == REPO / "src" / "zopa" / "__init__.py"
    assert Path(str(found["engine"])).resolve() == REPO / "rules" / "zopa.lp"
    assert found["shown"] == "positions/russia.lp"
    assert "russia" in found["parties"] and found["feasible"] is False
