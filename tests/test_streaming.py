"""Deals written as they are found (`deals --limit 0`, `--jsonl`, `--limit 0 --json`) and
counted without listing (`--count`), checked against the independent brute-force oracle
on random scenarios; and a list too large for memory cut honestly by the timeout."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zopa.cli
from oracle import freeze, random_scenario, write_scenario
from zopa.analyses.deals import _lazy_product
from zopa.render.json import dumps

SEEDS = range(0, 60, 3)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = zopa.cli.run(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_jsonl_writes_every_feasible_deal_once(seed: int, tmp_path: Path, capsys) -> None:
    scenario = random_scenario(seed)
    folder = write_scenario(scenario, tmp_path / "s")
    status, out, err = run(capsys, "deals", "--positions", str(folder), "--jsonl", "--limit", "0", "--timeout", "0")
    assert (status, err) == (0, "")
    written = [json.loads(line)["deal"] for line in out.splitlines()]
    assert len({freeze(d) for d in written}) == len(written), "a deal written twice"
    assert {freeze(d) for d in written} == scenario.feasible()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_count_is_the_number_of_feasible_deals(seed: int, tmp_path: Path, capsys) -> None:
    scenario = random_scenario(seed)
    folder = write_scenario(scenario, tmp_path / "s")
    status, out, err = run(capsys, "deals", "--positions", str(folder), "--count", "--json", "--timeout", "0")
    assert (status, err) == (0, "")
    counted = json.loads(out)
    assert counted["count"] == len(scenario.feasible()) and counted["complete"] is True


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
def test_streamed_json_is_the_document_json_would_print(seed: int, tmp_path: Path, capsys) -> None:
    """`--limit 0 --json` is written a deal at a time, byte for byte what dumps() gives."""
    scenario = random_scenario(seed)
    folder = write_scenario(scenario, tmp_path / "s")
    status, out, err = run(capsys, "deals", "--positions", str(folder), "--limit", "0", "--json", "--timeout", "0")
    assert (status, err) == (0, "")
    result = zopa.deals(zopa.load(folder), limit=0, timeout=None)
    assert out == dumps(result)
    assert {freeze(d) for d in json.loads(out)["deals"]} == scenario.feasible()


@pytest.mark.parametrize("seed", SEEDS[:8], ids=lambda s: f"seed{s}")
def test_streamed_text_lists_every_deal_then_counts_them(seed: int, tmp_path: Path, capsys) -> None:
    scenario = random_scenario(seed)
    folder = write_scenario(scenario, tmp_path / "s")
    status, out, err = run(capsys, "deals", "--positions", str(folder), "--limit", "0", "--timeout", "0")
    assert (status, err) == (0, "")
    feasible = scenario.feasible()
    if not feasible:
        assert out.startswith("No feasible deal")
        return
    blocks = [line for line in out.splitlines() if line.startswith("Deal ")]
    assert len(blocks) == len(feasible)
    assert out.splitlines()[-1].startswith(f"{len(feasible)} feasible deal") and "(all there are)" in out


def test_a_list_too_large_for_memory_is_cut_by_the_timeout(tmp_path: Path) -> None:
    """The bundled scenario under Russia's red lines alone has 27,371,520 deals: `--json`
    with `--limit 0` used to multiply them out in memory (23 GB, killed after 5 minutes).
    Now they are written as found, and the timeout cuts the document honestly."""
    zopa_script = Path(sys.executable).parent / "zopa"
    target = tmp_path / "deals.json"
    with target.open("w", encoding="utf-8") as output:
        done = subprocess.run(
            [str(zopa_script), "deals", "--party", "russia", "--limit", "0", "--timeout", "1", "--json"],
            stdout=output,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (0, "")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["feasible"] is True and document["deals"]
    assert document["complete"] is False and document["timed_out"] is True


@pytest.mark.parametrize("other", ["--json", "--count"])
def test_jsonl_goes_with_neither_json_nor_count(other: str, capsys) -> None:
    status, out, err = run(capsys, "deals", "--jsonl", other)
    assert status == 2 and out == "" and err.startswith("error: --jsonl writes the deals one per line")


@given(st.lists(st.lists(st.sampled_from("abcd"), max_size=3), max_size=4))
def test_the_lazy_product_is_itertools_product(columns: list[list[str]]) -> None:
    """Few deals wanted: the rows come from a product that reads each column only as far
    as it must; same rows, same order as itertools.product."""
    assert list(_lazy_product(list(columns), None)) == list(itertools.product(*columns))
