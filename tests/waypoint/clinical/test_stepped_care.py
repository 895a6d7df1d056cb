"""Stepped palliative care schedule: trajectories from the trial's rules, checked date by date."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest

from waypoint.clinical.stepped_care import Schedule, schedule, schedule_for_record
from waypoint.content.bundle import ContentError, shipped_content
from waypoint.content.stepped import load_stepped_rules, stepped_rules
from waypoint.record.model import Assessment, CareEvent, FactLScores, Record
from waypoint.record.sample import sample_record
from waypoint.resources import resource

D0 = dt.date(2026, 1, 5)  # enrolment, a Monday


def wk(weeks: float) -> dt.date:
    """The date ``weeks`` after enrolment."""
    return D0 + dt.timedelta(days=round(weeks * 7))


# (name, baseline, FACT-L as (week, score), step, stepped-up week)
STEP_TABLE = [
    ("exactly 10 below steps up", 100, [(6, 90)], 2, 6),
    ("9 below does not", 100, [(6, 91)], 1, None),
    ("the first drop sets the date", 100, [(6, 95), (12, 88), (18, 80)], 2, 12),
    ("no step-down after improving", 100, [(6, 85), (12, 110), (18, 120)], 2, 6),
    ("order of input does not matter", 100, [(18, 120), (6, 85)], 2, 6),
    ("a drop from a low baseline", 12, [(6, 2)], 2, 6),
    ("a score of 0 from 9 is not 10 below", 9, [(6, 0)], 1, None),
]


@pytest.mark.parametrize(
    ("baseline", "scores", "step", "up_week"),
    [row[1:] for row in STEP_TABLE],
    ids=[row[0] for row in STEP_TABLE],
)
def test_step_and_step_up_date(
    baseline: int, scores: list[tuple[int, int]], step: int, up_week: int | None
) -> None:
    plan = schedule(
        D0,
        baseline,
        [(wk(w), s) for w, s in scores],
        [],
        [wk(2)],
        wk(20),
        rules=stepped_rules(shipped_content()),
    )
    assert plan.step == step
    assert plan.stepped_up_on == (wk(up_week) if up_week is not None else None)
    if step == 2:
        assert any("Step 2 since" in r for r in plan.reasons)
    else:
        assert any("Step 1" in r for r in plan.reasons)


# Visit windows from the trial record NCT03337399 arm I (content/references.toml "nct03337399"):
# a first visit within 4 weeks of enrolment; then a visit within 4 weeks after a change in cancer
# treatment and within 4 weeks of DISCHARGE from an admission; nothing while still admitted.
# (name, events as (week, kind[, discharge week]), visits (weeks), today (week),
#  next visit (week) or None, overdue?)
VISIT_TABLE = [
    ("first visit due within 4 weeks", [], [], 1, 4, False),
    ("first visit due on the last day of week 4", [], [], 4, 4, False),
    ("first visit overdue the day after", [], [], 4 + 1 / 7, 4, True),
    ("nothing due in step 1 after the first visit", [], [3], 5, None, False),
    ("treatment change: due 4 weeks later", [(8, "treatment_change")], [3], 9, 12, False),
    ("treatment change: due on day 28", [(8, "treatment_change")], [3], 12, 12, False),
    ("treatment change: overdue on day 29", [(8, "treatment_change")], [3], 12 + 1 / 7, 12, True),
    ("still admitted: nothing due yet", [(8, "hospitalization")], [3], 14, None, False),
    ("discharged: due 4 weeks after discharge", [(8, "hospitalization", 10)], [3], 11, 14, False),
    (
        "a 10-day admission is not overdue 4 days after discharge",
        [(8, "hospitalization", 8 + 10 / 7)],
        [3],
        8 + 14 / 7,
        8 + 10 / 7 + 4,
        False,
    ),
    ("a visit after the event answers it", [(8, "treatment_change")], [3, 9], 12, None, False),
    ("a visit before the event does not", [(8, "treatment_change")], [3, 7], 9, 12, False),
    (
        "a visit during the admission does not answer the discharge",
        [(8, "hospitalization", 10)],
        [3, 9],
        11,
        14,
        False,
    ),
    ("progression alone does not", [(8, "progression")], [3], 9, None, False),
    (
        "an ICU admission alone does not (shipped content)",
        [(8, "icu_admission", 9)],
        [3],
        10,
        None,
        False,
    ),
    (
        "two events: the earliest due first",
        [(8, "hospitalization", 9), (9, "treatment_change")],
        [3],
        9,
        13,
        False,
    ),
]


@pytest.mark.parametrize(
    ("events", "visits", "today", "due", "overdue"),
    [row[1:] for row in VISIT_TABLE],
    ids=[row[0] for row in VISIT_TABLE],
)
def test_step_1_visits(
    events: list[tuple[float, ...]],
    visits: list[int],
    today: float,
    due: float | None,
    overdue: bool,
) -> None:
    happened = [
        (wk(e[0]), e[1], *([wk(e[2])] if len(e) == 3 else []))
        for e in events  # type: ignore[arg-type]
    ]
    plan = schedule(
        D0,
        100,
        [],
        happened,
        [wk(v) for v in visits],
        wk(today),
        rules=stepped_rules(shipped_content()),
    )  # type: ignore[arg-type]
    assert plan.step == 1
    assert plan.next_visit_due == (wk(due) if due is not None else None)
    assert any("visit overdue" in o for o in plan.overdue) is overdue


def test_an_admission_without_discharge_says_so() -> None:
    plan = schedule(
        D0,
        100,
        [],
        [(wk(8), "hospitalization")],
        [wk(3)],
        wk(9),
        rules=stepped_rules(shipped_content()),
    )
    assert plan.next_visit_due is None
    assert any("has no discharge date yet" in r for r in plan.reasons)
    assert not any("No palliative care visit is due now" in r for r in plan.reasons)


# FACT-L every 6 weeks from enrolment (NCT03337399; PRODUCT.md "measured every 6 weeks from
# enrolment"), in both steps; a score up to 7 days before a due date counts (content setting).
# (name, scores as (week, score), today (week), next FACT-L due (week))
FACT_L_TABLE = [
    ("none yet: week 6", [], 1, 6),
    ("a score at week 5 counts for week 6 (7 days before)", [(5, 99)], 5, 12),
    ("a score 8 days before week 6 does not", [(6 - 8 / 7, 99)], 5, 6),
    ("a late score at week 7 keeps the grid: week 12", [(7, 99)], 8, 12),
    ("not from the last score: week 13 scores give week 18", [(13, 99)], 13, 18),
    ("overdue week 6 stays due until a score comes", [], 10, 6),
]


@pytest.mark.parametrize(
    ("scores", "today", "due"),
    [row[1:] for row in FACT_L_TABLE],
    ids=[row[0] for row in FACT_L_TABLE],
)
def test_fact_l_every_6_weeks_from_enrolment(
    scores: list[tuple[float, int]], today: float, due: int
) -> None:
    plan = schedule(
        D0,
        100,
        [(wk(w), s) for w, s in scores],
        [],
        [wk(1)],
        wk(today),
        rules=stepped_rules(shipped_content()),
    )
    assert plan.next_fact_l_due == wk(due)
    assert any("FACT-L overdue" in o for o in plan.overdue) is (wk(due) < wk(today))


def test_fact_l_continues_after_step_up_and_in_reasons() -> None:
    plan = schedule(
        D0, 100, [(wk(6), 88)], [], [wk(2)], wk(7), rules=stepped_rules(shipped_content())
    )
    assert plan.step == 2 and plan.next_fact_l_due == wk(12)
    assert any("every 6 weeks from enrolment" in r for r in plan.reasons)


# Step-up at 10 points or more below the enrolment baseline (Temel 2024; NCT03337399), with
# prorated FACIT scores to one decimal: 9.5 below does not step up, 10.0 below does.
DECIMAL_TABLE = [
    ("9.5 below: step 1", 100, 90.5, 1),
    ("10.0 below with decimals: step 2", 95.5, 85.5, 2),
    ("9.9 below: step 1", 100, 90.1, 1),
]


@pytest.mark.parametrize(
    ("baseline", "score", "step"),
    [row[1:] for row in DECIMAL_TABLE],
    ids=[row[0] for row in DECIMAL_TABLE],
)
def test_decimal_scores(baseline: float, score: float, step: int) -> None:
    assert (
        schedule(
            D0,
            baseline,
            [(wk(6), score)],
            [],
            [wk(2)],
            wk(7),
            rules=stepped_rules(shipped_content()),
        ).step
        == step
    )


# After death nothing is due; after hospice enrolment no stepped-care visit or FACT-L (issue 13).
def test_death_and_hospice_end_the_schedule() -> None:
    events = [(wk(8), "treatment_change"), (wk(9), "death")]
    dead = schedule(D0, 100, [], events, [wk(3)], wk(20), rules=stepped_rules(shipped_content()))
    assert (dead.next_visit_due, dead.next_fact_l_due, dead.overdue) == (None, None, [])
    assert dead.ended_by == "death" and dead.ended_on == wk(9)
    assert any("Died on" in r for r in dead.reasons)
    hospice = schedule(
        D0,
        100,
        [(wk(6), 80)],
        [(wk(10), "hospice_enrolment")],
        [],
        wk(20),
        rules=stepped_rules(shipped_content()),
    )
    assert hospice.step == 2 and hospice.next_visit_due is None and hospice.overdue == []
    assert hospice.ended_by == "hospice_enrolment"
    before = schedule(
        D0,
        100,
        [],
        [(wk(8), "treatment_change")],
        [wk(3)],
        wk(9),
        rules=stepped_rules(shipped_content()),
    )
    assert before.next_visit_due == wk(12) and before.ended_by == ""


def visits_by(plan_of, weeks: int = 24) -> list[int]:  # type: ignore[no-untyped-def]
    """Attend every visit on the day it falls due; the weeks on which visits happened."""
    visits: list[dt.date] = []
    for day in range(weeks * 7 + 1):
        today = D0 + dt.timedelta(days=day)
        due = plan_of(visits, today).next_visit_due
        if due is not None and due <= today:
            visits.append(today)
    return [(v - D0).days // 7 for v in visits]


def test_step_2_cadence_over_24_weeks() -> None:
    def plan_of(visits: list[dt.date], today: dt.date) -> Schedule:
        scores = [(wk(6), 88)] if today >= wk(6) else []
        return schedule(D0, 100, scores, [], visits, today, rules=stepped_rules(shipped_content()))

    # First visit at week 4, step up at week 6, then every 4 weeks from the step-up.
    assert visits_by(plan_of) == [4, 10, 14, 18, 22]
    assert plan_of([], wk(7)).next_fact_l_due == wk(12)  # FACT-L stays on its grid in step 2


def test_early_cadence_over_24_weeks() -> None:
    def plan_of(visits: list[dt.date], today: dt.date) -> Schedule:
        return schedule(
            D0, 100, [], [], visits, today, mode="early", rules=stepped_rules(shipped_content())
        )

    assert visits_by(plan_of) == [4, 8, 12, 16, 20, 24]
    plan = plan_of([wk(4), wk(9)], wk(10))
    assert plan.step == 1 and plan.next_visit_due == wk(13) and plan.next_fact_l_due is None


def _synthetic_patient(rng: random.Random) -> tuple[int, list[int], list[tuple[int, str]]]:
    """A baseline, a weekly FACT-L trajectory, and the days of treatment changes/admissions."""
    baseline = rng.randint(70, 120)
    slope = rng.choice([0.0, 0.0, -0.2, -0.5, -1.0]) + rng.uniform(-0.2, 0.2)
    scores = [max(0, min(136, round(baseline + slope * w + rng.gauss(0, 3)))) for w in range(26)]
    events = [
        (rng.randint(14, 160), kind)
        for kind, chance in (("treatment_change", 0.35), ("hospitalization", 0.2))
        if rng.random() < chance
    ]
    return baseline, scores, events


def _happened(events: list[tuple[int, str]], day: int) -> list[tuple[dt.date, ...]]:
    """Events by ``day``; an admission lasts 5 days and counts from its discharge."""
    out: list[tuple[dt.date, ...]] = []
    for d, kind in events:
        if d > day:
            continue
        if kind == "hospitalization":
            end = d + 5
            out.append(
                (
                    D0 + dt.timedelta(days=d),
                    kind,
                    *([D0 + dt.timedelta(days=end)] if end <= day else []),
                )
            )  # type: ignore[list-item]
        else:
            out.append((D0 + dt.timedelta(days=d), kind))
    return out


def _count_visits(mode: str, patient: tuple[int, list[int], list[tuple[int, str]]]) -> int:
    baseline, trajectory, events = patient
    visits: list[dt.date] = []
    scores: list[tuple[dt.date, int]] = []
    for day in range(24 * 7 + 1):
        today = D0 + dt.timedelta(days=day)
        happened = _happened(events, day)
        plan = schedule(
            D0,
            baseline,
            scores,
            happened,
            visits,
            today,
            mode=mode,
            rules=stepped_rules(shipped_content()),
        )
        if plan.next_fact_l_due is not None and plan.next_fact_l_due <= today:
            scores.append((today, trajectory[day // 7]))
            plan = schedule(
                D0,
                baseline,
                scores,
                happened,
                visits,
                today,
                mode=mode,
                rules=stepped_rules(shipped_content()),
            )
        if plan.next_visit_due is not None and plan.next_visit_due <= today:
            visits.append(today)
    return len(visits)


def test_stepped_needs_far_fewer_visits_than_early_in_a_cohort() -> None:
    rng = random.Random(2024)
    cohort = [_synthetic_patient(rng) for _ in range(60)]
    stepped = sum(_count_visits("stepped", p) for p in cohort) / len(cohort)
    early = sum(_count_visits("early", p) for p in cohort) / len(cohort)
    assert early == 6  # weeks 4, 8, … 24, all attended
    assert 1 <= stepped <= 0.6 * early, (stepped, early)  # the trial: 2.4 vs 4.7


BAD_INPUTS = [
    ("today before enrolment", dict(today=D0 - dt.timedelta(days=1)), "today"),
    ("FACT-L before enrolment", dict(fact_l=[(D0 - dt.timedelta(days=1), 90)]), "FACT-L date"),
    ("FACT-L after today", dict(fact_l=[(wk(30), 90)]), "after today"),
    ("score above 136", dict(fact_l=[(wk(6), 137)]), "FACT-L total"),
    ("two decimals", dict(fact_l=[(wk(6), 90.25)]), "one decimal"),
    ("discharge before admission", dict(events=[(wk(6), "hospitalization", wk(5))]), "discharge"),
    ("discharge of a non-admission", dict(events=[(wk(6), "death", wk(7))]), "no discharge"),
    ("negative score", dict(fact_l=[(wk(6), -1)]), "FACT-L total"),
    ("baseline out of range", dict(baseline_fact_l=140), "baseline FACT-L"),
    ("baseline not a number", dict(baseline_fact_l="96"), "baseline FACT-L"),
    ("unknown event kind", dict(events=[(wk(3), "surgery")]), "unknown event kind 'surgery'"),
    (
        "visit kind is not an event",
        dict(events=[(wk(3), "palliative_care_visit")]),
        "unknown event",
    ),
    (
        "event before enrolment",
        dict(events=[(D0 - dt.timedelta(days=3), "hospitalization")]),
        "hospitalization date",
    ),
    ("visit after today", dict(visits=[wk(30)]), "palliative care visit date"),
    ("a datetime for a date", dict(enrolled=dt.datetime(2026, 1, 5, 9, 0)), "enrolled"),
    ("unknown mode", dict(mode="monthly"), "mode"),
    ("not a pair", dict(fact_l=[wk(6)]), "FACT-L"),
]


@pytest.mark.parametrize(
    ("change", "named"), [row[1:] for row in BAD_INPUTS], ids=[row[0] for row in BAD_INPUTS]
)
def test_bad_input_raises_value_error_naming_it(change: dict[str, object], named: str) -> None:
    args: dict[str, object] = dict(
        enrolled=D0, baseline_fact_l=100, fact_l=[], events=[], visits=[], today=wk(24)
    )
    args.update(change)
    with pytest.raises(ValueError, match=named):
        schedule(**args, rules=stepped_rules(shipped_content()))  # type: ignore[arg-type]


def test_record_inputs_and_missing_baseline() -> None:
    record = sample_record()
    plan = schedule_for_record(
        record, dt.date(2026, 11, 21), rules=stepped_rules(shipped_content())
    )
    assert plan is not None
    # Baseline 96, FACT-L 84 on 2 Nov: 12 points down.
    assert plan.step == 2 and plan.stepped_up_on == dt.date(2026, 11, 2)
    # The treatment change on 12 Oct had no visit after it: due within 4 weeks (NCT03337399).
    assert plan.next_visit_due == dt.date(2026, 11, 9)
    assert plan.overdue == ["Palliative care visit overdue (due 9 Nov 2026)"]

    # No baseline: say so and ask for it; a later score never stands in (issue 13, one baseline).
    record.patient.stepped_care.baseline_fact_l = None
    missing = schedule_for_record(
        record, dt.date(2026, 11, 21), rules=stepped_rules(shipped_content())
    )
    assert missing is not None and missing.baseline is None
    assert "No baseline FACT-L" in missing.reasons[0] and missing.step == 1
    assert missing.next_fact_l_due == record.patient.stepped_care.enrolled_on

    bare = Record()
    bare.patient.stepped_care.enrolled_on = D0
    bare.patient.stepped_care.baseline_fact_l = 100
    nothing = schedule_for_record(bare, wk(1), rules=stepped_rules(shipped_content()))
    assert nothing is not None and nothing.next_fact_l_due == wk(6)
    # A subscale-only FACT-L counts: 18+18+15+17+21.5 = 89.5, 10.5 below the baseline.
    bare.assessments.append(
        Assessment(date=wk(5), fact_l=FactLScores(pwb=18, swb=18, ewb=15, fwb=17, lcs=21.5))
    )
    bare.events.append(CareEvent(date=wk(1), kind="palliative_care_visit"))
    later = schedule_for_record(bare, wk(6), rules=stepped_rules(shipped_content()))
    assert later is not None and later.step == 2 and later.stepped_up_on == wk(5)
    assert later.next_fact_l_due == wk(12)
    assert schedule_for_record(Record(), wk(1), rules=stepped_rules(shipped_content())) is None


def test_record_admission_counts_from_discharge_even_from_before_enrolment() -> None:
    record = Record()
    record.patient.stepped_care.enrolled_on = D0
    record.patient.stepped_care.baseline_fact_l = 100
    record.events += [
        CareEvent(date=D0, kind="palliative_care_visit"),
        CareEvent(date=wk(8), kind="hospitalization"),
    ]
    admitted = schedule_for_record(record, wk(9), rules=stepped_rules(shipped_content()))
    assert admitted is not None and admitted.next_visit_due is None
    record.events[1].end_date = wk(9)
    discharged = schedule_for_record(record, wk(10), rules=stepped_rules(shipped_content()))
    assert discharged is not None and discharged.next_visit_due == wk(13)
    record.events.append(
        CareEvent(date=D0 - dt.timedelta(days=3), kind="hospitalization", end_date=wk(1))
    )
    early = schedule_for_record(record, wk(2), rules=stepped_rules(shipped_content()))
    assert early is not None and early.next_visit_due == wk(5)
    record.events.append(CareEvent(date=wk(10), kind="death", place="home"))
    dead = schedule_for_record(record, wk(11), rules=stepped_rules(shipped_content()))
    assert dead is not None and dead.ended_by == "death" and dead.next_visit_due is None


def test_shipped_rules_cite_their_sources() -> None:
    rules = stepped_rules(shipped_content())
    # NCT03337399 arm I: within 4 weeks of enrolment, of a treatment change, of discharge.
    assert (rules.first_visit_weeks, rules.event_window_weeks, rules.step_up_points) == (4, 4, 10)
    assert (rules.step1_fact_l_weeks, rules.step2_fact_l_weeks) == (6, 6)
    assert all("temel2024" in s and "nct03337399" in s for s in rules.sources.values())


def test_clinic_can_change_the_window_and_broken_content_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(resource("content"), folder)
    path = folder / "stepped_care.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("visit_window_weeks = 4", "visit_window_weeks = 1"), "utf-8")
    rules = load_stepped_rules(folder)
    plan = schedule(D0, 100, [], [(wk(8), "treatment_change")], [wk(3)], wk(8), rules=rules)
    assert plan.next_visit_due == wk(9)

    path.write_text(text.replace("visit_window_weeks = 4", "visit_window_weeks = -1"), "utf-8")
    with pytest.raises(ContentError, match=r"step1.visit_window_weeks"):
        load_stepped_rules(folder)
    path.write_text(text.replace("{enrolled}.", "{enroled}."), "utf-8")
    with pytest.raises(ContentError, match="placeholder"):
        load_stepped_rules(folder)
    path.write_text(text.replace('sources = ["temel2024",', 'sources = ["nobody2020",'), "utf-8")
    with pytest.raises(ContentError, match="nobody2020"):
        load_stepped_rules(folder)


def test_fact_l_chart_in_a_pdf_reads_in_black_and_white() -> None:
    import io

    from pypdf import PdfReader

    from waypoint.documents.charts import fact_l_chart_element
    from waypoint.documents.pdf import DocumentMarkupError, render_pdf

    element = str(fact_l_chart_element(sample_record(), rules=stepped_rules(shipped_content())))
    assert 'baseline="96"' in element and 'threshold="86"' in element
    assert 'stepped-up-on="2026-11-02"' in element
    pdf = render_pdf(f"<document><title>Chart</title>{element}</document>")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Baseline 96" in text and "Step up at 86" in text and "Step 2" in text
    assert str(fact_l_chart_element(Record(), rules=stepped_rules(shipped_content()))) == ""
    with pytest.raises(DocumentMarkupError, match="bad point"):
        render_pdf('<document><flowable kind="fact_l_chart" points="May=96"/></document>')
