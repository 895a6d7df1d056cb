"""Patient-list rows: what the index keeps for each patient, and accent-blind matching."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from waypoint.record.model import Record


@dataclass(frozen=True)
class PatientSummary:
    """One row of the patient list."""

    id: str
    given_name: str
    family_name: str
    mrn: str
    date_of_birth: str
    diagnosis: str
    updated: str
    #: What is due, filled in by the clinical side when the worklist reads the row (storage knows
    #: nothing of the rules); empty after a save, so the next read computes it afresh.
    due: dict[str, str] = field(default_factory=dict)
    #: What ``due`` holds for (content version, until when): see waypoint.clinical.worklist.due_stamp.
    due_stamp: str = ""

    @property
    def display_name(self) -> str:
        """Family name first, as clinic lists usually are."""
        return f"{self.family_name}, {self.given_name}".strip(", ")

    def haystack(self) -> str:
        """The folded text that search looks in."""
        return fold(f"{self.given_name} {self.family_name} {self.mrn} {self.date_of_birth}")

    def matches(self, needle: str) -> bool:
        """True when every word typed appears in the name, record number or date of birth."""
        hay = self.haystack()
        return all(word in hay for word in fold(needle).split())

    def to_json(self) -> dict[str, Any]:
        """The index row form."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> PatientSummary:
        """Read an index row; raises ValueError when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("not a summary")
        try:
            summary = cls(**data)
        except TypeError:
            raise ValueError("not a summary") from None
        if not isinstance(summary.id, str) or not isinstance(summary.due, dict):
            raise ValueError("not a summary")
        if not isinstance(summary.due_stamp, str):
            raise ValueError("not a summary")
        return summary


def summary_of(record: Record, updated: str) -> PatientSummary:
    """The patient-list row for ``record``: facts only, nothing due yet (see ``due``)."""
    p = record.patient
    return PatientSummary(
        id=p.id,
        given_name=p.given_name,
        family_name=p.family_name,
        mrn=p.mrn,
        date_of_birth=p.date_of_birth.isoformat() if p.date_of_birth else "",
        diagnosis=p.diagnosis,
        updated=updated,
    )


def placeholder(patient_id: str) -> PatientSummary:
    """A row for a patient whose file cannot be read and who had no row yet (still listed)."""
    return PatientSummary(patient_id, "", f"({patient_id})", "", "", "", "")


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "'": None,
        "’": None,
        "-": " ",
    }
)


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, so "obrien lukasz" finds "O'Brien-Łukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_UNDECOMPOSABLE)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
