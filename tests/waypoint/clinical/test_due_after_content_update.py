"""A content update never leaves a stale worklist: rows are recomputed when read, not re-saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_content_updates import make_update
from waypoint.clinical.stepped_care import schedule_for_record
from waypoint.clinical.worklist import build_worklist, current_rows
from waypoint.content.bundle import Content, shipped_content
from waypoint.content.stepped import stepped_rules
from waypoint.record.model import Record
from waypoint.services.content_updates import choose_content, install_update
from waypoint.storage.store import Store

TODAY = dt.date.today()
ENROLLED = TODAY - dt.timedelta(days=25)  # first visit in 3 days, or 4 days ago


def enrolled_patient() -> Record:
    record = Record()
    record.patient.given_name, record.patient.family_name = "Ana", "Silva"
    record.patient.date_of_birth = dt.date(1950, 1, 1)
    record.patient.stepped_care.enrolled_on = ENROLLED
    record.patient.stepped_care.baseline_fact_l = 100
    return record


def narrower_first_visit(tmp_path: Path, data_dir: Path) -> Content:
    """Install (and start using) an update whose first visit falls within 3 weeks, not 4."""
    update = make_update(tmp_path, "9999.1")
    stepped = update / "stepped_care.toml"
    text = stepped.read_text(encoding="utf-8")
    stepped.write_text(text.replace("within_weeks = 4", "within_weeks = 3", 1), encoding="utf-8")
    install_update(update, data_dir)
    return choose_content(data_dir).content


def visit_on_worklist(store: Store, content: Content) -> dt.date:
    rows = current_rows(store, TODAY, content)
    [item] = [i for i in build_worklist(rows, TODAY) if i.kind == "visit"]
    return item.due


def test_worklist_and_overview_agree_after_a_content_update(tmp_path: Path, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(enrolled_patient())
        assert visit_on_worklist(store, shipped_content()) == ENROLLED + dt.timedelta(weeks=4)

    content = narrower_first_visit(tmp_path, data_dir)
    with Store.open(data_dir) as store:  # nobody saves the patient again
        [row] = store.list_patients()
        plan = schedule_for_record(store.load(row.id), TODAY, stepped_rules(content))
        assert plan is not None and plan.next_visit_due == ENROLLED + dt.timedelta(weeks=3)
        assert visit_on_worklist(store, content) == plan.next_visit_due

    # The recomputed row was kept: the next opening reads it from the index as it is.
    with Store.open(data_dir) as store:
        [row] = store.list_patients()
        assert row.due["visit"] == (ENROLLED + dt.timedelta(weeks=3)).isoformat()
        assert row.due_stamp.startswith("9999.1|")


def test_a_fact_dated_after_the_save_counts_once_its_day_comes(
    data_dir: Path,
) -> None:
    record = enrolled_patient()
    record.patient.stepped_care.enrolled_on = TODAY + dt.timedelta(days=2)  # enrolled ahead
    with Store.open(data_dir) as store:
        store.save(record)
        content = shipped_content()
        assert build_worklist(current_rows(store, TODAY, content), TODAY) == []
        later = TODAY + dt.timedelta(days=30)
        due = [i.kind for i in build_worklist(current_rows(store, later, content), later)]
        assert due == ["visit"]  # first visit within 4 weeks of enrolment, now overdue
