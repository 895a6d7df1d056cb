"""Document wording: the patient handout (one file per language in content/handout/) and the
chart documents (content/documents.toml), checked at load.

Every language must have every entry the English file has, with the same ``{placeholders}``,
and every table must name its sources; a clinic that edits the wording gets a message naming
the file, the entry and the problem instead of a handout with a gap in it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from waypoint.content.bundle import (
    Content,
    ContentError,
    load_references,
    read_toml,
    sources_field,
    text_field,
)
from waypoint.i18n import LANGUAGES, _

#: Every language Waypoint speaks has a handout (content/handout/<lang>.toml).
HANDOUT_LANGUAGES = LANGUAGES
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass(frozen=True)
class HandoutWording:
    """The wording of one language: ``text[table][key]``, month names and choice labels."""

    language: str
    text: Mapping[str, Mapping[str, str]]
    months: tuple[str, ...]
    sources: tuple[str, ...]
    date_format: str = "{day} {month} {year}"

    def date(self, value: Any) -> str:
        """A date as patients read it in this language (23 Nov 2026, 23 de noviembre de 2026)."""
        if value is None:
            return ""
        return self.date_format.format(
            day=value.day, month=self.months[value.month - 1], year=value.year
        )

    def clinician(self, name: str) -> str:
        """The clinician's name as a sentence needs it: "la Dra. Ruiz" in Spanish.

        ``labels.titles`` maps a title as typed ("Dra.") to the words a sentence puts in its
        place ("la Dra."); a name without a known title is printed as typed.
        """
        head, _sep, rest = name.strip().partition(" ")
        titles = self.text.get("labels.titles", {})
        for typed, phrase in titles.items():
            if rest and head.casefold() == typed.casefold():
                return f"{phrase} {rest}"
        return name.strip()


def _tables(name: str, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key == "labels":
            if not isinstance(value, dict):
                raise ContentError(name, "labels", _("must be a table"))
            for group, entries in value.items():
                tables[f"labels.{group}"] = entries
        elif isinstance(value, dict):
            tables[key] = value
    return tables


def _load(folder: Path, lang: str) -> HandoutWording:
    name = f"handout/{lang}.toml"
    data = read_toml(folder, name)
    if data.get("format") != 1:
        raise ContentError(name, "format", _("this Waypoint reads handout format 1"))
    if data.get("language") != lang:
        raise ContentError(name, "language", _("must be {lang}").format(lang=lang))
    months = data.get("months")
    if (
        not isinstance(months, list)
        or len(months) != 12
        or not all(isinstance(m, str) and m for m in months)
    ):
        raise ContentError(name, "months", _("must list the 12 month names"))
    date_format = data.get("date_format", "{day} {month} {year}")
    if not isinstance(date_format, str) or set(_PLACEHOLDER.findall(date_format)) != {
        "day",
        "month",
        "year",
    }:
        raise ContentError(name, "date_format", _("must use {day}, {month} and {year}"))
    refs = load_references(folder)
    text: dict[str, dict[str, str]] = {}
    sources: list[str] = []
    tables = _tables(name, data)
    for table, entries in tables.items():
        if not isinstance(entries, dict):
            raise ContentError(name, table, _("must be a table"))
        if not table.startswith("labels."):
            sources.extend(sources_field(name, table, entries, refs))
        text[table] = {
            key: text_field(name, f"{table}.{key}", entries, key)
            for key in entries
            if key != "sources"
        }
    return HandoutWording(lang, text, tuple(months), tuple(dict.fromkeys(sources)), date_format)


def load_wording(folder: Path, lang: str) -> HandoutWording:
    """Load one language's handout wording and check it against the English file."""
    if lang not in HANDOUT_LANGUAGES:
        raise ContentError(f"handout/{lang}.toml", "-", _("no handout in this language"))
    wording = _load(folder, lang)
    if lang == "en":
        return wording
    english = _load(folder, "en")
    name = f"handout/{lang}.toml"
    for table, entries in english.text.items():
        for key, english_text in entries.items():
            where = f"{table}.{key}"
            theirs = wording.text.get(table, {}).get(key)
            if theirs is None:
                raise ContentError(name, where, _("missing (the English file has it)"))
            if set(_PLACEHOLDER.findall(theirs)) != set(_PLACEHOLDER.findall(english_text)):
                raise ContentError(
                    name, where, _("must use the same {placeholders} as the English text")
                )
    return wording


def handout_wording(content: Content, lang: str) -> HandoutWording:
    """Handout wording for ``lang`` from ``content``, loaded once per folder and language."""
    return _wording_for(content.folder, lang)


@cache
def _wording_for(folder: Path, lang: str) -> HandoutWording:
    return load_wording(folder, lang)


#: Entries content/documents.toml must have, with the placeholders each must use.
DOCUMENT_ENTRIES: dict[tuple[str, str], frozenset[str]] = {
    ("letter", "shortened"): frozenset(),
    ("letter", "shortened_note"): frozenset({"date"}),
    ("letter_parts", "not_offered"): frozenset(),
    ("letter_parts", "not_discussed"): frozenset({"sections"}),
    ("letter_parts", "watch"): frozenset({"side_effects"}),
    ("letter_parts", "watch_fever"): frozenset(),
    ("letter_parts", "flags"): frozenset({"flags"}),
    ("letter_parts", "request"): frozenset({"name"}),
    ("letter_parts", "request_polst"): frozenset({"name"}),
    ("letter_parts", "request_copy"): frozenset(),
    ("letter_parts", "call"): frozenset({"clinician", "phone"}),
    ("letter_parts", "call_after_hours"): frozenset({"phone"}),
}


@dataclass(frozen=True)
class DocumentWording:
    """Wording of the chart documents (content/documents.toml): ``text[table][key]``."""

    text: Mapping[str, Mapping[str, str]]
    sources: tuple[str, ...]


def load_document_wording(folder: Path) -> DocumentWording:
    """Load content/documents.toml and check every entry Waypoint fills in."""
    name = "documents.toml"
    data = read_toml(folder, name)
    if data.get("format") != 1:
        raise ContentError(name, "format", _("this Waypoint reads documents format 1"))
    refs = load_references(folder)
    text: dict[str, dict[str, str]] = {}
    sources: list[str] = []
    for (table, key), placeholders in DOCUMENT_ENTRIES.items():
        entries = data.get(table)
        if not isinstance(entries, dict):
            raise ContentError(name, table, _("the table is missing"))
        if table not in text:
            sources.extend(sources_field(name, table, entries, refs))
        value = text_field(name, f"{table}.{key}", entries, key)
        if set(_PLACEHOLDER.findall(value)) != placeholders:
            raise ContentError(
                name,
                f"{table}.{key}",
                _("must use the placeholders {names}").format(
                    names=", ".join("{" + p + "}" for p in sorted(placeholders)) or _("none")
                ),
            )
        text.setdefault(table, {})[key] = value
    return DocumentWording(text, tuple(dict.fromkeys(sources)))


def document_wording(content: Content) -> DocumentWording:
    """Chart-document wording from ``content``, loaded once per folder."""
    return _document_wording_for(content.folder)


@cache
def _document_wording_for(folder: Path) -> DocumentWording:
    return load_document_wording(folder)
