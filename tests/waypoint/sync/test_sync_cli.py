"""``main.py sync`` in real processes: what it prints, and one clear line for each failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_main
from tests.waypoint.sync.conftest import ADMIN, SECRET, HubServer, free_port
from tests.waypoint.sync.helpers import everything, patient
from waypoint.storage.store import Store

CREDENTIALS = {"WAYPOINT_SYNC_USER": ADMIN, "WAYPOINT_SYNC_PASSWORD": SECRET}


def _store_with_two(root: Path) -> list[str]:
    with Store.open(root) as store:
        return [store.save(patient("Olga", "Pires"), "Dr. A"), store.save(patient("Paz", "Lobo"))]


def _one_plain_line(done: object, *needles: str) -> str:
    assert getattr(done, "returncode", None) == 1
    err = str(getattr(done, "stderr", ""))
    assert "Traceback" not in err and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err
    assert SECRET not in err and SECRET not in str(getattr(done, "stdout", ""))
    return err


def test_sync_prints_what_was_pushed_pulled_and_left_in_conflict(
    tmp_path: Path, hub_url: str
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    ids = _store_with_two(a_dir)
    done = run_main("sync", "--server", hub_url, "--data-dir", str(a_dir), env_extra=CREDENTIALS)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Synced with http://127.0.0.1:")
    assert "Pushed: " in lines[1] and "Pushed: 0 " not in lines[1]
    assert lines[2] == "Patients left in conflict: 0"
    done = run_main("sync", "--server", hub_url, "--data-dir", str(b_dir), env_extra=CREDENTIALS)
    assert done.returncode == 0, done.stderr
    assert "2 patient(s) updated here" in done.stdout
    assert set(everything(b_dir)) == set(ids)
    status = run_main("sync", "status", "--data-dir", str(b_dir))
    assert status.returncode == 0, status.stderr
    assert "Last sync: 20" in status.stdout and "waiting to be sent): 0" in status.stdout
    assert "Patients left in conflict: 0" in status.stdout


def test_status_of_records_never_synced_says_so(tmp_path: Path) -> None:
    _store_with_two(tmp_path / "a")
    done = run_main("sync", "status", "--data-dir", str(tmp_path / "a"))
    assert done.returncode == 0 and "not set up" in done.stdout


@pytest.mark.parametrize(
    ("server", "needle"),
    [
        ("ftp://hub.example/clinic", "not usable"),
        ("http://127.0.0.1:5984", "not usable"),  # no database named
        ("not a url at all", "not usable"),
    ],
)
def test_a_bad_hub_address_is_one_plain_line(tmp_path: Path, server: str, needle: str) -> None:
    _store_with_two(tmp_path / "a")
    done = run_main("sync", "--server", server, "--data-dir", str(tmp_path / "a"))
    _one_plain_line(done, needle)


def test_no_hub_set_up_is_one_plain_line(tmp_path: Path) -> None:
    _store_with_two(tmp_path / "a")
    done = run_main("sync", "--data-dir", str(tmp_path / "a"))
    _one_plain_line(done, "Sync is not set up")


def test_wrong_credentials_and_a_hub_that_is_down(tmp_path: Path, hub_url: str) -> None:
    root = tmp_path / "a"
    ids = _store_with_two(root)
    wrong = {"WAYPOINT_SYNC_USER": ADMIN, "WAYPOINT_SYNC_PASSWORD": "not-the-password"}
    done = run_main("sync", "--server", hub_url, "--data-dir", str(root), env_extra=wrong)
    err = _one_plain_line(done, "did not accept the user name and password")
    assert "not-the-password" not in err
    down = f"http://127.0.0.1:{free_port()}/clinic"
    done = run_main("sync", "--server", down, "--data-dir", str(root), env_extra=CREDENTIALS)
    _one_plain_line(done, "cannot be reached", "Nothing was lost")
    assert set(everything(root)) == set(ids)
    with Store.open(root) as store:
        assert store.check() == []


def test_a_hub_replaced_by_an_empty_one_is_said_and_refilled_only_when_asked(
    tmp_path: Path, hub_url: str, hub_server: HubServer
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    ids = _store_with_two(a_dir)
    args = ("sync", "--server", hub_url, "--data-dir")
    assert run_main(*args, str(a_dir), env_extra=CREDENTIALS).returncode == 0
    name = hub_url.rsplit("/", 1)[1]
    hub_server.request("DELETE", f"/{name}")  # the clinic's server was rebuilt, empty
    done = run_main(*args, str(a_dir), env_extra=CREDENTIALS)
    _one_plain_line(done, "no database")
    hub_server.request("PUT", f"/{name}")
    done = run_main(*args, str(a_dir), env_extra=CREDENTIALS)
    _one_plain_line(done, "is empty", "--refill")
    assert hub_server.all_docs(hub_url) == []  # nothing re-uploaded without being asked
    assert set(everything(a_dir)) == set(ids)
    done = run_main(*args, str(a_dir), "--refill", env_extra=CREDENTIALS)
    assert done.returncode == 0 and "filled again" in done.stdout, done.stderr
    assert run_main(*args, str(b_dir), env_extra=CREDENTIALS).returncode == 0
    assert everything(b_dir) == everything(a_dir)


def test_a_new_workstation_joins_an_encrypted_clinic_from_the_command_line(
    tmp_path: Path, hub_url: str
) -> None:
    from tests.waypoint.sync.conftest import FAST_KDF

    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as store:
        store.set_passphrase("the clinic's words", kdf=FAST_KDF)
        pid = store.save(patient("Rosa", "Teles"), "Dr. A")
    env = {**CREDENTIALS, "WAYPOINT_PASSPHRASE": "the clinic's words"}
    assert (
        run_main("sync", "--server", hub_url, "--data-dir", str(a_dir), env_extra=env).returncode
        == 0
    )
    done = run_main("sync", "--server", hub_url, "--data-dir", str(b_dir), env_extra=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("This workstation joined the clinic at")
    assert pid in everything(b_dir, "the clinic's words")


def test_a_workstation_set_up_in_its_settings_syncs_with_no_environment(
    tmp_path: Path, hub_url: str
) -> None:
    root = tmp_path / "a"
    ids = _store_with_two(root)
    for key, value in (("sync_url", hub_url), ("sync_user", ADMIN)):
        done = run_main("settings", "set", key, value, "--data-dir", str(root))
        assert done.returncode == 0, done.stderr
    done = run_main(
        "sync", "password", "--data-dir", str(root), env_extra={"WAYPOINT_SYNC_PASSWORD": SECRET}
    )
    assert done.returncode == 0 and SECRET not in done.stdout + done.stderr
    done = run_main("sync", "--data-dir", str(root))
    assert done.returncode == 0, done.stderr
    assert "Pushed: 0 " not in done.stdout
    status = run_main("sync", "status", "--data-dir", str(root))
    assert hub_url in status.stdout and "waiting to be sent): 0" in status.stdout
    assert set(everything(root)) == set(ids)
