"""The audit trail: who changed which parts of a record, and when — never the values.

Entries live in the patient's own file (table "audit"), written in the same atomic save as the
record, so the trail can never disagree with the record and has the same protection (sealed
when the store is encrypted). The store only ever appends to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

CREATE, UPDATE, DELETE = "create", "update", "delete"


@dataclass(frozen=True)
class AuditEntry:
    """One change to one record."""

    time: str
    actor: str
    action: str
    record: str
    fields: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "record": self.record,
            "fields": list(self.fields),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AuditEntry:
        """Read a stored entry (unknown keys are ignored)."""
        return cls(
            time=str(data.get("time", "")),
            actor=str(data.get("actor", "")),
            action=str(data.get("action", "")),
            record=str(data.get("record", "")),
            fields=tuple(str(f) for f in data.get("fields", ())),
        )


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Lists of objects with ids compare by id, so inserting one item does not 'change' the rest."""
    keyed: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            return None
        keyed[item["id"]] = item
    return keyed


def changed_paths(old: Any, new: Any, path: str = "record") -> list[str]:
    """The JSON paths whose values differ between ``old`` and ``new`` (leaves or whole items)."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            out.extend(changed_paths(old.get(key), new.get(key), f"{path}.{key}"))
        return out
    if isinstance(old, list) and isinstance(new, list):
        old_keyed, new_keyed = _keyed(old), _keyed(new)
        if old_keyed is not None and new_keyed is not None:
            out = []
            for key in list(old_keyed) + [k for k in new_keyed if k not in old_keyed]:
                out.extend(changed_paths(old_keyed.get(key), new_keyed.get(key), f"{path}[{key}]"))
            return out
    return [path]


def entry_for(old: dict[str, Any] | None, new: dict[str, Any], actor: str) -> AuditEntry:
    """The audit entry for saving ``new`` over ``old`` (None when the record is new)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    record_id = str(new.get("patient", {}).get("id", ""))
    if old is None:
        return AuditEntry(now, actor, CREATE, record_id, ())
    return AuditEntry(now, actor, UPDATE, record_id, tuple(changed_paths(old, new)))


def delete_entry(record_id: str, actor: str) -> AuditEntry:
    """The audit entry for deleting a record."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return AuditEntry(now, actor, DELETE, record_id, ())
