"""The EHR note: plain text in the order notes are usually read, ready to paste into the chart.

Lines with nothing recorded are left out, and so is a heading with nothing under it.
"""

from __future__ import annotations

import datetime as dt

from waypoint.content import Content, shipped_content
from waypoint.documents.common import document_context, pick_conversation
from waypoint.documents.markup import clean, render_text
from waypoint.model import Conversation, Record
from waypoint.settings import Settings

TEMPLATE = "note.txt.j2"
_SKIP = "\u2063skip\u2063"


def note_line(label: str, value: object) -> str:
    """``Label: value`` with continuation lines indented, or nothing for an empty value."""
    if value is None or value == "":
        return _SKIP
    text = clean(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return _SKIP
    return f"{label}: " + "\n    ".join(text.split("\n"))


def tidy(text: str) -> str:
    """Drop skipped lines and empty sections; one blank line between sections."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip() != _SKIP]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    kept = [b for b in blocks if b and not (len(b) == 1 and b[0].isupper())]
    return "\n\n".join("\n".join(b) for b in kept) + "\n"


def render_note(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
    today: dt.date | None = None,
) -> str:
    """The EHR note for ``conversation`` (the latest by default) as plain text."""
    conversation = pick_conversation(record, conversation)
    context = document_context(
        record, conversation, settings or Settings(), content or shipped_content(), today
    )
    context.update(
        line=note_line,
        skipped_text="; ".join(
            f"{context['section_title'](sid)} ({why})" for sid, why in conversation.skipped.items()
        ),
        yn=lambda value: "Yes" if value is True else ("No" if value is False else ""),
    )
    return tidy(render_text(TEMPLATE, **context))
