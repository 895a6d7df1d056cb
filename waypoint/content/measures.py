"""The clinic's quality measures from content/measures.toml, checked as they load.

The counting is code (:mod:`waypoint.clinical.measures`), one function per key, so the file must
name exactly the keys the code counts. What a clinic may review or change is data: each
measure's title in English and Spanish, which way is better, its sources, and its numbers
(windows in whole days) and the record codes it counts. A broken file raises
:class:`~waypoint.content.fields.ContentError` naming the entry, like every other content file.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.content.fields import ContentError, Reference, read_toml, sources_field, text_field
from waypoint.i18n import LANGUAGES, _
from waypoint.record.model import CPR_CHOICES, REFERRAL_STATES

FILE = "measures.toml"
FORMAT = 1
BETTER = ("higher", "lower")
#: Stepped-care measures: their windows come from stepped_care.toml (slots {weeks}, {days}).
STEPPED_MEASURES = ("stepped_first_visit", "stepped_fact_l_on_time", "stepped_event_visit")
#: Every key the code counts, in the order reports show them, with its numbers: (low, high).
NUMBERS: dict[str, dict[str, tuple[int, int]]] = {
    "goc_within_8_weeks": {"window_days": (1, 365)},
    "palliative_referral_within_8_weeks": {"window_days": (1, 365)},
    "code_status_documented": {},
    "proxy_named": {},
    "goc_before_death": {},
    "chemo_last_14_days": {"days_before_death": (0, 365)},
    "icu_last_30_days": {"days_before_death": (0, 365)},
    "no_hospice": {},
    "hospice_under_3_days": {"under_days": (1, 365)},
    **{key: {} for key in STEPPED_MEASURES},
}
#: Lists of record codes a measure counts, and the codes each list may name.
CODES: dict[str, dict[str, tuple[str, ...]]] = {
    "palliative_referral_within_8_weeks": {"referral_states": REFERRAL_STATES[1:]},
    "code_status_documented": {"cpr_documented": CPR_CHOICES[1:]},
}
#: The slots a title may use: a measure's own numbers, or the stepped-care windows.
_TITLE_SLOTS = {"window_days": "days", "days_before_death": "days", "under_days": "days"}


@dataclass(frozen=True)
class MeasureText:
    """One measure's wording, numbers and sources."""

    key: str
    titles: Mapping[str, str]
    better: str
    source: str
    sources: tuple[str, ...]
    numbers: Mapping[str, int]
    codes: Mapping[str, tuple[str, ...]]

    def title(self, lang: str = "en", **slots: object) -> str:
        """The title in ``lang`` with its {days} or {weeks} filled in."""
        values: dict[str, object] = {_TITLE_SLOTS[k]: v for k, v in self.numbers.items()}
        values.update(slots)
        return self.titles.get(lang, self.titles["en"]).format(**values)


@dataclass(frozen=True)
class MeasureSet:
    """Every measure, in the order reports show them."""

    measures: Mapping[str, MeasureText]

    def __getitem__(self, key: str) -> MeasureText:
        return self.measures[key]

    @property
    def order(self) -> tuple[str, ...]:
        """The measure keys in report order."""
        return tuple(self.measures)


def _slots(key: str) -> set[str]:
    if key in STEPPED_MEASURES:
        return {"weeks", "days"}
    return {_TITLE_SLOTS[n] for n in NUMBERS[key]}


def _titles(where: str, entry: Mapping[str, Any], key: str) -> dict[str, str]:
    table = entry.get("title")
    if not isinstance(table, dict):
        raise ContentError(FILE, f"{where}.title", _("needs title.en and title.es"))
    titles = {lang: text_field(FILE, f"{where}.title", table, lang) for lang in LANGUAGES}
    allowed = _slots(key)
    for lang, text in titles.items():
        try:
            names = {n for _l, n, _s, _c in string.Formatter().parse(text) if n is not None}
        except ValueError:
            names = {"?"}
        if not names <= allowed:
            raise ContentError(
                FILE,
                f"{where}.title.{lang}",
                _("a title may only use {allowed}").format(
                    allowed=", ".join("{" + s + "}" for s in sorted(allowed)) or _("no {slots}")
                ),
            )
    return titles


def _parameters(
    where: str, entry: Mapping[str, Any], key: str
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    table = entry.get("parameters", {})
    if not isinstance(table, dict):
        raise ContentError(FILE, f"{where}.parameters", _("must be a table"))
    expected = {*NUMBERS[key], *CODES.get(key, {})}
    unknown = sorted(set(table) - expected)
    if unknown:
        raise ContentError(
            FILE,
            f"{where}.parameters",
            _("unknown {names}; this measure takes: {allowed}").format(
                names=", ".join(unknown), allowed=", ".join(sorted(expected)) or _("none")
            ),
        )
    numbers: dict[str, int] = {}
    for name, (low, high) in NUMBERS[key].items():
        value = table.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ContentError(
                FILE,
                f"{where}.parameters.{name}",
                _("must be a whole number of days from {low} to {high}").format(low=low, high=high),
            )
        numbers[name] = value
    codes: dict[str, tuple[str, ...]] = {}
    for name, allowed in CODES.get(key, {}).items():
        value = table.get(name)
        if not isinstance(value, list) or not value or not all(v in allowed for v in value):
            raise ContentError(
                FILE,
                f"{where}.parameters.{name}",
                _("must list one or more of: {codes}").format(codes=", ".join(allowed)),
            )
        codes[name] = tuple(value)
    return numbers, codes


def _measure(key: str, entry: object, refs: Mapping[str, Reference]) -> MeasureText:
    where = f"measure.{key}"
    if not isinstance(entry, dict):
        raise ContentError(FILE, where, _("must be a table"))
    better = text_field(FILE, where, entry, "better")
    if better not in BETTER:
        raise ContentError(FILE, f"{where}.better", _("must be 'higher' or 'lower'"))
    numbers, codes = _parameters(where, entry, key)
    return MeasureText(
        key=key,
        titles=_titles(where, entry, key),
        better=better,
        source=text_field(FILE, where, entry, "source"),
        sources=sources_field(FILE, where, entry, refs),
        numbers=numbers,
        codes=codes,
    )


def load_measures(folder: Path, refs: Mapping[str, Reference]) -> MeasureSet:
    """Load and check content/measures.toml from ``folder``; ``refs`` from references.toml."""
    data = read_toml(folder, FILE)
    if data.get("format") != FORMAT:
        raise ContentError(
            FILE, "format", _("this Waypoint reads measures format {n}").format(n=FORMAT)
        )
    table = data.get("measure")
    if not isinstance(table, dict):
        raise ContentError(FILE, "measure", _("the table is missing"))
    missing = [k for k in NUMBERS if k not in table]
    unknown = sorted(set(table) - set(NUMBERS))
    if missing or unknown:
        raise ContentError(
            FILE,
            "measure",
            _("Waypoint counts exactly these measures: {keys}").format(keys=", ".join(NUMBERS))
            + (_(" (missing: {m})").format(m=", ".join(missing)) if missing else "")
            + (_(" (unknown: {u})").format(u=", ".join(unknown)) if unknown else ""),
        )
    return MeasureSet({key: _measure(key, table[key], refs) for key in NUMBERS})
