"""Clinical content as data: prompts, labels and references from content/*.toml, validated at load.

Content is read once at start-up. Any problem stops the app with a message that names the
file, the entry and what is wrong: a half-loaded set of prompts is worse than none.
The format is documented in docs/content.md.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from waypoint.content.fields import SEVERITIES as SEVERITIES
from waypoint.content.fields import ContentError as ContentError
from waypoint.content.fields import Reference as Reference
from waypoint.content.fields import RuleText as RuleText
from waypoint.content.fields import read_toml as read_toml
from waypoint.content.fields import sources_field as sources_field
from waypoint.content.fields import text_field as text_field
from waypoint.content.fields import texts_field as texts_field
from waypoint.content.measures import MeasureSet, load_measures
from waypoint.content.rules import load_rule_texts
from waypoint.i18n import _
from waypoint.resources import resource

CONTENT_FORMAT = 1


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
class PpiBand:
    """One survival band of the Palliative Prognostic Index; ``above`` None is the lowest band."""

    above: float | None
    text: str


@dataclass(frozen=True)
class LivingLimits:
    """Values the scales define as death: never taken as a living patient's (``[living]``).

    Attributes:
        pps_death, ecog_death: PPS 0% and ECOG 5 as published.
        messages: what to say for ``pps``, ``ecog`` and ``ppi`` (slot ``{value}``).
    """

    pps_death: int
    ecog_death: int
    messages: Mapping[str, str]
    sources: tuple[str, ...]

    def is_death(self, name: str, value: object) -> bool:
        """Whether ``value`` of the scale ``name`` ("pps" or "ecog") means the person has died."""
        death = {"pps": self.pps_death, "ecog": self.ecog_death}.get(name)
        return death is not None and not isinstance(value, bool) and value == death


@dataclass(frozen=True)
class Calculators:
    """Cut-offs and sentences for the calculators (content/calculators.toml)."""

    ppi_bands: tuple[PpiBand, ...]
    ppi_note: str
    ppi_sources: tuple[str, ...]
    scenario_multiples: Mapping[str, float]
    scenario_sentences: Mapping[str, str]
    scenario_note: str
    duration_units: Mapping[str, str]
    scenario_sources: tuple[str, ...]
    living: LivingLimits
    esas_from: Mapping[str, int]
    esas_sources: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Everything loaded from one content folder."""

    folder: Path
    version: str
    references: Mapping[str, Reference]
    sections: Mapping[str, Section]
    labels: Mapping[str, Mapping[str, str]]
    rules: Mapping[str, RuleText]
    calculators: Calculators
    measures: MeasureSet

    def label(self, group: str, code: str) -> str:
        """The display wording for a stored choice code (blank for an unanswered choice)."""
        if not code:
            return ""
        return self.labels.get(group, {}).get(code, code)

    def cite(self, ids: tuple[str, ...]) -> list[Reference]:
        """The references for a tuple of ids (all were checked at load)."""
        return [self.references[i] for i in ids]


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


