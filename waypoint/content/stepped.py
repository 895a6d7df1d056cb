"""The stepped palliative care rules from content/stepped_care.toml, checked as they load.

Cadences, windows and the step-up threshold are clinic-editable numbers; every reason the
schedule gives is a template from the same file, with its sources. A broken file raises
:class:`waypoint.content.bundle.ContentError` naming the entry, like every other content file.
"""

from __future__ import annotations

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
from waypoint.i18n import _
from waypoint.record.model import FACT_L_MAX

FILE = "stepped_care.toml"
#: Events the schedule understands (others in a record, such as the advanced diagnosis, are not inputs).
SCHEDULE_EVENTS = (
    "treatment_change",
    "hospitalization",
    "progression",
    "icu_admission",
    "hospice_enrolment",
    "death",
)
#: Events that can open a visit window (named in ``step1.visit_after``), each with its wording.
WINDOW_EVENTS = ("treatment_change", "hospitalization", "progression", "icu_admission")

# Each reason template and the placeholders it may use.
_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    ("first_visit", "reason"): ("due", "weeks", "enrolled"),
    ("step1", "status"): ("enrolled", "points", "baseline"),
    ("step1", "event_reason"): ("due", "weeks", "event", "date"),
    ("step1", "discharge_reason"): ("due", "weeks", "discharged", "event", "date"),
    ("step1", "admitted_reason"): ("weeks", "event", "date"),
    ("step1", "no_visit_reason"): (),
    ("step1", "fact_l_reason"): ("due", "weeks", "enrolled", "days"),
    ("step_up", "status"): ("date", "score", "drop", "baseline", "points"),
    ("step2", "visit_reason"): ("due", "weeks", "since"),
    ("step2", "fact_l_reason"): ("weeks",),
    ("early", "status"): ("enrolled", "weeks"),
    ("early", "visit_reason"): ("due", "weeks", "since"),
    ("early", "fact_l_reason"): (),
    ("baseline", "missing"): (),
    ("end", "death"): ("date",),
    ("end", "hospice"): ("date",),
    ("wording", "visit_overdue"): ("due",),
    ("wording", "fact_l_overdue"): ("due",),
    ("wording", "last_visit"): (),
    ("wording", "step_up"): (),
    ("wording", "enrolment"): (),
}
_SOURCED = ("first_visit", "step1", "fact_l", "step_up", "step2", "early", "baseline", "end")


@dataclass(frozen=True)
class SteppedRules:
    """The numbers and wording of the stepped-care schedule."""

    first_visit_weeks: int
    visit_after: tuple[str, ...]
    event_window_weeks: int
    step1_fact_l_weeks: int
    fact_l_days_before: int
    step_up_points: int
    step2_visit_weeks: int
    step2_fact_l_weeks: int
    early_visit_weeks: int
    early_fact_l_weeks: int
    texts: Mapping[str, str]
    sources: Mapping[str, tuple[str, ...]]
    event_names: Mapping[str, str]

    def text(self, key: str, **values: object) -> str:
        """The wording ``table.name`` with its placeholders filled in."""
        return self.texts[key].format(**values)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    table = data.get(key)
    if not isinstance(table, dict):
        raise ContentError(FILE, key, _("the table is missing"))
    return table


def _weeks(table: Mapping[str, Any], entry: str, key: str, low: int, high: int) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ContentError(
            FILE,
            f"{entry}.{key}",
            _("must be a whole number from {low} to {high}").format(low=low, high=high),
        )
    return value


def _template(table: Mapping[str, Any], entry: str, key: str, names: tuple[str, ...]) -> str:
    text = text_field(FILE, entry, table, key)
    try:
        text.format(**dict.fromkeys(names, "x"))
    except (KeyError, IndexError, ValueError) as exc:
        raise ContentError(
            FILE,
            f"{entry}.{key}",
            _("unknown placeholder {what}; allowed: {names}").format(
                what=exc, names=", ".join("{" + n + "}" for n in names) or _("none")
            ),
        ) from None
    return text


def load_stepped_rules(folder: Path) -> SteppedRules:
    """Load and check content/stepped_care.toml from ``folder``."""
    data = read_toml(folder, FILE)
    refs = load_references(folder)
    tables = {name: _table(data, name) for name in {*_SOURCED, "wording"}}
    sources = {name: sources_field(FILE, name, tables[name], refs) for name in _SOURCED}
    texts = {
        f"{entry}.{key}": _template(tables[entry], entry, key, names)
        for (entry, key), names in _TEMPLATES.items()
    }
    events = tables["wording"].get("events")
    if not isinstance(events, dict):
        raise ContentError(FILE, "wording.events", _("the table is missing"))
    event_names = {
        kind: text_field(FILE, f"wording.events.{kind}", events, kind) for kind in WINDOW_EVENTS
    }
    step1 = tables["step1"]
    visit_after = step1.get("visit_after")
    if not isinstance(visit_after, list) or not all(v in WINDOW_EVENTS for v in visit_after):
        raise ContentError(
            FILE,
            "step1.visit_after",
            _("must list event kinds from: {kinds}").format(kinds=", ".join(WINDOW_EVENTS)),
        )
    return SteppedRules(
        first_visit_weeks=_weeks(tables["first_visit"], "first_visit", "within_weeks", 1, 52),
        visit_after=tuple(visit_after),
        event_window_weeks=_weeks(step1, "step1", "visit_window_weeks", 0, 26),
        step1_fact_l_weeks=_weeks(step1, "step1", "fact_l_every_weeks", 1, 52),
        fact_l_days_before=_weeks(tables["fact_l"], "fact_l", "counts_days_before", 0, 21),
        step_up_points=_weeks(tables["step_up"], "step_up", "points_below_baseline", 1, FACT_L_MAX),
        step2_visit_weeks=_weeks(tables["step2"], "step2", "visit_every_weeks", 1, 52),
        step2_fact_l_weeks=_weeks(tables["step2"], "step2", "fact_l_every_weeks", 0, 52),
        early_visit_weeks=_weeks(tables["early"], "early", "visit_every_weeks", 1, 52),
        early_fact_l_weeks=_weeks(tables["early"], "early", "fact_l_every_weeks", 0, 52),
        texts=texts,
        sources=sources,
        event_names=event_names,
    )


def stepped_rules(content: Content) -> SteppedRules:
    """The stepped-care rules of ``content`` (its stepped_care.toml), loaded once per folder."""
    return _rules_for(content.folder)


@cache
def _rules_for(folder: Path) -> SteppedRules:
    return load_stepped_rules(folder)
