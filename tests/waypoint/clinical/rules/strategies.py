"""Hypothesis strategies for records, built from the model's own field declarations.

Every field's limits (range, step, choices, length) come from :func:`waypoint.record.schema.spec`
metadata, so generated records stay within what the model allows without a second copy of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from hypothesis import strategies as st

from waypoint.content.rules import SHAPES
from waypoint.record.model import SECTIONS, Dismissal, Record

#: Dates near the rules' "today" so date rules actually trigger.
FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2027, 1, 1)


def _number(kind: type, meta: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high, step = meta.get("minimum"), meta.get("maximum"), meta.get("step")
    if kind is int:
        low = int(low) if low is not None else -5
        high = int(high) if high is not None else 500
        if step:
            return st.integers(low // step, high // step).map(lambda n: n * step)
        return st.integers(low, high)
    return st.floats(
        float(low) if low is not None else 0.0,
        float(high) if high is not None else 500.0,
        allow_nan=False,
    )


def _text(meta: dict[str, Any]) -> st.SearchStrategy[str]:
    choices = meta.get("choices")
    if choices:
        return st.sampled_from(choices)
    return st.text(max_size=min(meta.get("max_length") or 30, 30))


def for_type(hint: Any, meta: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for one annotated field."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return st.none() | for_type(inner[0], meta)
    if origin is list:
        if args[0] is str and meta.get("choices"):
            return st.lists(st.sampled_from(meta["choices"]), max_size=3, unique=True)
        return st.lists(for_type(args[0], meta if args[0] is str else {}), max_size=3)
    if origin is dict:
        return st.dictionaries(st.sampled_from(SECTIONS), st.text(max_size=10), max_size=2)
    if hint is bool:
        return st.booleans()
    if hint in (int, float):
        return _number(hint, meta)
    if hint is str:
        return _text(meta)
    if hint is dt.date:
        return st.dates(FIRST_DAY, LAST_DAY)
    if dataclasses.is_dataclass(hint):
        return model(hint)
    raise TypeError(f"no strategy for {hint!r}")


def model(cls: Any) -> st.SearchStrategy[Any]:
    """A strategy building any record dataclass from its declared fields."""
    hints = typing.get_type_hints(cls)
    fields = {}
    for field in dataclasses.fields(cls):
        if cls is Dismissal and field.name == "consideration":
            fields[field.name] = st.sampled_from(sorted(SHAPES))
        else:
            fields[field.name] = for_type(hints[field.name], dict(field.metadata))
    return st.builds(cls, **fields)


records: st.SearchStrategy[Record] = model(Record)
