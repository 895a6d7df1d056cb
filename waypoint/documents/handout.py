"""The patient handout: plain words, 14 pt type, in the patient's language (English or Spanish).

All wording comes from content/handout/<lang>.toml; the template only arranges it around what
the patient said and what was decided. The handout records decisions and gives no advice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypoint.content import Content, shipped_content
from waypoint.documents.common import document_context, pick_conversation
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.documents.wording import HANDOUT_LANGUAGES, HandoutWording, shipped_wording
from waypoint.model import Conversation, Record
from waypoint.settings import Settings

TEMPLATE = "handout.xml.j2"
#: The handout's body size in points: large print for patients (14 pt or more).
BODY_SIZE = 14


def handout_language(record: Record, lang: str | None) -> str:
    """``lang`` when given, else the patient's preferred language (English as a fallback)."""
    chosen = lang or record.patient.language
    return chosen if chosen in HANDOUT_LANGUAGES else "en"


def _join_kinds(kinds: list[str], wording: HandoutWording) -> str:
    words = [wording.text["labels.response_kinds"].get(k, k) for k in kinds]
    if len(words) < 2:
        return "".join(words)
    conjunction = " o " if wording.language == "es" else " or "
    return ", ".join(words[:-1]) + conjunction + words[-1]


def handout_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    content: Content | None = None,
    today: dt.date | None = None,
) -> str:
    """The handout as document XML."""
    conversation = pick_conversation(record, conversation)
    wording = shipped_wording(handout_language(record, lang))
    context: dict[str, Any] = document_context(
        record, conversation, settings or Settings(), content or shipped_content(), today
    )
    context.update(
        t=wording.text,
        lang=wording.language,
        hdate=wording.date,
        clinician_phrase=wording.clinician,
        kinds=lambda codes: _join_kinds(list(codes), wording),
        body_size=BODY_SIZE,
    )
    return render_template(TEMPLATE, **context)


def render_handout(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    content: Content | None = None,
) -> bytes:
    """The patient handout PDF in ``lang`` (by default the patient's language), as bytes."""
    settings = settings or Settings()
    xml = handout_xml(record, conversation, settings, lang, content)
    return render_pdf(xml, page_size=settings.paper_size)
