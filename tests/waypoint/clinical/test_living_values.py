"""PPS 0% and ECOG 5 mean death on the scales themselves (Anderson 1996; Oken 1982).

Old records holding them still open (the record format keeps its ranges), but nothing takes
them as a living patient's values: the forms refuse them in plain words, the PPI refuses PPS 0
(issue 13: it scored PPS 0 as 4.0), and the rules leave them out.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.waypoint.clinical.rules.build import TODAY, assessment, conversation, record
from waypoint.clinical.rules import evaluate
from waypoint.content.bundle import shipped_content
from waypoint.content.field_checks import living_problem, value_problem
from waypoint.record.model import Assessment, Patient, Prognosis, record_from_json, record_to_json

ECOG_DEAD = "ECOG 5 means the person has died. Record a death as a care event instead."
PPS_DEAD = "PPS 0% means the person has died. Record a death as a care event instead."


@pytest.mark.parametrize("cls", [Prognosis, Assessment, Patient])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(4, ""), (5, ECOG_DEAD), (None, "")],  # ECOG 4: in bed all day, alive; 5: dead (Oken 1982)
)
def test_forms_refuse_ecog_5_in_plain_words(cls: type, value: object, expected: str) -> None:
    assert value_problem(cls, "ecog", value, content=shipped_content()) == expected


@pytest.mark.parametrize("cls", [Prognosis, Assessment])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(10, ""), (0, PPS_DEAD), (None, "")],  # PPS 10%: bed-bound, alive; 0%: death (Anderson 1996)
)
def test_forms_refuse_pps_0_in_plain_words(cls: type, value: object, expected: str) -> None:
    assert value_problem(cls, "pps", value, content=shipped_content()) == expected


def test_only_the_scales_are_checked() -> None:
    assert (
        living_problem("distress", 0, content=shipped_content()) == ""
        and living_problem("ecog", False, content=shipped_content()) == ""
    )


def test_an_old_record_holding_them_still_opens() -> None:
    rec = record(ecog=5)
    rec.assessments.append(assessment(-3, ecog=5, pps=0))
    rec.conversations.append(conversation(-3, prognosis__ecog=5, prognosis__pps=0))
    back = record_from_json(record_to_json(rec))
    assert back.patient.ecog == 5 and back.assessments[0].pps == 0
    assert back.conversations[0].prognosis.pps == 0


def test_the_rules_never_read_ecog_5_as_a_living_patients_value() -> None:
    rec = record(ecog=5, diagnosis_category="solid")
    assert "conversation_due_ecog" not in [
        c.id for c in evaluate(rec, TODAY, content=shipped_content())
    ]
    rec.assessments.append(assessment(-20, ecog=3))
    rec.assessments.append(assessment(-2, ecog=5))
    due = [
        c
        for c in evaluate(rec, TODAY, content=shipped_content())
        if c.id == "conversation_due_ecog"
    ]
    # The latest living value (ECOG 3, 20 days ago) is the one shown, never the 5.
    assert len(due) == 1 and "ECOG performance status 3" in due[0].basis.data[0]


def test_the_ppi_rule_leaves_pps_0_out_and_never_fails() -> None:
    rec = record()
    rec.conversations.append(conversation(-1, prognosis__pps=0, prognosis__ppi__delirium=True))
    assert "conversation_due_ppi" not in [
        c.id for c in evaluate(rec, TODAY, content=shipped_content())
    ]


def test_the_wording_and_its_sources_are_content() -> None:
    living = shipped_content().calculators.living
    assert living.sources == ("pps_anderson1996", "ecog_oken1982")
    changed = dataclasses.replace(
        living, messages={**living.messages, "ecog": "ECOG {value}: record the death."}
    )
    calculators = dataclasses.replace(shipped_content().calculators, living=changed)
    content = dataclasses.replace(shipped_content(), calculators=calculators)
    assert value_problem(Patient, "ecog", 5, content) == "ECOG 5: record the death."
