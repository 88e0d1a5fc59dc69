"""Results as JSON, through pydantic: imported only when --json is asked for."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter

if TYPE_CHECKING:
    from zopa.analyses.deals import Listing

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


def deals_as_found(listing: Listing) -> Iterator[str]:
    """`deals --limit 0 --json`: the document dumps() gives for the whole result, written a
    deal at a time, so that no list of every deal is held in memory: each deal's
    satisfaction, which the document lists after the deals, waits in a temporary file."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as waiting:
        for deal in listing:
            opening = '{\n  "feasible": true,\n  "deals": [\n    ' if listing.listed == 1 else ",\n    "
            yield opening + _indented(deal)
            waiting.write(("" if listing.listed == 1 else ",\n    ") + _indented(listing.satisfaction(deal)))
        summary = listing.result([])
        if not listing.listed:
            yield dumps(summary)
            return
        yield '\n  ],\n  "satisfaction": [\n    '
        waiting.seek(0)
        while chunk := waiting.read(1 << 16):
            yield chunk
    rest = {key: value for key, value in asdict(summary).items() if key not in ("feasible", "deals", "satisfaction")}
    yield "\n  ],\n" + json.dumps(rest, indent=2, ensure_ascii=False)[2:] + "\n"


def _indented(value: object) -> str:
    """A value as dumps() writes it inside the document's list, two levels deep."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def deal_lines(listing: Listing) -> Iterator[str]:
    """`deals --jsonl`: one `{"deal": {...}, "satisfaction": {...}}` per line, as they are found."""
    for deal in listing:
        yield json.dumps({"deal": deal, "satisfaction": listing.satisfaction(deal)}) + "\n"
