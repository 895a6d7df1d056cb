"""How a conversation moves: which sections are covered, and carrying answers forward.

Pure functions over the record model, used by the wizard's side panel and tested without Qt.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from waypoint.model import Conversation, Plan, new_id
from waypoint.schema import to_json

COVERED, SKIPPED, UNTOUCHED = "covered", "skipped", "untouched"

#: Conversation fields that belong to each section shown in the side panel.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "prognosis": ("prognosis",),
    "anticancer_therapy": ("anticancer_therapy",),
    "treatment_options": ("treatment_options",),
    "quality_of_life": ("quality_of_life",),
    "clinical_trials": ("clinical_trials",),
    "goals": ("goals",),
    "transition": ("transition",),
}

#: Fields that describe this visit only and are never carried into the next conversation.
_NOT_CARRIED = (
    "id",
    "date",
    "participants",
    "permission_given",
    "skipped",
    "acp_minutes",
    "carried_from",
)


def _filled(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value not in (None, "", False)


def section_status(conversation: Conversation, section: str) -> str:
    """Covered (something recorded), skipped (with a reason) or untouched."""
    if section in conversation.skipped:
        return SKIPPED
    fields = SECTION_FIELDS.get(section, (section,))
    data = to_json(conversation)
    return COVERED if any(_filled(data.get(f)) for f in fields) else UNTOUCHED


def carry_forward(previous: Conversation, today: dt.date) -> Conversation:
    """A new conversation that starts from the last one's answers.

    What describes only the earlier visit (date, who was there, time spent, skipped sections,
    the follow-up date that has now arrived) starts fresh.
    """
    carried = copy.deepcopy(previous)
    carried.id = new_id("C")
    carried.date = today
    carried.participants = []
    carried.permission_given = None
    carried.skipped = {}
    carried.acp_minutes = 0
    carried.carried_from = previous.id
    carried.plan = Plan(
        recommendation=previous.plan.recommendation,
        goal_of_care=previous.plan.goal_of_care,
        inform_primary_care=previous.plan.inform_primary_care,
    )
    for option in carried.treatment_options:
        option.chosen = False
    return carried


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values of JSON-like data by dotted path (lists by index)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list) and data and isinstance(data[0], dict):
        out = {}
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix: data}


def unchanged_fields(previous: Conversation, current: Conversation) -> set[str]:
    """Paths of recorded answers that are the same as in the previous conversation."""
    before = flatten(to_json(previous))
    after = flatten(to_json(current))
    return {
        path
        for path, value in after.items()
        if path.split(".")[0].split("[")[0] not in _NOT_CARRIED
        and _filled(value)
        and before.get(path) == value
    }


def field_labels() -> dict[str, str]:
    """Field name → its label in words, for every part of a conversation."""
    import dataclasses
    import typing

    labels: dict[str, str] = {}
    seen: set[type] = set()

    def walk(cls: type) -> None:
        if cls in seen:
            return
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            labels.setdefault(f.name, str(f.metadata.get("label", f.name)))
            for candidate in (hints[f.name], *typing.get_args(hints[f.name])):
                if dataclasses.is_dataclass(candidate) and isinstance(candidate, type):
                    walk(candidate)

    walk(Conversation)
    return labels
