"""Realistic records for the document tests, each built from the sample and changed as in clinic.

early treatment, hospice (Spanish), a code-status conflict, a follow-up, a 20,000-character
answer. Each is valid as any import is.
"""

from __future__ import annotations

import copy
import datetime as dt

from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.record.schema import validate

LONG_ANSWER = (
    "She talked about her garden, her grandchildren and the church choir, and about the weeks "
    "in hospital last spring that she never wants again. "
) * 150


def early_treatment() -> Record:
    """First line, fit, a first conversation soon after the advanced diagnosis."""
    record = sample_record()
    c = record.conversations[0]
    c.prognosis.ecog = 1
    c.prognosis.pps = 80
    c.prognosis.median_survival_months = 30.0
    c.anticancer_therapy.current_line = 1
    record.patient.therapy_history = record.patient.therapy_history[:1]
    record.patient.therapy_history[0].stopped = None
    record.patient.therapy_history[0].best_response = ""
    record.patient.therapy_history[0].reason_stopped = ""
    record.events = [e for e in record.events if e.kind in ("advanced_diagnosis",)]
    c.transition.code_status.cpr = "attempt"
    c.transition.code_status.treatment_level = "full"
    c.transition.polst = "none"
    validate(record)
    return record


def hospice() -> Record:
    """Comfort-focused care at home with hospice, DNR, a completed POLST; Spanish speaker."""
    record = sample_record()
    record.patient.language = "es"
    c = record.conversations[0]
    c.prognosis.ecog = 3
    c.prognosis.pps = 40
    c.prognosis.ppi.oral_intake = "moderate"
    c.prognosis.ppi.edema = True
    c.prognosis.ppi.dyspnea_at_rest = False
    c.prognosis.ppi.delirium = False
    c.prognosis.median_survival_months = 2.0
    for option in c.treatment_options:
        option.chosen = option.intent == "comfort_only"
    c.transition.hospice_discussed = True
    c.transition.code_status.cpr = "do_not_attempt"
    c.transition.code_status.treatment_level = "comfort"
    c.transition.code_status.artificial_nutrition = "none"
    c.transition.polst = "completed"
    c.transition.home_hospice_available = "yes"
    c.plan.goal_of_care = "Comfort at home with her family; no more hospital stays."
    c.plan.next_steps = "Home hospice admission visit this week. Stop docetaxel."
    validate(record)
    return record


def code_status_conflict() -> Record:
    """CPR to be attempted together with comfort-focused treatment: contradictory."""
    record = sample_record()
    c = record.conversations[0]
    c.transition.code_status.cpr = "attempt"
    c.transition.code_status.treatment_level = "comfort"
    validate(record)
    return record


def follow_up() -> Record:
    """A second conversation two weeks after the first, with what changed."""
    record = sample_record()
    first = record.conversations[0]
    second = copy.deepcopy(first)
    second.id = "conv-follow-up"
    second.date = first.date + dt.timedelta(days=14) if first.date else None
    second.carried_from = first.id
    second.prognosis.ecog = 3
    second.prognosis.pps = 50
    second.transition.polst = "completed"
    second.plan.goal_of_care = "Comfort at home; the wedding if she can."
    second.plan.follow_up_date = None
    record.conversations.append(second)
    validate(record)
    return record


def long_answer() -> Record:
    """The sample with a 20,000-character answer about goals."""
    record = sample_record()
    record.conversations[0].goals.goals = LONG_ANSWER[:20_000]
    validate(record)
    return record


FIXTURES = {
    "sample": sample_record,
    "early treatment": early_treatment,
    "hospice": hospice,
    "code-status conflict": code_status_conflict,
    "follow-up": follow_up,
    "20,000 characters": long_answer,
}
