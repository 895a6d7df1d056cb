"""The sample record: a fictional patient with every section of a conversation filled in."""

from __future__ import annotations

from waypoint.record.model import Record, record_from_text
from waypoint.resources import resource


def sample_record() -> Record:
    """A complete, valid record (content/samples/record.json), validated as any import is."""
    return record_from_text(resource("content/samples/record.json").read_text(encoding="utf-8"))
