"""The letter to the primary care provider: one page, on the clinic's letterhead.

Written only when the conversation's plan says to inform the primary care provider
(:func:`letter_offered`); parts of the conversation that were skipped are named as not discussed
and never printed as if they were. Long answers are shortened so the letter stays on one page; each shortened answer ends with a
mark, and a note under the answers names the care plan that holds them whole (wording in
content/documents.toml). Nothing is cut silently.
"""

from __future__ import annotations

import datetime as dt

from waypoint.clinical.rules import evaluate
from waypoint.content.bundle import Content
from waypoint.documents.common import (
    brief,
    document_context,
    format_date,
    pick_conversation,
)
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.documents.wording import document_wording
from waypoint.record.care_events import record_as_of
from waypoint.record.model import SECTIONS, Conversation, Record
from waypoint.storage.settings import Settings

TEMPLATE = "letter.xml.j2"


class LetterNotOfferedError(ValueError):
    """The conversation's plan says not to inform the primary care provider."""


def letter_offered(conversation: Conversation) -> bool:
    """Whether this conversation gets a letter: "Inform the primary care provider" is Yes."""
    return conversation.plan.inform_primary_care


def not_offered_reason(content: Content) -> str:
    """Why there is no letter, in the Documents window's words (content/documents.toml)."""
    return document_wording(content).text["letter_parts"]["not_offered"]


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
    *,
    content: Content,
    today: dt.date | None = None,
) -> str:
    """The letter as document XML; :class:`LetterNotOfferedError` when the plan says no letter."""
    conversation = pick_conversation(record, conversation)
    if not letter_offered(conversation):
        raise LetterNotOfferedError(not_offered_reason(content))
    context = document_context(record, conversation, settings or Settings(), content, today)
    texts = document_wording(content).text
    wording = texts["letter"]
    context["parts"] = texts["letter_parts"]
    # The care plan's open flags travel with the letter, most serious first; dismissed ones
    # and information for the clinic's own staff (billing) stay in the care plan.
    order = {"discuss": 0, "consider": 1}
    # As of the conversation, without one entered after it the same day: a reprint matches.
    found = evaluate(
        record_as_of(record, context["as_of"], conversation), context["as_of"], content
    )
    open_flags = [c for c in found if c.dismissal is None and c.severity in order]
    context["flags"] = [c.title for c in sorted(open_flags, key=lambda c: order[c.severity])]
    context["skipped_titles"] = [
        context["section_title"](s) for s in SECTIONS if s in conversation.skipped
    ]
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
    *,
    content: Content,
) -> bytes:
    """The letter to the primary care provider as PDF bytes."""
    settings = settings or Settings()
    return render_pdf(
        letter_xml(record, conversation, settings, content=content), page_size=settings.paper_size
    )
