"""How a conversation moves: which sections are covered, and carrying answers forward.

Pure functions over the record model, used by the wizard's side panel and tested without Qt.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from waypoint.i18n import _
from waypoint.record.model import Conversation, Plan, Record, new_id
from waypoint.record.schema import to_json

COVERED, SKIPPED, UNTOUCHED = "covered", "skipped", "untouched"
#: Every recorded answer in the part was carried from the last conversation, none confirmed.
CARRIED = "carried"

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
    "confirmed",
    "amends",
)


def _filled(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value not in (None, "", False)


def section_status(
    conversation: Conversation, section: str, previous: Conversation | None = None
) -> str:
    """Covered (something recorded), skipped (with a reason), untouched, or carried.

    With ``previous`` (the conversation this one was carried from), a part whose answers are
    all still the carried ones, and which the clinician has not confirmed, is CARRIED rather
    than covered: a follow-up must not start with every part ticked.
    """
    if section in conversation.skipped:
        return SKIPPED
    fields = SECTION_FIELDS.get(section, (section,))
    data = to_json(conversation)
    if not any(_filled(data.get(f)) for f in fields):
        return UNTOUCHED
    if previous is not None and section not in conversation.confirmed:
        after = {p: v for p, v in flatten(data).items() if _part(p) in fields and _filled(v)}
        before = flatten(to_json(previous))
        if all(before.get(p) == v for p, v in after.items()):
            return CARRIED
    return COVERED


def _part(path: str) -> str:
    """The top-level field a dotted path starts in ("treatment_options[0].name" -> ...)."""
    return path.split(".")[0].split("[")[0]


def carried_source(record: Record, conversation: Conversation) -> Conversation | None:
    """The conversation ``conversation`` was carried forward from, if it is in the record."""
    if not conversation.carried_from:
        return None
    return next((c for c in record.conversations if c.id == conversation.carried_from), None)


def unconfirmed(record: Record, conversation: Conversation, path: str) -> bool:
    """True when the answer at ``path`` was carried forward and not yet confirmed or edited.

    ``path`` is a dotted field path ("anticancer_therapy.stopping_discussed"). The answer is
    carried when it equals the earlier conversation's and its part is not in ``confirmed``.
    """
    previous = carried_source(record, conversation)
    if previous is None:
        return False
    part = _part(path)
    if part in conversation.confirmed:
        return False
    before = flatten(to_json(previous)).get(path)
    after = flatten(to_json(conversation)).get(path)
    return _filled(after) and before == after


def confirm(conversation: Conversation, section: str) -> None:
    """Record that the clinician checked the carried answers of ``section`` with the patient."""
    if section not in conversation.confirmed:
        conversation.confirmed.append(section)


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
    carried.confirmed = []
    carried.amends = ""
    carried.recorded_by = ""  # who enters this one is named when it is saved
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
            labels.setdefault(f.name, _(str(f.metadata.get("label", f.name))))
            for candidate in (hints[f.name], *typing.get_args(hints[f.name])):
                if dataclasses.is_dataclass(candidate) and isinstance(candidate, type):
                    walk(candidate)

    walk(Conversation)
    return labels
