"""The stop-therapy rules, severe symptoms, dismissals tied to their data, published facts.

Expected values come from the sources named beside each table: ASCO 2011 (Peppercorn et al.,
"toward individualized care"), ASCO/Choosing Wisely 2012 (Schnipper et al., item 1), Selby 2010
(ESAS cut-points) and the clinic settings shipped in content/rules.toml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from tests.waypoint.clinical.rules.build import TODAY, assessment, conversation, day, event, record
from waypoint.clinical.rules import Consideration, dismiss, evaluate
from waypoint.content.bundle import Content, shipped_content
from waypoint.record.conversation_flow import carry_forward
from waypoint.record.model import EsasScores, Record, SteppedCare, TherapyLine


def fired(rec: Record, rule_id: str, content: Content | None = None) -> Consideration | None:
    found = [c for c in evaluate(rec, TODAY, content or shipped_content()) if c.id == rule_id]
    assert len(found) <= 1
    return found[0] if found else None


def line(n: int, response: str, kind: str = "systemic", regimen: str = "") -> TherapyLine:
    return TherapyLine(
        line=n, regimen=regimen or f"regimen {n}", best_response=response, therapy_type=kind
    )


# -- no response to two earlier lines ------------------------------------------------------
# ASCO 2011: consider stopping after no response to two consecutive prior lines ("in most
# settings"); stable disease is disease control, so only progression counts; Choosing Wisely
# 2012 item 1 concerns cancer-directed (systemic) therapy, so radiotherapy and surgery do not.
NO_RESPONSE: list[tuple[str, list[TherapyLine], bool]] = [
    ("two lines progressed", [line(1, "progression"), line(2, "progression")], True),
    ("one line progressed", [line(1, "progression")], False),
    ("stable twice is disease control", [line(1, "stable"), line(2, "stable")], False),
    ("progression then stable", [line(1, "progression"), line(2, "stable")], False),
    ("same line entered twice", [line(1, "progression"), line(1, "progression")], False),
    (
        "same regimen and start under two numbers",
        [
            TherapyLine(1, "Carboplatin", dt.date(2025, 1, 5), None, "progression"),
            TherapyLine(2, "carboplatin", dt.date(2025, 1, 5), None, "progression"),
        ],
        False,
    ),
    (
        "not consecutive",
        [line(1, "progression"), line(2, "response"), line(3, "progression")],
        False,
    ),
    ("gap in the numbering", [line(1, "progression"), line(3, "progression")], False),
    (
        "palliative radiotherapy is not a systemic line",
        [line(1, "progression"), line(2, "progression", kind="radiotherapy")],
        False,
    ),
    (
        "surgery is not a systemic line",
        [line(1, "progression", kind="surgery"), line(2, "progression")],
        False,
    ),
    (
        "the latest two progressed after an earlier response",
        [line(1, "response"), line(2, "progression"), line(3, "progression")],
        True,
    ),
    (
        "the latest line responded",
        [line(1, "progression"), line(2, "progression"), line(3, "response")],
        False,
    ),
    ("not evaluable is not progression", [line(1, "progression"), line(2, "not_evaluable")], False),
]


@pytest.mark.parametrize(
    ("history", "expected"), [c[1:] for c in NO_RESPONSE], ids=[c[0] for c in NO_RESPONSE]
)
def test_no_response_counts_consecutive_systemic_progression(
    history: list[TherapyLine], expected: bool
) -> None:
    assert (fired(record(therapy_history=history), "therapy_stop_no_response") is not None) is (
        expected
    )


# -- ECOG 3 to 4 -------------------------------------------------------------------------
# Choosing Wisely 2012 item 1: solid tumours, performance status 3 or 4, cancer-directed
# therapy. ECOG 5 is death (Oken 1982), outside the range. "Current" is the clinic setting
# recent_days = 30 in content/rules.toml.


def on_therapy(rec: Record, ecog: int | None = 3, age: int = 5, **talk: object) -> Record:
    """A patient with a regimen in today's conversation and an ECOG ``age`` days old."""
    if ecog is not None:
        rec.assessments.append(assessment(-age, ecog=ecog))
    fields: dict[str, object] = {"anticancer_therapy__current_regimen": "Docetaxel"}
    fields.update(talk)
    rec.conversations.append(conversation(0, **fields))
    return rec


