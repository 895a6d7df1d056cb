"""What every content file is made of: the error that names a broken entry, and checked fields.

Shared by the content loader (content.py) and the rules' content shapes (content_rules.py), so
neither has to import the other's half.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.i18n import _

#: How strongly a consideration is worded; Waypoint has no urgent alerts by design.
SEVERITIES = ("info", "consider", "discuss")


class ContentError(Exception):
    """Shipped or clinic-edited content is broken; the message names file, entry and problem."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(
            _("Content file {file}, entry {entry}: {problem}").format(
                file=file, entry=entry, problem=problem
            )
        )


@dataclass(frozen=True)
class Reference:
    """A source that content points at by id."""

    id: str
    citation: str
    url: str


@dataclass(frozen=True)
class RuleText:
    """The wording, thresholds and sources of one decision-support rule (content/rules.toml)."""

    id: str
    title: str
    explanation: str
    severity: str
    element: str
    sources: tuple[str, ...]
    data: Mapping[str, str]
    thresholds: Mapping[str, float]
    codes: Mapping[str, tuple[str, ...]]
    other_severities: Mapping[str, str]

    def say(self, key: str, **values: object) -> str:
        """One of the rule's data sentences with the record's values filled in."""
        return self.data[key].format(**self._with_thresholds(values))

    def heading(self, **values: object) -> tuple[str, str]:
        """The title and explanation with values (and thresholds) filled in."""
        full = self._with_thresholds(values)
        return self.title.format(**full), self.explanation.format(**full)

    def _with_thresholds(self, values: Mapping[str, object]) -> dict[str, object]:
        full: dict[str, object] = {k: _number_text(v) for k, v in self.thresholds.items()}
        full.update(values)
        return full


def _number_text(value: float) -> str:
    """4.0 -> "4", 2.5 -> "2.5": thresholds read as people write them."""
    return f"{value:g}"


def read_toml(folder: Path, name: str) -> dict[str, Any]:
    """Parse one content file; a missing or malformed file is a ContentError naming it."""
    path = folder / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(name, "-", _("the file is missing")) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(name, "-", _("not valid TOML ({why})").format(why=exc)) from None


def text_field(
    file: str, entry: str, table: Mapping[str, Any], key: str, required: bool = True
) -> str:
    """A text value from a content entry, checked."""
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ContentError(file, entry, _("{key} must be text").format(key=key))
    if required and not value.strip():
        raise ContentError(file, entry, _("{key} is missing or empty").format(key=key))
    return value.strip()


def texts_field(file: str, entry: str, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of non-empty texts from a content entry, checked."""
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(
            file, entry, _("{key} must be a list of non-empty texts").format(key=key)
        )
    return tuple(v.strip() for v in value)


def sources_field(
    file: str, entry: str, table: Mapping[str, Any], refs: Mapping[str, Reference]
) -> tuple[str, ...]:
    """The entry's ``sources``: at least one id, each present in references.toml."""
    sources = texts_field(file, entry, table, "sources")
    if not sources:
        raise ContentError(file, entry, _("sources must name at least one reference"))
    for source in sources:
        if source not in refs:
            raise ContentError(
                file, entry, _("source {id} is not in references.toml").format(id=source)
            )
    return sources
