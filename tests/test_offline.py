"""Offline proof: start-up, saving, rendering and the wizard never try to open a connection.

Python's audit hooks see every socket connect, bind, send and name lookup made through the
``socket`` module, whoever makes it (our code, a library, a C extension using the module). While
the guard is on, each attempt is recorded and refused, and the test fails if any was made.
The subprocess tests install the guard before ``main.py`` imports anything, so imports at
start-up are covered too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from waypoint.content.bundle import shipped_content

ROOT = Path(__file__).resolve().parent.parent

#: Audit events that mean "talk to the network" (or look a name up, which may do so).
NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
    }
)

_attempts: list[str] = []
_guard_on = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _guard_on and event in NETWORK_EVENTS:
        _attempts.append(f"{event} {args!r}")
        raise OSError(f"Waypoint must not use the network ({event})")


sys.addaudithook(_audit)  # hooks cannot be removed; it only acts while _guard_on is set


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """Refuse and record every network attempt during the test; fail it if there was any."""
    global _guard_on
    _attempts.clear()
    _guard_on = True
    try:
        yield _attempts
    finally:
        _guard_on = False
    assert _attempts == [], f"network attempted: {_attempts}"


def test_the_guard_catches_an_attempt() -> None:
    """The guard itself works: a connection made while it is on is refused and recorded."""
    import socket

    global _guard_on
    _attempts.clear()
    _guard_on = True
    try:
        with pytest.raises(OSError, match="must not use the network"):
            socket.create_connection(("example.org", 443), timeout=1)
        with socket.socket() as raw, pytest.raises(OSError, match="must not use the network"):
            raw.connect(("127.0.0.1", 9))
    finally:
        _guard_on = False
    assert [a.split()[0] for a in _attempts] == ["socket.getaddrinfo", "socket.connect"]
    _attempts.clear()


def test_saving_rendering_and_self_test_stay_offline(no_network: list[str], data_dir: Path) -> None:
    from waypoint.documents.bundle import LANGUAGES, render_documents
    from waypoint.record.sample import sample_record
    from waypoint.services.selftest import run_self_test
    from waypoint.storage.store import Store

    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
        record = store.load(patient_id)
    for lang in LANGUAGES:
        assert render_documents(record, lang=lang, content=shipped_content())
    result = run_self_test()
    assert result.ok, result.failures


def test_start_up_and_the_wizard_stay_offline(
    qtbot, qsettings_isolated, no_network: list[str], data_dir: Path, tmp_path: Path
) -> None:
    from gui.app import build_main_window, create_application
    from gui.patient_dialog import PatientDialog
    from gui.wizard import ConversationWizard
    from tests.gui.test_slice import fill_conversation, fill_patient, when_modal
    from tests.helpers import ScriptedAsk

    create_application()
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    when_modal(PatientDialog, fill_patient)
    window.new_patient_action.trigger()
    when_modal(ConversationWizard, fill_conversation)
    window.new_conversation_action.trigger()
    assert ask.warnings() == []
    assert window.record is not None and len(window.record.conversations) == 1
    ask.save_paths.append(tmp_path / "careplan.pdf")
    window.export_careplan_action.trigger()
    assert (tmp_path / "careplan.pdf").read_bytes().startswith(b"%PDF-")
    window.store.close()


# Run main.py with the guard installed first: any attempt is printed and ends the process.
_GUARDED_MAIN = """
import os, runpy, sys
EVENTS = set({events})
def audit(event, args):
    if event in EVENTS:
        sys.stderr.write("NETWORK ATTEMPT: " + event + "\\n")
        sys.stderr.flush()
        os._exit(97)
sys.addaudithook(audit)
sys.argv = ["main.py", *sys.argv[1:]]
sys.path.insert(0, {root!r})
runpy.run_path(os.path.join({root!r}, "main.py"), run_name="__main__")
"""


def _run_guarded(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = _GUARDED_MAIN.format(events=sorted(NETWORK_EVENTS), root=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return env


def test_the_guarded_runner_catches_an_attempt(tmp_path: Path) -> None:
    """The subprocess guard notices: a lookup made before main.py runs ends the process."""
    code = _GUARDED_MAIN.replace(
        "runpy.run_path", "__import__('socket').getaddrinfo('example.org', 80) or runpy.run_path"
    ).format(events=sorted(NETWORK_EVENTS), root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code, "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 97 and "NETWORK ATTEMPT: socket.getaddrinfo" in done.stderr


def test_cli_start_up_import_and_self_test_in_a_fresh_process(tmp_path: Path) -> None:
    env = _env(tmp_path)
    sample = tmp_path / "sample.json"
    done = _run_guarded(["sample-record"], env)
    assert done.returncode == 0, done.stderr
    sample.write_text(done.stdout, encoding="utf-8")
    store = str(tmp_path / "store")
    for args in (
        ["import", str(sample), "--data-dir", store],
        ["render", str(sample), "--out", str(tmp_path / "out"), "--lang", "es"],
        ["check", "--data-dir", store],
        ["self-test"],
    ):
        done = _run_guarded(args, env)
        assert "NETWORK ATTEMPT" not in done.stderr, (args, done.stderr)
        assert done.returncode == 0, (args, done.stderr)


def test_gui_start_up_in_a_fresh_process(tmp_path: Path) -> None:
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store

    store = tmp_path / "store"
    with Store.open(store) as opened:
        opened.save(sample_record())
    env = _env(tmp_path)
    env["WAYPOINT_EXIT_WHEN_SHOWN"] = "1"
    done = _run_guarded(["--data-dir", str(store)], env)
    assert "NETWORK ATTEMPT" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("waypoint-shown ")


def test_sync_not_set_up_never_connects(tmp_path: Path) -> None:
    """Sync is optional: with no hub in the settings, `sync` and `sync status` say so and
    nothing connects (the GUI's start above is the same case: no hub, no connection)."""
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store

    store = tmp_path / "store"
    with Store.open(store) as opened:
        opened.save(sample_record())
    env = _env(tmp_path)
    env.pop("WAYPOINT_SYNC_USER", None)
    done = _run_guarded(["sync", "status", "--data-dir", str(store)], env)
    assert "NETWORK ATTEMPT" not in done.stderr, done.stderr
    assert done.returncode == 0 and "not set up" in done.stdout, done.stderr
    done = _run_guarded(["sync", "--data-dir", str(store)], env)
    assert "NETWORK ATTEMPT" not in done.stderr, done.stderr
    assert done.returncode == 1 and "Sync is not set up" in done.stderr


def test_sync_status_in_process_stays_offline(no_network: list[str], data_dir: Path) -> None:
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store
    from waypoint.sync.conflicts import header_conflicts
    from waypoint.sync.status import sync_status

    with Store.open(data_dir) as store:
        store.save(sample_record())
        assert not sync_status(store, "").configured
        assert header_conflicts(store) == []
