"""A patient's file as hub documents, and hub documents merged back into a patient's file.

Each patient becomes one mutable header document (who the patient is: the ``patient`` part of
the record) and one immutable document per entry: conversation, assessment, event (each by its
id), dismissal and audit entry (each by a digest of its content, as they carry no id). A
deleted patient leaves one ``deleted`` marker. Ids read ``<patient>/<kind>/<entry>``; in an
encrypted clinic the patient and entry parts are keyed digests, so the hub sees no Waypoint id
either, and every body is sealed with the clinic's key (bound to its document id) before it
leaves the computer.

Revisions are made here, not by the hub, from the parent revision and a digest of the content,
as CouchDB replication does: sending the same content twice is harmless (same revision), and
two workstations that changed the same document from the same parent leave two revisions on the
hub, a conflict that is shown, never settled by the hub.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from waypoint.storage.crypto import Cipher

HEADER, DELETED, AUDIT, DISMISSAL = "header", "deleted", "audit", "dismissal"
#: Entry kinds with ids of their own, and the record list each lives in.
LISTS = {"conversation": "conversations", "assessment": "assessments", "event": "events"}
ENTRY_KINDS = (*LISTS, DISMISSAL, AUDIT)
#: The hub document that says which clinic (and which key) the database belongs to.
CLINIC_DOC = "waypoint-clinic"
#: The audit action of a merge from the hub. It stays on the workstation that merged: sent
#: on, every merge would come back as a change to merge again, one file write per patient.
MERGED = "sync"


def _plain_numbers(data: Any) -> Any:
    # A hub written in JavaScript sends 6.0 back as 6: equal values must digest equally.
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {k: _plain_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_numbers(v) for v in data]
    return data


def canonical(data: Any) -> bytes:
    """One byte string per JSON value (sorted keys, 6.0 as 6), so equal content digests
    equally."""
    return json.dumps(
        _plain_numbers(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


@dataclass(frozen=True)
class Codec:
    """How one clinic's documents are named, digested and sealed (plain when no cipher)."""

    cipher: Cipher | None

    def digest(self, data: bytes) -> str:
        """Hex digest; keyed with the clinic's key when encrypted, so short content (a
        dismissal, an audit entry) cannot be guessed from its digest on the hub."""
        if self.cipher is None:
            return hashlib.sha256(data).hexdigest()
        return hmac.new(self.cipher.key, data, hashlib.sha256).hexdigest()

    def content_hash(self, data: Any) -> str:
        """The digest of a document's content."""
        return self.digest(canonical(data))[:32]

    def patient_part(self, patient_id: str) -> str:
        """The first part of the hub ids of a patient's documents."""
        if self.cipher is None:
            return patient_id
        return self.digest(b"patient\0" + patient_id.encode())[:24]

    def doc_id(self, patient_id: str, key: str) -> str:
        """The hub id for the local entry ``key`` ("header", "deleted" or "kind/entry")."""
        if self.cipher is None:
            return f"{patient_id}/{key}"
        patient = self.patient_part(patient_id)
        kind, _sep, entry = key.partition("/")
        if not entry:
            return f"{patient}/{kind}"
        return f"{patient}/{kind}/{self.digest(canonical([patient_id, key]))[:24]}"

    def body(self, doc_id: str, patient_id: str, key: str, data: Any) -> dict[str, Any]:
        """What the hub stores for one entry: the content, sealed when the clinic is encrypted."""
        plain = {"patient": patient_id, "key": key, "data": data}
        if self.cipher is None:
            return plain
        sealed = self.cipher.seal(canonical(plain), f"sync/{doc_id}")
        return {"sealed": base64.b64encode(sealed).decode("ascii")}

    def open(self, doc: dict[str, Any]) -> tuple[str, str, Any] | None:
        """(patient id, key, content) of a hub document; None when it is not one of ours or
        does not open with this clinic's key (never an exception: the hub is not trusted)."""
        from waypoint.storage.atomic import DamagedFileError

        if self.cipher is not None:
            try:
                blob = base64.b64decode(str(doc.get("sealed", "")), validate=True)
                raw = self.cipher.open(_NO_PATH, blob, f"sync/{doc.get('_id', '')}")
                plain = json.loads(raw)
            except (ValueError, DamagedFileError):
                return None
        else:
            plain = doc
        if not isinstance(plain, dict):
            return None
        patient, key = plain.get("patient"), plain.get("key")
        if not isinstance(patient, str) or not isinstance(key, str) or "data" not in plain:
            return None
        return patient, key, plain["data"]