def solid(**fields: object) -> Record:
    return record(diagnosis_category="solid_tumour", **fields)


STOP_ECOG: list[tuple[str, Callable[[], Record], bool, bool]] = [
    # (case, record, stop rule fires, "no current ECOG" fires)
    ("ECOG 2", lambda: on_therapy(solid(), 2), False, False),
    ("ECOG 3", lambda: on_therapy(solid(), 3), True, False),
    ("ECOG 4", lambda: on_therapy(solid(), 4), True, False),
    # ECOG 5 is never read as a living patient's value (issue 13), so no current ECOG is known.
    ("ECOG 5 is death, not a current ECOG", lambda: on_therapy(solid(), 5), False, True),
    ("no anticancer therapy", lambda: _no_therapy(solid()), False, False),
    (
        "an anticancer option being considered",
        lambda: on_therapy(
            solid(),
            anticancer_therapy__current_regimen="",
            treatment_options=[_option("Pembrolizumab")],
        ),
        True,
        False,
    ),
    (
        "only comfort care is an option",
        lambda: on_therapy(
            solid(),
            anticancer_therapy__current_regimen="",
            treatment_options=[_option("Comfort", comfort_only=True)],
        ),
        False,
        False,
    ),
    (
        "an ongoing systemic line in the history",
        lambda: _ongoing_line(solid()),
        True,
        False,
    ),
    ("blood cancer", lambda: on_therapy(record(diagnosis_category="haematological")), False, False),
    ("category not recorded: fires and says so", lambda: on_therapy(record()), True, False),
    ("ECOG 30 days old is current", lambda: on_therapy(solid(), age=30), True, False),
    ("ECOG 31 days old is not", lambda: on_therapy(solid(), age=31), False, True),
    ("ECOG unknown", lambda: on_therapy(solid(), None), False, True),
    (
        "only the undated ECOG in the patient details",
        lambda: on_therapy(solid(ecog=3), None),
        False,
        True,
    ),
    (
        "stopping discussed today",
        lambda: on_therapy(solid(), anticancer_therapy__stopping_discussed=True),
        False,
        False,
    ),
    (
        "blood cancer with no ECOG",
        lambda: on_therapy(record(diagnosis_category="haematological"), None),
        False,
        False,
    ),
]


def _option(name: str, **fields: object) -> object:
    from tests.waypoint.clinical.rules.build import option

    return option(name, **fields)


def _no_therapy(rec: Record) -> Record:
    rec.assessments.append(assessment(-5, ecog=3))
    rec.conversations.append(conversation(0))
    return rec


def _ongoing_line(rec: Record) -> Record:
    rec.patient.therapy_history = [
        TherapyLine(1, "Osimertinib", day(-200), None, "stable", "systemic")
    ]
    rec.assessments.append(assessment(-5, ecog=3))
    return rec


@pytest.mark.parametrize(
    ("make", "stop", "unknown"), [c[1:] for c in STOP_ECOG], ids=[c[0] for c in STOP_ECOG]
)
def test_ecog_stop_rule_table(make: Callable[[], Record], stop: bool, unknown: bool) -> None:
    rec = make()
    assert (fired(rec, "therapy_stop_ecog") is not None) is stop
    assert (fired(rec, "therapy_stop_ecog_unknown") is not None) is unknown


