"""The recovery key in the app: the prompt takes it, a new passphrase follows; when the key is
shown it can be printed or copied."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit

from gui.app import build_main_window, create_application
from gui.background import SyncBackground
from gui.passphrase_dialog import PassphrasePromptDialog, RecoveryKey, ask_passphrase_or_key
from gui.security import PassphraseDialog, RecoveryKeyDialog
from tests.helpers import ScriptedAsk, when_modal
from waypoint.record.sample import sample_record
from waypoint.storage.errors import PassphraseError
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
PATIENT = "P-SAMPLE0001"


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def sealed(data_dir: Path) -> str:
    """An encrypted store with one patient; returns its recovery key."""
    with Store.open(data_dir) as store:
        store.save(sample_record())
        return store.set_passphrase("forgotten passphrase", kdf=FAST)


def test_the_prompt_switches_to_the_recovery_key(qtbot, app) -> None:
    seen: dict[str, object] = {}

    def use_key(dialog: PassphrasePromptDialog) -> None:
        seen["first"] = dialog.entry.echoMode()
        dialog.switch_button.click()
        seen["then"] = (dialog.entry.echoMode(), dialog.entry.accessibleName())
        dialog.entry.setText("abcd efgh")
        dialog.accept()

    when_modal(PassphrasePromptDialog, use_key)
    answer = ask_passphrase_or_key(None, "Please enter it:")
    assert isinstance(answer, RecoveryKey) and answer == "abcd efgh"
    assert seen["first"] == QLineEdit.EchoMode.Password
    assert seen["then"] == (QLineEdit.EchoMode.Normal, "Recovery key")

    def use_passphrase(dialog: PassphrasePromptDialog) -> None:
        dialog.switch_button.click()
        dialog.switch_button.click()  # and back
        dialog.entry.setText("lilac river")
        dialog.accept()

    when_modal(PassphrasePromptDialog, use_passphrase)
    answer = ask_passphrase_or_key(None, "Please enter it:")
    assert answer == "lilac river" and not isinstance(answer, RecoveryKey)


def test_recovery_key_opens_the_records_then_a_new_passphrase_is_set(
    qtbot, app, data_dir: Path, sealed: str
) -> None:
    asked: list[str] = []

    def prompt(parent, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        # Typed as printed, in lower case with spaces instead of dashes: still the key.
        return RecoveryKey(sealed.lower().replace("-", " "))

    def new_passphrase(dialog: PassphraseDialog) -> None:
        dialog.first.setText("new lilac river")
        dialog.second.setText("new lilac river")
        dialog.save_button.click()

    when_modal(PassphraseDialog, new_passphrase)
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask, passphrase_prompt=prompt, background=SyncBackground())
    assert window is not None
    qtbot.addWidget(window)
    assert len(asked) == 1 and ask.shown == []
    assert PATIENT in window.store and window.store.load(PATIENT).patient.family_name
    window.close()
    window.store.close()
    with Store.open(data_dir, passphrase="new lilac river") as store:
        assert PATIENT in store
    with pytest.raises(PassphraseError):
        Store.open(data_dir, passphrase="forgotten passphrase")
    with Store.open(data_dir, recovery_key=sealed) as store:  # the key keeps working
        assert PATIENT in store


def test_a_wrong_recovery_key_is_asked_again(qtbot, app, data_dir: Path, sealed: str) -> None:
    answers = [RecoveryKey("AAAA-BBBB-CCCC"), None]
    asked: list[str] = []

    def prompt(parent, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    assert build_main_window(data_dir, ScriptedAsk(), passphrase_prompt=prompt) is None
    assert len(asked) == 2 and "not right" in asked[1]


def test_declining_a_new_passphrase_says_what_that_means(
    qtbot, app, data_dir: Path, sealed: str
) -> None:
    when_modal(PassphraseDialog, lambda dialog: dialog.reject())
    ask = ScriptedAsk()
    window = build_main_window(
        data_dir,
        ask,
        passphrase_prompt=lambda p, t: RecoveryKey(sealed),
        background=SyncBackground(),
    )
    assert window is not None
    qtbot.addWidget(window)
    assert ask.shown[-1][:2] == ("inform", "Passphrase not changed")


def test_the_shown_key_can_be_printed_and_copied(qtbot, app, tmp_path: Path) -> None:
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567"
    output = tmp_path / "key.pdf"

    def to_pdf(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return True

    dialog = RecoveryKeyDialog(key, "Valley Oncology", None, choose_printer=to_pdf)
    qtbot.addWidget(dialog)
    assert dialog.key_box.text() == key and dialog.key_box.isReadOnly()
    dialog.print_button.click()
    pdf = pdfium.PdfDocument(str(output))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert key in text and "Valley Oncology" in text and "recovery key" in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == key
    assert "Copied" in dialog.note.text()


def test_setting_the_passphrase_runs_in_the_background_with_progress(
    qtbot, app, data_dir: Path
) -> None:
    with Store.open(data_dir) as store:
        for n in range(3):
            record = sample_record()
            record.patient.id = f"P-PROGRESS{n:02d}"
            store.save(record)
    runner = SyncBackground()
    window = build_main_window(data_dir, ScriptedAsk(), background=runner)
    assert window is not None
    qtbot.addWidget(window)

    def choose(dialog: PassphraseDialog) -> None:
        dialog.first.setText("lilac river 1954")
        dialog.second.setText("lilac river 1954")
        dialog.save_button.click()

    when_modal(PassphraseDialog, choose)
    when_modal(RecoveryKeyDialog, lambda dialog: dialog.done_button.click())
    window.passphrase_action.trigger()
    assert window.store.encrypted
    reports = [(done, total) for label, done, total in runner.reports]
    assert {label for label, _d, _t in runner.reports} == {"Encrypting the records…"}
    assert reports and reports[-1][0] == reports[-1][1] >= 3  # every file, counted to the end


def test_the_closing_snapshot_runs_off_the_gui_thread(qtbot, app, data_dir: Path) -> None:
    from gui.app import close_store
    from gui.background import Background

    with Store.open(data_dir) as store:
        store.save(sample_record())
    for snapshot in (data_dir / "snapshots").glob("*"):
        snapshot.unlink()  # so the daily copy is due at this close
    window = build_main_window(data_dir, ScriptedAsk(), background=Background())
    assert window is not None
    qtbot.addWidget(window)
    window.close()
    close_store(window)
    assert window.store.read_only  # closed: the lock is released
    assert list((data_dir / "snapshots").glob("*"))
    with Store.open(data_dir) as again:  # the next copy of Waypoint gets in
        assert PATIENT in again
