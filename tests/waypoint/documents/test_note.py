"""The EHR note: 80 columns, the sections a clinician expects, nothing mislabelled."""

from __future__ import annotations

import pytest

from tests.waypoint.documents.fixtures import (
    FIXTURES,
    LONG_ANSWER,
    code_status_conflict,
    hospice,
)
from waypoint.content.bundle import shipped_content
from waypoint.documents.note import render_note


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_line_fits_in_80_columns(name: str) -> None:
    note = render_note(FIXTURES[name](), content=shipped_content())
    assert max(len(line) for line in note.splitlines()) <= 80


def test_the_whole_long_answer_is_kept_when_wrapped() -> None:
    note = render_note(FIXTURES["20,000 characters"](), content=shipped_content())
    assert "".join(LONG_ANSWER[:20_000].split()) in "".join(note.split())


def test_sections_with_scenarios_stepped_care_flags_esas_caregiver_and_hospice() -> None:
    note = render_note(code_status_conflict(), content=shipped_content())
    assert "Scenarios: Worst case: about 1 in 10 people live less than 2 months." in note
    assert "Stepped palliative care: Step 2 since 2 Nov 2026" in note
    assert "DECISION SUPPORT FLAGS (CONSIDERATIONS, NOT ORDERS)" in note
    assert "- Code status and treatment level do not match" in note
    assert "    Tiredness: 7 (Severe)" in note
    assert "Caregiver: Elena Delgado (daughter), lives 10 minutes away" in note
    assert "Home hospice reaches home: Yes" in note
    assert "PPI: 1 (0 to 15)" in note and "inpatient palliative care" in note


def test_the_emotional_reaction_is_not_labelled_response() -> None:
    note = render_note(code_status_conflict(), content=shipped_content())
    assert "\nResponse:" not in note
    assert "How the news was taken: Tearful, then said she was glad to know." in note


def test_a_conversation_due_that_this_conversation_met_is_not_a_flag() -> None:
    note = render_note(hospice(), content=shipped_content())
    flags = note[note.index("DECISION SUPPORT FLAGS") :]
    assert "- Goals-of-care conversation due" not in flags
    assert "Met by this conversation: Goals-of-care conversation due" in flags


def test_an_upper_case_paragraph_of_an_answer_is_kept() -> None:
    from waypoint.documents.note import tidy

    text = "PLAN\nNext steps: first line\n    \n    DNR\n    \n    last line\n\nEMPTY SECTION\n"
    kept = tidy(text)
    assert "DNR" in kept and "last line" in kept
    assert "EMPTY SECTION" not in kept
