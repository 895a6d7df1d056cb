"""What a patient file's tables hold, read without a store: shared by opening, repair and Store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.record.model import Record, record_from_json
from waypoint.storage.atomic import DamagedFileError


def record_of(path: Path, tables: dict[str, Any]) -> Record:
    """The record in a patient file's tables (DamagedFileError when there is none)."""
    doc = (tables.get("record") or {}).get("1")
    if not isinstance(doc, dict):
        raise DamagedFileError(path, _("the file does not hold a record"))
    return record_from_json(doc)
