"""Rules, schedules and documents as of a date; the end of life (issue 13, items 2 and 7)."""

from __future__ import annotations

import datetime as dt

from waypoint.clinical.rules import evaluate
from waypoint.content.bundle import shipped_content
from waypoint.record.care_events import record_as_of
from waypoint.record.model import Assessment, CareEvent, Conversation
from waypoint.record.sample import sample_record

DAY = dt.date(2026, 11, 21)


def _ids(found: list) -> list[str]:  # type: ignore[type-arg]
    return [(c.id, c.basis.data) for c in found]  # type: ignore[misc]


def test_later_data_does_not_change_what_a_date_shows() -> None:
    record = sample_record()
    before = _ids(evaluate(record, DAY, content=shipped_content()))
    # Later: a 40-point drop, an admission, a new conversation with more billed minutes.
    later = DAY + dt.timedelta(days=20)
    record.assessments.append(Assessment(date=later, fact_l_total=50, ecog=4))
    record.events.append(CareEvent(date=later, kind="hospitalization", end_date=later))
    record.conversations.append(Conversation(date=later, clinician="Dr B", acp_minutes=50))
    assert _ids(evaluate(record, DAY, content=shipped_content())) == before
    assert _ids(evaluate(record, later, content=shipped_content())) != before


def test_record_as_of_hides_later_discharges_and_same_day_later_conversations() -> None:
    record = sample_record()
    record.events.append(
        CareEvent(date=DAY - dt.timedelta(days=3), kind="hospitalization", end_date=DAY)
    )
    past = record_as_of(record, DAY - dt.timedelta(days=1))
    assert past.events[-1].end_date is None and record.events[-1].end_date == DAY
    first = record.conversations[0]
    second = Conversation(id="C-LATER", date=first.date, clinician="Dr B")
    record.conversations.append(second)
    assert first.date is not None
    assert record_as_of(record, first.date, first).conversations == [first]
    assert record_as_of(record, first.date, second).conversations == [first, second]


def test_after_death_no_conversation_or_therapy_flag_fires() -> None:
    record = sample_record()
    record.assessments.append(Assessment(date=DAY, fact_l_total=40, ecog=4))
    alive = {c.id for c in evaluate(record, DAY, content=shipped_content())}
    assert any(i.startswith("conversation_due") for i in alive)
    record.events.append(CareEvent(date=DAY, kind="death", place="hospital"))
    after = {c.id for c in evaluate(record, DAY, content=shipped_content())}
    assert after <= {"acp_billing"}
    # The day before the death, the record reads as it did then.
    assert {
        c.id for c in evaluate(record, DAY - dt.timedelta(days=1), content=shipped_content())
    } != after


def test_reprinting_an_old_care_plan_shows_what_it_showed_on_the_day() -> None:
    from waypoint.documents.careplan import careplan_xml

    record = sample_record()
    conversation = record.conversations[0]
    assert conversation.date is not None
    on_the_day = careplan_xml(record, conversation, content=shipped_content())
    later = conversation.date + dt.timedelta(days=10)
    record.assessments.append(Assessment(date=later, fact_l_total=40.5, ecog=4))
    record.events.append(CareEvent(date=later, kind="treatment_change"))
    record.conversations.append(Conversation(date=later, clinician="Dr B", acp_minutes=70))
    assert careplan_xml(record, conversation, content=shipped_content()) == on_the_day
    assert "40.5" in careplan_xml(record, record.conversations[-1], content=shipped_content())
