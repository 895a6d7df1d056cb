"""Hub documents without a hub: names, revisions, sealing and merging."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from waypoint.storage.crypto import Cipher
from waypoint.sync.documents import Codec, canonical, entries_of, merge, next_rev
from waypoint.sync.hub import SyncError, parse_address

SEALED = Codec(Cipher(secrets.token_bytes(32), "store-1"))
PLAIN = Codec(None)


def _record() -> dict[str, object]:
    return {
        "schema_version": 1,
        "patient": {"id": "P-1", "given_name": "Ana", "family_name": "Lima"},
        "conversations": [{"id": "C-1", "date": "2025-01-02", "goals": {"goals": "home"}}],
        "assessments": [],
        "events": [],
        "dismissals": [{"consideration": "x", "reason": "seen"}],
    }


def test_a_number_a_javascript_hub_sends_back_digests_as_sent() -> None:
    assert canonical({"months": 6.0}) == canonical({"months": 6})
    assert PLAIN.content_hash([1.0, {"a": 2.5}]) == PLAIN.content_hash([1, {"a": 2.5}])


def test_revisions_depend_on_parent_and_content_only() -> None:
    first, revisions = next_rev(PLAIN, None, "abc")
    assert first.startswith("1-") and revisions == {"start": 1, "ids": [first[2:]]}
    assert next_rev(PLAIN, None, "abc")[0] == first  # sending twice is harmless
    second, revisions = next_rev(PLAIN, first, "def")
    assert second.startswith("2-") and revisions["ids"][1] == first[2:]
    assert next_rev(PLAIN, first, "xyz")[0] != second  # two edits apart: two revisions


def test_encrypted_ids_and_bodies_carry_no_waypoint_id_or_words() -> None:
    entries = entries_of(SEALED, _record(), [{"actor": "Dr. A", "action": "create"}])
    assert set(entries) >= {"header", "conversation/C-1"}
    for key, data in entries.items():
        doc_id = SEALED.doc_id("P-1", key)
        body = SEALED.body(doc_id, "P-1", key, data)
        text = doc_id + str(body)
        for word in ("P-1", "C-1", "Ana", "Lima", "home", "Dr. A", "seen"):
            assert word not in text
        assert SEALED.open({"_id": doc_id, **body}) == ("P-1", key, data)


def test_a_document_moved_altered_or_of_another_key_is_not_opened() -> None:
    doc_id = SEALED.doc_id("P-1", "header")
    body = SEALED.body(doc_id, "P-1", "header", {"patient": {}})
    assert SEALED.open({"_id": SEALED.doc_id("P-2", "header"), **body}) is None
    other = Codec(Cipher(secrets.token_bytes(32), "store-1"))
    assert other.open({"_id": doc_id, **body}) is None
    assert SEALED.open({"_id": doc_id, "sealed": "not base64!"}) is None
    assert PLAIN.open({"_id": "x", "patient": 3}) is None


def test_identical_audit_entries_are_two_documents() -> None:
    same = {"time": "2025-01-01T10:00:00+00:00", "actor": "A", "action": "update"}
    keys = [k for k in entries_of(PLAIN, _record(), [same, same]) if k.startswith("audit/")]
    assert len(keys) == 2


def test_merge_adds_entries_and_keeps_a_local_edit_not_yet_sent() -> None:
    local = _record()
    synced = {k: PLAIN.content_hash(v) for k, v in entries_of(PLAIN, local, []).items()}
    new_conversation = {"id": "C-2", "date": "2025-01-01", "goals": {"goals": "garden"}}
    edited_here = {**local, "patient": {**local["patient"], "family_name": "Lima-Reis"}}  # type: ignore[dict-item]
    incoming = {
        "conversation/C-2": new_conversation,
        "header": {"schema_version": 1, "patient": {**local["patient"], "mrn": "9"}},  # type: ignore[dict-item]
        "audit/abc": {"time": "t", "actor": "B", "action": "create"},
    }
    merged = merge(PLAIN, edited_here, [], incoming, synced)
    assert merged is not None
    assert [c["id"] for c in merged.record["conversations"]] == ["C-2", "C-1"]  # by date
    assert merged.record["patient"]["family_name"] == "Lima-Reis"  # ours, changed since
    assert merged.audit == [incoming["audit/abc"]]
    # Unchanged here: the hub's header is taken.
    taken = merge(PLAIN, local, [], incoming, synced)
    assert taken is not None and taken.record["patient"]["mrn"] == "9"
    assert merge(PLAIN, None, [], {"conversation/C-2": new_conversation}, {}) is None


@pytest.mark.parametrize(
    "url",
    ["", "hub.example/clinic", "ftp://hub/clinic", "https://hub", "https://hub/a/b",
     "https://hub:99999/clinic", "https://hub/clinic?x=1"],
)  # fmt: skip
def test_addresses_that_are_not_one_database_on_a_hub(url: str) -> None:
    with pytest.raises(SyncError) as caught:
        parse_address(url)
    assert caught.value.kind == "bad_url"


def test_an_address_is_shown_without_credentials() -> None:
    address = parse_address("https://nurse:pw@hub.example:6984/clinic_a")
    assert address.display == "https://hub.example:6984/clinic_a"
    assert parse_address("https://hub.example/clinic_a").port == 443


def test_the_state_keeps_any_entry_id_an_import_brought(tmp_path: Path) -> None:
    from waypoint.storage.store import Store
    from waypoint.sync.state import PatientState, SyncState

    odd = {"conversation/C 1\nx": ["1-ab", "cd"], "header": ["2-ef", "01"], "deleted": ["1-a", ""]}
    with Store.open(tmp_path / "s") as store:
        state = SyncState.load(store, "http://hub/clinic")
        state.patients["P-1"] = PatientState([1, 2, 3], dict(odd))
        state.save(store)
        again = SyncState.load(store, "http://hub/clinic").patients["P-1"]
    assert again.docs == odd and again.stat == [1, 2, 3]
