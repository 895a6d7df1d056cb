"""The letter to the primary care provider: one page, on the clinic's letterhead.

Long free text is shortened (the full wording is in the care plan) so the letter stays on one
page whatever was typed.
"""

from __future__ import annotations

import datetime as dt

from waypoint.content import Content, shipped_content
from waypoint.documents.common import document_context, pick_conversation
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.model import Conversation, Record
from waypoint.settings import Settings

TEMPLATE = "letter.xml.j2"


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