def test_ecog_stop_shows_the_date_age_and_therapy() -> None:
    found = fired(on_therapy(record(), 3, age=12), "therapy_stop_ecog")
    assert found is not None
    data = found.basis.data
    assert data[0] == f"ECOG performance status 3 recorded on {day(-12).isoformat()}, 12 days ago."
    assert "Docetaxel" in data[1]
    assert "solid tumours only" in data[2]  # the category is not recorded
    # Choosing Wisely's conjunction of conditions, not a paraphrase of one of them.
    assert "all of these hold" in found.explanation
    assert "not eligible for a clinical trial" in found.explanation


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (lambda: on_therapy(solid(), None), "No ECOG performance status recorded."),
        (lambda: on_therapy(solid(ecog=4), None), "ECOG performance status 4 in the patient"),
        (lambda: on_therapy(solid(), 3, age=400), "400 days ago"),
    ],
)
def test_no_current_ecog_says_what_is_missing(make: Callable[[], Record], sentence: str) -> None:
    found = fired(make(), "therapy_stop_ecog_unknown")
    assert found is not None and sentence in " ".join(found.basis.data)


def _carried_follow_up(confirm: bool) -> Record:
    rec = solid()
    first = conversation(
        -60,
        anticancer_therapy__current_regimen="Docetaxel",
        anticancer_therapy__stopping_discussed=True,
    )
    first.id = "C-FIRST"
    rec.conversations.append(first)
    follow_up = carry_forward(first, day(0))
    if confirm:
        follow_up.confirmed.append("anticancer_therapy")
    rec.conversations.append(follow_up)
    rec.assessments.append(assessment(-2, ecog=3))
    return rec


def test_carried_stopping_discussed_does_not_silence_the_rule() -> None:
    found = fired(_carried_follow_up(confirm=False), "therapy_stop_ecog")
    assert found is not None
    assert (
        f"carried forward from the conversation of {day(-60).isoformat()}" in found.basis.data[-1]
    )
    assert fired(_carried_follow_up(confirm=True), "therapy_stop_ecog") is None


def test_carried_ecog_is_not_todays_ecog() -> None:
    """An ECOG carried into today's conversation is the earlier visit's, not today's."""
    rec = solid()
    first = conversation(-90, prognosis__ecog=3, anticancer_therapy__current_regimen="Docetaxel")
    first.id = "C-FIRST"
    rec.conversations.append(first)
    rec.conversations.append(carry_forward(first, day(0)))
    assert fired(rec, "therapy_stop_ecog") is None
    found = fired(rec, "therapy_stop_ecog_unknown")
    assert found is not None and "90 days ago" in found.basis.data[1]


# -- severe symptoms -----------------------------------------------------------------------
# Selby 2010: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe (the shipped severe_from = 7).
@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (EsasScores(pain=6), False),
        (EsasScores(pain=7), True),
        (EsasScores(wellbeing=10), True),
        (EsasScores(other_problem=7, other_problem_name="Constipation"), True),
        (EsasScores(other_problem=6, other_problem_name="Constipation"), False),
        (EsasScores(), False),
    ],
)
def test_severe_symptom_band(scores: EsasScores, expected: bool) -> None:
    rec = record()
    rec.assessments.append(assessment(-1, esas=scores))
    assert (fired(rec, "symptom_severe") is not None) is expected


def test_severe_symptoms_name_each_item_and_only_the_latest_counts() -> None:
    rec = record()
    rec.assessments.append(assessment(-30, esas=EsasScores(pain=9)))
    rec.assessments.append(
        assessment(-1, esas=EsasScores(pain=3, other_problem=8, other_problem_name="Itch"))
    )
    found = fired(rec, "symptom_severe")
    assert found is not None
    assert found.basis.data[0] == f"Other Problem (Itch): 8 on {day(-1).isoformat()}."
    assert "No palliative care referral" in found.basis.data[-1]
    assert "selby2010" in found.basis.sources
    rec.patient.stepped_care = SteppedCare(enrolled_on=day(-100))
    found = fired(rec, "symptom_severe")
    assert found is not None and len(found.basis.data) == 1  # palliative care is involved
    rec.assessments.append(assessment(0, esas=EsasScores(pain=2)))
    assert fired(rec, "symptom_severe") is None


