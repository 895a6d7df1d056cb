"""Where the patient wants to be cared for: the handout prints the patient's words, never the note."""

from __future__ import annotations

from tests.waypoint.documents.handout_fixtures import hospice_spanish
from tests.waypoint.documents.helpers import CLINIC, flat, pdf_text
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.handout import handout_warnings, render_handout
from waypoint.record.model import record_from_json, record_to_json
from waypoint.record.sample import sample_record

NOTE = "Home; declines SNF. Daughter can stay nights if needed."


def handout_text(record, lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    return flat(
        pdf_text(render_handout(record, settings=CLINIC, lang=lang, content=shipped_content()))
    )


def test_handout_prints_the_patients_words_not_the_clinicians_note() -> None:
    record = sample_record()
    assert record.conversations[0].transition.preferred_place_of_care == NOTE
    text = handout_text(record)
    assert "Where you want to be cared for: At home, in my own bed." in text
    assert "SNF" not in text and "Daughter can stay" not in text
    # The chart keeps the clinician's note.
    assert "declines SNF" in flat(
        pdf_text(render_careplan(record, settings=CLINIC, content=shipped_content()))
    )


def test_spanish_handout_prints_the_patients_spanish_words() -> None:
    text = handout_text(hospice_spanish(), lang="es")
    assert "Dónde quiere que le cuiden: En casa, en mi cama." in text
    assert "readmission" not in text


def test_note_alone_prints_nothing_and_tells_the_clinician() -> None:
    record = sample_record()
    conversation = record.conversations[0]
    conversation.transition.preferred_place_for_patient = ""
    conversation.treatment_options[0].chance_months = 6  # only the notice this test is about
    text = handout_text(record)
    assert "Where you want to be cared for" not in text
    assert "SNF" not in text
    [notice] = handout_warnings(CLINIC, conversation)
    assert "does not say where the patient wants to be cared for" in notice
    assert "own words" in notice
    assert NOTE not in notice  # no record text in a notice


def test_no_notice_when_the_patients_words_are_there_or_the_part_was_skipped() -> None:
    record = sample_record()
    conversation = record.conversations[0]
    conversation.treatment_options[0].chance_months = 6  # the sample leaves it out
    assert handout_warnings(CLINIC, conversation) == []
    conversation.transition.preferred_place_for_patient = ""
    conversation.skipped = {"transition": "not today"}
    assert handout_warnings(CLINIC, conversation) == []


def test_a_record_saved_before_the_field_existed_loads() -> None:
    data = record_to_json(sample_record())
    for conversation in data["conversations"]:
        del conversation["transition"]["preferred_place_for_patient"]
    record = record_from_json(data)
    transition = record.conversations[0].transition
    assert transition.preferred_place_for_patient == ""
    assert transition.preferred_place_of_care == NOTE


def test_a_chance_with_no_time_frame_is_pointed_out_by_option_number() -> None:
    record = sample_record()
    conversation = record.conversations[0]
    chances = [o for o in conversation.treatment_options if o.response_in_100 is not None]
    for option in chances:
        option.chance_months = 6
    assert chances and handout_warnings(CLINIC, conversation) == []
    option = chances[0]
    option.chance_months = None
    [notice] = handout_warnings(CLINIC, conversation)
    number = conversation.treatment_options.index(option) + 1
    assert f"treatment option {number})" in notice and "Within" in notice
    assert option.name not in notice  # no record text in a notice
    conversation.skipped = {"treatment_options": "not today"}
    assert handout_warnings(CLINIC, conversation) == []