class _NoPath:
    name = "hub document"


_NO_PATH: Any = _NoPath()


def next_rev(codec: Codec, parent: str | None, content: str) -> tuple[str, dict[str, Any]]:
    """The revision for ``content`` (a content hash) after ``parent``, and its ``_revisions``."""
    depth, parent_hash = 0, ""
    if parent:
        number, _sep, parent_hash = parent.partition("-")
        depth = int(number)
    own = codec.digest(f"{parent or ''}\0{content}".encode())[:32]
    ids = [own, parent_hash] if parent_hash else [own]
    return f"{depth + 1}-{own}", {"start": depth + 1, "ids": ids}


def entries_of(codec: Codec, record: dict[str, Any], audit: list[dict[str, Any]]) -> dict[str, Any]:
    """Every document's content for one patient, by local key."""
    out: dict[str, Any] = {
        HEADER: {"schema_version": record.get("schema_version"), "patient": record["patient"]}
    }
    for kind, name in LISTS.items():
        for item in record.get(name) or []:
            out[f"{kind}/{item['id']}"] = item
    for item in record.get("dismissals") or []:
        out[f"{DISMISSAL}/{codec.content_hash(item)[:20]}"] = item
    seen: dict[str, int] = {}
    for item in audit:
        if item.get("action") == MERGED:
            continue
        # Two saves in one second can leave two identical entries: both are kept, numbered.
        digest = codec.content_hash(item)[:20]
        count = seen[digest] = seen.get(digest, 0) + 1
        out[f"{AUDIT}/{digest}" + (f"-{count}" if count > 1 else "")] = item
    return out


@dataclass
class Merged:
    """A record after merging what the hub sent: its JSON, and audit entries it did not hold."""

    record: dict[str, Any]
    audit: list[dict[str, Any]]
    changed_paths: list[str]


def _sort_key(item: dict[str, Any]) -> tuple[str, str]:
    return (str(item.get("date") or ""), str(item.get("id") or canonical(item).decode()))


def merge(
    codec: Codec,
    local: dict[str, Any] | None,
    local_audit: list[dict[str, Any]],
    incoming: dict[str, Any],
    synced: dict[str, str],
) -> Merged | None:
    """``local`` with the hub's entries added (None when a new patient has no header yet).

    ``synced`` maps each key to the content hash both sides last agreed on: an entry that
    differs is taken from the hub only when it was not changed here since (else ours stays
    and is sent; a real clash is left to the hub as a conflict and shown).
    """
    from waypoint.storage.audit import changed_paths

    if local is None:
        if HEADER not in incoming:
            return None
        header = incoming[HEADER]
        record: dict[str, Any] = {
            "schema_version": header.get("schema_version"),
            "patient": header["patient"],
        }
        for name in (*LISTS.values(), "dismissals"):
            record[name] = []
    else:
        record = copy.deepcopy(local)
    here = entries_of(codec, record, [])
    if local is not None and HEADER in incoming:
        mine = codec.content_hash(here[HEADER])
        if incoming[HEADER] != here[HEADER] and synced.get(HEADER) in (None, mine):
            record["patient"] = incoming[HEADER]["patient"]
    for key, data in incoming.items():
        kind, _sep, entry = key.partition("/")
        if kind in LISTS and isinstance(data, dict):
            items = record.setdefault(LISTS[kind], [])
            at = next((i for i, it in enumerate(items) if it.get("id") == entry), None)
            if at is None:
                items.append(data)
            elif items[at] != data and synced.get(key) in (None, codec.content_hash(items[at])):
                items[at] = data
        elif kind == DISMISSAL and key not in here and isinstance(data, dict):
            record.setdefault("dismissals", []).append(data)
    for name in (*LISTS.values(), "dismissals"):
        record[name] = sorted(record.get(name) or [], key=_sort_key)
    have = entries_of(codec, record, local_audit)
    audit = [
        data
        for key, data in sorted(incoming.items())
        if key.startswith(AUDIT + "/") and isinstance(data, dict) and key not in have
    ]
    return Merged(record, audit, changed_paths(local, record) if local is not None else [])
