"""The one exception the library raises for bad input; the CLI prints it as one line."""

from __future__ import annotations

from collections.abc import Sequence

LINES_AT_MOST = 50
"""Error lines printed for one failure; more are counted."""
LINE_AT_MOST = 500
"""Characters of one error line; a longer one is shortened in the middle."""


def printable(text: str, most: int = LINE_AT_MOST) -> str:
    """Text that prints as one plain line: control characters (newlines, NUL, the escape
    sequences a terminal would obey) shown escaped, and a long text shortened in the middle."""
    shown = "".join(c if c.isprintable() else _escaped(c) for c in text)
    if len(shown) > most:
        head = most * 2 // 3
        shown = f"{shown[:head]}…{shown[-(most - head - 1) :]}"
    return shown


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


GENERIC = "input"
"""The code of a problem of usage rather than of a file: printed without a code."""


class ZopaError(Exception):
    """Bad input or usage, with the place it was found when there is one."""

    def __init__(
        self, message: str, location: str | None = None, more: Sequence[ZopaError] = (), code: str = GENERIC
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.more = list(more)
        """Further problems found in the same pass, each its own line."""
        self.code = code
        """What kind of problem, for scripts (`zopa lint --json`): unknown_option, clingo, ..."""

    def all(self) -> list[ZopaError]:
        """This problem and the further ones, each on its own."""
        return [ZopaError(self.message, self.location, code=self.code), *self.more]

    def lines(self, most: int = LINES_AT_MOST) -> list[str]:
        """One line per problem, as printed: a problem repeated word for word is folded into
        one line with a count, and past `most` lines the rest are counted, not listed."""
        counted: dict[str, int] = {}
        for problem in [self, *self.more]:
            counted[str(problem)] = counted.get(str(problem), 0) + 1
        lines = [line if n == 1 else f"{line} (×{n})" for line, n in counted.items()]
        if len(lines) > most:
            lines = [*lines[: most - 1], f"... and {len(lines) - most + 1} more problems"]
        return lines

    def __str__(self) -> str:
        """`FILE:LINE:COL: message [code]`, the one format of every error and lint finding;
        a usage problem (code `input`) has neither place nor code."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        return printable(text + (f" [{self.code}]" if self.code != GENERIC else ""))


def raise_all(problems: Sequence[ZopaError]) -> None:
    """Raise the first problem, carrying the others, when there is any."""
    if problems:
        raise ZopaError(problems[0].message, problems[0].location, problems[1:], code=problems[0].code)


class InternalError(RuntimeError):
    """A result failed zopa's own check before it was shown: a bug in zopa, never the input."""


def closest(word: str, known: Sequence[str], what: str) -> str:
    """A hint naming the known ids nearest to a mistyped one."""
    import difflib

    near = difflib.get_close_matches(word, known, n=3, cutoff=0.5)
    if near:
        return f"did you mean {', '.join(near)}?"
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"known {what}: {shown}" if known else f"no {what} are declared"
