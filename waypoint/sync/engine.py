"""One sync with the clinic hub: send what changed here, then merge what changed elsewhere.

Pushing: each patient whose file changed since the last sync (its (inode, mtime, size) differs
from the one kept in the state file) is split into documents (documents.py); those whose content
changed are sent with revisions made here, in batches. Pulling: the hub's changes feed from the
last checkpoint; documents this workstation does not already hold are fetched, opened and
merged into each patient's file through the store (one atomic, audited save per patient).

Checkpoints (the feed position and each document's revision) are saved every few seconds and
at the end, atomically; a sync killed at any point loses nothing, and the next one resumes,
sending or merging again only what it cannot be sure of (harmless: same revisions, same merge).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from waypoint.applog import logger
from waypoint.i18n import _
from waypoint.record.model import record_from_json, record_to_json
from waypoint.record.schema import ValidationError
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.audit import AuditEntry
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import NotSavedError
from waypoint.storage.index import scan_stats
from waypoint.storage.merge import write_merged
from waypoint.sync.clinic import check_clinic
from waypoint.sync.documents import (
    CLINIC_DOC,
    DELETED,
    HEADER,
    MERGED,
    Codec,
    entries_of,
    merge,
    next_rev,
)
from waypoint.sync.hub import Hub
from waypoint.sync.report import SyncReport
from waypoint.sync.state import PatientState, SyncState

if TYPE_CHECKING:
    from waypoint.storage.store import Store

_log = logger(__name__)

#: The audit action of a clinician choosing between two versions of a header (sent on).
RESOLVED = "sync-resolve"
BATCH_DOCS = 500
FEED_BATCH = 2000
SAVE_EVERY = 2.0  # seconds between checkpoints while a long sync runs


def now_stamp() -> str:
    """Now, in UTC, as audit entries write it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def sync_once(store: Store, hub: Hub, actor: str, *, refill: bool = False) -> SyncReport:
    """Push this workstation's changes to ``hub``, pull everyone else's; return what was done.

    ``actor`` is named in the audit entry of every patient file the pull changes. ``refill``
    allows filling a hub that is empty although this workstation synced with it before
    (replaced or wiped; without it that is a SyncError of kind "replaced").
    Raises SyncError (one plain line; nothing here lost) or what saving raises.
    """
    if store.read_only:
        raise StoreError(_("These records are open read-only; sync needs to save."))
    report = SyncReport(hub.display)
    codec = Codec(store.cipher)
    # A hub holding no more than its clinic document has nothing to compare documents with.
    empty = int(hub.info().get("doc_count") or 0) <= 1
    state = SyncState.load(store, hub.display)
    check_clinic(store, hub, codec, state, refill, report)
    saver = _Saver(store, state)
    try:
        _push(store, hub, codec, state, report, saver, None, compare=not empty)
        _pull(store, hub, codec, state, report, saver, actor)
        if any(ps.deleted_here(store, pid) for pid, ps in state.patients.items()):
            # Patients deleted here by the pull: close the documents this workstation sent.
            _push(store, hub, codec, state, report, saver, set())
    except BaseException:
        # The hub went away part way (or the sync was stopped): keep what was done, so the
        # next sync resumes from here. The state only ever holds what did happen.
        with contextlib.suppress(OSError):
            saver.save()
        raise
    report.conflicts = sorted(state.conflicts)
    report.entry_conflicts = len(state.entry_conflicts)
    state.last_sync = now_stamp()
    saver.save()
    _log.info(
        "sync done: %d pushed, %d pulled, %d in conflict",
        report.pushed,
        report.pulled,
        len(report.conflicts),
    )
    return report


class _Saver:
    """Saves the state every few seconds (a checkpoint) and when asked."""

    def __init__(self, store: Store, state: SyncState) -> None:
        self.store, self.state = store, state
        self.saved_at = time.monotonic()

    def maybe(self) -> None:
        if time.monotonic() - self.saved_at >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        self.state.save(self.store)
        self.saved_at = time.monotonic()


# -- pushing ---------------------------------------------------------------------------------


@dataclass
class _Doc:
    """A document to send; once sent (or found already there), ``target[key]`` records it."""

    doc: dict[str, Any]
    target: dict[str, list[str]] | None = None
    key: str = ""
    content: str = ""
    #: This workstation has no record of the document: look at the hub's copy first.
    check: bool = False


