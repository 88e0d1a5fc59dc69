"""Where zopa's files are, and how paths are shown: the engine (rules/) and the bundled
scenario (positions/), a scenario's files (regular, readable, UTF-8 names), and the checks
of their text that must come before clingo reads it.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path

from zopa.errors import ZopaError, raise_all

LONE_CR = re.compile(rb"\r(?!\n)")
LINE_END = re.compile(rb"\r\n|\r|\n")

PACKAGE = Path(__file__).resolve().parent.parent
"""The package's folder. clingo reads files, so the package is never used from a zip."""


def _data_root() -> Path:
    """The folder holding rules/ and positions/: the package itself once installed (they are
    copied in), else the source tree the package is imported from (an editable install,
    or src/ on the path), where they stay at the repository's top level."""
    if (PACKAGE / "rules").is_dir():
        return PACKAGE
    return PACKAGE.parent.parent


DATA = _data_root()
BUNDLED = (DATA / "rules", DATA / "positions")


def engine_file() -> Path:
    return DATA / "rules" / "zopa.lp"


def bundled_positions() -> Path:
    return DATA / "positions"


@functools.lru_cache(maxsize=256)
def _shown(text: str, cwd: str) -> str:
    path = Path(text)
    if path.is_absolute():
        resolved = path.resolve()
        if any(resolved.is_relative_to(folder) for folder in BUNDLED):
            return str(resolved.relative_to(DATA))
    try:
        relative = os.path.relpath(text, cwd)
    except ValueError:
        return text
    return relative if not relative.startswith("..") else text


def shown_path(path: str | Path) -> str:
    """A path as the user would read it: bundled files as positions/… or rules/…, others
    relative to the working folder when inside it."""
    return _shown(str(path), os.getcwd())


