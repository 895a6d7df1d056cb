"""Declarative fields for the record dataclasses: labels, limits, and a codec that validates.

Every record class in :mod:`waypoint.record.model` declares its fields with :func:`spec`. The same
declaration drives three things, so they cannot drift apart: turning JSON into objects
(:func:`from_json`), turning objects back into JSON (:func:`to_json`), and the one-line error a
clinician sees when a value is not allowed (:class:`ValidationError`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, Union

from waypoint.i18n import _

T = TypeVar("T")

#: Free text longer than this is almost certainly a paste accident, not an answer.
DEFAULT_MAX_TEXT = 20_000
EARLIEST_DATE = dt.date(1900, 1, 1)


class ValidationError(ValueError):
    """A value the record format does not allow.

    The message is one line a clinician can act on: the field's name in words, where it is in
    the record, the value that was given and what is allowed.
    """

    def __init__(self, label: str, path: str, value: object, allowed: str) -> None:
        self.label = label
        self.path = path
        self.value = value
        self.allowed = allowed
        shown = _shorten(value)
        super().__init__(
            _("{label} ({path}) is {value}; allowed: {allowed}.").format(
                label=label, path=path, value=shown, allowed=allowed
            )
        )


def _shorten(value: object) -> str:
    if value is None:
        return _("blank")
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def spec(
    label: str,
    default: Any = dataclasses.MISSING,
    *,
    factory: Callable[[], Any] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    step: int | None = None,
    choices: Sequence[str] | None = None,
    max_length: int | None = None,
    required: bool = False,
    not_future: bool = False,
    set_by: str = "",
) -> Any:
    """Declare a record field with the label and limits used in validation messages.

    ``set_by`` says who fills a field no form edits: ``"app"`` (Waypoint itself: ids, who
    recorded it, the wizard's timer and Skip button) or ``"import"`` (it only arrives with an
    imported record). Every other field must have an editor in the app; a test checks it.
    """
    if set_by not in ("", "app", "import"):
        raise ValueError(f"set_by must be '', 'app' or 'import', not {set_by!r}")
    meta = {
        "label": label,
        "minimum": minimum,
        "maximum": maximum,
        "step": step,
        "choices": tuple(choices) if choices is not None else None,
        "max_length": max_length,
        "required": required,
        "not_future": not_future,
        "set_by": set_by,
    }
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def from_json(cls: type[T], data: object, path: str = "") -> T:
    """Build a validated ``cls`` from parsed JSON; raise :class:`ValidationError` on the first problem."""
    return typing.cast(T, _decode_dataclass(cls, data, path or cls.__name__.lower()))


def to_json(obj: object) -> Any:
    """The JSON-ready form of a record object (dates as ISO strings, dataclasses as dicts)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_json(item) for item in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    return obj


def validate(obj: object, path: str = "") -> None:
    """Check an object built in code (for example by the GUI) against its declared limits."""
    from_json(type(obj), to_json(obj), path or type(obj).__name__.lower())


def check_field(cls: type, name: str, value: object, path: str = "") -> None:
    """Check one value against the limits declared for ``cls.name``; raise ValidationError.

    For a form that checks each answer as it is typed, with the same rules as a whole record.
    """
    (declared,) = [f for f in dataclasses.fields(cls) if f.name == name]
    _decode(_hints(cls)[name], to_json(value), path or name, declared.metadata)


def declared(cls: type, key: str) -> dict[str, Any]:
    """``key`` ("label", "maximum", ...) as each field of ``cls`` declares it, by field name."""
    return {f.name: f.metadata.get(key) for f in dataclasses.fields(cls)}


