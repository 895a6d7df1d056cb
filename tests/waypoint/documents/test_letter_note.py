"""The letter to the primary care provider, the EHR note, and the set of documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.waypoint.documents.helpers import CLINIC, flat, long_record, page_count, pdf_text
from waypoint.content.bundle import shipped_content
from waypoint.documents.bundle import DOCUMENTS, render_documents
from waypoint.documents.letter import render_letter
from waypoint.documents.note import render_note
from waypoint.record.sample import sample_record
from waypoint.record.schema import validate


def test_letter_is_one_page_with_diagnosis_goals_plan_and_whom_to_call() -> None:
    data = render_letter(sample_record(), settings=CLINIC, content=shipped_content())
    assert page_count(data) == 1
    text = flat(pdf_text(data))
    assert "Dear Dr. Samuel Whitehorse," in text
    assert "Non-small cell lung cancer" in text
    assert "To be at my granddaughter's wedding in April." in text
    assert "Live as well as possible at home" in text
    assert "Continue docetaxel" in text
    assert "Questions: call Dr. Amara Lindqvist at (555) 201-5000." in text
    assert "Dr. Amara Lindqvist" in text


def test_letter_stays_on_one_page_with_long_answers() -> None:
    record = long_record()
    c = record.conversations[0]
    c.prognosis.shared = c.goals.goals
    c.transition.preferred_place_of_care = c.goals.goals
    # As long as the record format allows.
    record.patient.primary_care_provider.address = c.goals.goals[:500]
    record.patient.diagnosis = c.goals.goals[:500]
    c.participants = [c.goals.goals[:200]]
    validate(record)
    data = render_letter(record, settings=CLINIC, content=shipped_content())
    assert page_count(data) == 1
    text = flat(pdf_text(data))
    # Shortened, and says so and where the whole text is.
    assert "… (see the care plan)" in text
    assert "The whole text is in the care plan of 2 Nov 2026." in text


def test_note_is_plain_text_in_conventional_order() -> None:
    note = render_note(sample_record(), content=shipped_content())
    order = [
        "GOALS-OF-CARE CONVERSATION",
        "PROGNOSTIC UNDERSTANDING",
        "GOALS AND VALUES",
        "TREATMENT OPTIONS DISCUSSED",
        "ADVANCE CARE PLANNING",
        "ASSESSMENT AND PLAN",
        "Time spent in advance care planning: 35 minutes.",
    ]
    positions = [note.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Continue docetaxel [CHOSEN]: 15 in 100 respond, 85 in 100 do not" in note
    assert "\n\n\n" not in note


def test_note_keeps_user_text_literally() -> None:
    record = sample_record()
    record.conversations[0].goals.goals = "a<b & \"c\" 'd' &amp;"
    note = render_note(record, content=shipped_content())
    assert "Goals: a<b & \"c\" 'd' &amp;" in note


def test_note_leaves_out_empty_sections() -> None:
    record = sample_record()
    record.conversations[0].treatment_options = []
    goals = record.conversations[0].goals
    for field in ("goals", "fears", "strengths", "critical_abilities", "tradeoffs"):
        setattr(goals, field, "")
    goals.family_knowledge = ""
    note = render_note(record, content=shipped_content())
    assert "GOALS AND VALUES" not in note
    assert "None recorded." in note


def test_every_document_in_the_bundle() -> None:
    docs = render_documents(sample_record(), lang="es", settings=CLINIC, content=shipped_content())
    assert tuple(docs) == DOCUMENTS
    assert all(docs[name].startswith(b"%PDF") for name in DOCUMENTS if name.endswith(".pdf"))
    assert "Notas de su visita" in pdf_text(docs["handout.pdf"])
    with pytest.raises(ValueError, match="lang"):
        render_documents(sample_record(), lang="fr", content=shipped_content())


def test_cli_render_writes_all_four(tmp_path: Path) -> None:
    import json

    from main import main
    from waypoint.record.model import record_to_json

    source = tmp_path / "record.json"
    source.write_text(json.dumps(record_to_json(sample_record())), encoding="utf-8")
    out = tmp_path / "docs"
    assert main(["render", str(source), "--out", str(out), "--lang", "es"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(DOCUMENTS)
    assert "Lo que puede elegir" in pdf_text((out / "handout.pdf").read_bytes())


def test_document_wording_is_checked_when_it_loads(tmp_path: Path) -> None:
    import shutil

    from waypoint.content.bundle import ContentError
    from waypoint.documents.wording import load_document_wording
    from waypoint.resources import resource

    folder = tmp_path / "content"
    shutil.copytree(resource("content"), folder)
    assert "{date}" in load_document_wording(folder).text["letter"]["shortened_note"]
    path = folder / "documents.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("{date}", ""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"letter\.shortened_note.*\{date\}"):
        load_document_wording(folder)


def test_letter_has_treatment_watch_code_status_request_and_whom_to_call() -> None:
    text = flat(
        pdf_text(render_letter(sample_record(), settings=CLINIC, content=shipped_content()))
    )
    assert "Docetaxel every 3 weeks (line 2)" in text
    assert "Side effects to watch: Tiredness, low blood counts" in text
    assert "Fever of 38.0 °C (100.4 °F) or more during chemotherapy" in text
    assert "Do not attempt resuscitation (DNR); Selective treatment" in text
    assert "POLST: In progress. Advance directive: Completed." in text
    assert "Please keep this plan on Rosa María's chart" in text
    assert "please help Rosa María finish it" in text
    assert "After hours: (555) 201-5999." in text


def test_letter_flags_a_contradictory_code_status() -> None:
    record = sample_record()
    status = record.conversations[0].transition.code_status
    status.cpr, status.treatment_level = "attempt", "comfort"
    data = render_letter(record, settings=CLINIC, content=shipped_content())
    text = flat(pdf_text(data))
    assert "Flagged in the care plan:" in text
    assert "Code status and treatment level do not match" in text
    assert page_count(data) == 1


def test_no_letter_when_primary_care_is_not_to_be_informed() -> None:
    from waypoint.documents.letter import LetterNotOfferedError

    record = sample_record()
    record.conversations[0].plan.inform_primary_care = False
    with pytest.raises(LetterNotOfferedError, match="Inform the primary care provider"):
        render_letter(record, settings=CLINIC, content=shipped_content())
    assert "letter.pdf" not in render_documents(record, settings=CLINIC, content=shipped_content())


def test_skipped_parts_are_not_printed_as_discussed() -> None:
    record = sample_record()
    record.conversations[0].skipped = {"transition": "no time", "goals": "next visit"}
    text = flat(pdf_text(render_letter(record, settings=CLINIC, content=shipped_content())))
    assert "Code status" not in text and "Do not attempt" not in text
    assert "Health-care proxy" not in text and "Goals (own words)" not in text
    assert "Not discussed this time:" in text
