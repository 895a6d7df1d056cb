"""The handout's wishes, whom to call, warning signs, glossary and missing numbers."""

from __future__ import annotations

import pytest

from tests.waypoint.documents.handout_fixtures import (
    FIXTURES,
    code_status_conflict,
    early_treatment,
    hospice_spanish,
    skipped_planning,
)
from tests.waypoint.documents.helpers import CLINIC, flat, font_sizes, pdf_text
from tests.waypoint.documents.test_handout import readability
from waypoint.content.bundle import shipped_content
from waypoint.documents.handout import handout_warnings, render_handout
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings


def text_of(record, lang: str = "en", settings: Settings = CLINIC) -> str:  # type: ignore[no-untyped-def]
    return flat(
        pdf_text(render_handout(record, settings=settings, lang=lang, content=shipped_content()))
    )


def test_wishes_if_you_get_sicker_in_plain_words() -> None:
    text = text_of(sample_record())
    assert "Your wishes if you get sicker" in text
    assert "you do not want CPR" in text
    assert "You do not want the ICU or a breathing machine." in text
    assert "Where you want to be cared for: At home, in my own bed." in text
    assert "We talked about hospice." in text and "Hospice can come to your home." in text
    assert "The person who can speak for you if you cannot: Elena Delgado" in text
    assert "We started your POLST form." in text
    assert "You have an advance directive." in text


def test_skipped_planning_prints_no_wishes() -> None:
    text = text_of(skipped_planning())
    assert "Your wishes if you get sicker" not in text
    assert "CPR:" in text  # the glossary stays
    assert "you do not want CPR" not in text


def test_mid_treatment_patient_calls_the_clinic_with_fever_as_a_warning_sign() -> None:
    text = text_of(sample_record())
    assert "When to call and whom" in text
    assert "Call the clinic at (555) 201-5000." in text
    assert "a fever of 100.4 °F (38 °C) or more" in text
    assert "In an emergency, call 911." in text
    assert "call the hospice team or the clinic first" not in text


def test_hospice_patient_calls_the_team_first_and_shows_the_polst() -> None:
    text = text_of(hospice_spanish(), lang="es")
    assert "llame primero al hospicio o a la clínica" in text
    assert "Equipo de hospicio: ____" in text
    assert "dé su formulario POLST a la ambulancia" in text
    assert "Si es una emergencia, llame al 911." not in text
    assert "fiebre de 38 °C" not in text  # no longer on chemotherapy
    english = text_of(hospice_spanish(), lang="en")
    assert "show the paramedics your POLST form" in english
    assert "In an emergency, call 911." not in english


def test_comfort_level_without_polst_tells_paramedics_what_you_want() -> None:
    text = text_of(code_status_conflict())
    assert "call the hospice team or the clinic first" in text
    assert "tell the paramedics what you want" in text


def test_glossary_in_both_languages() -> None:
    english = text_of(sample_record())
    for term in ("CPR:", "Hospice:", "Palliative care:", "POLST:", "Proxy:"):
        assert term in english
    spanish = text_of(sample_record(), lang="es")
    for term in ("RCP:", "Hospicio:", "Cuidados paliativos:", "POLST:", "Representante:"):
        assert term in spanish


def test_no_number_leaves_a_blank_line_and_a_warning() -> None:
    settings = Settings(clinic_name="Pine Ridge Cancer Clinic")
    text = text_of(sample_record(), settings=settings)
    assert "Clinic phone: ______" in text
    assert "At night and on weekends: ______" in text
    warnings = handout_warnings(settings)
    assert len(warnings) == 1 and "blank line" in warnings[0]
    assert "Clinic settings" in warnings[0]
    assert handout_warnings(CLINIC) == []
    assert "______" not in text_of(sample_record())


@pytest.mark.parametrize("which", sorted(FIXTURES))
def test_every_fixture_reads_plainly_and_prints_large(which: str) -> None:
    record = FIXTURES[which]()
    for lang in ("en", "es"):
        data = render_handout(record, settings=CLINIC, lang=lang, content=shipped_content())
        text = pdf_text(data)
        if lang == "en":
            assert readability(text, "en") <= 6
        else:
            assert readability(text, "es") >= 70
        assert min(font_sizes(data)) >= 14


def test_big_picture_gets_words_and_everything_gets_numbers_and_what_lies_ahead() -> None:
    big_picture = text_of(sample_record())  # the sample asked for the big picture
    assert "Some people are helped by this. Most are not." in big_picture
    assert "15 in 100" not in big_picture and "What may lie ahead" not in big_picture
    record = sample_record()
    record.conversations[0].prognosis.information_preference = "everything"
    everything = text_of(record)
    assert "15 in 100 get this help." in everything
    assert "What may lie ahead" in everything
    # Median 8 months (Kiely 2011): half live 4 to 16 months, 1 in 10 under 2, 1 in 10 24+.
    assert "Half of people with an illness like yours live between 4 months and 16 months." in (
        everything
    )
    assert "About 1 in 10 live less than 2 months." in everything
    assert "About 1 in 10 live 2 years or longer." in everything
    spanish = text_of(record, lang="es")
    assert "La mitad de las personas con una enfermedad como la suya vive entre 4 meses" in spanish


def test_every_option_is_described_and_stable_disease_is_not_called_not_helped() -> None:
    text = text_of(early_treatment())
    assert "It cannot cure the cancer." in text  # disease control
    assert "No cancer treatment. Your team treats pain" in text  # comfort
    assert "We do not know yet how well it works." in text  # the trial
    assert "are not helped" not in text
    record = early_treatment()
    record.conversations[0].treatment_options[0].chance_months = 6
    assert "After 6 months: 15 in 100 get this help." in text_of(record)
    assert "For some of them the cancer stays the same for a while." in text_of(record)


def test_plain_words_for_the_patient_replace_the_clinicians_notes() -> None:
    record = sample_record()
    c = record.conversations[0]
    c.plan.next_steps_for_patient = "A scan in about 6 weeks. A visit with the comfort team soon."
    c.treatment_options[0].plain_words = "More of the drug you get now, every 3 weeks."
    text = text_of(record)
    assert "A scan in about 6 weeks." in text and "CT scan after cycle 4" not in text
    assert "More of the drug you get now, every 3 weeks." in text
    assert "It cannot cure the cancer." not in text.split("Focus on comfort")[0]


def test_no_english_inside_the_spanish_handout() -> None:
    text = text_of(hospice_spanish(), lang="es")
    # The page footer ("page N of M") is drawn by the PDF layer, outside the handout wording.
    body = " ".join(w for w in text.split() if w not in ("page", "of"))
    for english in (" the ", " and ", " you ", "Focus on", "Daughter", "Call ", " not "):
        assert english not in f" {body} ", english
    assert "Cuidar su bienestar, sin tratamiento del cáncer" in text
