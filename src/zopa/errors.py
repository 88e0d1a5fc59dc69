"""The one exception the library raises for bad input; the CLI prints it as one line."""

from __future__ import annotations

from collections.abc import Sequence


class ZopaError(Exception):
    """Bad input or usage, with the place it was found when there is one."""

    def __init__(
        self, message: str, location: str | None = None, more: Sequence[ZopaError] = (), code: str = "input"
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

    def lines(self) -> list[str]:
        return [str(self)] + [str(e) for e in self.more]

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


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
