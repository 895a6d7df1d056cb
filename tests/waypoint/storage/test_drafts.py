"""Drafts of conversations: written atomically, sealed when the store is, damage reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from waypoint.record.conversation_flow import (
    COVERED,
    SKIPPED,
    UNTOUCHED,
    carry_forward,
    section_status,
    unchanged_fields,
)
from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.drafts import Draft, DraftStore
from waypoint.storage.store import Store

SECRET = "Wants to see the lilacs in Kraków"


def a_draft() -> Draft:
    record = sample_record()
    conversation = record.conversations[0]
    conversation.goals.goals = SECRET
    return Draft(record.patient.id, conversation, record.assessments[1], [])


def test_plain_round_trip_and_discard(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    draft = a_draft()
    drafts.save(draft)
    back = drafts.load(draft.patient_id)
    assert back is not None and back.conversation == draft.conversation
    assert back.assessment == draft.assessment and back.saved_at
    assert drafts.patient_ids() == [draft.patient_id]
    assert (tmp_path / "drafts" / f"{draft.patient_id}.json").stat().st_mode & 0o077 == 0
    drafts.discard(draft.patient_id)
    assert drafts.load(draft.patient_id) is None and drafts.patient_ids() == []


def test_damaged_draft_is_reported_without_quoting_it(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    draft = a_draft()
    drafts.save(draft)
    path = tmp_path / "drafts" / f"{draft.patient_id}.json"
    path.write_text('{"conversation": {"goals": {"goals": "' + SECRET + '", "x": 1}}}')
    with pytest.raises(DamagedFileError) as info:
        drafts.load(draft.patient_id)
    assert SECRET not in str(info.value)


def test_encrypted_store_seals_drafts(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store.open(root) as store:
        store.set_passphrase(
            "correct horse battery", kdf={"memory_kib": 8192, "iterations": 1, "lanes": 1}
        )
        drafts = DraftStore(root, store.cipher)
        draft = a_draft()
        drafts.save(draft)
        raw = (root / "drafts" / f"{draft.patient_id}.json").read_bytes()
        assert SECRET.encode() not in raw and b"Rosa" not in raw
        back = drafts.load(draft.patient_id)
        assert back is not None and back.conversation.goals.goals == SECRET
    # Without the key a draft cannot be read, and is reported as damaged, not as empty.
    with pytest.raises(DamagedFileError):
        DraftStore(root).load(draft.patient_id)


def test_section_status_and_carry_forward() -> None:
    previous = sample_record().conversations[0]
    blank = Conversation(date=dt.date(2026, 11, 20), clinician="Dr. K")
    assert section_status(blank, "goals") == UNTOUCHED
    assert section_status(previous, "goals") == COVERED
    blank.skipped["goals"] = "not today"
    assert section_status(blank, "goals") == SKIPPED

    carried = carry_forward(previous, dt.date(2026, 11, 20))
    assert carried.id != previous.id and carried.carried_from == previous.id
    assert carried.date == dt.date(2026, 11, 20) and carried.acp_minutes == 0
    assert carried.participants == [] and carried.plan.follow_up_date is None
    assert carried.goals == previous.goals
    same = unchanged_fields(previous, carried)
    assert "goals.goals" in same and "date" not in same
    carried.goals.goals = "Something new"
    assert "goals.goals" not in unchanged_fields(previous, carried)
