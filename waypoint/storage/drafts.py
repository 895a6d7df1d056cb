"""Drafts of conversations in progress, so a closed window or a power cut loses seconds, not a visit.

One small file per patient (``DATA_DIR/drafts/<patient id>.json``) holding the conversation
being written, the assessment entered with it and any considerations dismissed so far. Written
atomically like every other store file, so a crash mid-write leaves the previous draft intact,
and sealed with the store's key when the store is encrypted: a draft is as private as a record
(plain, it carries a checksum like every store file). A draft that cannot be read is moved aside
into ``drafts/damaged/`` (:meth:`DraftStore.set_aside`), never deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.record.model import Assessment, Conversation, Dismissal
from waypoint.record.schema import ValidationError, from_json, to_json
from waypoint.storage.atomic import (
    DamagedFileError,
    make_dir,
    seal_payload,
    unframe_plain,
    write_atomic,
)
from waypoint.storage.checking import set_aside
from waypoint.storage.crypto import Cipher
from waypoint.storage.kinds import DRAFTS


@dataclass
class Draft:
    """A conversation not yet saved to the record."""

    patient_id: str
    conversation: Conversation
    assessment: Assessment | None = None
    dismissals: list[Dismissal] = field(default_factory=list)
    saved_at: str = ""

    def to_json(self) -> dict[str, Any]:
        """The draft file's content."""
        return {
            "patient_id": self.patient_id,
            "saved_at": self.saved_at,
            "conversation": to_json(self.conversation),
            "assessment": to_json(self.assessment) if self.assessment else None,
            "dismissals": to_json(self.dismissals),
        }


class DraftStore:
    """The drafts folder of a store."""

    def __init__(self, data_dir: Path, cipher: Cipher | None = None) -> None:
        self.folder = data_dir / DRAFTS
        self._cipher = cipher

    @staticmethod
    def _label(patient_id: str) -> str:
        return f"draft/{patient_id}"

    def _path(self, patient_id: str) -> Path:
        return self.folder / f"{patient_id}.json"

    def save(self, draft: Draft) -> None:
        """Write the draft atomically (durable when this returns)."""
        make_dir(self.folder)
        draft.saved_at = dt.datetime.now().isoformat(timespec="seconds")
        payload = seal_payload(draft.to_json(), self._cipher, self._label(draft.patient_id))
        write_atomic(self._path(draft.patient_id), payload)

    def load(self, patient_id: str) -> Draft | None:
        """The patient's draft, or None if there is none (a damaged draft raises)."""
        path = self._path(patient_id)
        if not path.exists():
            return None
        blob = path.read_bytes()
        if self._cipher is not None:
            blob = self._cipher.open(path, blob, self._label(patient_id))
        blob = unframe_plain(path, blob)
        try:
            data = json.loads(blob.decode("utf-8"))
            conversation = from_json(Conversation, data["conversation"], "draft.conversation")
            raw_assessment = data.get("assessment")
            assessment = (
                from_json(Assessment, raw_assessment, "draft.assessment")
                if raw_assessment
                else None
            )
            dismissals = [
                from_json(Dismissal, d, f"draft.dismissals[{i}]")
                for i, d in enumerate(data.get("dismissals", []))
            ]
        except (
            KeyError,
            TypeError,
            AttributeError,
            ValidationError,
            UnicodeDecodeError,
            json.JSONDecodeError,
        ):
            # Not the validation text: it would quote what was typed, and this may be logged.
            raise DamagedFileError(
                path, _("the draft does not hold a readable conversation")
            ) from None
        return Draft(
            patient_id, conversation, assessment, dismissals, str(data.get("saved_at", ""))
        )

    def patient_ids(self) -> list[str]:
        """Patients with a draft waiting, oldest first."""
        if not self.folder.is_dir():
            return []
        paths = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        return [p.stem for p in paths]

    def exists(self, patient_id: str) -> bool:
        """True when the patient has a draft waiting (readable or not)."""
        return self._path(patient_id).exists()

    def set_aside(self, patient_id: str) -> Path | None:
        """Move a draft that cannot be read into drafts/damaged/ (kept, never deleted).

        Returns where it went (None when there was no draft). It stays sealed when the store is
        encrypted; ``check`` lists it and support can look at it.
        """
        path = self._path(patient_id)
        if not path.exists():
            return None
        return set_aside(path)

    def discard(self, patient_id: str) -> None:
        """Remove the patient's draft (after the conversation is saved, or on purpose)."""
        self._path(patient_id).unlink(missing_ok=True)