class _Batch:
    """Documents waiting to be sent, and the state updates that hold once they are."""

    def __init__(
        self, hub: Hub, codec: Codec, report: SyncReport, saver: _Saver, compare: bool
    ) -> None:
        self.hub, self.codec, self.report, self.saver = hub, codec, report, saver
        self.compare = compare
        self.docs: list[_Doc] = []
        self.updates: list[Callable[[], None]] = []

    def add(self, doc: _Doc) -> None:
        self.docs.append(doc)

    def then(self, update: Callable[[], None]) -> None:
        self.updates.append(update)
        if len(self.docs) >= BATCH_DOCS:
            self.flush()

    def flush(self) -> None:
        held = self._already_there()
        send = [d for d in self.docs if d.doc["_id"] not in held]
        self.hub.put_new_edits([d.doc for d in send])
        self.report.pushed += len(send)
        for d in self.docs:
            if d.target is not None:
                d.target[d.key] = [held.get(d.doc["_id"], d.doc["_rev"]), d.content]
        for update in self.updates:
            update()
        self.docs, self.updates = [], []
        self.saver.maybe()

    def _already_there(self) -> dict[str, str]:
        """Hub id -> the hub's revision, for documents this workstation had no record of but
        the hub holds with the same content (after the state was lost, or a hub set up again,
        or records that reached both sides another way): adopted, not sent again as a rival
        revision. One with other content is sent, and so shows as a conflict, never lost."""
        ids = [d.doc["_id"] for d in self.docs if d.check] if self.compare else []
        if not ids:
            return {}
        found = self.hub.fetch(ids)
        held = {}
        for d in self.docs:
            there = found.get(d.doc["_id"]) if d.check else None
            opened = self.codec.open(there) if there else None
            if there and opened and self.codec.content_hash(opened[2]) == d.content:
                held[d.doc["_id"]] = str(there["_rev"])
        return held


def _push(
    store: Store,
    hub: Hub,
    codec: Codec,
    state: SyncState,
    report: SyncReport,
    saver: _Saver,
    only: set[str] | None,
    compare: bool = True,
) -> None:
    batch = _Batch(hub, codec, report, saver, compare)
    _push_resolutions(store, codec, state, batch)
    batch.flush()
    stats = scan_stats(store.patients_dir)
    ids = sorted(only) if only is not None else [s.id for s in store.list_patients()]
    for patient_id in ids:
        ps = state.patients.get(patient_id)
        stat = stats.get(patient_id)
        if patient_id in store.damaged or patient_id not in store or stat is None:
            continue
        if ps is not None and (ps.deleted or ps.stat == list(stat)):
            continue
        _push_patient(store, codec, state.patient(patient_id), patient_id, list(stat), batch)
    for patient_id, ps in sorted(state.patients.items()):
        if ps.deleted_here(store, patient_id):
            _push_deletion(codec, ps, patient_id, batch)
    batch.flush()


def _push_patient(
    store: Store, codec: Codec, ps: PatientState, patient_id: str, stat: list[int], batch: _Batch
) -> None:
    record = record_to_json(store.load(patient_id))
    audit = [entry.to_json() for entry in store.audit(patient_id)]
    for key, data in entries_of(codec, record, audit).items():
        content = codec.content_hash(data)
        known = ps.docs.get(key)
        if known is not None and known[1] == content:
            continue
        rev, revisions = next_rev(codec, known[0] if known else None, content)
        doc_id = codec.doc_id(patient_id, key)
        body = codec.body(doc_id, patient_id, key, data)
        doc = {"_id": doc_id, "_rev": rev, "_revisions": revisions} | body
        batch.add(_Doc(doc, ps.docs, key, content, check=known is None))

    def done() -> None:
        ps.stat = stat

    batch.then(done)


def _push_deletion(codec: Codec, ps: PatientState, patient_id: str, batch: _Batch) -> None:
    """A patient deleted here: a marker for the other workstations, and every document of the
    patient deleted on the hub (its content goes at the hub's next compaction)."""
    for key, (rev, _content) in sorted(ps.docs.items()):
        if key == DELETED:
            continue
        stub_rev, revisions = next_rev(codec, rev, "deleted")
        doc_id = codec.doc_id(patient_id, key)
        batch.add(
            _Doc({"_id": doc_id, "_rev": stub_rev, "_revisions": revisions, "_deleted": True})
        )
    data = {"deleted": True}
    content = codec.content_hash(data)
    rev, revisions = next_rev(codec, None, content)
    doc_id = codec.doc_id(patient_id, DELETED)
    body = codec.body(doc_id, patient_id, DELETED, data)
    batch.add(_Doc({"_id": doc_id, "_rev": rev, "_revisions": revisions} | body))

    def done() -> None:
        ps.deleted, ps.docs, ps.stat = True, {DELETED: [rev, content]}, None

    batch.then(done)


