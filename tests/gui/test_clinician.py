"""Who did it: the clinician signs in once a session and is named on every change saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import after_shown, build_main_window, create_application
from gui.ask import Ask
from gui.audit_view import AuditDialog
from gui.background import SyncBackground
from gui.clinician import CLINICIAN_ENV, ClinicianDialog
from gui.pages.plan import PlanPage
from gui.settings_dialog import SettingsDialog, clinician_names
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk, when_modal
from waypoint.record.model import Assessment, CareEvent, Conversation, Dismissal, Record
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings, load_settings, save_settings
from waypoint.storage.store import Store

PATIENT = "P-SAMPLE0001"
CLINIC = ["Dr. Ana Kim", "Dr. Kofi Osei", "Nurse Lee"]


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def clinic(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with one patient, a clinic list of clinicians, and nobody signed in yet."""
    monkeypatch.delenv(CLINICIAN_ENV, raising=False)
    with Store.open(data_dir) as store:
        store.save(sample_record())
    save_settings(data_dir, Settings(clinicians=list(CLINIC)))
    return data_dir


def _window(qtbot, data_dir: Path, ask: ScriptedAsk):  # type: ignore[no-untyped-def]
    window = build_main_window(data_dir, ask, background=SyncBackground())
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    window.select_patient(PATIENT)
    return window


def _finish_conversation(wizard: ConversationWizard) -> None:
    while not isinstance(wizard.currentPage(), PlanPage):
        wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def _audit_rows(window) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    rows: list[tuple[str, str, str]] = []

    def read(dialog: AuditDialog) -> None:
        table = dialog.table
        for row in range(table.rowCount()):
            rows.append(tuple(table.item(row, col).text() for col in (1, 2, 3)))  # type: ignore[arg-type]
        dialog.reject()

    when_modal(AuditDialog, read)
    window.audit_action.trigger()
    return rows


def test_sign_in_from_the_clinic_list_names_every_change(qtbot, app, clinic: Path) -> None:
    ask = ScriptedAsk()
    ask.sign_in_answers.append(("Dr. Kofi Osei", False))
    window = _window(qtbot, clinic, ask)
    assert window.clinician == ""
    assert window.signed_in_label.text() == "Nobody signed in"

    after_shown(window)  # what the app does once the window is up
    assert [s for s in ask.shown if s[0] == "sign_in"] == [("sign_in", "\n".join(CLINIC), "")]
    assert window.signed_in_label.text() == "Signed in as Dr. Kofi Osei"

    seen: dict[str, str] = {}

    def finish(wizard: ConversationWizard) -> None:
        seen["clinician"] = wizard.pages[0].clinician.text()
        _finish_conversation(wizard)

    when_modal(ConversationWizard, finish)
    window.new_conversation_action.trigger()
    assert ask.warnings() == []
    assert seen["clinician"] == "Dr. Kofi Osei"  # the conversation starts with who signed in
    with Store.open(clinic, read_only=True) as store:
        saved = store.load(PATIENT)
        new = saved.conversations[-1]
        assert (new.clinician, new.recorded_by) == ("Dr. Kofi Osei", "Dr. Kofi Osei")
        assert [c.recorded_by for c in saved.conversations[:-1]] == [""] * (
            len(saved.conversations) - 1
        )  # entered before anyone signed in: not blamed on Dr. Osei
        trail = store.audit(PATIENT)
    assert trail[-1].actor == "Dr. Kofi Osei" and trail[-1].action == "update"

    rows = _audit_rows(window)
    assert rows[0][:2] == ("Dr. Kofi Osei", "changed")  # newest first: who, what
    assert "conversations" in rows[0][2]
    assert rows[-1] == ("(not recorded)", "created", "the whole record (first saved)")


def test_asked_once_a_session_then_change_names_someone_else(qtbot, app, clinic: Path) -> None:
    ask = ScriptedAsk()
    ask.sign_in_answers.extend([("Nurse Lee", False), ("Dr. Ana Kim", False)])
    window = _window(qtbot, clinic, ask)
    record = window.record
    assert record is not None

    # Nobody signed in yet: the first save asks, later saves do not.
    record.events.append(CareEvent(date=dt.date(2024, 3, 1), kind="progression"))
    assert window._save(record)
    record = window.record
    record.assessments.append(Assessment(date=dt.date(2024, 3, 2), ecog=2))
    assert window._save(record)
    assert [s[0] for s in ask.shown].count("sign_in") == 1

    window.change_clinician_button.click()
    assert window.signed_in_label.text() == "Signed in as Dr. Ana Kim"
    record = window.record
    record.dismissals.append(Dismissal(consideration="two_lines", reason="Trial planned"))
    assert window._save(record)

    saved = Store.open(clinic, read_only=True).load(PATIENT)
    assert saved.events[-1].recorded_by == "Nurse Lee"
    assert saved.assessments[-1].recorded_by == "Nurse Lee"
    assert saved.dismissals[-1].clinician == "Dr. Ana Kim"
    assert [e.actor for e in Store.open(clinic, read_only=True).audit(PATIENT)[-3:]] == [
        "Nurse Lee",
        "Nurse Lee",
        "Dr. Ana Kim",
    ]


