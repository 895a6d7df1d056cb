"""Realistic records for the patient documents, beyond the sample (which is mid-treatment).

Each is the sample changed the way a real record of that kind differs, so every one is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from waypoint.record.model import CareEvent, Record, TreatmentOption
from waypoint.record.sample import sample_record


def early_treatment() -> Record:
    """First line, ECOG 1, wants everything; no code status yet; a trial option."""
    record = sample_record()
    c = record.conversations[0]
    c.prognosis.information_preference = "everything"
    c.anticancer_therapy.current_line = 1
    c.anticancer_therapy.current_regimen = "Carboplatin, pemetrexed and pembrolizumab"
    c.transition.code_status.cpr = ""
    c.transition.code_status.treatment_level = ""
    c.transition.polst = "none"
    c.transition.hospice_discussed = False
    c.treatment_options.append(
        TreatmentOption(
            name="Phase 2 study at the regional cancer centre",
            intent="trial",
            side_effects="Not yet known; the study team will explain them.",
            time_cost="A visit every 3 weeks at the regional centre.",
        )
    )
    return record


def hospice_spanish() -> Record:
    """Enrolled in hospice, comfort-focused, DNR, POLST completed; reads Spanish."""
    record = sample_record()
    record.patient.language = "es"
    c = record.conversations[0]
    c.clinician = "Dra. Amara Lindqvist"
    c.prognosis.information_preference = "big_picture"
    c.transition.code_status.cpr = "do_not_attempt"
    c.transition.code_status.treatment_level = "comfort"
    c.transition.polst = "completed"
    c.transition.preferred_place_of_care = "Home with hospice; no readmission."
    c.transition.preferred_place_for_patient = "En casa, en mi cama."
    for option in c.treatment_options:
        option.chosen = option.comfort_only
    docetaxel, comfort = c.treatment_options
    docetaxel.name = "Seguir con la quimioterapia"
    docetaxel.side_effects = "Cansancio, riesgo de infección, manos y pies dormidos."
    docetaxel.time_cost = "Una visita cada 3 semanas; 95 minutos de viaje."
    docetaxel.money_cost = "Lo paga el seguro; unos 40 dólares de gasolina por visita."
    docetaxel.rules_out = "El hospicio en casa mientras dure el tratamiento."
    comfort.side_effects = "Ninguno del tratamiento del cáncer."
    comfort.time_cost = "El equipo de hospicio viene a su casa."
    comfort.money_cost = "Medicare paga el hospicio."
    comfort.rules_out = "El tratamiento del cáncer mientras esté en hospicio."
    record.patient.health_care_proxy.role = "Hija"
    c.goals.goals = "Estar en casa con mi familia. Ver la boda de mi nieta."
    c.goals.fears = "Morir en el hospital. Tener dolor."
    c.goals.strengths = "Mi fe y mi familia."
    c.goals.critical_abilities = "Hablar con mi familia."
    c.goals.tradeoffs = "No quiero más viajes al hospital."
    c.plan.goal_of_care = "Estar cómoda en casa."
    c.plan.next_steps = "El equipo de hospicio la visita esta semana."
    record.events.append(
        CareEvent(id="E-HOSPICE01", date=dt.date(2026, 11, 1), kind="hospice_enrolment")
    )
    return record


def code_status_conflict() -> Record:
    """ "Attempt CPR" recorded together with comfort-focused treatment."""
    record = sample_record()
    status = record.conversations[0].transition.code_status
    status.cpr, status.treatment_level = "attempt", "comfort"
    return record


def skipped_planning() -> Record:
    """The planning part was skipped: nothing about CPR may read as decided."""
    record = sample_record()
    record.conversations[0].skipped = {"transition": "Not today; the patient was too tired."}
    return record


FIXTURES: dict[str, Callable[[], Record]] = {
    "sample": sample_record,
    "early treatment": early_treatment,
    "hospice in Spanish": hospice_spanish,
    "code-status conflict": code_status_conflict,
    "skipped planning": skipped_planning,
}
