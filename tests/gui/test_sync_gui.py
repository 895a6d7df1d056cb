"""Sync in the app, against a real CouchDB-protocol hub (tests/waypoint/sync/conftest.py):
Sync now, the status item, pulled changes shown, conflicts chosen side by side, failures told
in one line, and nothing at all without a hub."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from gui.app import build_main_window, create_application
from gui.background import Background, SyncBackground
from gui.settings_dialog import SettingsDialog
from gui.sync_conflicts import ConflictDialog, header_rows, version_labels
from gui.sync_control import SyncController, local_time, status_text
from tests.helpers import ScriptedAsk, when_modal
from tests.waypoint.sync import conftest as hub_fixtures
from tests.waypoint.sync.conftest import ADMIN, SECRET, HubServer, free_port
from tests.waypoint.sync.helpers import patient, sync, trail
from waypoint.record.model import Patient
from waypoint.storage.settings import SETTINGS_FILE, load_settings, save_settings
from waypoint.storage.store import Store
from waypoint.sync.conflicts import header_conflicts
from waypoint.sync.report import HeaderVersion, SyncStatus
from waypoint.sync.setup import read_password, save_password

CLINICIAN = "Dr. Ana Kim"
# The real hub of the engine's tests (one PouchDB Server a session, a database a test).
hub_server = hub_fixtures.hub_server
hub_url = hub_fixtures.hub_url


@pytest.fixture
def app(qsettings_isolated, monkeypatch: pytest.MonkeyPatch) -> QApplication:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WAYPOINT_CLINICIAN", CLINICIAN)
    # The password must come from the data folder, as on a clinic workstation.
    monkeypatch.delenv("WAYPOINT_SYNC_USER", raising=False)
    monkeypatch.delenv("WAYPOINT_SYNC_PASSWORD", raising=False)
    return create_application()


def configure(data_dir: Path, url: str, password: str = SECRET) -> None:
    """A workstation whose clinic settings name the hub, with its password kept."""
    with Store.open(data_dir) as store:
        settings = load_settings(data_dir)
        settings.sync_url, settings.sync_user = url, ADMIN
        save_settings(data_dir, settings)
        if password:
            save_password(store, password)


def open_window(qtbot, data_dir: Path, background=None):  # type: ignore[no-untyped-def]
    window = build_main_window(data_dir, ScriptedAsk(), background=background or SyncBackground())
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    return window


def test_sync_now_pushes_and_the_status_updates(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    hub_url: str,
    hub_server: HubServer,
) -> None:
    with Store.open(data_dir) as store:
        pid = store.save(patient("Ana", "Lima", "MRN-1"), "Dr. A")
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir)
    assert window.sync.status_button.isVisible()
    assert window.sync.status_button.text() == "Not synced yet · 1 waiting to be sent"
    assert window.sync.timer.isActive()  # a hub is set up: the periodic sync runs
    window.sync.sync_action.trigger()
    assert window.ask.shown == []
    assert window.sync.status_button.text().startswith("Synced ")
    assert "waiting" not in window.sync.status_button.text()
    ids = {str(doc["_id"]) for doc in hub_server.all_docs(hub_url)}
    assert any(i.startswith(pid) for i in ids)  # the patient reached the hub
    # A save here is counted at once: waiting to be sent by the next sync.
    window.select_patient(pid)
    record = window.record
    record.patient.mrn = "MRN-2"
    assert window._save(record)
    assert window.sync.status_button.text().endswith("· 1 waiting to be sent")


def test_pulled_changes_refresh_the_list_and_the_open_patient(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    tmp_path: Path,
    hub_url: str,
) -> None:
    with Store.open(data_dir) as store:
        pid = store.save(patient("Bea", "Costa"), "Dr. A")
        sync(store, hub_url)
    other = tmp_path / "other"
    with Store.open(other) as b:
        sync(b, hub_url)
        record = b.load(pid)
        record.patient.diagnosis = "Pancreatic adenocarcinoma"
        b.save(record, "Dr. B")
        b.save(patient("Caio", "Dias"), "Dr. B")
        sync(b, hub_url)
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir)
    window.select_patient(pid)
    assert window.patient_count.text() == "1 patient(s)"
    report = window.sync.sync_now()
    assert report is not None and report.patients_updated == 2
    assert window.patient_count.text() == "2 patient(s)"
    assert window.record.patient.diagnosis == "Pancreatic adenocarcinoma"
    assert "updated from another workstation" in window.statusBar().currentMessage()


def conflict_between(a_dir: Path, b_dir: Path, url: str) -> str:
    """A patient whose family name was changed on both workstations while apart."""
    with Store.open(a_dir) as a:
        pid = a.save(patient("Dora", "Reis", "MRN-7"), "Dr. A")
        sync(a, url)
    with Store.open(b_dir) as b:
        sync(b, url)
    for root, name, who in ((a_dir, "Reis-Almeida", "Dr. A"), (b_dir, "Reis Moura", "Dr. B")):
        with Store.open(root) as store:
            record = store.load(pid)
            record.patient.family_name = name
            store.save(record, who)
            sync(store, url)
    return pid


def test_a_header_conflict_is_shown_side_by_side_and_the_choice_saved_and_audited(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    tmp_path: Path,
    hub_url: str,
) -> None:
    pid = conflict_between(tmp_path / "a", data_dir, hub_url)
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir)
    window.select_patient(pid)
    assert window.sync.status_button.text().endswith("· 1 to choose")
    seen: dict[str, object] = {}

    def choose_theirs(dialog: ConflictDialog) -> None:
        seen["titles"] = version_labels(dialog)
        table = dialog.table
        rows = {
            table.verticalHeaderItem(r).text(): [
                table.item(r, c).text() for c in range(table.columnCount())
            ]
            for r in range(table.rowCount())
        }
        seen["rows"] = rows
        assert not dialog.keep_button.isEnabled()  # nothing chosen for the clinician
        theirs = rows["Family name"].index("Reis-Almeida")
        dialog.choose_version(theirs)
        dialog.keep_button.click()
        seen["left"] = dialog.patients.count()
        dialog.reject()

    when_modal(ConflictDialog, choose_theirs)
    window.sync.status_button.click()  # the status item opens the dialog when there are some
    assert seen["titles"] == [
        "Version 1\n(other computer)",
        "Version 2\n(this computer)",
    ] or seen["titles"] == [
        "Version 1\n(this computer)",
        "Version 2\n(other computer)",
    ]
    rows = seen["rows"]
    assert sorted(rows["Family name"]) == ["Reis Moura", "Reis-Almeida"]
    assert rows["Given name"] == ["Dora", "Dora"] and rows["Medical record number"][0] == "MRN-7"
    assert seen["left"] == 0
    assert window.store.load(pid).patient.family_name == "Reis-Almeida"
    assert window.record.patient.family_name == "Reis-Almeida"  # the overview shows the choice
    assert (CLINICIAN, "sync-resolve") in trail(window.store, pid)
    assert header_conflicts(window.store) == []
    assert "to choose" not in window.sync.status_button.text()


def test_close_and_escape_resolve_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    tmp_path: Path,
    hub_url: str,
) -> None:
    pid = conflict_between(tmp_path / "a", data_dir, hub_url)
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir)

    def tick_then_escape(dialog: ConflictDialog) -> None:
        dialog.choose_version(0)  # a version ticked, but not kept
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(ConflictDialog, tick_then_escape)
    window.sync.conflicts_action.trigger()
    assert len(header_conflicts(window.store)) == 1
    assert window.store.load(pid).patient.family_name == "Reis Moura"
    assert all(action != "sync-resolve" for _who, action in trail(window.store, pid))


def test_wrong_password_says_one_line_and_the_window_stays_usable(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    hub_url: str,
) -> None:
    with Store.open(data_dir) as store:
        pid = store.save(patient("Eva", "Sousa"), "Dr. A")
    configure(data_dir, hub_url, password="not-the-password")
    window = open_window(qtbot, data_dir)
    assert window.sync.sync_now() is None
    ((kind, title, text),) = window.ask.shown
    assert (kind, title) == ("warn", "Not synced")
    first = text.split("\n\n")[0]
    assert "\n" not in first and "Traceback" not in text and "not-the-password" not in text
    assert "Nothing on this computer was lost" in text
    assert window.sync.status_button.text().startswith("Last sync failed")
    assert window.sync.status_button.toolTip() == first
    # Usable: nothing stuck, and a change typed now saves.
    assert not window.sync.running and window.sync.sync_action.isEnabled()
    window.select_patient(pid)
    record = window.record
    record.patient.mrn = "MRN-TYPED"
    assert window._save(record)
    assert window.store.load(pid).patient.mrn == "MRN-TYPED"


def test_a_hub_that_is_down_is_told_plainly_and_the_timer_never_asks(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
) -> None:
    configure(data_dir, f"http://127.0.0.1:{free_port()}/clinic")  # nobody listens there
    window = open_window(qtbot, data_dir)
    window.sync.timer.timeout.emit()  # the periodic sync: quiet, only the status bar says so
    assert window.ask.shown == []
    assert window.sync.status_button.text().startswith("Last sync failed")
    assert "Not synced: " in window.statusBar().currentMessage()
    window.sync.sync_action.trigger()
    ((kind, _title, text),) = window.ask.shown
    assert kind == "warn" and "127.0.0.1" in text and "Traceback" not in text


def test_a_hub_that_stays_down_is_tried_less_often_until_it_answers(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(data_dir, f"http://127.0.0.1:{free_port()}/clinic")  # nobody listens there
    window = open_window(qtbot, data_dir)
    tried: list[int] = []
    ticks = iter(range(1, 16))
    real = window.sync.sync_now

    def counted(quiet: bool = False):  # type: ignore[no-untyped-def]
        tried.append(now)
        return real(quiet=quiet)

    monkeypatch.setattr(window.sync, "sync_now", counted)
    for now in ticks:  # noqa: B007 (read by counted)
        window.sync.timer.timeout.emit()
    # Failures in a row skip 1, 3, then 5 ticks: 10, 30, then 60 minutes apart at most.
    assert tried == [1, 3, 7, 13]
    assert window.ask.shown == []  # the timer never asks


def test_the_settings_refuse_a_bad_address_and_keep_the_password_unseen(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    hub_url: str,
) -> None:
    window = open_window(qtbot, data_dir)
    assert not window.sync.timer.isActive()

    def fill(dialog: SettingsDialog) -> None:
        section = dialog.sync_section
        assert section.password.text() == "" and "not kept" in section.password.placeholderText()
        section.url.setText("hub.clinic.example/records")  # no scheme
        dialog.accept()
        assert dialog.isVisible() and "https://HOST:PORT/DATABASE" in dialog.problem.text()
        section.url.setText(f"http://{ADMIN}:{SECRET}@127.0.0.1:5984/clinic")
        dialog.accept()
        assert dialog.isVisible() and "own boxes" in dialog.problem.text()
        section.url.setText(hub_url)
        section.user.setText(ADMIN)
        section.password.setText(SECRET)
        dialog.accept()

    when_modal(SettingsDialog, fill)
    window.settings_action.trigger()
    assert window.settings.sync_url == hub_url and window.settings.sync_user == ADMIN
    assert read_password(window.store) == SECRET
    assert SECRET not in (data_dir / SETTINGS_FILE).read_text(encoding="utf-8")
    assert window.sync.timer.isActive() and window.sync.status_button.isVisible()

    def look(dialog: SettingsDialog) -> None:
        section = dialog.sync_section
        assert section.password.text() == ""  # never shown back
        assert "kept" in section.password.placeholderText()
        assert section.new_password is None
        dialog.reject()

    when_modal(SettingsDialog, look)
    window.settings_action.trigger()
    report = window.sync.sync_now()
    # The kept password works, also for a workstation with no patients yet (an empty store).
    assert report is not None and window.ask.shown == []


def test_not_configured_nothing_runs_and_nothing_connects(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("sync tried to reach a hub")

    monkeypatch.setattr("waypoint.sync.setup.open_hub", no_network)
    monkeypatch.setattr("waypoint.sync.engine.sync_once", no_network)
    monkeypatch.setattr("http.client.HTTPConnection.connect", no_network)
    with Store.open(data_dir) as store:
        store.save(patient("Fia", "Neves"), "Dr. A")
    window = open_window(qtbot, data_dir)
    assert not window.sync.timer.isActive()
    assert not window.sync.status_button.isVisible()
    assert not window.sync.conflicts_action.isEnabled()
    window.sync.timer.timeout.emit()
    assert window.ask.shown == []
    window.sync.sync_action.trigger()
    ((kind, title, _text),) = window.ask.shown
    assert (kind, title) == ("inform", "Sync is not set up")
    assert not (data_dir / "sync").exists()  # nothing was even written for sync


def test_the_timer_skips_while_a_dialog_is_open(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(data_dir, "http://127.0.0.1:9/clinic")
    window = open_window(qtbot, data_dir)
    runs: list[bool] = []
    monkeypatch.setattr(SyncController, "sync_now", lambda self, quiet=False: runs.append(quiet))

    def tick_then_close(dialog: QDialog) -> None:
        window.sync.timer.timeout.emit()  # e.g. the wizard or a patient dialog is open
        dialog.reject()

    when_modal(SettingsDialog, tick_then_close)
    window.settings_action.trigger()
    assert runs == []
    window.sync.timer.timeout.emit()
    assert runs == [True]


def test_sync_now_with_the_real_background(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    hub_url: str,
    hub_server: HubServer,
) -> None:
    with Store.open(data_dir) as store:
        pid = store.save(patient("Gil", "Prata"), "Dr. A")
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir, background=Background())
    with qtbot.waitSignal(window.sync.synced, timeout=60_000) as blocker:
        window.sync.sync_action.trigger()
    assert blocker.args[0].pushed > 0 and not window.sync.running
    assert any(str(d["_id"]).startswith(pid) for d in hub_server.all_docs(hub_url))


def test_header_rows_mark_what_differs_and_status_text() -> None:
    a, b = (
        Patient(given_name="Ana", family_name="Lima"),
        Patient(given_name="Ana", family_name="Li"),
    )
    rows = {label: (values, differs) for label, values, differs in header_rows(
        (HeaderVersion("1-a", a, True), HeaderVersion("1-b", b, False))
    )}  # fmt: skip
    assert rows["Family name"] == (["Lima", "Li"], True)
    assert rows["Given name"] == (["Ana", "Ana"], False)
    assert rows["Date of birth"] == (["—", "—"], False)
    status = SyncStatus(True, "h", "2026-11-22T01:02:03Z", pending=2, conflicts=1)
    when = local_time("2026-11-22T01:02:03+00:00")
    assert when == dt.datetime(2026, 11, 22, 1, 2, tzinfo=dt.UTC).astimezone().strftime(
        "%Y-%m-%d %H:%M"
    )
    assert status_text(status) == f"Synced {when} · 2 waiting to be sent · 1 to choose"
    assert local_time("") == "" and local_time("not a time") == ""
    assert json.dumps(status_text(SyncStatus(True))) == '"Not synced yet"'


def test_an_open_patient_deleted_elsewhere_is_closed_and_said_so(
    qtbot,  # type: ignore[no-untyped-def]
    app,
    data_dir: Path,
    tmp_path: Path,
    hub_url: str,
) -> None:
    with Store.open(data_dir) as store:
        pid = store.save(patient("Hana", "Ito"), "Dr. A")
        keep = store.save(patient("Ivo", "Lobo"), "Dr. A")
        sync(store, hub_url)
    with Store.open(tmp_path / "other") as b:
        sync(b, hub_url)
        b.delete(pid, actor="Dr. B")
        sync(b, hub_url)
    configure(data_dir, hub_url)
    window = open_window(qtbot, data_dir)
    window.select_patient(pid)
    assert window.sync.sync_now() is not None
    assert window.record is None and window.patient_model.row_of(pid) == -1
    assert window.patient_model.row_of(keep) >= 0
    assert "removed on another workstation" in window.statusBar().currentMessage()