def _push_resolutions(store: Store, codec: Codec, state: SyncState, batch: _Batch) -> None:
    """A clinician chose one header version: it becomes the hub's only live revision (a child
    of the chosen one), and every other version is closed (kept in the hub's history)."""
    for patient_id, choice in sorted(state.resolutions.items()):
        if patient_id not in store:
            del state.resolutions[patient_id]  # deleted since: nothing left to choose for
            continue
        record = record_to_json(store.load(patient_id))
        data = entries_of(codec, record, [])[HEADER]
        content = codec.content_hash(data)
        doc_id = codec.doc_id(patient_id, HEADER)
        rev, revisions = next_rev(codec, str(choice["chosen"]), content)
        body = codec.body(doc_id, patient_id, HEADER, data)
        doc = {"_id": doc_id, "_rev": rev, "_revisions": revisions} | body
        batch.add(_Doc(doc, state.patient(patient_id).docs, HEADER, content))
        for leaf in choice.get("others") or []:
            stub_rev, stub_revisions = next_rev(codec, str(leaf), "resolved")
            stub = {"_id": doc_id, "_rev": stub_rev, "_revisions": stub_revisions, "_deleted": True}
            batch.add(_Doc(stub))
        batch.then(_forget_resolution(state, patient_id))


def _forget_resolution(state: SyncState, patient_id: str) -> Callable[[], None]:
    def done() -> None:  # only once the hub has it: a sync that fails sends it next time
        state.resolutions.pop(patient_id, None)

    return done


# -- pulling ---------------------------------------------------------------------------------


class _Known:
    """The revision this workstation holds of a hub document, looked up without building a
    table of every document (10,000 patients hold about 90,000)."""

    def __init__(self, codec: Codec, state: SyncState) -> None:
        self.codec, self.state = codec, state
        self.owners = {codec.patient_part(pid): pid for pid in state.patients}
        self.revs: dict[str, dict[str, str]] = {}

    def rev(self, doc_id: str) -> str | None:
        patient_id = self.owners.get(doc_id.split("/", 1)[0])
        if patient_id is None:
            return None
        revs = self.revs.get(patient_id)
        if revs is None:
            docs = self.state.patients[patient_id].docs
            revs = {self.codec.doc_id(patient_id, k): v[0] for k, v in docs.items()}
            self.revs[patient_id] = revs
        return revs.get(doc_id)


def _pull(
    store: Store,
    hub: Hub,
    codec: Codec,
    state: SyncState,
    report: SyncReport,
    saver: _Saver,
    actor: str,
) -> set[str]:
    known = _Known(codec, state)
    touched: set[str] = set()
    if state.retry:
        again, state.retry = state.retry, []
        for start in range(0, len(again), BATCH_DOCS):
            docs = hub.fetch(again[start : start + BATCH_DOCS])
            _apply(store, hub, codec, state, report, actor, docs, touched)
    while True:
        feed = hub.changes(state.since, FEED_BATCH)
        results = feed.get("results") or []
        wanted = [
            str(r["id"])
            for r in results
            if not str(r.get("id", "")).startswith("_")
            and r.get("id") != CLINIC_DOC
            and {c.get("rev") for c in r.get("changes") or []} != {known.rev(str(r["id"]))}
        ]
        for start in range(0, len(wanted), BATCH_DOCS):
            docs = hub.fetch(wanted[start : start + BATCH_DOCS])
            _apply(store, hub, codec, state, report, actor, docs, touched)
        state.since = feed.get("last_seq", state.since)
        saver.maybe()
        if len(results) < FEED_BATCH:
            return touched