def field_label(cls: type, name: str) -> str:
    """The human label declared for ``cls.name``."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            return _(str(f.metadata.get("label", name)))  # declared in English, shown translated
    raise KeyError(name)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode_dataclass(cls: type, data: object, path: str) -> object:
    if not isinstance(data, Mapping):
        raise ValidationError(_label_of_class(cls), path, data, _("a group of named fields"))
    known = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in known:
            raise ValidationError(
                _("Unknown field"), f"{path}.{key}", data[key], ", ".join(sorted(known))
            )
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        sub = f"{path}.{f.name}"
        meta = f.metadata
        if f.name in data:
            values[f.name] = _decode(hints[f.name], data[f.name], sub, meta)
        elif meta.get("required"):
            raise ValidationError(
                _(meta.get("label", f.name)), sub, None, _("a value (it is required)")
            )
    obj = cls(**values)
    check = getattr(obj, "check", None)
    if callable(check):
        check(path)
    return obj


def _label_of_class(cls: type) -> str:
    doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
    return doc.rstrip(".")


def _decode(hint: Any, value: object, path: str, meta: Mapping[str, Any]) -> Any:
    label = _(str(meta.get("label", path.rsplit(".", 1)[-1])))
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            if meta.get("required"):
                raise ValidationError(label, path, value, _("a value (it is required)"))
            return None
        return _decode(args[0], value, path, meta)
    if origin is list:
        if not isinstance(value, list):
            raise ValidationError(label, path, value, _("a list"))
        (item_hint,) = typing.get_args(hint)
        return [_decode(item_hint, item, f"{path}[{i}]", meta) for i, item in enumerate(value)]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise ValidationError(label, path, value, _("a group of named values"))
        _key_hint, item_hint = typing.get_args(hint)
        return {str(k): _decode(item_hint, v, f"{path}.{k}", meta) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(typing.cast(type, hint), value, path)
    if hint is bool:
        if not isinstance(value, bool):
            raise ValidationError(label, path, value, _("yes or no (true or false)"))
        return value
    if hint is int:
        return _decode_number(int, value, path, label, meta)
    if hint is float:
        return _decode_number(float, value, path, label, meta)
    if hint is str:
        return _decode_text(value, path, label, meta)
    if hint is dt.date:
        return _decode_date(value, path, label, meta)
    raise TypeError(f"no codec for {hint!r} at {path}")  # a programming error, not user input


def _decode_text(value: object, path: str, label: str, meta: Mapping[str, Any]) -> str:
    choices = meta.get("choices")
    if not isinstance(value, str):
        allowed = _choices_text(choices) if choices else _("text")
        raise ValidationError(label, path, value, allowed)
    if choices is not None and value not in choices:
        raise ValidationError(label, path, value, _choices_text(choices))
    limit = meta.get("max_length") or DEFAULT_MAX_TEXT
    if len(value) > limit:
        raise ValidationError(
            label, path, value, _("text of at most {n} characters").format(n=limit)
        )
    if meta.get("required") and not value.strip():
        raise ValidationError(label, path, value, _("some text (it is required)"))
    return value


def _choices_text(choices: Sequence[str]) -> str:
    shown = [c for c in choices if c] or list(choices)
    text = _("one of {choices}").format(choices=", ".join(f'"{c}"' for c in shown))
    if "" in choices:
        text += _(", or left blank")
    return text


def _decode_number(
    kind: type, value: object, path: str, label: str, meta: Mapping[str, Any]
) -> int | float:
    lo, hi, step = meta.get("minimum"), meta.get("maximum"), meta.get("step")
    allowed = _range_text(kind, lo, hi, step)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(label, path, value, allowed)
    if kind is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValidationError(label, path, value, allowed)
            value = int(value)
    elif value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise ValidationError(label, path, value, allowed)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValidationError(label, path, value, allowed)
    if step and (value - (lo or 0)) % step:
        raise ValidationError(label, path, value, allowed)
    return kind(value)  # type: ignore[no-any-return]


def _range_text(kind: type, lo: float | None, hi: float | None, step: int | None) -> str:
    noun = _("a whole number") if kind is int else _("a number")
    if lo is not None and hi is not None:
        text = _("{noun} from {lo} to {hi}").format(noun=noun, lo=_num(lo), hi=_num(hi))
    elif lo is not None:
        text = _("{noun} of at least {lo}").format(noun=noun, lo=_num(lo))
    else:
        text = noun
    if step:
        text += _(" in steps of {step}").format(step=step)
    return text


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _decode_date(value: object, path: str, label: str, meta: Mapping[str, Any]) -> dt.date:
    allowed = _("a date written YYYY-MM-DD, from 1900 on")
    if meta.get("not_future"):
        allowed = _("a date written YYYY-MM-DD, from 1900 up to today")
    if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
        raise ValidationError(label, path, value, allowed)
    if isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(label, path, value, allowed) from None
        if len(value) != 10:  # fromisoformat also takes "20240101"; the format is one spelling
            raise ValidationError(label, path, value, allowed)
    else:
        parsed = value
    if parsed < EARLIEST_DATE or (meta.get("not_future") and parsed > dt.date.today()):
        raise ValidationError(label, path, value, allowed)
    return parsed
