"""Every rule, table-driven, boundaries included; and dismissals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.waypoint.clinical.rules.build import (
    TODAY,
    assessment,
    conversation,
    day,
    event,
    lines,
    option,
    record,
)
from waypoint.clinical.rules import Consideration, dismiss, evaluate
from waypoint.content.bundle import SEVERITIES, shipped_content
from waypoint.content.rules import SHAPES
from waypoint.record.model import (
    EsasScores,
    FactLScores,
    Record,
    SteppedCare,
    record_from_json,
    record_to_json,
)


def fired(rec: Record, rule_id: str, today: dt.date = TODAY) -> Consideration | None:
    found = [c for c in evaluate(rec, today, content=shipped_content()) if c.id == rule_id]
    assert len(found) <= 1
    return found[0] if found else None


Case = tuple[str, Callable[[], Record], bool]


def _with(rec: Record, *, conversations=(), events=(), assessments=()) -> Record:  # type: ignore[no-untyped-def]
    rec.conversations.extend(conversations)
    rec.events.extend(events)
    rec.assessments.extend(assessments)
    return rec


CASES: list[Case] = [
    # new advanced diagnosis, none since
    ("conversation_due_new_diagnosis", lambda: record(advanced_diagnosis_date=day(-10)), True),
    (
        "conversation_due_new_diagnosis",
        lambda: _with(record(advanced_diagnosis_date=day(-10)), conversations=[conversation(-10)]),
        False,
    ),
    (
        "conversation_due_new_diagnosis",
        lambda: _with(record(advanced_diagnosis_date=day(-10)), conversations=[conversation(-11)]),
        True,
    ),
    (
        "conversation_due_new_diagnosis",
        lambda: _with(record(), events=[event("advanced_diagnosis", -3)]),
        True,
    ),
    ("conversation_due_new_diagnosis", record, False),
    # progression, hospitalization or change of treatment since the last conversation
    *[
        (
            "conversation_due_event",
            lambda kind=kind: _with(
                record(), conversations=[conversation(-20)], events=[event(kind, -5)]
            ),
            True,
        )
        for kind in ("progression", "hospitalization", "treatment_change")
    ],
    (
        "conversation_due_event",
        lambda: _with(
            record(), conversations=[conversation(-5)], events=[event("progression", -5)]
        ),
        False,
    ),
    (
        "conversation_due_event",
        lambda: _with(
            record(), conversations=[conversation(-5)], events=[event("palliative_care_visit", -1)]
        ),
        False,
    ),
    ("conversation_due_event", lambda: _with(record(), events=[event("progression", -5)]), False),
    # FACT-L drop: exactly 10 fires, 9 does not
    *[
        (
            "conversation_due_fact_l_drop",
            lambda latest=latest: _with(
                record(stepped_care=SteppedCare(baseline_fact_l=100)),
                assessments=[assessment(-3, fact_l_total=latest)],
            ),
            latest <= 90,
        )
        for latest in (91, 90, 60)
    ],
    (
        "conversation_due_fact_l_drop",
        lambda: _with(
            record(),
            assessments=[
                assessment(-60, fact_l_total=100),
                assessment(-3, fact_l=FactLScores(pwb=18, swb=18, ewb=18, fwb=18, lcs=18)),
            ],
        ),
        False,  # one baseline (issue 13): the enrolment one; an earlier score never stands in
    ),
    (
        "conversation_due_fact_l_drop",
        lambda: _with(
            record(stepped_care=SteppedCare(baseline_fact_l=100)),
            assessments=[
                assessment(-3, fact_l=FactLScores(pwb=18, swb=18, ewb=18, fwb=18, lcs=18)),
            ],
        ),
        True,  # 90 from the subscales alone, 10 below the enrolment baseline
    ),
    (
        "conversation_due_fact_l_drop",
        lambda: _with(
            record(stepped_care=SteppedCare(baseline_fact_l=100)),
            assessments=[assessment(-3, fact_l_total=80)],
            conversations=[conversation(-3)],
        ),
        False,  # already talked about on the day of the drop
    ),
    (
        "conversation_due_fact_l_drop",
        lambda: _with(record(), assessments=[assessment(-3, fact_l_total=80)]),
        False,
    ),
    # PPI above 4: exactly 4.0 does not fire, 4.5 does
    (
        "conversation_due_ppi",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    prognosis__pps=20,
                    prognosis__ppi__oral_intake="normal",
                    prognosis__ppi__edema=False,
                    prognosis__ppi__dyspnea_at_rest=False,
                    prognosis__ppi__delirium=False,
                )
            ],
        ),
        False,
    ),
    (
        "conversation_due_ppi",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    prognosis__pps=50,
                    prognosis__ppi__oral_intake="moderate",
                    prognosis__ppi__edema=True,
                )
            ],
        ),
        True,
    ),
    (
        "conversation_due_ppi",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    prognosis__pps=60,
                    prognosis__ppi__oral_intake="moderate",
                    prognosis__ppi__edema=True,
                )
            ],
        ),
        False,  # PPS 60 scores 0: 2.0
    ),
    (
        "conversation_due_ppi",
        lambda: _with(record(), conversations=[conversation(prognosis__ppi__delirium=True)]),
        False,
    ),
    # ECOG 3 or worse
    *[("conversation_due_ecog", lambda e=e: record(ecog=e), e >= 3) for e in (2, 3, 4)],
    (
        "conversation_due_ecog",
        lambda: _with(record(ecog=4), assessments=[assessment(-2, ecog=1)]),
        False,  # the dated assessment is newer than the undated patient field
    ),
    (
        "conversation_due_ecog",
        lambda: _with(
            record(),
            assessments=[assessment(-9, ecog=1)],
            conversations=[conversation(-2, prognosis__ecog=3)],
        ),
        True,
    ),
    # expected survival of 6 months or less with no hospice discussion
    *[
        (
            "conversation_due_survival",
            lambda m=m: _with(
                record(), conversations=[conversation(prognosis__median_survival_months=m)]
            ),
            m <= 6,
        )
        for m in (5.5, 6.0, 6.5)
    ],
    (
        "conversation_due_survival",
        lambda: _with(
            record(),
            conversations=[
                conversation(-30, transition__hospice_discussed=True),
                conversation(-1, prognosis__median_survival_months=3),
            ],
        ),
        False,
    ),
    # the two stop-therapy rules have their own tables in test_therapy_rules.py
    # palliative care referral: 8 weeks to the day
    ("palliative_referral", lambda: record(advanced_diagnosis_date=day(-55)), False),
    ("palliative_referral", lambda: record(advanced_diagnosis_date=day(-56)), True),
    (
        "palliative_referral",
        lambda: _with(
            record(advanced_diagnosis_date=day(-90)),
            conversations=[conversation(quality_of_life__palliative_referral="referred")],
        ),
        False,
    ),
    (
        "palliative_referral",
        lambda: _with(
            record(advanced_diagnosis_date=day(-90)), events=[event("palliative_care_visit", -30)]
        ),
        False,
    ),
    (
        "palliative_referral",
        lambda: record(
            advanced_diagnosis_date=day(-90), stepped_care=SteppedCare(enrolled_on=day(-80))
        ),
        False,
    ),
    (
        "palliative_referral",
        lambda: _with(
            record(advanced_diagnosis_date=day(-90)),
            conversations=[conversation(quality_of_life__palliative_referral="declined")],
        ),
        True,
    ),
    # code status contradiction
    (
        "code_status_conflict",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    transition__code_status__cpr="attempt",
                    transition__code_status__treatment_level="comfort",
                )
            ],
        ),
        True,
    ),
    (
        "code_status_conflict",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    transition__code_status__cpr="attempt",
                    transition__code_status__treatment_level="full",
                )
            ],
        ),
        False,
    ),
    (
        "code_status_conflict",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    transition__code_status__cpr="do_not_attempt",
                    transition__code_status__treatment_level="comfort",
                )
            ],
        ),
        False,
    ),
    # clinical trial not discussed at a new line of therapy
    (
        "trial_not_discussed",
        lambda: _with(record(), conversations=[conversation(anticancer_therapy__current_line=2)]),
        True,
    ),
    (
        "trial_not_discussed",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    anticancer_therapy__current_line=2, clinical_trials__interest="not_interested"
                )
            ],
        ),
        False,
    ),
    (
        "trial_not_discussed",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    -40, anticancer_therapy__current_line=2, clinical_trials__interest="unsure"
                ),
                conversation(-1, anticancer_therapy__current_line=2),
            ],
        ),
        False,
    ),
    (
        "trial_not_discussed",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    -40, anticancer_therapy__current_line=1, clinical_trials__interest="unsure"
                ),
                conversation(-1, anticancer_therapy__current_line=2),
            ],
        ),
        True,
    ),
    ("trial_not_discussed", lambda: _with(record(), conversations=[conversation()]), False),
    # anticancer option without its chances, side effects or time cost
    (
        "option_incomplete",
        lambda: _with(record(), conversations=[conversation(treatment_options=[option()])]),
        False,
    ),
    *[
        (
            "option_incomplete",
            lambda f=f, v=v: _with(
                record(), conversations=[conversation(treatment_options=[option(**{f: v})])]
            ),
            True,
        )
        for f, v in (("response_in_100", None), ("side_effects", " "), ("time_cost", ""))
    ],
    (
        "option_incomplete",
        lambda: _with(
            record(),
            conversations=[
                conversation(
                    treatment_options=[
                        option(
                            "Comfort care",
                            comfort_only=True,
                            response_in_100=None,
                            side_effects="",
                            time_cost="",
                        )
                    ]
                )
            ],
        ),
        False,
    ),
    # advance-care-planning minutes
    *[
        (
            "acp_billing",
            lambda m=m: _with(record(), conversations=[conversation(acp_minutes=m)]),
            m > 0,
        )
        for m in (0, 15, 16, 45, 46)
    ],
]


@pytest.mark.parametrize(
    ("rule_id", "make", "expected"),
    CASES,
    ids=[f"{rule}-{i}-{'fires' if hit else 'quiet'}" for i, (rule, _m, hit) in enumerate(CASES)],
)
def test_rule_table(rule_id: str, make: Callable[[], Record], expected: bool) -> None:
    assert (fired(make(), rule_id) is not None) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (15, ["not reached"]),
        (16, ["Reaches CPT 99497"]),
        (45, ["Reaches CPT 99497"]),
        (46, ["Reaches CPT 99497", "99498", "1 unit"]),
        (75, ["Reaches CPT 99497", "99498", "1 unit"]),
        (76, ["Reaches CPT 99497", "99498", "2 unit"]),
    ],
)
def test_acp_billing_thresholds(minutes: int, expected: list[str]) -> None:
    found = fired(_with(record(), conversations=[conversation(acp_minutes=minutes)]), "acp_billing")
    assert found is not None and found.severity == "info"
    assert "billing staff" in found.title
    text = " ".join(found.basis.data)
    for phrase in expected:
        assert phrase in text
    assert ("99498" in text) == (minutes >= 46)


@pytest.mark.parametrize(("line", "severity"), [(1, "consider"), (2, "consider"), (3, "info")])
def test_trial_severity_favours_early_lines(line: int, severity: str) -> None:
    rec = _with(record(), conversations=[conversation(anticancer_therapy__current_line=line)])
    found = fired(rec, "trial_not_discussed")
    assert found is not None and found.severity == severity
    assert f"line {line}" in found.title


def test_data_sentences_name_the_triggering_data() -> None:
    rec = _with(
        record(stepped_care=SteppedCare(baseline_fact_l=100)),
        assessments=[assessment(-3, fact_l_total=88)],
    )
    found = fired(rec, "conversation_due_fact_l_drop")
    assert found is not None
    assert found.basis.data == (
        "Baseline FACT-L total: 100.",
        f"Latest FACT-L total: 88 on {day(-3).isoformat()}, 12 points below baseline.",
    )
    assert "drop of 10 points or more" in found.explanation


def test_option_incomplete_lists_each_gap() -> None:
    rec = _with(
        record(),
        conversations=[
            conversation(
                treatment_options=[
                    option("Drug A", response_in_100=None, time_cost=""),
                    option("Drug B"),
                ]
            )
        ],
    )
    found = fired(rec, "option_incomplete")
    assert found is not None
    assert found.basis.data == (
        "Drug A: missing the chance of response and of no response, time cost.",
    )


def test_partial_ppi_says_items_were_counted_as_absent() -> None:
    rec = _with(
        record(), conversations=[conversation(prognosis__pps=20, prognosis__ppi__delirium=True)]
    )
    found = fired(rec, "conversation_due_ppi")
    assert found is not None
    assert "PPS 20%" in found.basis.data[0] and "Index 8 " in found.basis.data[0]
    assert "counted as absent" in found.basis.data[1]


def everything() -> Record:
    """A record that raises every rule at once."""
    rec = record(
        advanced_diagnosis_date=day(-100),
        ecog=3,
        therapy_history=lines("progression", "progression"),
        stepped_care=SteppedCare(baseline_fact_l=110),
    )
    rec.assessments.append(
        assessment(0, fact_l_total=90, ecog=3, esas=EsasScores(pain=8, nausea=2))
    )
    rec.conversations.append(
        conversation(
            -120,
            prognosis__pps=30,
            prognosis__ppi__oral_intake="severe",
            prognosis__median_survival_months=4,
            transition__code_status__cpr="attempt",
            transition__code_status__treatment_level="comfort",
            anticancer_therapy__current_line=3,
            treatment_options=[option(side_effects="")],
            acp_minutes=20,
        )
    )
    rec.events.append(event("hospitalization", -7))
    return rec


def test_every_rule_fires_with_a_basis_that_resolves() -> None:
    content = shipped_content()
    found = evaluate(everything(), TODAY, content=shipped_content())
    # "No current ECOG" is the other side of the ECOG stop rule: they never fire together.
    assert [c.id for c in found] == [i for i in SHAPES if i != "therapy_stop_ecog_unknown"]
    for item in found:
        assert item.title and item.explanation and item.severity in SEVERITIES
        assert item.basis.sources and all(s in content.references for s in item.basis.sources)
        assert item.basis.element and item.basis.data and all(item.basis.data)
        assert "{" not in item.title + item.explanation + " ".join(item.basis.data)
        assert item.dismissal is None


def test_no_rule_gives_an_order_or_an_urgent_alert() -> None:
    for item in evaluate(everything(), TODAY, content=shipped_content()):
        words = f"{item.title} {item.explanation}".lower()
        assert not any(w in words for w in ("urgent", "must ", "immediately", "you should"))


def test_dismissal_is_attached_saved_and_latest_wins() -> None:
    rec = everything()
    dismiss(
        rec,
        "code_status_conflict",
        "Patient wants CPR for now; revisit next visit",
        "Dr A",
        day(-2),
        content=shipped_content(),
    )
    latest = dismiss(
        rec,
        "code_status_conflict",
        "  Talked again; proxy agrees  ",
        "Dr B",
        day(-1),
        "C-1",
        content=shipped_content(),
    )
    assert latest.reason == "Talked again; proxy agrees" and latest.date == day(-1)
    again = record_from_json(record_to_json(rec))  # kept with the record
    by_id = {c.id: c for c in evaluate(again, TODAY, content=shipped_content())}
    assert by_id["code_status_conflict"].dismissal == latest
    assert by_id["acp_billing"].dismissal is None


@pytest.mark.parametrize(
    ("consideration", "reason", "message"),
    [
        ("code_status_conflict", "", "reason is required"),
        ("code_status_conflict", "   ", "reason is required"),
        ("no_such_rule", "why", "consideration_id 'no_such_rule' is not a Waypoint rule"),
    ],
)
def test_dismiss_refuses_bad_input(consideration: str, reason: str, message: str) -> None:
    rec = record()
    with pytest.raises(ValueError, match=message):
        dismiss(rec, consideration, reason, "Dr A", TODAY, content=shipped_content())
    assert rec.dismissals == []


def test_sample_record_evaluates() -> None:
    from waypoint.record.sample import sample_record

    assert all(c.id in SHAPES for c in evaluate(sample_record(), TODAY, content=shipped_content()))
