"""Building one document of a conversation, and how the Documents window names things.

Pure functions for gui/document_preview.py: :func:`build_document` runs on a worker thread;
the messages stand in a document's place; the titles name the conversations to choose from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from waypoint.applog import describe_failure, logger
from waypoint.content.bundle import Content
from waypoint.dates import format_day
from waypoint.i18n import _
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings

_log = logger("documents")


@dataclass(frozen=True)
class RenderFailure:
    """A document that could not be made: the view shows ``message`` in its place."""

    message: str


#: A built document: PDF bytes, the note's text, or why it could not be made.
Built = bytes | str | RenderFailure
#: One choice in the window: (conversation's position, document key, handout language or "").
Choice = tuple[int, str, str]


def build_document(
    key: str,
    record: Record,
    conversation: Conversation,
    settings: Settings,
    content: Content,
    lang: str,
) -> bytes | str:
    """Build one document in memory (PDF bytes, or the note's text).

    Runs on a worker thread: it reads only what it is given and touches no widget.
    """
    # Imported on first use: ReportLab loads when the first document is built, not at start.
    from waypoint.services.documents import (
        render_careplan,
        render_handout,
        render_letter,
        render_note,
    )

    if key == "careplan":
        return render_careplan(record, conversation, settings, content=content)
    if key == "handout":
        return render_handout(record, conversation, settings, lang, content=content)
    if key == "letter":
        return render_letter(record, conversation, settings, content=content)
    return render_note(record, conversation, settings, content=content)


def in_sentence(label: str) -> str:
    """A document's name inside a sentence: "care plan", but "EHR note" keeps its capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def failure_message(document: str) -> str:
    """What the view says in place of a document that could not be made (no patient data)."""
    return _(
        "The {document} could not be made, so it is not shown here and cannot be printed or "
        "saved.\n\nThe other documents of this conversation can still be shown, printed and "
        "saved: choose one under Document above.\n\nDetails were written to Waypoint's log."
    ).format(document=in_sentence(document))


def preparing_message(document: str) -> str:
    """What the view says while a document is being built."""
    return _("Preparing the {document}…").format(document=in_sentence(document))


def log_failure(key: str, exc: BaseException) -> None:
    # The kind of error and where, never its message: a message may quote what was typed.
    _log.error(
        "document %s could not be made: %s",
        key,
        describe_failure(type(exc), exc.__traceback__),
    )


def newest_first(conversations: Sequence[Conversation]) -> list[Conversation]:
    """Conversations by date, newest first; on the same day the one entered last comes first.

    The same order as :meth:`Record.latest_conversation`, so the first is the latest.
    """
    order = sorted(
        range(len(conversations)),
        key=lambda i: (conversations[i].date or dt.date.min, i),
        reverse=True,
    )
    return [conversations[i] for i in order]


def conversation_title(conversation: Conversation) -> str:
    """How the window names a conversation: its date and clinician."""
    day = format_day(conversation.date) if conversation.date else _("an unknown date")
    if not conversation.clinician:
        return _("Conversation of {date}").format(date=day)
    return _("Conversation of {date} with {clinician}").format(
        date=day, clinician=conversation.clinician
    )


def conversation_titles(ordered: Sequence[Conversation]) -> list[str]:
    """Titles for conversations listed newest first, telling same-day ones and versions apart."""
    amended = {c.amends for c in ordered if c.amends}
    latest = next((c for c in ordered if c.id not in amended), None)
    titles = []
    for position, conversation in enumerate(ordered):
        notes = []
        if conversation.id in amended:
            notes.append(_("replaced by an amendment"))
        elif conversation.amends:
            notes.append(_("amended version"))
        if conversation is latest:
            notes.append(_("latest"))
        elif position and conversation.date == ordered[position - 1].date:
            notes.append(_("earlier that day"))
        title = conversation_title(conversation)
        titles.append(f"{title} ({', '.join(notes)})" if notes else title)
    return titles