class _Incoming:
    """One patient's documents from the hub: content by key, revision by key."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.revs: dict[str, str] = {}
        self.conflicts: dict[str, list[str]] = {}


def _group(
    codec: Codec, docs: dict[str, dict[str, Any]], report: SyncReport
) -> dict[str, _Incoming]:
    by_patient: dict[str, _Incoming] = {}
    unreadable = 0
    for doc in docs.values():
        opened = codec.open(doc)
        if opened is None:
            unreadable += 1
            continue
        patient_id, key, data = opened
        incoming = by_patient.setdefault(patient_id, _Incoming())
        incoming.data[key] = data
        incoming.revs[key] = str(doc.get("_rev", ""))
        if doc.get("_conflicts"):
            incoming.conflicts[key] = [str(r) for r in doc["_conflicts"]]
    if unreadable:
        report.notices.append(
            _(
                "{n} document(s) on the hub could not be read with this clinic's key; left alone."
            ).format(n=unreadable)
        )
    return by_patient


def _apply(
    store: Store,
    hub: Hub,
    codec: Codec,
    state: SyncState,
    report: SyncReport,
    actor: str,
    docs: dict[str, dict[str, Any]],
    touched: set[str],
) -> None:
    for patient_id, incoming in sorted(_group(codec, docs, report).items()):
        ps = state.patient(patient_id)
        if DELETED in incoming.data:
            _apply_deletion(store, ps, patient_id, incoming, report, actor)
            continue
        if ps.deleted:
            continue  # entries sent before the deletion reached that workstation
        here = patient_id in store
        if not here and HEADER not in incoming.data:
            extra = hub.fetch([codec.doc_id(patient_id, HEADER)])
            more = _group(codec, extra, report).get(patient_id)
            if more is not None:
                incoming.data.update(more.data)
                incoming.revs.update(more.revs)
                incoming.conflicts.update(more.conflicts)
        _note_conflicts(hub, codec, state, patient_id, incoming, here)
        try:
            _merge_patient(store, codec, ps, patient_id, incoming, report, actor, touched)
        except NotSavedError:
            raise  # the disk refused: stop here; the checkpoint is before these documents
        except (ValidationError, DamagedFileError, StoreError):
            ids = [codec.doc_id(patient_id, key) for key in incoming.data]
            state.retry.extend(i for i in ids if i not in state.retry)
            report.notices.append(
                _(
                    "A patient's records from the hub could not be merged here (damaged, or "
                    "written by a newer Waypoint); they stay on the hub and nothing here changed."
                )
            )
            _log.warning("sync: a patient's documents could not be merged")


def _note_conflicts(
    hub: Hub, codec: Codec, state: SyncState, patient_id: str, incoming: _Incoming, here: bool
) -> None:
    """A header with revisions in conflict: keep every version and change nothing here (a
    patient new here starts from the hub's pick); the clinician chooses. Other documents in
    conflict are only counted."""
    for key in incoming.conflicts:
        doc_id = codec.doc_id(patient_id, key)
        if key != HEADER and doc_id not in state.entry_conflicts:
            state.entry_conflicts.append(doc_id)
    if HEADER not in incoming.data:
        return
    losers = incoming.conflicts.get(HEADER)
    if not losers:
        state.conflicts.pop(patient_id, None)
        return
    doc_id = codec.doc_id(patient_id, HEADER)
    versions = [{"rev": incoming.revs[HEADER], "header": incoming.data[HEADER]}]
    for rev in losers:
        doc = hub.get(doc_id, rev=rev)
        opened = codec.open(doc) if doc else None
        if opened is not None:
            versions.append({"rev": rev, "header": opened[2]})
    state.conflicts[patient_id] = versions
    ps = state.patient(patient_id)
    mine = ps.docs.get(HEADER)
    if mine is None or mine[0] not in {v["rev"] for v in versions}:
        ps.docs[HEADER] = [versions[0]["rev"], codec.content_hash(versions[0]["header"])]
    if here:
        del incoming.data[HEADER]


def _apply_deletion(
    store: Store,
    ps: PatientState,
    patient_id: str,
    incoming: _Incoming,
    report: SyncReport,
    actor: str,
) -> None:
    ps.docs[DELETED] = [incoming.revs[DELETED], ""]
    if patient_id not in store:
        ps.deleted, ps.stat = True, None
        return
    store.delete(patient_id, actor=actor)
    report.patients_updated += 1
    report.pulled += 1
    report.notices.append(
        _("A patient deleted on another workstation was deleted here too (kept sealed).")
    )
    # The next push closes the documents this workstation sent for the patient, too.


def _merge_patient(
    store: Store,
    codec: Codec,
    ps: PatientState,
    patient_id: str,
    incoming: _Incoming,
    report: SyncReport,
    actor: str,
    touched: set[str],
) -> None:
    local = record_to_json(store.load(patient_id)) if patient_id in store else None
    local_audit = [e.to_json() for e in store.audit(patient_id)] if local is not None else []
    synced = {key: value[1] for key, value in ps.docs.items()}
    merged = merge(codec, local, local_audit, incoming.data, synced)
    if merged is None:
        return  # its header has not reached the hub yet: the next sync brings it
    if merged.record != local or merged.audit:
        record = record_from_json(merged.record)
        entry = None
        if merged.record != local:
            fields = tuple(merged.changed_paths)
            entry = AuditEntry(now_stamp(), actor, MERGED, patient_id, fields)
        outcome = write_merged(store, record, merged.audit, entry)
        if not outcome.already_saved:
            touched.add(patient_id)
            report.patients_updated += 1
            report.pulled += len(incoming.data)
    for key, data in incoming.data.items():
        ps.docs[key] = [incoming.revs[key], codec.content_hash(data)]
    # Everything in the file now is on the hub (this workstation's changes were sent before
    # the pull; the merge entry stays here), so the file as it is counts as synced.
    try:
        st = os.stat(store.patients_dir / f"{patient_id}.json")
        ps.stat = [st.st_ino, st.st_mtime_ns, st.st_size]
    except OSError:
        ps.stat = None
