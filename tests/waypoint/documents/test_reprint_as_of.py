"""Every document is evaluated as of its conversation's date (issue 13, item 7).

A letter, EHR note or handout reprinted months later, after new scores, events, dismissals and
conversations were recorded, gives the same text as on the day. The care plan is checked in
tests/waypoint/test_as_of.py.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from waypoint.content.bundle import shipped_content
from waypoint.documents.handout import handout_xml
from waypoint.documents.letter import letter_xml
from waypoint.documents.note import render_note
from waypoint.record.model import Assessment, CareEvent, Conversation, Dismissal, EsasScores, Record
from waypoint.record.sample import sample_record
from waypoint.record.schema import validate


def _on_the_day() -> tuple[Record, Conversation, dt.date]:
    record = sample_record()
    conversation = record.latest_conversation()
    assert conversation is not None and conversation.date is not None
    conversation.plan.inform_primary_care = True  # so the letter is offered
    validate(record)
    return record, conversation, conversation.date


def _later(record: Record, day: dt.date) -> Record:
    """The same record after everything that happened since: nothing about the day itself."""
    later = copy.deepcopy(record)
    same_day = copy.deepcopy(later.latest_conversation())
    assert same_day is not None
    same_day.id = "later-the-same-day"
    same_day.prognosis.ecog = 3  # a second conversation entered after, on the same day
    same_day.plan.follow_up_date = None
    later.conversations.append(same_day)
    next_visit = copy.deepcopy(same_day)
    next_visit.id = "next-visit"
    next_visit.date = day + dt.timedelta(days=40)
    later.conversations.append(next_visit)
    later.assessments.append(
        Assessment(
            date=day + dt.timedelta(days=20),
            esas=EsasScores(pain=9, nausea=8, depression=7),
            fact_l_total=60,
            ecog=3,
        )
    )
    later.events.append(CareEvent(date=day + dt.timedelta(days=30), kind="hospitalization"))
    later.events.append(CareEvent(date=day + dt.timedelta(days=50), kind="hospice_enrolment"))
    later.dismissals.append(
        Dismissal(
            consideration="palliative_referral",
            reason="Seen by palliative care at the regional centre",
            clinician="Dr. Later",
            date=day + dt.timedelta(days=45),
        )
    )
    return later


def _letter(record: Record, c: Conversation, today: dt.date) -> str:
    return letter_xml(record, c, today=today, content=shipped_content())


def _note(record: Record, c: Conversation, today: dt.date) -> str:
    return render_note(record, c, today=today, content=shipped_content())


def _handout(record: Record, c: Conversation, today: dt.date) -> str:
    return handout_xml(record, c, today=today, content=shipped_content())


@pytest.mark.parametrize("render", [_letter, _note, _handout], ids=["letter", "note", "handout"])
def test_a_reprint_months_later_gives_the_same_text(render) -> None:  # type: ignore[no-untyped-def]
    record, conversation, day = _on_the_day()
    on_the_day = render(record, conversation, day)
    later = _later(record, day)
    original = next(c for c in later.conversations if c.id == conversation.id)
    reprint = render(later, original, day + dt.timedelta(days=120))
    assert reprint == on_the_day


def test_the_letter_is_dated_as_of_its_conversation() -> None:
    record, conversation, day = _on_the_day()
    text = _letter(record, conversation, day + dt.timedelta(days=3))
    assert f"<p>{day.day} {day:%b %Y}</p>" in text  # not the day it was printed
