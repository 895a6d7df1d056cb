"""The care plan for the chart: every section of a conversation, on Letter or A4."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypoint.content import Content, shipped_content
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.model import Contact, Conversation, Record
from waypoint.settings import Settings

TEMPLATE = "careplan.xml.j2"


def format_date(value: dt.date | None) -> str:
    """Dates in documents: unambiguous in every country (14 Mar 2026)."""
    return value.strftime("%d %b %Y").lstrip("0") if value else ""


def format_contact(contact: Contact) -> str:
    """A contact on one line: name, role, organization, phone, blank parts left out."""
    parts = [contact.name, contact.role, contact.organization, contact.phone]
    return ", ".join(p for p in parts if p)


def document_context(
    record: Record, conversation: Conversation, settings: Settings, content: Content
) -> dict[str, Any]:
    """What every document template sees."""
    return {
        "patient": record.patient,
        "record": record,
        "conversation": conversation,
        "clinic": settings,
        "today": dt.date.today(),
        "date": format_date,
        "contact": format_contact,
        "label": content.label,
        "labels": lambda group, codes: ", ".join(content.label(group, c) for c in codes),
        "section_title": lambda sid: (
            content.sections[sid].title if sid in content.sections else sid
        ),
    }


def careplan_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
) -> str:
    """The care plan as document XML (useful for tests and previews)."""
    content = content or shipped_content()
    conversation = conversation or record.latest_conversation()
    if conversation is None:
        raise ValueError("this record has no conversation to put in a care plan")
    return render_template(
        TEMPLATE, **document_context(record, conversation, settings or Settings(), content)
    )


def render_careplan(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
) -> bytes:
    """The care plan PDF for ``conversation`` (the latest one by default), as bytes."""
    settings = settings or Settings()
    xml = careplan_xml(record, conversation, settings, content)
    return render_pdf(xml, page_size=settings.paper_size)
