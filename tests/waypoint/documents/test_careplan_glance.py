"""The care plan a tired oncologist can act on: decisions on page 1, strongest considerations
first, each source cited once, nothing "due" that this conversation did, one date style."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.waypoint.documents.fixtures import FIXTURES, code_status_conflict, follow_up, hospice
from tests.waypoint.documents.helpers import CLINIC, flat
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan


def _pages(data: bytes) -> list[str]:
    return [flat(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[str]]:
    return {
        name: _pages(render_careplan(make(), settings=CLINIC, content=shipped_content()))
        for name, make in FIXTURES.items()
    }


def test_page_one_holds_the_decisions(rendered: dict[str, list[str]]) -> None:
    first = rendered["sample"][0]
    assert "At a glance" in first
    assert "Goal of care Live as well as possible at home" in first
    assert "Do not attempt resuscitation (DNR)" in first
    assert "POLST: In progress" in first
    assert "Health-care proxy Elena Delgado" in first
    assert "Decided Continue docetaxel" in first
    assert "follow-up 23 Nov 2026" in first
    assert "Matters most Severe symptoms on the latest ESAS-r" in first
    # Demographics moved below; the patient is still named on page 1.
    assert "Rosa María Delgado Núñez, born 14 Mar 1954" in first
    assert "Record number" not in first
    assert "Patient details" in " ".join(rendered["sample"])


def test_a_code_status_conflict_is_flagged_at_a_glance_and_first() -> None:
    pages = _pages(
        render_careplan(code_status_conflict(), settings=CLINIC, content=shipped_content())
    )
    assert "(these do not match: see Considerations)" in pages[0]
    assert "Matters most Code status and treatment level do not match" in pages[0]
    text = " ".join(pages)
    section = text[text.index("Considerations from decision support") :]
    titles = ["Code status and treatment level do not match", "Severe symptoms", "Advance-care"]
    positions = [section.index(t) for t in titles]
    assert positions == sorted(positions)


def test_each_source_is_cited_once_in_one_numbered_list(rendered: dict[str, list[str]]) -> None:
    for name, pages in rendered.items():
        text = " ".join(pages)
        assert text.count("Selby D, Cascella A") == 1, name
        assert "Sources [1]" in text, name
        assert "References [1] " in text, name


def test_nothing_due_that_this_conversation_did() -> None:
    for record in (hospice(), follow_up()):
        text = " ".join(_pages(render_careplan(record, settings=CLINIC, content=shipped_content())))
        considerations = text[text.index("Considerations from decision support") :]
        assert "Goals-of-care conversation due" not in considerations
        met = text[text.index("Met by this conversation:") :][:200]
        assert "ECOG 3 or worse" in met


def test_esas_table_and_ppi_with_its_caveat(rendered: dict[str, list[str]]) -> None:
    text = " ".join(rendered["hospice"])
    assert "ESAS-r of 2 Nov 2026 (0 none to 10 worst possible)" in text
    assert "Tiredness 7 (Severe)" in text
    assert "Palliative Prognostic Index 4.5 (0 to 15)" in text
    assert "developed in inpatient palliative care" in text


def test_what_changed_since_last_time_on_page_one(rendered: dict[str, list[str]]) -> None:
    first = rendered["follow-up"][0]
    assert "What changed since 2 Nov 2026" in first
    assert "ECOG 2; PPS 60% → median survival 8 months; ECOG 3; PPS 50%" in first
    # The visit that fell due before this conversation is overdue, not "due by" a past day.
    assert "palliative care visit overdue since 9 Nov 2026" in first


def test_one_date_style_no_stray_punctuation_no_point_zero(
    rendered: dict[str, list[str]],
) -> None:
    for name, pages in rendered.items():
        text = " ".join(pages)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), name
        assert ".;" not in text, name
        assert not re.search(r"\b\d+\.0 months\b", text), name
    assert "Median survival estimate 30 months" in " ".join(rendered["early treatment"])


def test_page_counts_stay_in_bounds(rendered: dict[str, list[str]]) -> None:
    for name, pages in rendered.items():
        limit = 12 if name == "20,000 characters" else 6
        assert len(pages) <= limit, name
        assert pages[-1].endswith(f"page {len(pages)} of {len(pages)}"), name
    long_text = " ".join(rendered["20,000 characters"])
    # The whole answer prints under Goals; page 1 shortens it and says where it is whole.
    assert long_text.count("the church choir") >= 100
