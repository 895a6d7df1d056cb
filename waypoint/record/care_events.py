"""Facts about a patient's course read from care events: admissions, hospice, death; and a
record as it stood on a date.

Every rule, schedule and document asks these questions the same way. :func:`record_as_of`
gives the record as it was known on a day, so a care plan reprinted months later shows the
considerations, stepped-care status and billing minutes it showed on the day of its conversation.
"""

from __future__ import annotations

import copy
import datetime as dt

from waypoint.record.model import ADMISSION_KINDS, CareEvent, Conversation, Record

DEATH = "death"
HOSPICE = "hospice_enrolment"


def _first(record: Record, kind: str, as_of: dt.date) -> CareEvent | None:
    found = [e for e in record.events if e.kind == kind and e.date is not None and e.date <= as_of]
    return min(found, key=lambda e: e.date or dt.date.min) if found else None


def death(record: Record, as_of: dt.date) -> CareEvent | None:
    """The recorded death, when it happened on or before ``as_of``."""
    return _first(record, DEATH, as_of)


def hospice_enrolment(record: Record, as_of: dt.date) -> CareEvent | None:
    """The first hospice enrolment on or before ``as_of``."""
    return _first(record, HOSPICE, as_of)


def discharged_on(event: CareEvent, as_of: dt.date) -> dt.date | None:
    """An admission's discharge date if it is known by ``as_of`` (None while still admitted)."""
    if event.kind not in ADMISSION_KINDS or event.end_date is None or event.end_date > as_of:
        return None
    return event.end_date


def record_as_of(record: Record, day: dt.date, conversation: Conversation | None = None) -> Record:
    """A copy of ``record`` holding only what was known on ``day``.

    Assessments, events, conversations and dismissals dated after ``day`` are left out, and a
    discharge after ``day`` is not yet known. With ``conversation`` given, conversations entered
    after it on the same day are left out too, so its documents show what they showed then.
    Undated items are kept (nothing says they came later).
    """
    past = copy.copy(record)
    past.assessments = [a for a in record.assessments if a.date is None or a.date <= day]
    past.events = []
    for event in record.events:
        if event.date is not None and event.date > day:
            continue
        if event.end_date is not None and event.end_date > day:
            event = copy.copy(event)
            event.end_date = None
        past.events.append(event)
    past.dismissals = [d for d in record.dismissals if d.date is None or d.date <= day]
    cut = _entry_index(record, conversation)
    past.conversations = [
        c
        for i, c in enumerate(record.conversations)
        if (c.date is None or c.date < day or (c.date == day and i <= cut))
    ]
    return past


def _entry_index(record: Record, conversation: Conversation | None) -> int:
    if conversation is None:
        return len(record.conversations)
    for i, c in enumerate(record.conversations):
        if c is conversation or (conversation.id and c.id == conversation.id):
            return i
    return len(record.conversations)
