"""What the benchmark sections share: repeated timings, child processes timed with their
peak memory, result rows with a target and PASS/MISS, and the Markdown tables.

A section is a function `section(config) -> list[Row]`; benchmarks/run.py runs them all.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@dataclass
class Config:
    repeat: int = 3
    quick: bool = False
    seed: int = 1
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="zopa-benchmarks-")))

    def folder(self, name: str, text: str) -> Path:
        """A scenario folder holding one generated file."""
        folder = self.workdir / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.lp").write_text(text, encoding="utf-8")
        return folder


# ----------------------------------------------------------------------------- timings


@dataclass
class Stat:
    """Seconds (or other values) of the repetitions of one measurement."""

    values: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def __str__(self) -> str:
        if not self.values:
            return "—"
        if len(self.values) == 1:
            return fmt(self.values[0], self.unit)
        return f"{fmt(self.median, self.unit)} [{fmt(min(self.values), '')}–{fmt(max(self.values), '')}]"


def fmt(value: float, unit: str = "s") -> str:
    if unit == "s":
        text = f"{value:.4f}" if value < 0.01 else f"{value:.3f}" if value < 10 else f"{value:.1f}"
        return text + " s"
    if unit == "":
        return f"{value:.4f}" if value < 0.01 else f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return f"{value:g} {unit}"


def timed(work: Callable, repeat: int, setup: Callable[[], object] | None = None) -> tuple[Stat, object]:
    """Run `work` `repeat` times in this process; its seconds and its last result. With
    `setup`, each repetition starts from a fresh, untimed `setup()` handed to `work`: no
    run inherits what an earlier one learned (a solver's learned clauses, say)."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        arguments = [setup()] if setup else []
        gc.collect()  # not the garbage of the run before, on this run's clock
        start = time.perf_counter()
        result = work(*arguments)
        times.append(time.perf_counter() - start)
    return Stat(times), result


@dataclass
class Child:
    """One finished child process."""

    wall: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool


# The command is started by this small launcher, not by the harness itself: on Linux a
# process's peak memory counts the memory of the process it was forked from, so a command
# forked straight from the harness (grown by its own measurements) would report the
# harness's size. The launcher also times the command from spawn to exit, without its own
# start-up.
LAUNCHER = """
import json, os, sys, time
report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as out:
    json.dump({"wall": wall, "max_rss_kb": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}, out)
"""


def run_child(command: list[str], timeout: float, cwd: Path | None = None, keep_output: bool = True) -> Child:
    """Run a command to its end (or kill it at `timeout` seconds): its wall time, from start
    to exit, and the peak resident memory of that one process (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        measured = json.loads(report.read_text()) if report.exists() else None
        wall = measured["wall"] if measured else time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace") if keep_output else ""
        stderr = err.read().decode("utf-8", "replace")
        if measured is None:
            return Child(wall, 0.0, process.returncode or -1, stdout, stderr, killed.is_set())
        return Child(wall, measured["max_rss_kb"] / 1024, measured["status"], stdout, stderr, killed.is_set())


def timed_child(
    command: list[str], repeat: int, timeout: float, check: Callable[[Child], None] | None = None
) -> tuple[Stat, Child]:
    """Wall time of `repeat` runs of a command; its last run. A run that times out or
    fails is not repeated."""
    times, child = [], None
    for _ in range(max(1, repeat)):
        child = run_child(command, timeout)
        if child.timed_out or child.returncode != 0:
            raise ChildFailed(command, child)
        if check is not None:
            check(child)
        times.append(child.wall)
    return Stat(times), child


class ChildFailed(Exception):
    def __init__(self, command: list[str], child: Child):
        what = f"timed out after {child.wall:.0f} s" if child.timed_out else f"exit status {child.returncode}"
        last = child.stderr.strip().splitlines()[-1:] or [""]
        super().__init__(
            f"{' '.join(Path(c).name if os.sep in c else c for c in command[:4])} ...: {what} {last[0]}".strip()
        )
        self.child = child


def python() -> str:
    return sys.executable


def zopa_command() -> list[str]:
    """The installed `zopa` command next to this interpreter (as a user runs it)."""
    script = Path(sys.executable).parent / "zopa"
    if script.exists():
        return [str(script)]
    found = shutil.which("zopa")
    return (
        [found]
        if found
        else [sys.executable, "-c", "import sys; from zopa.cli import main; sys.argv[0] = 'zopa'; main()"]
    )


def clingo_command() -> list[str]:
    return [sys.executable, "-m", "clingo"]


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options every section script takes when run on its own."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    return parser


def config_from(args: argparse.Namespace) -> Config:
    return Config(repeat=args.repeat, quick=args.quick, seed=args.seed)


# ----------------------------------------------------------------------------- results


@dataclass
class Target:
    """A bound on a row's value: `value <= bound` (at_most) or `value >= bound`."""

    bound: float
    at_most: bool
    text: str

    def met(self, value: float) -> bool:
        return value <= self.bound if self.at_most else value >= self.bound


@dataclass
class Row:
    section: str
    measure: str
    zopa: Stat | str | None = None
    other: Stat | str | None = None
    ratio: float | None = None
    """The quantity the target bounds: a ratio, or seconds for an absolute target."""
    ratio_text: str | None = None
    target: Target | None = None
    note: str = ""
    skipped: str | None = None

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "SKIP"
        if self.target is None or self.ratio is None:
            return ""
        return "PASS" if self.target.met(self.ratio) else "MISS"


def ratio_of(numerator: Stat, denominator: Stat) -> float:
    return numerator.median / denominator.median if denominator.median > 0 else float("inf")


def failed_row(section: str, measure: str, problem: Exception, target: Target | None = None) -> Row:
    """A row whose measurement could not finish: a MISS when it had a target."""
    row = Row(section, measure, zopa="failed", target=target, note=str(problem))
    if target is not None:
        row.ratio = float("inf") if target.at_most else 0.0
        row.ratio_text = "—"
    return row


def cell(value: Stat | str | None) -> str:
    return "" if value is None else str(value)


def table(rows: list[Row]) -> str:
    lines = [
        "| # | section | measure | zopa | other | ratio | target | result | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, row in enumerate(rows, start=1):
        if row.skipped is not None:
            ratio = "—"
        elif row.ratio_text is not None:
            ratio = row.ratio_text
        elif row.ratio is None:
            ratio = ""
        else:
            ratio = f"{row.ratio:.2f}×" if row.ratio < 10 else f"{row.ratio:.1f}×"
        note = row.skipped if row.skipped is not None else row.note
        lines.append(
            f"| {n} | {row.section} | {row.measure} | {cell(row.zopa)} | {cell(row.other)} | {ratio} | "
            f"{row.target.text if row.target else ''} | {row.status} | {note.replace('|', '/')} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """One line: processor, cores, memory, system, Python, clingo."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    import clingo

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release().split('-')[0]}, "
        f"Python {platform.python_version()}, clingo {clingo.__version__}"
    )


def today() -> str:
    return datetime.date.today().isoformat()
