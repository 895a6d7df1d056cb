"""Records and workstations for the sync tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from waypoint.record.model import Assessment, CareEvent, Conversation, Record, record_to_json
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store
from waypoint.sync.engine import sync_once
from waypoint.sync.hub import Hub
from waypoint.sync.report import SyncReport

from .conftest import ADMIN, SECRET


def patient(given: str, family: str, mrn: str = "") -> Record:
    """A fresh sample record for a new patient (no ids yet)."""
    record = sample_record()
    record.patient.id = ""
    record.patient.given_name, record.patient.family_name = given, family
    record.patient.mrn = mrn
    for conversation in record.conversations:
        conversation.id = ""
    for item in (*record.assessments, *record.events):
        item.id = ""
    return record


def conversation(goals: str, day: int = 3) -> Conversation:
    """A short new conversation whose goals say ``goals``."""
    new = Conversation(date=dt.date(2025, 2, day), clinician="Dr. Okafor")
    new.goals.goals = goals
    return new


def assessment(pain: int, day: int = 4) -> Assessment:
    from waypoint.record.model import EsasScores

    return Assessment(date=dt.date(2025, 2, day), esas=EsasScores(pain=pain))


def event(kind: str, day: int = 5) -> CareEvent:
    return CareEvent(date=dt.date(2025, 2, day), kind=kind)


def sync(store: Store, url: str, actor: str = "Dr. Sync", **kwargs: bool) -> SyncReport:
    """One sync of ``store`` with the hub at ``url`` (the test hub's credentials)."""
    with Hub(url, ADMIN, SECRET) as hub:
        return sync_once(store, hub, actor, **kwargs)


def everything(root: Path, passphrase: str = "") -> dict[str, dict[str, Any]]:
    """Every record in the folder as JSON, by patient id; entries in date order (a merge
    lists them so; a record never merged keeps the order they were entered in)."""
    out = {}
    with Store.open(root, passphrase=passphrase, read_only=True) as store:
        for summary in store.list_patients():
            data = record_to_json(store.load(summary.id))
            for name in ("conversations", "assessments", "events", "dismissals"):
                data[name] = sorted(data[name], key=lambda i: json.dumps(i, sort_keys=True))
            out[summary.id] = data
    return out


def trail(store: Store, patient_id: str) -> list[tuple[str, str]]:
    """(actor, action) of each audit entry of the patient."""
    return [(e.actor, e.action) for e in store.audit(patient_id)]
