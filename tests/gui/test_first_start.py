"""A first start asks for the clinic's phone numbers, which every handout prints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui.app import after_shown, build_main_window, create_application
from gui.settings_dialog import SettingsDialog
from tests.helpers import ScriptedAsk, when_modal
from waypoint.storage.settings import load_settings


def test_a_first_start_offers_the_clinic_details_and_saves_them(
    qtbot, qsettings_isolated, data_dir: Path
) -> None:
    create_application()
    ask = ScriptedAsk()
    ask.confirm_answers.extend([False, True])  # no passphrase now; yes, enter clinic details
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)

    def fill(dialog: SettingsDialog) -> None:
        dialog.edits["clinic_name"].setText("Pine Ridge Cancer Clinic")
        dialog.edits["clinic_phone"].setText("(555) 201-5000")
        dialog.accept()

    when_modal(SettingsDialog, fill)
    after_shown(window)
    titles = [title for kind, title, _text in ask.shown if kind == "confirm"]
    assert titles == ["Protect the records?", "Clinic details"]
    assert load_settings(data_dir).clinic_phone == "(555) 201-5000"
    assert window.settings.clinic_name == "Pine Ridge Cancer Clinic"

    # Entered once: the next start does not ask again.
    window.close()
    window.store.close()
    QApplication.processEvents()
    again = ScriptedAsk()
    second = build_main_window(data_dir, again)
    qtbot.addWidget(second)
    after_shown(second)
    assert [t for k, t, _x in again.shown if k == "confirm"] == []


def test_declining_leaves_the_clinic_details_for_later(
    qtbot, qsettings_isolated, data_dir: Path
) -> None:
    create_application()
    ask = ScriptedAsk()
    ask.confirm_answers.extend([False, False])
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    after_shown(window)  # a settings dialog opening here would hang the test
    assert load_settings(data_dir).clinic_phone == ""
