"""clingo's messages folded into one-line, located errors."""

from __future__ import annotations

import re

import clingo

from zopa.errors import ZopaError, raise_all
from zopa.loading.files import shown_path

# clingo's messages: "FILE:LINE:COL[-COL|-LINE:COL]: KIND: TEXT"
CLINGO_MESSAGE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?: (?P<kind>\w+): (?P<text>.*)$"
)
# Warnings that mean the scenario does not say what its author meant.
FATAL_WARNINGS = {
    clingo.MessageCode.AtomUndefined,
    clingo.MessageCode.OperationUndefined,
    clingo.MessageCode.VariableUnbounded,
    clingo.MessageCode.GlobalVariable,
}


def one_line(message: str) -> ZopaError:
    """Fold a clingo message (first line, indented details, notes) into one ZopaError."""
    lines = [line for line in message.strip().splitlines() if line.strip()]
    head = CLINGO_MESSAGE.match(lines[0]) if lines else None
    if head is None:
        return ZopaError(" ".join(line.strip() for line in lines) or "clingo failed", code="clingo")
    text = head["text"].rstrip(":")
    for line in lines[1:]:
        note = CLINGO_MESSAGE.match(line)
        if note:
            text += f"; {note['kind']}: {note['text']}"
        else:
            text += (": " if text == head["text"].rstrip(":") else " ") + line.strip()
    text = text.replace("[#inc_base];", "").replace("[#inc_base]", "").replace(".; ", "; ")
    location = f"{shown_path(head['file'])}:{head['line']}:{head['col']}"
    return ZopaError(text, location, code="clingo")


def ignore(code: clingo.MessageCode, message: str) -> None:
    """A logger for clingo calls whose failure the caller handles itself."""


class Messages:
    """clingo's logger: keeps errors, and the warnings that make a scenario wrong."""

    def __init__(self, engine_files: set[str]) -> None:
        self.errors: list[ZopaError] = []
        self.engine_files = engine_files

    def __call__(self, code: clingo.MessageCode, message: str) -> None:
        # A warning inside the engine's own rules follows from bad input that zopa.loading.validation
        # reports at its place (a cost that is not a number, say): only the user's count.
        in_engine = any(message.startswith(f + ":") for f in self.engine_files)
        if code == clingo.MessageCode.RuntimeError or (code in FATAL_WARNINGS and not in_engine):
            self.errors.append(one_line(message))

    def raise_if_any(self, fallback: str | None = None) -> None:
        raise_all(self.errors)
        if fallback:
            raise ZopaError(fallback)
