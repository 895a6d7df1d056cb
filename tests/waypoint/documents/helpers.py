"""Shared by the document tests: PDF text, font names, and records that stress the templates."""

from __future__ import annotations

import io

from pypdf import PdfReader

from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

CLINIC = Settings(
    clinic_name="Pine Ridge Cancer Clinic",
    clinic_address="400 Hospital Road\nPine Ridge, SD 57770",
    clinic_phone="(555) 201-5000",
    after_hours_phone="(555) 201-5999",
)


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces collapsed, for phrases that wrap."""
    return " ".join(text.split())


def page_count(data: bytes) -> int:
    """Pages in a PDF."""
    return len(PdfReader(io.BytesIO(data)).pages)


def font_names(data: bytes) -> set[str]:
    """The base font names used on every page."""
    reader = PdfReader(io.BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def font_sizes(data: bytes) -> set[float]:
    """Every font size text is drawn at (the effective size, text matrix included)."""
    reader = PdfReader(io.BytesIO(data))
    sizes: set[float] = set()

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * tm[3], 1))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


#: Long answers as people give them: many short sentences (a handout cannot shorten them).
LONG = (
    "I want to be at home with my dog and my two sons. I want to cook for them on Sundays. "
    "I do not want to be in pain. "
) * 10


def long_record() -> Record:
    """The sample record with long answers in every free-text field a patient sees."""
    record = sample_record()
    c = record.conversations[0]
    for field in ("goals", "fears", "strengths", "critical_abilities", "tradeoffs"):
        setattr(c.goals, field, LONG)
    c.plan.goal_of_care = LONG
    c.plan.next_steps = LONG
    for option in c.treatment_options:
        option.side_effects = LONG
        option.time_cost = LONG
    record.patient.diagnosis = LONG
    return record
