"""The README's tables and key lists, made from the code by cog (`cog -r README.md`;
`./dev.sh lint` runs `cog --check`), so that what the README says is what the code does."""

from __future__ import annotations

import dataclasses
import types
import typing

import typer.core
import typer.main

from zopa.cli import app
from zopa.vocabulary import VOCABULARY


def _commands() -> dict[str, typer.core.TyperCommand]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return dict(group.commands)  # type: ignore[arg-type]  # typer's commands are TyperCommands


def _summary(command: typer.core.TyperCommand) -> str:
    """The first sentence of a command's help, on one line."""
    text = " ".join((command.help or "").split())
    return text.split(". ")[0].rstrip(".") + "."


def commands_table() -> str:
    rows = ["| command | what it answers |", "|---|---|"]
    for name, command in _commands().items():
        usage = " ".join(
            [name, *(p.metavar or p.name or "" for p in command.params if isinstance(p, typer.core.TyperArgument))]
        )
        rows.append(f"| `zopa {usage}` | {_summary(command)} |")
    return "\n".join(rows)


def _default(option: typer.core.TyperOption) -> str:
    if option.is_flag:
        return "off"
    if option.default is None:
        return "—"
    value = option.default
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def options_table() -> str:
    """Every option of every command: what it means, and its default in each command."""
    rows: dict[tuple[str, str], list[str]] = {}
    for name, command in _commands().items():
        for option in command.params:
            if not isinstance(option, typer.core.TyperOption):
                continue
            shown = " ".join([option.opts[0], *([option.metavar] if option.metavar and not option.is_flag else [])])
            rows.setdefault((shown, option.help or ""), []).append(f"{name} ({_default(option)})")
    lines = ["| option | meaning | commands (default) |", "|---|---|---|"]
    lines += [f"| `{shown}` | {meaning} | {', '.join(where)} |" for (shown, meaning), where in rows.items()]
    return "\n".join(lines)


def vocabulary_table() -> str:
    lines = ["| predicate | meaning |", "|---|---|"]
    lines += [f"| `{p.written}` | {p.meaning} |" for p in VOCABULARY]
    return "\n".join(lines)


def json_keys(kind: type) -> str:
    """The keys of a result's JSON, nested where a key holds results of its own:
    {"feasible", "conflicts": [{"red_lines", ...}], ...}."""
    hints = typing.get_type_hints(kind)
    keys = []
    for field in dataclasses.fields(kind):
        inner = _nested(hints[field.name])
        keys.append(f'"{field.name}"' + (f": {inner}" if inner else ""))
    return "{" + ", ".join(keys) + "}"


def _nested(hint: object) -> str | None:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return json_keys(hint)
    arguments = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is list and arguments:
        inner = _nested(arguments[0])
        return f"[{inner}]" if inner else None
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next((found for a in arguments if (found := _nested(a))), None)
    return None
