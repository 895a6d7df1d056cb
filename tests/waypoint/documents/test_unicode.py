"""Any text a user can type prints: names in any Latin, Greek or Cyrillic spelling, markup
characters as themselves, bold as bold, and scripts no embedded font has as a visible
placeholder (CJK, Arabic and Hebrew: see test_scripts.py)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.waypoint.documents.helpers import font_names, pdf_text
from waypoint.content.bundle import shipped_content
from waypoint.documents.bundle import render_documents
from waypoint.documents.careplan import render_careplan
from waypoint.documents.glyphs import PLACEHOLDER, printable, unsupported_scripts
from waypoint.documents.handout import render_handout
from waypoint.documents.letter import render_letter
from waypoint.documents.note import render_note
from waypoint.record.model import Record
from waypoint.record.sample import sample_record

NAMES = ["Nguyễn Thị Hồng", "Zoë O'Brien-Łukasz", "Αλέξης", "Дмитрий"]


@pytest.mark.parametrize("name", NAMES)
def test_names_print_as_typed_in_every_pdf(name: str) -> None:
    record = sample_record()
    record.patient.given_name, record.patient.family_name = name, "Ñúñez"
    for render in (render_careplan, render_handout, render_letter):
        text = pdf_text(render(record, content=shipped_content()))
        assert f"{name} Ñúñez" in text, render.__name__
        assert PLACEHOLDER not in text


def test_combining_accents_print_as_the_precomposed_letter() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert printable(decomposed) == "Nguyễn"


def test_markup_characters_print_literally_in_every_document() -> None:
    record = sample_record()
    nasty = 'a<b and c>d <img src="/etc/hostname"/> x &amp; y "q" \'s'
    record.conversations[0].goals.goals = nasty
    record.conversations[0].plan.goal_of_care = nasty
    docs = render_documents(record, content=shipped_content())
    for name in ("careplan.pdf", "handout.pdf", "letter.pdf"):
        assert nasty in " ".join(pdf_text(docs[name]).split()), name
    assert nasty in docs["note.txt"].decode("utf-8")


def test_bold_and_italic_use_their_own_faces() -> None:
    names = font_names(render_handout(sample_record(), content=shipped_content()))
    faces = {n.split("+", 1)[-1] for n in names}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= faces


def test_unsupported_scripts_print_a_placeholder_and_are_named() -> None:
    record = sample_record()
    record.patient.given_name = "王秀英"
    record.conversations[0].goals.goals = "ฉันอยากอยู่บ้าน"  # Thai: no embedded font has it
    text = pdf_text(render_careplan(record, content=shipped_content()))
    assert "王秀英" in text and PLACEHOLDER * 5 in text
    assert unsupported_scripts(["王秀英", "أريد", "ฉัน", "देव", "Zoë Αλέξης Дмитрий"]) == [
        "Devanagari",
        "Thai",
    ]
    assert unsupported_scripts(NAMES) == []


# Every character class a keyboard, a paste or a scanner can produce, markup included.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("<>&\"'\n\r\t\x0c" + string.punctuation)),
    ),
    max_size=120,
)


def _fill(record: Record, text: str) -> None:
    """Put ``text`` in every free-text field of the record's latest conversation and patient."""
    from dataclasses import fields, is_dataclass

    def visit(obj: object) -> None:
        for f in fields(obj):  # type: ignore[arg-type]
            value = getattr(obj, f.name)
            if isinstance(value, str) and f.name not in _CODES:
                setattr(obj, f.name, text)
            elif is_dataclass(value):
                visit(value)
            elif isinstance(value, list):
                for item in value:
                    if is_dataclass(item):
                        visit(item)
        return None

    visit(record.patient)
    visit(record.conversations[0])
    record.conversations[0].participants = [text]
    record.conversations[0].skipped = {"clinical_trials": text}


# Choice codes are validated elsewhere; they are not free text.
_CODES = {
    "id",
    "language",
    "information_preference",
    "oral_intake",
    "intent",
    "best_response",
    "palliative_referral",
    "interest",
    "home_hospice_available",
    "cpr",
    "treatment_level",
    "artificial_nutrition",
    "advance_directive",
    "polst",
    "mode",
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_text_in_every_free_text_field_renders(text: str) -> None:
    record = sample_record()
    _fill(record, text)
    docs = render_documents(record, lang="es", content=shipped_content())
    assert docs["careplan.pdf"].startswith(b"%PDF")
    assert render_note(record, content=shipped_content())
