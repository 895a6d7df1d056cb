"""An encrypted clinic: the hub holds ciphertext only, and a joining workstation reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.waypoint.sync.conftest import ADMIN, FAST_KDF, SECRET, HubServer
from tests.waypoint.sync.helpers import conversation, everything, patient, sync
from waypoint.record.model import record_to_json
from waypoint.storage.store import Store
from waypoint.sync.hub import Hub, SyncError
from waypoint.sync.setup import join_clinic

PASSPHRASE = "clinic passphrase 42"


def _words(record: dict[str, object]) -> set[str]:
    """Every string a clinician typed or the app made up for this record, of 4+ characters."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) >= 4:
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record)
    # Choice codes ("stepped", "solid_tumour"...) are the same for every patient, not PHI.
    return {w for w in found if not w.replace("_", "").isalpha() or w[0].isupper() or " " in w}


def test_the_hub_of_an_encrypted_clinic_holds_none_of_the_patients_words(
    tmp_path: Path, hub_url: str, hub_server: HubServer
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        a.set_passphrase(PASSPHRASE, kdf=FAST_KDF)
        record = patient("Zélia", "Quaresma-Tavares", "MRN-990217")
        record.conversations.append(conversation("dançar no casamento da neta em junho"))
        pid = a.save(record, "Dr. A")
        sync(a, hub_url)
        words = _words(record_to_json(a.load(pid))) | {pid}
        words |= {c.id for c in a.load(pid).conversations}
        words |= {e.actor for e in a.audit(pid)}
    assert "dançar no casamento da neta em junho" in words and "Dr. A" in words
    hub_text = json.dumps(hub_server.all_docs(hub_url), ensure_ascii=False)
    leaked = sorted(w for w in words if w in hub_text)
    assert leaked == []
    assert "Quaresma" not in hub_text and "MRN-990217" not in hub_text
    # A new workstation joins with the clinic's passphrase and reads everything.
    with Hub(hub_url, ADMIN, SECRET) as hub:
        assert join_clinic(b_dir, hub)
    with Store.open(b_dir, passphrase=PASSPHRASE) as b:
        assert b.encrypted
        sync(b, hub_url)
        assert b.load(pid).patient.family_name == "Quaresma-Tavares"
        assert b.check() == []  # the sealed sync state is a known kind, sealed and sound
    assert everything(a_dir, PASSPHRASE) == everything(b_dir, PASSPHRASE)


def test_a_workstation_with_its_own_key_is_refused_and_nothing_is_sent(
    tmp_path: Path, hub_url: str, hub_server: HubServer
) -> None:
    with Store.open(tmp_path / "a") as a:
        a.set_passphrase(PASSPHRASE, kdf=FAST_KDF)
        a.save(patient("Ivo", "Matos"), "Dr. A")
        sync(a, hub_url)
    before = hub_server.all_docs(hub_url)
    with Store.open(tmp_path / "own") as own:
        own.set_passphrase(PASSPHRASE, kdf=FAST_KDF)  # same words, but its own random key
        own.save(patient("Lia", "Vaz"), "Dr. C")
        with pytest.raises(SyncError) as caught:
            sync(own, hub_url)
        assert caught.value.kind == "other_clinic" and "Join" in str(caught.value)
    with Store.open(tmp_path / "plain") as plain:
        plain.save(patient("Rui", "Sa"), "Dr. D")
        with pytest.raises(SyncError, match="encrypted") as caught:
            sync(plain, hub_url)
        assert caught.value.kind == "other_clinic"
    assert hub_server.all_docs(hub_url) == before


def test_sync_state_and_password_are_sealed_when_a_passphrase_is_set_later(
    tmp_path: Path, hub_url: str
) -> None:
    from waypoint.storage.kinds import SYNC
    from waypoint.sync.setup import read_password, save_password
    from waypoint.sync.status import sync_status

    root = tmp_path / "a"
    with Store.open(root) as store:
        store.save(patient("Nuno", "Braga"), "Dr. A")
        save_password(store, "hub-password-xyz")
        sync(store, hub_url)
        store.set_passphrase(PASSPHRASE, kdf=FAST_KDF)
    for path in (root / SYNC).glob("*.json"):
        raw = path.read_bytes()
        assert raw.startswith(b"WPE1") and b"hub-password-xyz" not in raw
    with Store.open(root, passphrase=PASSPHRASE) as store:
        assert read_password(store) == "hub-password-xyz"
        assert sync_status(store).last_sync and store.check() == []
