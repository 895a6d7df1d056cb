"""Records with every field set to a valid value that is not its default, built from the schema.

A form that shows such a record and writes it back into an empty one copies exactly the fields
it edits: what differs from the empty record afterwards. tests/gui/test_field_editors.py uses
this to check what each page and dialog says it edits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import Iterator
from typing import Any

from waypoint.record.schema import check_field

DAY = dt.date(2026, 3, 2)


def _plain(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return args[0] if len(args) == 1 else hint
    return hint


def _value(cls: type, f: dataclasses.Field[Any], hint: Any) -> Any:
    meta = f.metadata
    plain = _plain(hint)
    default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
    choices = meta.get("choices")
    if dataclasses.is_dataclass(plain):
        return full(plain)  # type: ignore[arg-type]
    if typing.get_origin(plain) is list:
        (item,) = typing.get_args(plain)
        if dataclasses.is_dataclass(item):
            return [full(item)]  # type: ignore[arg-type]
        if choices:
            return [choices[-1]]
        return [f"{f.name} 1"]
    if typing.get_origin(plain) is dict:
        return {"clinical_trials": f"{f.name} reason"}
    if plain is bool:
        return not default if isinstance(default, bool) else True
    if plain is dt.date:
        return DAY
    if plain in (int, float):
        low, high, step = meta.get("minimum"), meta.get("maximum"), meta.get("step")
        low = 0 if low is None else low
        value = low + (step or 1)
        if high is not None and value > high:
            value = high
        if value == default:
            value = low if low != default else (high if high is not None else value + 1)
        return plain(value)
    if plain is str:
        if choices:
            options = [c for c in choices if c and c != default]
            return options[-1] if options else default
        return f"{f.name} text"
    raise TypeError(f"no value for {cls.__name__}.{f.name}: {hint}")


def full(cls: type) -> Any:
    """An instance of ``cls`` with every field valid and unlike its default."""
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        value = _value(cls, f, hints[f.name])
        check_field(cls, f.name, value)
        values[f.name] = value
    return cls(**values)


def leaves(cls: type, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every field: nested groups are opened, and so is a list of groups
    (``treatment_options[].name``); a list of plain values is one field."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        plain = _plain(hints[f.name])
        item = typing.get_args(plain)[0] if typing.get_origin(plain) is list else None
        if dataclasses.is_dataclass(plain):
            yield from leaves(plain, f"{prefix}{f.name}.")  # type: ignore[arg-type]
        elif item is not None and dataclasses.is_dataclass(item):
            yield from leaves(item, f"{prefix}{f.name}[].")  # type: ignore[arg-type]
        else:
            yield prefix + f.name


def get(obj: object, path: str) -> object:
    """The value at ``path`` (the first item of a list of groups); None past a missing group."""
    for part in path.split("."):
        if obj is None:
            return None
        if part.endswith("[]"):
            items = getattr(obj, part[:-2])
            obj = items[0] if items else None
        else:
            obj = getattr(obj, part)
    return obj


def changed(before: object, after: object, cls: type) -> set[str]:
    """The fields whose value differs between two instances of ``cls``."""
    return {p for p in leaves(cls) if get(before, p) != get(after, p)}
