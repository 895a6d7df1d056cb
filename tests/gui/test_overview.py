"""The patient overview: recording assessments, events and visits moves the badge and worklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.assessment_dialog import AssessmentDialog
from gui.event_dialog import EnrolmentDialog, EventDialog
from tests.gui.test_slice import when_modal
from tests.helpers import ScriptedAsk
from waypoint.record.model import Assessment, CareEvent, Record
from waypoint.storage.store import Store

TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def enrolled_record() -> Record:
    """Step 1, seen by palliative care, FACT-L due in 2 days (6 weeks after the last)."""
    record = Record()
    p = record.patient
    p.id, p.given_name, p.family_name = "P-OVERVIEW01", "Ana", "Silva"
    p.date_of_birth = dt.date(1950, 4, 2)
    p.diagnosis = "Lung adenocarcinoma, stage IV"
    p.health_care_proxy.name, p.health_care_proxy.role = "Rui Silva", "Son"
    p.stepped_care.enrolled_on = days_ago(40)
    p.stepped_care.baseline_fact_l = 100
    record.assessments.append(Assessment(date=days_ago(40), fact_l_total=100, ecog=1))
    record.events.append(CareEvent(date=days_ago(30), kind="palliative_care_visit"))
    return record


@pytest.fixture
def window(qtbot, app, data_dir: Path):  # type: ignore[no-untyped-def]
    with Store.open(data_dir) as store:
        store.save(enrolled_record())
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    window.show()
    window.select_patient("P-OVERVIEW01")
    window.worklist_action.trigger()
    return window


def worklist_rows(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(i.patient_id, i.kind) for i in window._worklist.visible_items()]


def test_overview_shows_facts_badge_and_chart(window) -> None:  # type: ignore[no-untyped-def]
    overview = window.overview
    assert "Ana Silva" in overview.header.text()
    facts = overview.facts.text()
    assert "Lung adenocarcinoma" in facts and "Rui Silva" in facts and ">1<" in facts  # ECOG 1
    assert "Step 1 since" in overview.badge_title.text()
    assert "FACT-L due by" in overview.badge_text.text()
    assert overview.chart.points == [(days_ago(40), 100)] and overview.chart.threshold == 90
    assert overview.timeline.count() == 3  # enrolment, the baseline assessment, the visit


def test_recording_a_drop_steps_up_and_changes_the_worklist(window) -> None:  # type: ignore[no-untyped-def]
    assert worklist_rows(window) == [("P-OVERVIEW01", "fact_l")]

    def enter_fact_l(dialog: AssessmentDialog) -> None:
        dialog.fact_l_total.setValue(90)  # exactly 10 below the baseline
        dialog.esas["pain"].setValue(6)
        dialog.save_button.click()

    when_modal(AssessmentDialog, enter_fact_l)
    window.overview.assessment_button.click()
    saved = window.store.load("P-OVERVIEW01")
    assert [a.fact_l_total for a in saved.assessments] == [100, 90]
    assert saved.assessments[-1].esas is not None and saved.assessments[-1].esas.pain == 6
    title = window.overview.badge_title.text()
    assert "Step 2 since" in title and str(TODAY.year) in title
    assert window.overview.chart.stepped_up_on == TODAY
    # Step 2: the next visit is 4 weeks away; today's score counts for the FACT-L due in 2
    # days (next on the 6-week grid); the 10-point drop makes a conversation due today, and
    # the worklist and the overview say so (one source of what is due).
    assert worklist_rows(window) == [("P-OVERVIEW01", "conversation")]
    due = window.store.list_patients()[0].due
    assert due["visit"] == (TODAY + dt.timedelta(weeks=4)).isoformat()
    assert due["fact_l"] == (days_ago(40) + dt.timedelta(weeks=12)).isoformat()
    assert "Goals-of-care conversation due" in window.overview.badge_text.text()


def test_a_hospitalization_makes_a_visit_due_and_a_visit_clears_it(window) -> None:  # type: ignore[no-untyped-def]
    def admitted(dialog: EventDialog) -> None:
        assert dialog.end_date.isHidden() and dialog.place.isHidden()
        dialog.kind.setCurrentIndex(dialog.kind.findData("hospitalization"))
        assert not dialog.end_date.isHidden() and dialog.place.isHidden()
        dialog.date.set_value(days_ago(30))
        dialog.note.setPlainText("Pneumonia")
        dialog.save_button.click()

    when_modal(EventDialog, admitted)
    window.overview.event_button.click()
    assert ("P-OVERVIEW01", "visit") not in worklist_rows(window)  # not discharged yet
    assert "has no discharge date yet" in window.overview.badge_text.text()

    def discharged(dialog: EventDialog) -> None:
        assert dialog.kind.currentData() == "hospitalization"
        dialog.end_date.set_value(days_ago(25))
        dialog.save_button.click()

    when_modal(EventDialog, discharged)
    window.overview.edit_event(window.store.load("P-OVERVIEW01").events[-1])
    assert window.store.load("P-OVERVIEW01").events[-1].end_date == days_ago(25)
    assert ("P-OVERVIEW01", "visit") in worklist_rows(window)  # due in 3 days
    assert "within 4 weeks of discharge" in window.overview.badge_text.text()

    def visited(dialog: EventDialog) -> None:
        assert not dialog.kind.isEnabled()
        dialog.save_button.click()

    when_modal(EventDialog, visited)
    window.overview.visit_button.click()
    assert ("P-OVERVIEW01", "visit") not in worklist_rows(window)
    assert window.store.load("P-OVERVIEW01").events[-1].kind == "palliative_care_visit"


def test_bad_assessment_keeps_the_dialog_open(window) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def nothing_entered(dialog: AssessmentDialog) -> None:
        dialog.save_button.click()
        seen["open"], seen["error"] = dialog.isVisible(), dialog.error.text()
        dialog.reject()

    when_modal(AssessmentDialog, nothing_entered)
    window.overview.assessment_button.click()
    assert seen["open"] is True and "at least one score" in str(seen["error"])
    assert len(window.store.load("P-OVERVIEW01").assessments) == 1


def test_enrolment_from_the_badge(qtbot, app, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    record = enrolled_record()
    record.patient.stepped_care.enrolled_on = None
    with Store.open(data_dir) as store:
        store.save(record)
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    window.select_patient("P-OVERVIEW01")
    assert "Not enrolled" in window.overview.badge_title.text()

    def enrol(dialog: EnrolmentDialog) -> None:
        dialog.mode.setCurrentIndex(dialog.mode.findData("early"))
        dialog.baseline.set_number(95)
        dialog.save_button.click()

    when_modal(EnrolmentDialog, enrol)
    window.overview.enrol_button.click()
    care = window.store.load("P-OVERVIEW01").patient.stepped_care
    assert (care.enrolled_on, care.mode, care.baseline_fact_l) == (TODAY, "early", 95)
    assert "Early palliative care" in window.overview.badge_title.text()


def test_prorated_scores_and_a_death_leave_the_worklist(window) -> None:  # type: ignore[no-untyped-def]
    def prorated(dialog: AssessmentDialog) -> None:
        for key, value in (("pwb", 21.5), ("swb", 20), ("ewb", 15), ("fwb", 17), ("lcs", 16)):
            dialog.parts[key].set_number(value)
        assert dialog.fact_l_total.number() == 89.5  # added up from the subscales
        dialog.save_button.click()

    when_modal(AssessmentDialog, prorated)
    window.overview.assessment_button.click()
    saved = window.store.load("P-OVERVIEW01").assessments[-1]
    assert saved.fact_l is not None and saved.fact_l.pwb == 21.5 and saved.fact_l_total == 89.5
    assert "Step 2 since" in window.overview.badge_title.text()  # 10.5 below 100
    assert worklist_rows(window) != []

    def died(dialog: EventDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("death"))
        assert not dialog.place.isHidden() and dialog.end_date.isHidden()
        dialog.place.setCurrentIndex(dialog.place.findData("home"))
        dialog.save_button.click()

    when_modal(EventDialog, died)
    window.overview.event_button.click()
    event = window.store.load("P-OVERVIEW01").events[-1]
    assert (event.kind, event.place) == ("death", "home")
    assert worklist_rows(window) == []  # nothing is due after a death
    assert window.store.list_patients()[0].due == {}
    assert "Died on" in window.overview.badge_text.text()  # the record stays readable
