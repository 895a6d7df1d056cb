"""Clinical content as data: prompts, labels and references from content/*.toml, validated at load.

Content is read once at start-up. Any problem stops the app with a message that names the
file, the entry and what is wrong: a half-loaded set of prompts is worse than none.
The format is documented in docs/content.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.resources import resource

CONTENT_FORMAT = 1


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
class Section:
    """What to ask, say and record in one part of the conversation."""

    id: str
    title: str
    prompts: tuple[str, ...]
    talking_points: tuple[str, ...]
    why: str
    sources: tuple[str, ...]
    record: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Everything loaded from one content folder."""

    folder: Path
    version: str
    references: Mapping[str, Reference]
    sections: Mapping[str, Section]
    labels: Mapping[str, Mapping[str, str]]

    def label(self, group: str, code: str) -> str:
        """The display wording for a stored choice code (blank for an unanswered choice)."""
        if not code:
            return ""
        return self.labels.get(group, {}).get(code, code)

    def cite(self, ids: tuple[str, ...]) -> list[Reference]:
        """The references for a tuple of ids (all were checked at load)."""
        return [self.references[i] for i in ids]


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


def load_references(folder: Path) -> dict[str, Reference]:
    """The reference list of a content folder."""
    return _references(folder)


def _references(folder: Path) -> dict[str, Reference]:
    name = "references.toml"
    data = read_toml(folder, name)
    refs: dict[str, Reference] = {}
    for i, entry in enumerate(data.get("reference", [])):
        where = f"reference[{i}]"
        ref_id = text_field(name, where, entry, "id")
        if ref_id in refs:
            raise ContentError(name, ref_id, _("the id is used twice"))
        refs[ref_id] = Reference(
            ref_id,
            text_field(name, ref_id, entry, "citation"),
            text_field(name, ref_id, entry, "url", False),
        )
    if not refs:
        raise ContentError(name, "-", _("no references"))
    return refs


def _sections(folder: Path, refs: Mapping[str, Reference]) -> dict[str, Section]:
    name = "conversation.toml"
    data = read_toml(folder, name)
    sections: dict[str, Section] = {}
    for section_id, entry in data.get("section", {}).items():
        where = f"section.{section_id}"
        if not isinstance(entry, dict):
            raise ContentError(name, where, _("must be a table"))
        sources = sources_field(name, where, entry, refs)
        sections[section_id] = Section(
            id=section_id,
            title=text_field(name, where, entry, "title"),
            prompts=texts_field(name, where, entry, "prompts"),
            talking_points=texts_field(name, where, entry, "talking_points"),
            why=text_field(name, where, entry, "why"),
            sources=sources,
            record=texts_field(name, where, entry, "record"),
        )
    return sections


def _labels(folder: Path) -> dict[str, dict[str, str]]:
    name = "labels.toml"
    data = read_toml(folder, name)
    labels: dict[str, dict[str, str]] = {}
    for group, entries in data.get("choices", {}).items():
        if not isinstance(entries, dict) or not all(
            isinstance(v, str) and v.strip() for v in entries.values()
        ):
            raise ContentError(name, f"choices.{group}", _("each choice needs display text"))
        labels[group] = dict(entries)
    return labels


def load_content(folder: Path) -> Content:
    """Load and validate a content folder; raise :class:`ContentError` on the first problem."""
    manifest = read_toml(folder, "manifest.toml")
    if manifest.get("format") != CONTENT_FORMAT:
        raise ContentError(
            "manifest.toml",
            "format",
            _("this Waypoint reads content format {n}").format(n=CONTENT_FORMAT),
        )
    refs = _references(folder)
    return Content(
        folder=folder,
        version=text_field("manifest.toml", "version", manifest, "version"),
        references=refs,
        sections=_sections(folder, refs),
        labels=_labels(folder),
    )


@cache
def shipped_content() -> Content:
    """The content folder shipped with the app, loaded once."""
    return load_content(resource("content"))
