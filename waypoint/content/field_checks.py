"""Answers checked one field at a time, in words a clinician can act on while typing.

The limits are the record format's own (declared beside each field in :mod:`waypoint.record.model`,
read through :func:`waypoint.record.schema.check_field`), so a form refuses exactly what saving the
record would refuse, but says so beside the field, without the record's field path.

One more check: a form assesses a living patient, so PPS 0% and ECOG 5 (death, on the scales
themselves) are refused there, with the words in content/calculators.toml ``[living]``. The
record format keeps accepting them, so an old record holding them still opens.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.schema import DEFAULT_MAX_TEXT, ValidationError, check_field


def value_problem(cls: type, name: str, value: object, content: Content) -> str:
    """Why ``value`` cannot be recorded as ``cls.name``, in plain words; empty when it can."""
    meta = _metadata(cls, name)
    label = str(meta.get("label", name))
    too_long = _too_long(label, meta, value)
    if too_long:
        return too_long
    try:
        check_field(cls, name, value)
    except ValidationError as exc:
        return _plain(label, exc)
    return living_problem(name, value, content)


def living_problem(name: str, value: object, content: Content) -> str:
    """Why a ``pps`` or ``ecog`` value cannot be a living patient's; empty when it can."""
    living = content.calculators.living
    if living.is_death(name, value):
        return living.messages[name].format(value=value)
    return ""


def object_problems(obj: object, content: Content) -> dict[str, str]:
    """Each field of a record object (not the groups inside it) that cannot be recorded, and why."""
    found: dict[str, str] = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            continue
        message = value_problem(type(obj), f.name, value, content)
        if message:
            found[f.name] = message
    return found


def text_limit(cls: type, name: str) -> int:
    """How many characters ``cls.name`` may hold."""
    return int(_metadata(cls, name).get("max_length") or DEFAULT_MAX_TEXT)


def _metadata(cls: type, name: str) -> Any:
    for f in dataclasses.fields(cls):
        if f.name == name:
            return f.metadata
    raise KeyError(name)  # a programming error: the form names a field the record lacks


def _too_long(label: str, meta: Any, value: object) -> str:
    limit = int(meta.get("max_length") or DEFAULT_MAX_TEXT)
    texts = value if isinstance(value, list) else [value]
    longest = max((len(t) for t in texts if isinstance(t, str)), default=0)
    if longest <= limit:
        return ""
    return _(
        "{label} is {n} characters long, and at most {limit} fit. Please shorten it; "
        "nothing has been cut."
    ).format(label=label, n=longest, limit=limit)


def _plain(label: str, exc: ValidationError) -> str:
    if exc.value is None or (isinstance(exc.value, str) and not exc.value.strip()):
        return _("Please fill in: {label}.").format(label=label)
    return _("{label}: {value} is not possible here. Please enter {allowed}.").format(
        label=label, value=exc.value, allowed=exc.allowed
    )
