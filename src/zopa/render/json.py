"""Results as JSON, through pydantic: imported only when --json is asked for."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")

_adapters: dict[type, TypeAdapter[Any]] = {}


def _adapter(kind: type[T]) -> TypeAdapter[T]:
    """One adapter per result type: building one costs more than using it."""
    if kind not in _adapters:
        _adapters[kind] = TypeAdapter(kind)
    return _adapters[kind]


def dumps(result: object) -> str:
    """The result as indented JSON, keys in the order the model declares them."""
    return _adapter(type(result)).dump_json(result, indent=2).decode() + "\n"


def loads(kind: type[T], text: str | bytes) -> T:
    """JSON written by dumps() (or by a script) back into the model, validated."""
    return _adapter(kind).validate_json(text)