def _table(file: str, entry: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ContentError(file, f"{entry}.{key}" if entry else key, _("must be a table"))
    return value


def _number(file: str, entry: str, table: Mapping[str, Any], key: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ContentError(file, entry, _("{key} must be a number of 0 or more").format(key=key))
    return float(value)


def _templates(
    file: str, entry: str, table: Mapping[str, Any], keys: tuple[str, ...], fields: set[str]
) -> dict[str, str]:
    """Sentences with ``{name}`` slots; each slot must be one the code fills in."""
    texts: dict[str, str] = {}
    for key in keys:
        text = text_field(file, entry, table, key)
        try:
            names = {n for _l, n, _s, _c in string.Formatter().parse(text) if n is not None}
        except ValueError:
            names = {"?"}
        if not names <= fields:
            raise ContentError(
                file,
                entry,
                _("{key} may only use {allowed}").format(
                    key=key, allowed=", ".join("{" + f + "}" for f in sorted(fields))
                ),
            )
        texts[key] = text
    return texts


def _ppi_bands(name: str, ppi: Mapping[str, Any]) -> tuple[PpiBand, ...]:
    raw = ppi.get("band", [])
    bands: list[PpiBand] = []
    for i, band in enumerate(raw if isinstance(raw, list) else []):
        where = f"ppi.band[{i}]"
        if not isinstance(band, dict):
            raise ContentError(name, where, _("must be a table"))
        above = None if "above" not in band else _number(name, where, band, "above")
        bands.append(PpiBand(above, text_field(name, where, band, "text")))
    cutoffs = [b.above for b in bands[:-1]]
    if (
        len(bands) < 2
        or bands[-1].above is not None
        or any(c is None for c in cutoffs)
        or cutoffs != sorted(cutoffs, key=lambda c: -(c or 0.0))
    ):
        raise ContentError(
            name,
            "ppi.band",
            _("bands go from the highest 'above' down, and only the last band has no 'above'"),
        )
    return tuple(bands)


def _calculators(folder: Path, refs: Mapping[str, Reference]) -> Calculators:
    name = "calculators.toml"
    data = read_toml(folder, name)
    ppi = _table(name, "", data, "ppi")
    scenarios = _table(name, "", data, "scenarios")
    esas = _table(name, "", data, "esas")
    multiples = {
        k: _number(name, "scenarios", scenarios, k)
        for k in ("worst", "typical_low", "typical_high", "best")
    }
    if not 0 < multiples["worst"] <= multiples["typical_low"] <= multiples["typical_high"]:
        raise ContentError(name, "scenarios", _("multiples must rise from worst to best"))
    if multiples["typical_high"] > multiples["best"]:
        raise ContentError(name, "scenarios", _("multiples must rise from worst to best"))
    esas_from = {k: int(_number(name, "esas", esas, k)) for k in _ESAS_BANDS}
    if (
        not 1
        <= esas_from["mild_from"]
        < esas_from["moderate_from"]
        < esas_from["severe_from"]
        <= 10
    ):
        raise ContentError(name, "esas", _("bands must rise within 1 to 10"))
    return Calculators(
        ppi_bands=_ppi_bands(name, ppi),
        ppi_note=text_field(name, "ppi", ppi, "note"),
        ppi_sources=sources_field(name, "ppi", ppi, refs),
        scenario_multiples=multiples,
        scenario_sentences=_templates(
            name,
            "scenarios.sentences",
            _table(name, "scenarios", scenarios, "sentences"),
            ("worst", "typical", "typical_same", "best"),
            set(multiples),
        ),
        scenario_note=text_field(name, "scenarios", scenarios, "note"),
        duration_units=_templates(
            name,
            "scenarios.units",
            _table(name, "scenarios", scenarios, "units"),
            ("day", "days", "week", "weeks", "month", "months", "year", "years"),
            {"n"},
        ),
        scenario_sources=sources_field(name, "scenarios", scenarios, refs),
        living=_living(name, _table(name, "", data, "living"), refs),
        esas_from=esas_from,
        esas_sources=sources_field(name, "esas", esas, refs),
    )


_ESAS_BANDS = ("mild_from", "moderate_from", "severe_from")


def _living(name: str, living: Mapping[str, Any], refs: Mapping[str, Reference]) -> LivingLimits:
    pps, ecog = (int(_number(name, "living", living, k)) for k in ("pps_death", "ecog_death"))
    if pps != 0 or ecog != 5:
        # The scales define these; a different number would refuse a living patient's value.
        raise ContentError(name, "living", _("pps_death is 0 and ecog_death is 5, as published"))
    return LivingLimits(
        pps_death=pps,
        ecog_death=ecog,
        messages=_templates(name, "living", living, ("pps", "ecog", "ppi"), {"value"}),
        sources=sources_field(name, "living", living, refs),
    )


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
        rules=load_rule_texts(folder, refs),
        calculators=_calculators(folder, refs),
        measures=load_measures(folder, refs),
    )


@cache
def shipped_content() -> Content:
    """The content shipped with this Waypoint, loaded once.

    Not necessarily the content in use: a clinic may have installed an update, and
    :func:`waypoint.services.content_updates.choose_content` decides. Everything that reads
    content takes the chosen bundle as a parameter; nothing falls back to this one.
    """
    return load_content(resource("content"))
