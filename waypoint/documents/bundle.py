"""Every document for a conversation, by file name: one entry point for the CLI and self-test."""

from __future__ import annotations

from waypoint.content.bundle import Content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.common import pick_conversation
from waypoint.documents.handout import render_handout
from waypoint.documents.letter import letter_offered, render_letter
from waypoint.documents.note import render_note
from waypoint.i18n import LANGUAGES as LANGUAGES  # the one list of languages
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings

#: The documents, in the order the app lists them.
DOCUMENTS = ("careplan.pdf", "handout.pdf", "letter.pdf", "note.txt")


def render_documents(
    record: Record,
    conversation: Conversation | None = None,
    *,
    lang: str | None = None,
    settings: Settings | None = None,
    content: Content,
) -> dict[str, bytes]:
    """File name → document bytes for ``conversation`` (the latest by default).

    ``lang`` chooses the patient handout's language; by default the patient's own. The letter
    is left out when the plan says not to inform the primary care provider. ``content`` is the
    store's active content (the shipped one or an installed update).
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    settings = settings or Settings()
    conversation = pick_conversation(record, conversation)
    documents = {
        "careplan.pdf": render_careplan(record, conversation, settings, content=content),
        "handout.pdf": render_handout(record, conversation, settings, lang, content=content),
    }
    if letter_offered(conversation):
        documents["letter.pdf"] = render_letter(record, conversation, settings, content=content)
    note = render_note(record, conversation, settings, content=content)
    documents["note.txt"] = note.encode("utf-8")
    return documents
