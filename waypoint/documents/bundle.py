"""Every document for a conversation, by file name: one entry point for the CLI and self-test."""

from __future__ import annotations

from waypoint.documents.careplan import render_careplan
from waypoint.model import Conversation, Record
from waypoint.settings import Settings

LANGUAGES = ("en", "es")


def render_documents(
    record: Record,
    conversation: Conversation | None = None,
    *,
    lang: str | None = None,
    settings: Settings | None = None,
) -> dict[str, bytes]:
    """File name → document bytes for ``conversation`` (the latest by default).

    ``lang`` chooses the patient handout's language; by default the patient's own.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return {"careplan.pdf": render_careplan(record, conversation, settings)}
