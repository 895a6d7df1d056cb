"""The worklist: due dates kept at save, filtered from index rows, printed on one page."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader

from waypoint.clinical.worklist import (
    build_worklist,
    conversation_due_since,
    current_rows,
    due_dates,
)
from waypoint.content.bundle import shipped_content
from waypoint.documents.worklist import render_worklist_pdf
from waypoint.record.model import Assessment, CareEvent, Conversation, Plan, Record
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

TODAY = dt.date(2026, 11, 21)
LABELS = {"visit": "Palliative care visit", "fact_l": "FACT-L", "conversation": "Conversation"}


@dataclass(frozen=True)
class Row:
    id: str
    display_name: str
    mrn: str = ""
    due: dict[str, str] = field(default_factory=dict)


def test_due_dates_hold_stepped_care_and_follow_up() -> None:
    record = sample_record()
    due = due_dates(record, TODAY, content=shipped_content())
    # Treatment change on 12 Oct + 4 weeks (NCT03337399 arm I), no visit since.
    assert due["visit"] == "2026-11-09"
    # FACT-L every 6 weeks from enrolment on 20 May, in step 2 too; 2 Nov counted for 4 Nov.
    assert due["fact_l"] == "2026-12-16"
    assert due["conversation"] == record.latest_conversation().plan.follow_up_date.isoformat()  # type: ignore[union-attr]
    record.patient.stepped_care.enrolled_on = None
    assert set(due_dates(record, TODAY, content=shipped_content())) == {"conversation"}


def _talked_on(day: dt.date) -> Record:
    record = Record()
    record.patient.stepped_care.enrolled_on = dt.date(2026, 1, 5)
    record.patient.stepped_care.baseline_fact_l = 100
    record.conversations.append(
        Conversation(date=day, clinician="Dr A", plan=Plan(follow_up_date=dt.date(2027, 3, 1)))
    )
    return record


def test_rule_based_conversation_due_reaches_the_worklist() -> None:
    # Issue 13: a 15-point drop plus an admission showed as "visit due" only.
    record = _talked_on(dt.date(2026, 10, 1))
    record.assessments.append(Assessment(date=dt.date(2026, 11, 2), fact_l_total=85))
    record.events.append(CareEvent(date=dt.date(2026, 11, 10), kind="hospitalization"))
    due = due_dates(record, TODAY, content=shipped_content())
    # Due from the day the drop was recorded, before the follow-up date the clinician set.
    assert due["conversation"] == "2026-11-02"
    assert conversation_due_since(record, TODAY, content=shipped_content()) == dt.date(2026, 11, 2)
    # With no trigger, the follow-up date the clinician set is what is due.
    quiet = _talked_on(dt.date(2026, 10, 1))
    assert due_dates(quiet, TODAY, content=shipped_content())["conversation"] == "2027-03-01"
    assert conversation_due_since(quiet, TODAY, content=shipped_content()) is None


def test_after_death_nothing_is_due_and_after_hospice_no_stepped_care() -> None:
    record = sample_record()
    record.events.append(CareEvent(date=dt.date(2026, 11, 15), kind="hospice_enrolment"))
    assert set(due_dates(record, TODAY, content=shipped_content())) == {"conversation"}
    record.events.append(CareEvent(date=dt.date(2026, 11, 18), kind="death", place="home"))
    assert due_dates(record, TODAY, content=shipped_content()) == {}
    # As of a day before the death, it was still due (the record stays readable).
    assert due_dates(record, dt.date(2026, 11, 16), content=shipped_content()) == {
        "conversation": "2026-11-23"
    }


def test_a_record_that_cannot_be_scheduled_still_gets_its_other_dates() -> None:
    record = sample_record()
    record.patient.stepped_care.enrolled_on = dt.date(2027, 1, 1)  # after today
    assert set(due_dates(record, TODAY, content=shipped_content())) == {"conversation"}


def test_store_keeps_facts_and_the_worklist_keeps_what_is_due(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = Record()
    record.patient.given_name, record.patient.family_name = "Ana", "Silva"
    record.patient.date_of_birth = dt.date(1950, 1, 1)
    record.patient.stepped_care.enrolled_on = dt.date.today() - dt.timedelta(days=10)
    record.patient.stepped_care.baseline_fact_l = 100
    today = dt.date.today()
    with Store.open(data_dir) as store:
        store.save(record)
        [row] = store.list_patients()
        assert row.due == {} and row.due_stamp == ""  # storage knows nothing of the rules
        [row] = current_rows(store, today, content=shipped_content())
        first_visit = record.patient.stepped_care.enrolled_on + dt.timedelta(weeks=4)
        assert row.due["visit"] == first_visit.isoformat()
        record.assessments.append(Assessment(date=today, fact_l_total=85))
        store.save(record)
        [row] = current_rows(
            store, today, content=shipped_content()
        )  # the save cleared the row: computed afresh
        # Stepped up 15 points below baseline with no conversation yet: a rule says talk now.
        assert row.due["conversation"] == today.isoformat()
    with Store.open(data_dir) as store:  # read back from index.json, not recomputed
        monkeypatch.setattr(store, "readable", lambda _id: pytest.fail("record opened"))
        [row] = current_rows(store, today, content=shipped_content())
        assert row.due["conversation"] == today.isoformat()


def test_build_worklist_filters_and_sorts() -> None:
    rows = [
        Row("P-1", "Zeta, Ann", "M1", {"visit": "2026-11-01", "fact_l": "2026-12-30"}),
        Row("P-2", "Alpha, Bo", "M2", {"conversation": "2026-11-27", "visit": "2026-11-28"}),
        Row("P-3", "Mid, Cy", "", {"fact_l": "2026-11-21"}),
        Row("P-4", "None, Di", "", {}),
        Row("P-5", "Bad, Ed", "", {"visit": "not a date", "mystery": "2026-11-01"}),
    ]
    items = build_worklist(rows, TODAY)
    assert [(i.patient_id, i.kind, i.days) for i in items] == [
        ("P-1", "visit", -20),
        ("P-3", "fact_l", 0),
        ("P-2", "conversation", 6),  # the 7th day, today included, is the last day of the week
    ]
    assert items[0].overdue and not items[1].overdue
    assert [i.kind for i in build_worklist(rows, TODAY, horizon_days=8)][-1] == "visit"


def test_worklist_prints_on_one_page_with_a_count_of_the_rest() -> None:
    rows = [
        Row(f"P-{n}", f"Patient-{n:03d}, Ña & <Ö>", f"MRN-{n}", {"visit": "2026-11-20"})
        for n in range(60)
    ]
    items = build_worklist(rows, TODAY)
    pdf = PdfReader(io.BytesIO(render_worklist_pdf(items, TODAY, LABELS, clinic_name="Pine Ridge")))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Patient-000, Ña & <Ö>" in text and "overdue since 20 Nov 2026" in text
    assert "more items not printed" in text
    empty = PdfReader(io.BytesIO(render_worklist_pdf([], TODAY, LABELS)))
    assert "Nothing is overdue" in empty.pages[0].extract_text()
