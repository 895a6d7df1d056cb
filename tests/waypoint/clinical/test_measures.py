"""The clinic's quality measures on hand-made cohorts, with every expected count worked out here.

As of 30 June 2026 unless a test says otherwise. Windows (content/measures.toml and
stepped_care.toml as shipped): 56 days after the advanced diagnosis, 14 and 30 days before
death, hospice under 3 days; first palliative care visit within 4 weeks (28 days) of enrolment,
a visit within 4 weeks of a treatment change or discharge, FACT-L every 6 weeks with a score up
to 7 days early counting. Days are inclusive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from waypoint.clinical.measure_facts import facts_from_json, facts_of
from waypoint.clinical.measure_input import measure_digest, measure_record
from waypoint.clinical.measures import Period, compute_measures, stepped_up_on
from waypoint.clinical.stepped_care import schedule_for_record
from waypoint.content.bundle import Content, ContentError, load_content
from waypoint.content.stepped import load_stepped_rules
from waypoint.record.model import (
    Assessment,
    CareEvent,
    Contact,
    Conversation,
    Patient,
    Record,
    SteppedCare,
    record_to_json,
)
from waypoint.resources import resource

AS_OF = dt.date(2026, 6, 30)
D = dt.date


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(resource("content"))


def talk(
    day: dt.date, cid: str = "", cpr: str = "", amends: str = "", **referral: object
) -> Conversation:
    c = Conversation(id=cid, date=day, clinician="Dr. A", amends=amends)
    c.transition.code_status.cpr = cpr
    if referral:
        c.quality_of_life.palliative_referral = str(referral["state"])
        c.quality_of_life.referral_date = referral["on"]  # type: ignore[assignment]
    return c


def event(kind: str, day: dt.date, end: dt.date | None = None) -> CareEvent:
    return CareEvent(date=day, kind=kind, end_date=end)


def person(
    pid: str,
    dx: dt.date | None = None,
    talks: tuple[Conversation, ...] = (),
    events: tuple[CareEvent, ...] = (),
    proxy: str = "",
    enrolled: dt.date | None = None,
    mode: str = "stepped",
    baseline: float | None = None,
    scores: tuple[tuple[dt.date, float], ...] = (),
) -> Record:
    patient = Patient(
        id=pid,
        given_name="Test",
        family_name=pid,
        date_of_birth=D(1950, 1, 1),
        advanced_diagnosis_date=dx,
        health_care_proxy=Contact(name=proxy),
        stepped_care=SteppedCare(enrolled_on=enrolled, mode=mode, baseline_fact_l=baseline),
    )
    return Record(
        patient=patient,
        conversations=list(talks),
        events=list(events),
        assessments=[Assessment(date=d, fact_l_total=s) for d, s in scores],
    )


def counts(
    records: list[Record], content: Content, as_of: dt.date = AS_OF, period: Period | None = None
) -> dict[str, tuple[int, int]]:
    results = compute_measures(records, content, as_of, period)
    return {r.key: (r.numerator, r.denominator) for r in results}


# -- goals-of-care conversation, palliative care, code status, proxy ---------------------------


def early_cohort() -> list[Record]:
    return [
        # Diagnosed 1 Mar: day 56 is 26 Apr. Conversation and visit on day 56: both met.
        person(
            "P1",
            D(2026, 3, 1),
            (talk(D(2026, 4, 26), cpr="attempt"),),
            (event("palliative_care_visit", D(2026, 4, 26)),),
            proxy="Ana",
        ),
        # Day 57 for the conversation and the referral: neither met.
        person(
            "P2",
            D(2026, 3, 1),
            (talk(D(2026, 4, 27), cpr="do_not_attempt", state="referred", on=D(2026, 4, 27)),),
            proxy="   ",
        ),
        # Conversation the day before the diagnosis; referral in the window but declined.
        person(
            "P3",
            D(2026, 3, 1),
            (talk(D(2026, 2, 28), cpr="undecided", state="declined", on=D(2026, 3, 10)),),
        ),
        # Diagnosed 51 days before as-of: the window is still open, not counted.
        person("P4", D(2026, 5, 10), (talk(D(2026, 6, 1)),)),
        # Diagnosed exactly 56 days before as-of: counted; met on the as-of day itself.
        person(
            "P5",
            D(2026, 5, 5),
            (
                talk(D(2026, 6, 1), cpr="attempt", state="referred", on=D(2026, 5, 20)),
                talk(D(2026, 6, 30), cpr=""),
            ),
            proxy="Luis",
        ),
        # No advanced diagnosis recorded: only in code status and proxy.
        person("P6", None, (talk(D(2026, 1, 15), cpr="do_not_attempt"),)),
        # The conversation in the window was amended to a date outside it: not met.
        person(
            "P7",
            D(2026, 1, 1),
            (
                talk(D(2026, 1, 20), "C-7A", cpr="attempt"),
                talk(D(2026, 3, 10), "C-7B", amends="C-7A"),
            ),
        ),
        # The later conversation was amended to "undecided": the amendment is what counts.
        person(
            "P8",
            None,
            (
                talk(D(2026, 5, 2), "C-8A", cpr="do_not_attempt"),
                talk(D(2026, 5, 1), "C-8B", cpr="undecided", amends="C-8A"),
            ),
        ),
        # Only a conversation after the as-of date: not counted anywhere.
        person("P9", D(2025, 1, 1), (talk(D(2026, 7, 5), cpr="attempt"),), proxy="Zoë"),
    ]


def test_goc_and_palliative_care_within_8_weeks(content: Content) -> None:
    found = counts(early_cohort(), content)
    # Denominator: P1, P2, P3, P5, P7 and P9 (diagnosed 56 days or more before as-of).
    # Conversation from the diagnosis to day 56: P1 (day 56) and P5 (day 26 and day 56).
    assert found["goc_within_8_weeks"] == (2, 6)
    # Visit or referral (referred / already seeing) in the window: P1 (visit), P5 (referral).
    assert found["palliative_referral_within_8_weeks"] == (2, 6)


def test_code_status_and_proxy(content: Content) -> None:
    found = counts(early_cohort(), content)
    # Denominator: a conversation on or before as-of: P1-P8 (P9's is after as-of).
    # Latest one records attempt / do not attempt: P1, P2, P6 (P3 undecided, P4 blank, P5's
    # latest blank, P7's amendment blank, P8's amendment undecided).
    assert found["code_status_documented"] == (3, 8)
    # A named proxy: P1 and P5 (P2's is blank; P9 is not in the denominator).
    assert found["proxy_named"] == (2, 8)


def test_period_picks_patients_by_diagnosis_and_latest_conversation(content: Content) -> None:
    period = Period(D(2026, 5, 1), D(2026, 6, 30))
    found = counts(early_cohort(), content, period=period)
    # Diagnosed in the period with a closed window: P5 only.
    assert found["goc_within_8_weeks"] == (1, 1)
    # Latest conversation up to 30 Jun dated in the period: P4 (1 Jun), P5 (30 Jun), P8 (1 May).
    assert found["code_status_documented"] == (0, 3)
    earlier = counts(early_cohort(), content, period=Period(None, D(2026, 4, 30)))
    # Latest conversation on or before 30 Apr: P1, P2, P3, P6, P7 (P4's and P5's are later,
    # P8's amendment is dated 1 May). Attempt / do not attempt: P1, P2, P6.
    assert earlier["code_status_documented"] == (3, 5)


def test_window_days_come_from_content(content: Content) -> None:
    measures = dict(content.measures.measures)
    goc = measures["goc_within_8_weeks"]
    measures["goc_within_8_weeks"] = dataclasses.replace(goc, numbers={"window_days": 57})
    longer = dataclasses.replace(
        content, measures=dataclasses.replace(content.measures, measures=measures)
    )
    found = counts(early_cohort(), longer)
    # P2's day-57 conversation now counts; P5 (diagnosed 56 days ago) drops out.
    assert found["goc_within_8_weeks"] == (2, 5)
    assert compute_measures([], longer, AS_OF)[0].title.startswith(
        "Goals-of-care conversation within 57 days"
    )


# -- decedents ---------------------------------------------------------------------------------


def decedents() -> list[Record]:
    return [
        # Died 20 Jun; conversation that day; chemo 14 days and ICU 30 days before; hospice on
        # the day of death (0 days: under 3).
        person(
            "D1",
            talks=(talk(D(2026, 6, 20)),),
            events=(
                event("systemic_therapy", D(2026, 6, 6)),
                event("icu_admission", D(2026, 5, 21), D(2026, 5, 25)),
                event("hospice_enrolment", D(2026, 6, 20)),
                event("death", D(2026, 6, 20)),
            ),
        ),
        # Died 20 Jun; chemo 15 days and ICU 31 days before; hospice 3 days before (not under 3).
        person(
            "D2",
            events=(
                event("systemic_therapy", D(2026, 6, 5)),
                event("icu_admission", D(2026, 5, 20), D(2026, 5, 22)),
                event("hospice_enrolment", D(2026, 6, 17)),
                event("death", D(2026, 6, 20)),
            ),
        ),
        # Died 10 Jun, hospice 2 days before (an earlier enrolment too: the latest counts).
        person(
            "D3",
            talks=(talk(D(2026, 5, 1)),),
            events=(
                event("hospice_enrolment", D(2026, 3, 1)),
                event("hospice_enrolment", D(2026, 6, 8)),
                event("death", D(2026, 6, 10)),
            ),
        ),
        # Died 10 Jun without hospice (an enrolment recorded after the death does not count).
        person(
            "D4",
            events=(event("death", D(2026, 6, 10)), event("hospice_enrolment", D(2026, 6, 15))),
        ),
        # Dies on 10 Jul, after the as-of date: alive on 30 Jun.
        person(
            "D5",
            talks=(talk(D(2026, 7, 1)),),
            events=(event("systemic_therapy", D(2026, 7, 1)), event("death", D(2026, 7, 10))),
        ),
        # Alive.
        person("A1", talks=(talk(D(2026, 6, 1)),)),
    ]


def test_end_of_life_measures(content: Content) -> None:
    found = counts(decedents(), content)
    # Decedents on or before 30 Jun: D1-D4.
    assert found["goc_before_death"] == (2, 4)  # D1 (on the day of death), D3
    assert found["chemo_last_14_days"] == (1, 4)  # D1 (day 14); D2 is day 15
    assert found["icu_last_30_days"] == (1, 4)  # D1 (day 30); D2 is day 31
    assert found["no_hospice"] == (1, 4)  # D4
    assert found["hospice_under_3_days"] == (2, 4)  # D1 (0 days), D3 (2 days); D2 is 3 days


def test_as_of_before_a_death(content: Content) -> None:
    assert counts(decedents(), content, as_of=D(2026, 6, 15))["goc_before_death"] == (1, 2)
    later = counts(decedents(), content, as_of=D(2026, 7, 31))
    assert later["goc_before_death"] == (3, 5)  # D5's conversation was before its death
    assert later["chemo_last_14_days"] == (2, 5)  # D5: 9 days before death


def test_period_picks_decedents_by_date_of_death(content: Content) -> None:
    found = counts(decedents(), content, period=Period(D(2026, 6, 15), D(2026, 6, 30)))
    assert found["goc_before_death"] == (1, 2)  # D1, D2
    assert found["hospice_under_3_days"] == (1, 2)  # D1
    assert counts(decedents(), content, period=Period(D(2026, 6, 11), None))["no_hospice"] == (0, 2)


# -- stepped palliative care -------------------------------------------------------------------


def stepped_cohort() -> list[Record]:
    visit = "palliative_care_visit"
    return [
        # Enrolled 5 Jan. First visit on day 28 (met). FACT-L due 16 Feb, 30 Mar, 11 May, 22 Jun:
        # 9 Feb (7 days early) counts, 31 Mar (late) does not, 11 May does, none for 22 Jun.
        # Treatment change 2 Mar, visit 30 Mar (day 28): met. Discharged 10 Apr, visit 9 May
        # (day 29): missed. Still in hospital since 20 Jun, and a change on 15 Jun: not yet due.
        person(
            "S1",
            enrolled=D(2026, 1, 5),
            baseline=100,
            scores=((D(2026, 2, 9), 98), (D(2026, 3, 31), 97), (D(2026, 5, 11), 95)),
            events=(
                event(visit, D(2026, 2, 2)),
                event("treatment_change", D(2026, 3, 2)),
                event(visit, D(2026, 3, 30)),
                event("hospitalization", D(2026, 4, 1), D(2026, 4, 10)),
                event(visit, D(2026, 5, 9)),
                event("treatment_change", D(2026, 6, 15)),
                event("hospitalization", D(2026, 6, 20)),
            ),
        ),
        # Early palliative care: first visit on day 29 (missed); no FACT-L schedule; no visits
        # after events (visits every 4 weeks instead).
        person(
            "S2",
            enrolled=D(2026, 1, 5),
            mode="early",
            events=(event(visit, D(2026, 2, 3)), event("treatment_change", D(2026, 3, 1))),
        ),
        # Enrolled 10 Jun: the first visit is not due until 8 Jul.
        person("S3", enrolled=D(2026, 6, 10), baseline=90),
        # Died 20 Mar, 18 days after enrolment, without a visit: nothing was due any more.
        person(
            "S4",
            enrolled=D(2026, 3, 2),
            baseline=80,
            events=(event("death", D(2026, 3, 20)),),
        ),
        # Stepped up on 16 Feb (88, 12 below 100). A treatment change after that opens no
        # window (step 2 has visits every 4 weeks). FACT-L on 16 Feb met, then none: 1 of 4.
        person(
            "S5",
            enrolled=D(2026, 1, 5),
            baseline=100,
            scores=((D(2026, 2, 16), 88),),
            events=(event(visit, D(2026, 1, 10)), event("treatment_change", D(2026, 3, 10))),
        ),
    ]


def test_stepped_care_process_measures(content: Content) -> None:
    found = counts(stepped_cohort(), content)
    assert found["stepped_first_visit"] == (2, 3)  # S1, S5 of S1, S2, S5
    assert found["stepped_fact_l_on_time"] == (3, 8)  # S1 2 of 4, S5 1 of 4
    assert found["stepped_event_visit"] == (1, 2)  # S1's treatment change; not its discharge


def test_step_up_is_the_schedules_step_up(content: Content) -> None:
    rules = load_stepped_rules(content.folder)
    for record in stepped_cohort():
        enrolled = record.patient.stepped_care.enrolled_on
        for as_of in (D(2026, 2, 15), D(2026, 2, 16), AS_OF):
            if enrolled is None or as_of < enrolled:
                continue
            plan = schedule_for_record(record, as_of, rules)
            assert plan is not None
            expected = plan.stepped_up_on if plan.mode == "stepped" else None
            assert stepped_up_on(record, as_of, rules) == expected, record.patient.id
    assert stepped_up_on(stepped_cohort()[4], AS_OF, rules) == D(2026, 2, 16)


def test_stepped_period_counts_windows_by_their_start(content: Content) -> None:
    found = counts(stepped_cohort(), content, period=Period(D(2026, 3, 1), D(2026, 4, 30)))
    assert found["stepped_first_visit"] == (0, 0)  # S4 enrolled 2 Mar, but died before due
    assert found["stepped_fact_l_on_time"] == (0, 2)  # due 30 Mar: S1 (late), S5 (none)
    assert found["stepped_event_visit"] == (1, 2)  # 2 Mar change met, 10 Apr discharge missed


def test_deaths_and_stepped_care_in_one_cohort_add_up(content: Content) -> None:
    everyone = early_cohort() + decedents() + stepped_cohort()
    found = counts(everyone, content)
    assert found["goc_within_8_weeks"] == (2, 6)
    assert found["stepped_first_visit"] == (2, 3)
    # S4 died too: five decedents, and S4 had no conversation.
    assert found["goc_before_death"] == (2, 5)
    results = compute_measures(everyone, content, AS_OF)
    tallies = {r.key: {t.patient_id for t in r.tallies} for r in results}
    assert tallies["no_hospice"] == {"D1", "D2", "D3", "D4", "S4"}


# -- reading only what the measures need --------------------------------------------------------


def test_quick_read_counts_what_a_full_record_counts(content: Content) -> None:
    everyone = early_cohort() + decedents() + stepped_cohort()
    quick = [measure_record(record_to_json(r)) for r in everyone]
    assert counts(quick, content) == counts(everyone, content)
    period = Period(D(2026, 3, 1), D(2026, 6, 15))
    assert counts(quick, content, period=period) == counts(everyone, content, period=period)


def test_kept_facts_are_the_records_facts() -> None:
    for record in early_cohort() + decedents() + stepped_cohort():
        kept = json.loads(json.dumps(measure_digest(record_to_json(record))))
        assert facts_from_json(kept) == facts_of(record), record.patient.id
    # No name or free text is kept: a named proxy is only "named".
    kept_text = json.dumps(measure_digest(record_to_json(early_cohort()[0])))
    assert "Ana" not in kept_text and "Test" not in kept_text


@pytest.mark.parametrize(
    ("index", "value"),
    [(0, 7), (1, "2026-03-01"), (2, 1), (5, "96"), (6, [[739000, "attempt", "", "x"]]),
     (7, [["death", True, None]]), (8, [[739000, None]])],
)  # fmt: skip
def test_kept_facts_of_the_wrong_shape_are_refused(index: int, value: object) -> None:
    kept = measure_digest(record_to_json(early_cohort()[0]))
    assert kept is not None
    kept[index] = value
    with pytest.raises(TypeError):
        facts_from_json(kept)
    with pytest.raises(ValueError):
        facts_from_json(kept[:8])


def test_quick_read_falls_back_to_the_full_read(content: Content) -> None:
    data = record_to_json(early_cohort()[0])
    data["patient"]["advanced_diagnosis_date"] = 20260301  # not a date: the full read says so
    with pytest.raises(Exception, match="Date of advanced diagnosis"):
        measure_record(data)


# -- content -----------------------------------------------------------------------------------


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(resource("content"), folder)
    path = folder / "measures.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "window_days = 56",
            "window_days = 0",
            "measure.goc_within_8_weeks.parameters.window_days",
        ),
        ("window_days = 56", "window_days = 8.5", "whole number of days"),
        ("[measure.proxy_named]", "[measure.proxy_name]", "missing: proxy_named"),
        ('"already_seeing"]', '"maybe"]', "must list one or more of"),
        ("last {days} days of life", "last {weeks} days of life", "may only use {days}"),
        ('better = "lower"', 'better = "down"', "'higher' or 'lower'"),
        ('sources = ["nqf_eol", "earle2008"]', 'sources = ["nqf9999"]', "not in references.toml"),
        ("format = 1", "format = 2", "measures format 1"),
        ("under_days = 3", "under_days = 3\nweeks = 2", "unknown weeks"),
    ],
)
def test_broken_measures_file_names_the_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ContentError, match=r"measures\.toml") as caught:
        load_content(_edited(tmp_path, old, new))
    assert message in str(caught.value)


def test_titles_in_spanish(content: Content) -> None:
    results = compute_measures([], content, AS_OF, lang="es")
    titles = {r.key: r.title for r in results}
    assert titles["chemo_last_14_days"] == (
        "Tratamiento farmacológico del cáncer en los últimos 14 días de vida"
    )
    assert "4 semanas" in titles["stepped_first_visit"]
    assert {r.source for r in results} >= {"NQF 0210", "NQF 0213", "NQF 0215", "NQF 0216"}
