"""What every document template sees: the record, the clinic, and small formatting helpers.

Decision support (``waypoint.rules``) and survival scenarios (``waypoint.prognosis``) are
looked up when a document is built, so documents work whether or not those modules exist.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from waypoint.content import Content
from waypoint.model import SECTIONS, Contact, Conversation, Record
from waypoint.settings import Settings
from waypoint.stepped_care import fact_l_series as stepped_fact_l_series
from waypoint.stepped_care import format_day


def format_date(value: dt.date | None) -> str:
    """Dates in documents: unambiguous in every country (14 Mar 2026), blank for None."""
    return format_day(value) if value else ""


def format_contact(contact: Contact, address: bool = False) -> str:
    """A contact on one line: name, role, organization, phone (and address), blanks left out."""
    parts = [contact.name, contact.role, contact.organization, contact.phone]
    if address:
        parts.append(" ".join(contact.address.split()))
    return ", ".join(p for p in parts if p)


def brief(text: str, limit: int, marker: str) -> str:
    """``text`` on one line, whole when it fits in ``limit`` characters.

    Longer text is cut at a word boundary and ends with ``marker``, which must say that it was
    shortened (and where the whole text is): nothing is ever cut silently. The marker counts
    towards ``limit``, so the shortened text takes no more room than the limit allows.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - len(marker) - 1, 1)
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return f"{cut.rstrip(',;:.')} {marker}"


def covered_sections(conversation: Conversation) -> list[str]:
    """The conversation's sections that were not skipped, in order."""
    return [s for s in SECTIONS if s not in conversation.skipped]


def _optional(module: str) -> Any | None:
    """A module another part of Waypoint provides, or None while it does not exist."""
    if importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


@dataclass(frozen=True)
class ShownConsideration:
    """A consideration as a document shows it: what, why, the basis, and any dismissal."""

    title: str
    explanation: str
    sources: list[str]
    element: str
    data: str
    dismissed_reason: str
    dismissed_by: str


def _source_text(source: Any, content: Content) -> str:
    if isinstance(source, str):
        ref = content.references.get(source)
        return ref.citation if ref else source
    return str(getattr(source, "citation", source))


def _data_text(data: Any) -> str:
    if isinstance(data, dict):
        return "; ".join(f"{k}: {v}" for k, v in data.items())
    if isinstance(data, list | tuple):
        return "; ".join(str(d) for d in data)
    return "" if data is None else str(data)


def considerations(
    record: Record, today: dt.date, content: Content
) -> list[ShownConsideration] | None:
    """The decision-support considerations for ``record``; None when rules are not available."""
    rules = _optional("waypoint.rules")
    if rules is None or not hasattr(rules, "evaluate"):
        return None
    shown = []
    for item in rules.evaluate(record, today):
        basis = getattr(item, "basis", None)
        dismissal = getattr(item, "dismissal", None)
        shown.append(
            ShownConsideration(
                title=str(item.title),
                explanation=str(getattr(item, "explanation", "")),
                sources=[_source_text(s, content) for s in getattr(basis, "sources", ()) or ()],
                element=str(getattr(basis, "element", "") or ""),
                data=_data_text(getattr(basis, "data", None)),
                dismissed_reason=str(getattr(dismissal, "reason", "") or ""),
                dismissed_by=" ".join(
                    p
                    for p in (
                        str(getattr(dismissal, "clinician", "") or ""),
                        format_date(getattr(dismissal, "date", None)),
                    )
                    if p
                ),
            )
        )
    return shown


def survival_scenarios(median: float | None) -> list[str] | None:
    """Best case / typical / worst case sentences for ``median`` months, when available."""
    if median is None:
        return None
    prognosis = _optional("waypoint.prognosis")
    if prognosis is None or not hasattr(prognosis, "survival_scenarios"):
        return None
    try:
        result = prognosis.survival_scenarios(median)
    except ValueError:  # e.g. a median of 0: no scenarios to tell
        return None
    if isinstance(result, dict) and isinstance(result.get("sentences"), dict):
        result = result["sentences"]
    items = result.values() if isinstance(result, dict) else result
    sentences = []
    for item in items:
        if isinstance(item, str):
            sentences.append(item)
            continue
        text = next(
            (getattr(item, a) for a in ("sentence", "text", "wording") if hasattr(item, a)),
            str(item),
        )
        sentences.append(str(text))
    return sentences


def stepped_status(record: Record, today: dt.date) -> Any:
    """The stepped palliative care schedule (step, reasons, what is due), when available."""
    stepped = _optional("waypoint.stepped_care")
    if stepped is None or not hasattr(stepped, "schedule_for_record"):
        return None
    try:
        return stepped.schedule_for_record(record, today)
    except ValueError:  # enrolment after today: nothing to show yet
        return None


@dataclass(frozen=True)
class QualityPoint:
    """One FACT-L total on a date."""

    date: dt.date
    total: float


def fact_l_series(record: Record) -> list[QualityPoint]:
    """Every FACT-L score in the record (subscale-only entries added up), oldest first."""
    return [QualityPoint(day, score) for day, score in stepped_fact_l_series(record)]


def esas_lines(
    record: Record, conversation: Conversation, content: Content, notable: bool = False
) -> list[str]:
    """The latest ESAS-r up to the conversation's day: its date, then each item with its band.

    ESAS-r item names are printed as published (it may be used, not modified); "Other Problem"
    carries the name the patient gave it. ``notable`` keeps moderate and severe items only
    (the one-page letter); with none, the list is empty.
    """
    from waypoint.assessments import esas_severity
    from waypoint.rules.symptoms import esas_scores

    day = conversation.date or dt.date.max
    scored = [
        (a.date, i, a)
        for i, a in enumerate(record.assessments)
        if a.esas is not None and a.date is not None and a.date <= day
    ]
    if not scored:
        return []
    when, _i, latest = max(scored, key=lambda t: (t[0], t[1]))
    assert latest.esas is not None
    banded = [(n, s, esas_severity(s, content)) for n, s in esas_scores(latest.esas)]
    lines = [
        f"{name}: {score} ({content.label('esas_severity', band)})"
        for name, score, band in banded
        if not notable or band in ("moderate", "severe")
    ]
    return [f"{format_date(when)}", *lines] if lines else []


def document_context(
    record: Record,
    conversation: Conversation,
    settings: Settings,
    content: Content,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """What every document template sees."""
    today = today or dt.date.today()
    # Considerations, stepped care and billing are as of the conversation's own date.
    as_of = min(conversation.date or today, today)
    label: Callable[[str, str], str] = content.label

    def section_title(sid: str) -> str:
        return content.sections[sid].title if sid in content.sections else sid

    covered = covered_sections(conversation)
    return {
        "patient": record.patient,
        "record": record,
        "conversation": conversation,
        "clinic": settings,
        "today": today,
        "as_of": as_of,
        "date": format_date,
        "contact": format_contact,
        "label": label,
        "labels": lambda group, codes: ", ".join(content.label(group, c) for c in codes),
        "section_title": section_title,
        "covered": covered,
        "covered_titles": [section_title(s) for s in covered],
        "chosen": [o for o in conversation.treatment_options if o.chosen],
        "esas": esas_lines(record, conversation, content),
        "esas_notable": esas_lines(record, conversation, content, notable=True),
    }


def pick_conversation(record: Record, conversation: Conversation | None) -> Conversation:
    """``conversation`` or the record's latest; a record without one cannot make documents."""
    conversation = conversation or record.latest_conversation()
    if conversation is None:
        raise ValueError("this record has no conversation to put in a document")
    return conversation