# -- dismissals hold only for the data that triggered them ---------------------------------


def test_new_trigger_data_brings_a_dismissed_consideration_back() -> None:
    rec = record()
    rec.conversations.append(conversation(-200))
    rec.events.append(event("progression", -180))
    dismiss(
        rec,
        "conversation_due_event",
        "Discussed by phone",
        "Dr A",
        day(-179),
        content=shipped_content(),
    )
    assert fired(rec, "conversation_due_event").dismissal is not None  # type: ignore[union-attr]
    rec.events.append(event("hospitalization", -3))
    back = fired(rec, "conversation_due_event")
    assert back is not None and back.dismissal is None
    again = dismiss(
        rec,
        "conversation_due_event",
        "Family meeting booked",
        "Dr B",
        TODAY,
        content=shipped_content(),
    )
    assert fired(rec, "conversation_due_event").dismissal == again  # type: ignore[union-attr]
    assert len(rec.dismissals) == 2  # the earlier one stays on record


def test_a_dismissal_survives_the_passing_days() -> None:
    """The referral reminder's "{days} days ago" grows daily; its dismissal must not lapse."""
    rec = record(advanced_diagnosis_date=day(-60))
    dismiss(
        rec,
        "palliative_referral",
        "Sees a hospice team at home",
        "Dr A",
        TODAY,
        content=shipped_content(),
    )
    later = evaluate(rec, TODAY + dt.timedelta(days=20), content=shipped_content())
    assert next(c for c in later if c.id == "palliative_referral").dismissal is not None


def test_a_dismissal_without_a_trigger_hides_nothing() -> None:
    """Dismissals saved before triggers existed matched by id only; they no longer hide data."""
    from waypoint.record.model import Dismissal

    rec = record(advanced_diagnosis_date=day(-60))
    rec.dismissals.append(Dismissal("palliative_referral", "old", "Dr A", day(-400)))
    assert fired(rec, "palliative_referral").dismissal is None  # type: ignore[union-attr]


# -- clinic settings never rewrite the published facts -------------------------------------
# Temel 2010 enrolled within 8 weeks; Morita 1999: PPI > 6 under 3 weeks, > 4 under 6 weeks;
# Temel 2024: a 10-point FACT-L drop; 42 CFR 418.22: 6 months; ASCO 2011: two lines.
PUBLISHED = {
    "palliative_referral": "within 8 weeks of diagnosis",
    "conversation_due_ppi": "above 4 suggested survival of less than about 6 weeks, and above 6",
    "conversation_due_fact_l_drop": "a drop of 10 points or more",
    "conversation_due_survival": "6 months or less",
    "therapy_stop_no_response": "after two consecutive lines",
    "therapy_stop_ecog": "(ECOG 3 or 4)",
    "symptom_severe": "(7 to 10 in Selby 2010)",
}


def test_edited_thresholds_keep_the_published_facts() -> None:
    shipped = shipped_content()
    rules = {
        rule_id: dataclasses.replace(
            text, thresholds={name: value + 3 for name, value in text.thresholds.items()}
        )
        for rule_id, text in shipped.rules.items()
    }
    edited = dataclasses.replace(shipped, rules=rules)
    for rule_id, fact in PUBLISHED.items():
        _title, explanation = edited.rules[rule_id].heading(therapy="x", ecog=3, date="d", age=1)
        assert fact in explanation, rule_id
        assert "Your clinic's setting:" in explanation, rule_id
    referral = fired(record(advanced_diagnosis_date=day(-90)), "palliative_referral", edited)
    assert referral is not None
    assert "within 8 weeks" in referral.explanation
    assert "Your clinic's setting: a reminder 11 weeks" in referral.explanation
