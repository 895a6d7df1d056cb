"""The letter to the primary care provider: one page, on the clinic's letterhead.

Long answers are shortened so the letter stays on one page; each shortened answer ends with a
mark, and a note under the answers names the care plan that holds them whole (wording in
content/documents.toml). Nothing is cut silently.
"""

from __future__ import annotations

import datetime as dt

from waypoint.content import Content, shipped_content
from waypoint.documents.common import brief, document_context, format_date, pick_conversation
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.documents.wording import shipped_document_wording
from waypoint.model import Conversation, Record
from waypoint.settings import Settings

TEMPLATE = "letter.xml.j2"


class Shortener:
    """:func:`brief` for one letter, remembering whether it shortened anything."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.used = False

    def __call__(self, text: str, limit: int) -> str:
        short = brief(text, limit, self.marker)
        if short != " ".join(text.split()):
            self.used = True
        return short


def letter_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
    today: dt.date | None = None,
) -> str:
    """The letter as document XML."""
    conversation = pick_conversation(record, conversation)
    context = document_context(
        record, conversation, settings or Settings(), content or shipped_content(), today
    )
    wording = shipped_document_wording().text["letter"]
    # The template writes the note after the answers, so it knows whether any was shortened.
    context["brief"] = Shortener(wording["shortened"])
    context["shortened_note"] = wording["shortened_note"].format(
        date=format_date(conversation.date)
    )
    return render_template(TEMPLATE, **context)


def render_letter(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
) -> bytes:
    """The letter to the primary care provider as PDF bytes."""
    settings = settings or Settings()
    return render_pdf(
        letter_xml(record, conversation, settings, content), page_size=settings.paper_size
    )
