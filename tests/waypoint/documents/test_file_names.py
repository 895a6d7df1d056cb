"""Saved documents are named for the patient and the date, and never overwrite each other."""

from __future__ import annotations

from pathlib import Path

from waypoint.documents.common import document_file_name
from waypoint.record.sample import sample_record


def test_the_name_carries_patient_document_and_date(tmp_path: Path) -> None:
    record = sample_record()
    path = document_file_name(record, record.conversations[0], "careplan", "pdf", tmp_path)
    assert path == tmp_path / "Delgado-Núñez-Rosa-María-careplan-2026-11-02.pdf"
    handout = document_file_name(
        record, record.conversations[0], "handout", "pdf", tmp_path, lang="es"
    )
    assert handout.name == "Delgado-Núñez-Rosa-María-handout-es-2026-11-02.pdf"


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    record = sample_record()
    first = document_file_name(record, record.conversations[0], "note", "txt", tmp_path)
    first.write_text("x", encoding="utf-8")
    second = document_file_name(record, record.conversations[0], "note", "txt", tmp_path)
    assert second.name == "Delgado-Núñez-Rosa-María-note-2026-11-02 (2).txt"


def test_characters_a_file_system_refuses_are_replaced(tmp_path: Path) -> None:
    record = sample_record()
    record.patient.family_name = "O'Brien/../<x>:\"?"
    path = document_file_name(record, record.conversations[0], "careplan", "pdf", tmp_path)
    assert path.parent == tmp_path
    assert path.name.startswith("O-Brien-x-Rosa")
