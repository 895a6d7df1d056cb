"""The wizard keeps the patient-facing fields apart from the clinician's notes."""

from __future__ import annotations

from gui.pages.plan import PlanPage
from gui.pages.transition import TransitionPage
from gui.pages.treatment import TreatmentPage
from tests.gui.test_wizard_pages import app, go_to, wizard  # noqa: F401  (fixtures)


def test_option_time_frame_and_plain_words_are_kept(wizard) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    go_to(wizard, TreatmentPage)
    page = wizard.currentPage()
    page._on_add_clicked()
    page.name.setText("Docetaxel")
    page.response.set_number(15)
    page.chance_months.set_number(6)
    page.plain_words.setPlainText("More of the drug you get now.")
    go_to(wizard, type(wizard.pages[3]))
    option = wizard.conversation.treatment_options[0]
    assert option.chance_months == 6
    assert option.plain_words == "More of the drug you get now."


def test_next_steps_for_the_patient_are_kept_apart(wizard) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    go_to(wizard, PlanPage)
    page = wizard.currentPage()
    page.next_steps.setPlainText("CT after cycle 4.")
    page.next_steps_for_patient.setPlainText("A scan in about 6 weeks.")
    page.apply(wizard.conversation)
    assert wizard.conversation.plan.next_steps == "CT after cycle 4."
    assert wizard.conversation.plan.next_steps_for_patient == "A scan in about 6 weeks."


def test_place_of_care_for_the_patient_is_kept_apart(wizard) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    go_to(wizard, TransitionPage)
    page = wizard.currentPage()
    page.place.setPlainText("Home; declines SNF.")
    page.place_for_patient.setPlainText("At home, in my own bed.")
    page.apply(wizard.conversation)
    transition = wizard.conversation.transition
    assert transition.preferred_place_of_care == "Home; declines SNF."
    assert transition.preferred_place_for_patient == "At home, in my own bed."
    page.fill(wizard.conversation)
    assert page.place_for_patient.toPlainText() == "At home, in my own bed."
