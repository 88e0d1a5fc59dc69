"""What the property tests share to ask zopa about an oracle scenario: a temporary folder,
the scenario written there and loaded, a question's keywords, and a share of the
hypothesis profile's examples."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings

import zopa
from oracle import Scenario, write_scenario
from strategies import Question


def share(fraction: float) -> settings:
    """A share of the profile's examples (ci: 200, thorough: 2000), to keep a file within
    its CI budget while `thorough` still runs ten times as many."""
    return settings(max_examples=max(10, round(settings.default.max_examples * fraction)))


@contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="zopa-tests-") as folder:
        yield Path(folder)


def load(folder: Path, scenario: Scenario, name: str = "scenario", extra: Sequence[Path] = ()) -> zopa.Scenario:
    return zopa.load(write_scenario(scenario, folder / name), list(extra))


def asked(question: Question) -> dict:
    """The library's keywords for a question's --party, --concede, --as-of and --evidence."""
    return {
        "parties": question.parties,
        "concede": question.concede,
        "as_of": question.as_of,
        "evidence": question.evidence,
        "timeout": None,
    }


def scenario_folder(tmp_path: Path, monkeypatch, name: str, text: str) -> str:
    """A scenario in tmp_path/NAME/NAME.lp, with tmp_path as the working folder: its
    relative name, as a user types it (and as pinned output shows it)."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.lp").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return name
