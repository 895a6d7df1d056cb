"""The patient handout: content, plain language in both languages, large type, icon arrays."""

from __future__ import annotations

import pytest
import textstat

from tests.waypoint.documents.helpers import CLINIC, flat, font_sizes, long_record, pdf_text
from waypoint.content.bundle import shipped_content
from waypoint.documents.handout import handout_language, handout_xml, render_handout
from waypoint.record.model import Record
from waypoint.record.sample import sample_record


def blank_answers() -> Record:
    """The sample with nothing typed in the free-text fields: only the handout's own wording."""
    record = sample_record()
    c = record.conversations[0]
    for field in ("goals", "fears", "strengths", "critical_abilities", "tradeoffs"):
        setattr(c.goals, field, "")
    c.plan.goal_of_care = c.plan.next_steps = ""
    for option in c.treatment_options:
        option.name = "A"
        option.side_effects = option.time_cost = option.money_cost = option.rules_out = ""
    c.clinician = "Dr. Lee"
    record.patient.given_name, record.patient.family_name = "Ana", "Ruiz"
    record.patient.health_care_proxy.name = ""
    return record


RECORDS = {"sample": sample_record, "long answers": long_record, "blank answers": blank_answers}


def readability(text: str, lang: str) -> float:
    textstat.set_lang(lang)
    try:
        if lang == "en":
            return float(textstat.flesch_kincaid_grade(text))
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en")


@pytest.mark.parametrize("which", sorted(RECORDS))
def test_english_handout_reads_at_grade_6_or_lower(which: str) -> None:
    text = pdf_text(
        render_handout(RECORDS[which](), settings=CLINIC, lang="en", content=shipped_content())
    )
    assert readability(text, "en") <= 6


@pytest.mark.parametrize("which", sorted(RECORDS))
def test_spanish_handout_scores_70_or_more_on_fernandez_huerta(which: str) -> None:
    text = pdf_text(
        render_handout(RECORDS[which](), settings=CLINIC, lang="es", content=shipped_content())
    )
    assert readability(text, "es") >= 70


def wants_everything() -> Record:
    """The sample, for a patient who asked to be told everything (numbers included)."""
    record = sample_record()
    record.conversations[0].prognosis.information_preference = "everything"
    return record


def test_handout_has_goals_choices_and_whom_to_call() -> None:
    text = flat(
        pdf_text(
            render_handout(
                wants_everything(), settings=CLINIC, lang="en", content=shipped_content()
            )
        )
    )
    for heading in (
        "What we talked about",
        "What matters most to you",
        "Your choices",
        "What happens next",
        "When to call and whom",
    ):
        assert heading in text
    assert "Rosa María Delgado Núñez" in text
    assert "To be at my granddaughter's wedding in April. To stay at home." in text
    assert "15 in 100 get this help." in text and "85 in 100 do not." in text
    assert "You chose this." in text
    assert "(555) 201-5000" in text and "(555) 201-5999" in text
    assert "Your next visit is on 23 Nov 2026." in text


def test_handout_records_decisions_not_recommendations() -> None:
    record = sample_record()
    record.conversations[0].plan.recommendation = "RECOMMENDATION-FOR-THE-CHART"
    text = pdf_text(render_handout(record, settings=CLINIC, content=shipped_content()))
    assert "RECOMMENDATION-FOR-THE-CHART" not in text


def test_spanish_handout_is_in_spanish() -> None:
    text = flat(
        pdf_text(
            render_handout(
                wants_everything(), settings=CLINIC, lang="es", content=shipped_content()
            )
        )
    )
    assert "Lo que más le importa" in text
    assert "A 15 de cada 100 les ayuda." in text and "A 85 de cada 100 no." in text
    assert "Su próxima visita es el 23 de noviembre de 2026." in text
    assert "Your choices" not in text


def test_language_comes_from_the_patient_unless_given() -> None:
    record = sample_record()
    record.patient.language = "es"
    assert handout_language(record, None) == "es"
    assert handout_language(record, "en") == "en"
    assert "Notas de su visita" in pdf_text(render_handout(record, content=shipped_content()))


def test_body_text_is_14_pt_or_larger() -> None:
    sizes = font_sizes(render_handout(long_record(), settings=CLINIC, content=shipped_content()))
    assert sizes and min(sizes) >= 14


def test_icon_array_for_each_option_with_a_chance() -> None:
    record = wants_everything()
    record.conversations[0].treatment_options[1].comfort_only = False
    record.conversations[0].treatment_options[1].intent = "symptom_relief"
    record.conversations[0].treatment_options[1].response_in_100 = 0
    xml = handout_xml(record, content=shipped_content())
    assert xml.count('kind="icon_array"') == 2
    assert 'filled="15"' in xml and 'filled="0"' in xml
    render_handout(record, content=shipped_content())  # 0 in 100 draws 100 outlines without error


def test_icon_array_draws_filled_and_outline_figures() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from waypoint.documents.icons import IconArray

    class Recorder(Canvas):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(None)
            self.fills: list[int] = []

        def circle(self, x: float, y: float, r: float, stroke: int = 1, fill: int = 0) -> None:
            self.fills.append(fill)

    canvas = Recorder()
    array = IconArray(30, "30 helped", "70 not", 14)
    array.wrap(400, 400)
    array.drawOn(canvas, 0, 0)
    grid = canvas.fills[:100]
    assert grid.count(1) == 30 and grid.count(0) == 70


def test_spanish_says_la_dra_and_dates_in_words() -> None:
    record = sample_record()
    record.conversations[0].clinician = "Dra. Amara Lindqvist"
    text = flat(
        pdf_text(render_handout(record, settings=CLINIC, lang="es", content=shipped_content()))
    )
    assert "Usted habló con la Dra. Amara Lindqvist el 2 de noviembre de 2026." in text
    record.conversations[0].clinician = "Dr. Luis Mora"
    text = flat(
        pdf_text(render_handout(record, settings=CLINIC, lang="es", content=shipped_content()))
    )
    assert "habló con el Dr. Luis Mora" in text
    record.conversations[0].clinician = "Amara Lindqvist"
    text = flat(
        pdf_text(render_handout(record, settings=CLINIC, lang="es", content=shipped_content()))
    )
    assert "habló con Amara Lindqvist" in text


def test_spanish_wording_is_natural_and_not_gendered() -> None:
    text = flat(
        pdf_text(
            render_handout(sample_record(), settings=CLINIC, lang="es", content=shipped_content())
        )
    )
    for wrong in ("se pone más enfermo", "aceptaría pasar", "El tiempo que toma", "23 nov"):
        assert wrong not in text
    assert "Lo que aceptaría y lo que no" in text
    assert "Cuánto tiempo le lleva:" in text


def test_the_spanish_handout_is_marked_spanish_and_numbers_its_pages_in_spanish() -> None:
    import io

    from pypdf import PdfReader

    from waypoint.documents.handout import render_handout
    from waypoint.record.sample import sample_record

    record = sample_record()
    for lang, words, marker in (("es", "Página 1 de", "es"), ("en", "Page 1 of", "en")):
        reader = PdfReader(io.BytesIO(render_handout(record, lang=lang, content=shipped_content())))
        assert words in reader.pages[0].extract_text()
        assert reader.trailer["/Root"].get("/Lang") == marker