def test_nobody_signed_in_saves_nothing(qtbot, app, clinic: Path) -> None:
    ask = ScriptedAsk()
    ask.sign_in_answers.append(None)  # the clinician closed the sign-in
    window = _window(qtbot, clinic, ask)
    record = window.record
    before = len(Store.open(clinic, read_only=True).audit(PATIENT))
    record.events.append(CareEvent(date=dt.date(2024, 3, 1), kind="progression"))
    assert not window._save(record)
    assert ask.shown[-1][:2] == ("warn", "Not saved")
    assert len(Store.open(clinic, read_only=True).audit(PATIENT)) == before


def test_remembered_only_when_asked_and_only_for_this_account(qtbot, app, clinic: Path) -> None:
    ask = ScriptedAsk()
    ask.sign_in_answers.append(("Dr. Rhea Typed", False))
    first = _window(qtbot, clinic, ask)
    after_shown(first)
    first.close()
    first.store.close()
    ask.sign_in_answers.append(("Dr. Rhea Typed", True))
    second = _window(qtbot, clinic, ask)  # not remembered: asked again
    assert second.clinician == ""
    after_shown(second)
    second.close()
    second.store.close()
    third = _window(qtbot, clinic, ask)
    assert third.clinician == "Dr. Rhea Typed"  # this computer account asked to be remembered
    assert [s[0] for s in ask.shown].count("sign_in") == 2
    # Never in the data folder every account on the workstation shares.
    for path in clinic.rglob("*"):
        assert not path.is_file() or b"Rhea" not in path.read_bytes(), path


def test_the_sign_in_dialog_offers_the_list_and_takes_a_typed_name(qtbot, app) -> None:
    seen: dict[str, object] = {}

    def choose(dialog: ClinicianDialog) -> None:
        names = dialog.name_list
        seen["offered"] = [names.item(i).text() for i in range(names.count())]
        names.setCurrentRow(1)
        dialog.ok_button.click()

    when_modal(ClinicianDialog, choose)
    assert Ask().sign_in(None, CLINIC, "") == ("Dr. Kofi Osei", False)
    assert seen["offered"] == CLINIC

    def type_name(dialog: ClinicianDialog) -> None:
        dialog.name_edit.setText("   ")
        dialog.ok_button.click()
        seen["problem"] = dialog.problem.text()
        dialog.name_edit.setText("  Dr.  Maria   Núñez ")
        dialog.remember_box.setChecked(True)
        dialog.ok_button.click()

    when_modal(ClinicianDialog, type_name)
    assert Ask().sign_in(None, CLINIC, "") == ("Dr. Maria Núñez", True)
    assert "choose or type your name" in str(seen["problem"])


def test_the_clinic_list_is_edited_in_clinic_settings(qtbot, app, data_dir: Path) -> None:
    assert clinician_names("Dr. Kim\n\n  Dr.  Osei \nDr. Kim\n") == ["Dr. Kim", "Dr. Osei"]
    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    dialog.clinicians.setPlainText("Dr. Ana Kim\nNurse Lee")
    dialog.retention.setValue(60)
    assert dialog.apply() == ""
    data_dir.mkdir()
    save_settings(data_dir, dialog.settings)
    again = load_settings(data_dir)
    assert again.clinicians == ["Dr. Ana Kim", "Nurse Lee"]
    assert again.deleted_retention_days == 60


def test_only_new_entries_are_attributed() -> None:
    saved = Record(conversations=[Conversation(id="C-OLD", date=dt.date(2024, 1, 1))])
    saved.dismissals.append(Dismissal(consideration="x", reason="old"))
    edited = Record(
        conversations=[
            Conversation(id="C-OLD", date=dt.date(2024, 1, 1)),
            Conversation(id="C-NEW", date=dt.date(2024, 2, 1)),
        ],
        dismissals=[
            Dismissal(consideration="x", reason="old"),
            Dismissal(consideration="y", reason="new"),
        ],
    )
    edited.attribute_new_entries("Dr. Kim", saved)
    assert [c.recorded_by for c in edited.conversations] == ["", "Dr. Kim"]
    assert [d.clinician for d in edited.dismissals] == ["", "Dr. Kim"]


def test_a_name_already_there_survives_the_list_taking_the_focus(qtbot, app) -> None:
    dialog = ClinicianDialog(CLINIC, "Dr. Rhea Typed", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_list.setFocus()
    qtbot.keyClick(dialog.name_list, "a")  # typing in the list moves around, it selects nothing
    assert dialog.name_edit.text() == "Dr. Rhea Typed"
    dialog.name_list.item(2).setSelected(True)
    assert dialog.name_edit.text() == "Nurse Lee"


def test_the_audit_trail_names_what_sync_did_in_words(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from waypoint.storage.audit import AuditEntry

    entries = [
        AuditEntry("2026-11-20T10:00:00+00:00", "Dr. Kofi Osei", "sync", "P-1", ("record",)),
        AuditEntry("2026-11-20T11:00:00+00:00", "Dr. Ana Kim", "sync-resolve", "P-1", ("record",)),
    ]
    dialog = AuditDialog(entries)
    qtbot.addWidget(dialog)
    shown = {dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())}
    assert shown == {
        "brought in from the clinic hub",
        "chose between two versions from the hub",
    }
