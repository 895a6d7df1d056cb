"""The care plan PDF: real text, any characters, no markup from user input."""

from __future__ import annotations

import io

from pypdf import PdfReader

from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import careplan_xml, render_careplan
from waypoint.documents.markup import nl2br
from waypoint.record.sample import sample_record


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_careplan_has_name_goals_and_chances() -> None:
    text = pdf_text(render_careplan(sample_record(), content=shipped_content()))
    assert "Rosa María Delgado Núñez" in text
    assert "be at the wedding in April" in text
    assert "15 in 100 respond; 85 in 100 do not" in text
    assert "Do not attempt resuscitation" in text


def test_user_text_is_text_not_markup() -> None:
    record = sample_record()
    conversation = record.conversations[0]
    conversation.goals.goals = 'a<b and c>d <img src="/etc/hostname"/> x &amp; y "q" \'s\x0c'
    conversation.goals.fears = "line one\nline two"
    record.patient.given_name = "Zoë O'Brien-Łukasz Αλέξης Дмитрий"
    xml = careplan_xml(record, content=shipped_content())
    assert "<img" not in xml and "&lt;img" in xml
    text = pdf_text(render_careplan(record, content=shipped_content()))
    assert 'a<b and c>d <img src="/etc/hostname"/> x &amp; y "q" \'s' in text
    assert "Zoë O'Brien-Łukasz Αλέξης Дмитрий" in text


def test_nl2br_escapes_before_breaking_lines() -> None:
    assert str(nl2br("<b>\nx")) == "&lt;b&gt;<br/>x"


def test_a4_paper() -> None:
    from waypoint.storage.settings import Settings

    data = render_careplan(
        sample_record(), settings=Settings(paper_size="a4"), content=shipped_content()
    )
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
