"""Results as JSON, through pydantic: imported only when --json is asked for."""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")


@cache
def _adapter(kind: type) -> TypeAdapter:
    return TypeAdapter(kind)


def dumps(result: object) -> str:
    """The result as indented JSON, keys in the order the model declares them."""
    return _adapter(type(result)).dump_json(result, indent=2).decode() + "\n"


def loads(kind: type[T], text: str | bytes) -> T:
    """JSON written by dumps() (or by a script) back into the model, validated."""
    return _adapter(kind).validate_json(text)