def kind_of(path: Path) -> str:
    """What is at `path`: "file", "folder", "missing", "dangling link", "special" (a pipe,
    device or socket, which a read may never finish), or why it cannot be looked at."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling link" if path.is_symlink() else "missing"
    except OSError as problem:  # a name too long, a folder without permission, ...
        return f"cannot be looked at: {problem.strerror or problem}"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "special"


KIND_PROBLEMS = {
    "folder": "is a folder, not a file",
    "missing": "not found",
    "dangling link": "is a link to a file that does not exist",
    "special": "is not a regular file (a pipe, a device or a socket): zopa reads only files",
}


def file_problem(path: Path, what: str) -> ZopaError | None:
    """Why `path` cannot be read as an input file (None: it can); `what` names it (--with)."""
    kind = kind_of(path)
    if kind == "file":
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:  # clingo takes file names as UTF-8 only
            kind = "its name is not UTF-8: rename the file"
        else:
            if os.access(path, os.R_OK):
                return None
            kind = "cannot be read: permission denied"
    return ZopaError(f"{what} {shown_path(path)}: {KIND_PROBLEMS.get(kind, kind)}", code="file")


def scenario_files(positions: Path | None, extra: list[Path]) -> list[Path]:
    """The scenario's .lp files, then the extra ones. A missing or mistaken path is an
    error, and every one is reported at once."""
    folder = Path(positions) if positions is not None else bundled_positions()
    kind = kind_of(folder)
    if kind == "file":
        raise ZopaError(f"--positions {shown_path(folder)}: is a file, not a folder of .lp files")
    if kind == "missing":
        raise ZopaError(f"positions folder not found: {shown_path(folder)}")
    if kind != "folder":
        raise ZopaError(f"--positions {shown_path(folder)}: {KIND_PROBLEMS.get(kind, kind)}")
    try:
        # As the glob *.lp would: hidden files are not read.
        names = [e.path for e in os.scandir(folder) if e.name.endswith(".lp") and not e.name.startswith(".")]
    except OSError as unlisted:
        raise ZopaError(f"positions folder {shown_path(folder)} cannot be listed: {unlisted.strerror}") from None
    files = sorted(Path(name) for name in names)
    if not files:
        raise ZopaError(f"no .lp files in positions folder {shown_path(folder)}")
    chosen = files + [Path(p) for p in extra]
    problems = [problem for path in files if (problem := file_problem(path, "positions file"))]
    problems += [problem for path in extra if (problem := file_problem(Path(path), "--with"))]
    raise_all(problems)
    return chosen


# Strings, comments (line and block), #include, parentheses and single non-ASCII
# characters, in one pass of the regular expression engine: strings and comments are
# skipped, parentheses counted, the rest are findings.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|%\*.*?\*%|%[^\n]*|#include\b|[()]|[^\x00-\x7f]', re.DOTALL)
NESTING_AT_MOST = 100
"""Parentheses open at once: clingo's parser recurses per level and overflows its stack
(a segmentation fault) between 10,000 and 20,000; no scenario needs more than a few."""


def _first_finding(text: str) -> int | None:
    """Where the first #include, non-ASCII character or too deep a nesting outside strings
    and comments is."""
    depth = 0
    for token in _TOKENS.finditer(text):
        found = token[0]
        if found == "(":
            depth += 1
            if depth > NESTING_AT_MOST:
                return token.start()
        elif found == ")":
            depth -= 1
        elif found == "#include" or (len(found) == 1 and not found.isascii()):
            return token.start()
    return None


def check_text(path: Path) -> None:
    """What clingo cannot read, or reads otherwise than the author meant, at its place:
    text that is not UTF-8 or starts with a byte-order mark, non-ASCII outside strings and
    comments, #include, parentheses nested too deep, lines ended by a lone CR."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise ZopaError(
            "the file starts with a UTF-8 byte-order mark, which clingo cannot read: save it without one",
            f"{shown_path(path)}:1:1",
            code="encoding",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = data.count(b"\n", 0, bad.start) + 1
        column = bad.start - (data.rfind(b"\n", 0, bad.start) + 1) + 1
        raise ZopaError(
            "not UTF-8 text: save the file as UTF-8", f"{shown_path(path)}:{line}:{column}", code="encoding"
        ) from None
    found = _first_finding(text)
    if found is not None:
        line = text.count("\n", 0, found) + 1
        place = f"{shown_path(path)}:{line}:{found - (text.rfind(chr(10), 0, found) + 1) + 1}"
        if text[found] == "(":
            raise ZopaError(
                f"parentheses nested more than {NESTING_AT_MOST} deep: clingo's parser would overflow its stack",
                place,
                code="encoding",
            )
        if text.startswith("#include", found):
            # clingo would read that file itself, past every check here (a folder, a pipe,
            # text that is not UTF-8, which aborts the process).
            raise ZopaError(
                "#include is not read: a scenario is the .lp files of its folder and the --with files",
                place,
                code="refused_statement",
            )
        # clingo's lexer reports such a character byte by byte, and its Python logger then
        # aborts the whole process on the half character ("PANIC: exception in nothrow scope").
        character = text[found]
        what = "a byte-order mark (U+FEFF)" if character == "\ufeff" else f"{character!r} (U+{ord(character):04X})"
        raise ZopaError(
            f"{what} outside a string or comment: ids are ASCII letters, digits and underscores",
            place,
            code="encoding",
        )
    lone = LONE_CR.search(data)
    if lone is not None:
        # clingo ends lines at LF only: a file with CR line ends reads as one line, and a
        # comment on its first line would silently swallow the whole file.
        line = len(LINE_END.findall(data, 0, lone.start())) + 1
        column = lone.start() - max(data.rfind(b"\n", 0, lone.start()), data.rfind(b"\r", 0, lone.start()))
        raise ZopaError(
            "a line ends with a lone carriage return (CR), which clingo does not read as a line end: "
            "save the file with LF (or CRLF) line ends",
            f"{shown_path(path)}:{line}:{column}",
            code="encoding",
        )
