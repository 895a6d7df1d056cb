"""Stepped palliative care (Temel et al., JAMA 2024; NCT03337399 arm I): each patient's step
and what is due when.

:func:`schedule` is pure: dates and scores in, a :class:`Schedule` out, with a plain sentence
for every date saying which rule made it. The cadences, windows and threshold come from
content/stepped_care.toml. :func:`schedule_for_record` picks the inputs out of a record, and
:func:`enrolment_baseline` is the one baseline every rule, schedule, chart and document uses.

Due dates never depend on ``today`` (only what is overdue does): a date is fixed by enrolment,
events, visits and scores, so a schedule computed on an earlier day still holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from waypoint.clinical.assessments import fact_l_score
from waypoint.content.stepped import SCHEDULE_EVENTS, SteppedRules
from waypoint.dates import format_day
from waypoint.record.care_events import discharged_on
from waypoint.record.model import ADMISSION_KINDS, FACT_L_MAX, Record

MODES = ("stepped", "early")
VISIT_KIND = "palliative_care_visit"
_WEEK = dt.timedelta(weeks=1)
#: Events after which stepped care schedules nothing more.
_ENDINGS = ("death", "hospice_enrolment")


@dataclass(frozen=True)
class Schedule:
    """Where a patient is in stepped (or early) palliative care, and what is due.

    ``ended_by`` is "death" or "hospice_enrolment" once either has happened (nothing is then
    scheduled), and ``baseline`` the enrolment FACT-L (None when it was not recorded).
    """

    mode: str
    step: int
    stepped_up_on: dt.date | None
    next_fact_l_due: dt.date | None
    next_visit_due: dt.date | None
    overdue: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    baseline: float | None = None
    ended_by: str = ""
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class _Event:
    day: dt.date
    kind: str
    discharged: dt.date | None = None


@dataclass
class _Draft:
    """A schedule being worked out: the pieces the rule functions fill in."""

    rules: SteppedRules
    enrolled: dt.date
    baseline: float | None
    scores: list[tuple[dt.date, float]]
    events: list[_Event]
    visits: list[dt.date]
    today: dt.date
    mode: str
    step: int = 1
    stepped_up_on: dt.date | None = None
    reasons: list[str] = field(default_factory=list)
    visit_due: list[tuple[dt.date, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def format_score(value: float) -> str:
    """A FACT-L score as shown: 91, 21.5 (one decimal at most, no trailing .0)."""
    return f"{round(value, 1):g}"


def enrolment_baseline(record: Record) -> float | None:
    """The baseline FACT-L: the total recorded at enrolment, or None when it was not.

    The only baseline: a later score never stands in for it (that made one care plan say
    "step up" and "step 1" about the same patient). Callers say it is missing instead.
    """
    return record.patient.stepped_care.baseline_fact_l


def schedule(
    enrolled: dt.date,
    baseline_fact_l: float | None,
    fact_l: Sequence[tuple[dt.date, float]],
    events: Sequence[tuple[dt.date, str] | tuple[dt.date, str, dt.date | None]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str = "stepped",
    *,
    rules: SteppedRules,
) -> Schedule:
    """The patient's step and what is due.

    Args:
        enrolled: the enrolment date.
        baseline_fact_l: the FACT-L total at enrolment (0–136, one decimal at most); None when
            it was not recorded (the schedule then asks for it).
        fact_l: (date, total) of each FACT-L after the baseline, in any order.
        events: (date, kind) or (date, kind, discharge date) with kind "treatment_change",
            "hospitalization", "icu_admission", "progression", "hospice_enrolment" or "death".
            An admission's window starts at its discharge; with none yet, nothing is due.
        visits: dates of palliative care visits.
        today: the date overdue items are judged against.
        mode: "stepped" or "early".
        rules: the stepped-care rules of the content in use.

    Raises:
        ValueError: naming the bad input (dates out of order, scores out of range, unknown kinds).
    """
    if baseline_fact_l is not None:
        _check_score("baseline FACT-L", baseline_fact_l)
    return _plan(enrolled, baseline_fact_l, fact_l, events, visits, today, mode, rules)


def schedule_for_record(record: Record, today: dt.date, rules: SteppedRules) -> Schedule | None:
    """The schedule of an enrolled patient (None when not enrolled).

    Entries dated before enrolment or after ``today`` are not inputs (an admission counts when
    its discharge falls in between). Raises ValueError when the enrolment date is after ``today``.
    """
    care = record.patient.stepped_care
    enrolled = care.enrolled_on
    if enrolled is None:
        return None

    def inside(day: dt.date | None) -> bool:
        return day is not None and enrolled <= day <= today

    scores = [(day, score) for day, score in fact_l_series(record) if inside(day)]
    events: list[tuple[dt.date, str, dt.date | None]] = []
    for e in record.events:
        if e.date is None or e.kind not in SCHEDULE_EVENTS or e.date > today:
            continue
        discharged = discharged_on(e, today)
        if inside(e.date) or (e.kind in ADMISSION_KINDS and inside(discharged)):
            events.append((e.date, e.kind, discharged))
    visits = [e.date for e in record.events if e.kind == VISIT_KIND and e.date and inside(e.date)]
    return _plan(
        enrolled, enrolment_baseline(record), scores, events, visits, today, care.mode, rules
    )


def fact_l_series(record: Record, as_of: dt.date | None = None) -> list[tuple[dt.date, float]]:
    """Every FACT-L score in the record (totals, or added up from subscales), oldest first."""
    found = []
    for a in record.assessments:
        score = fact_l_score(a)
        if a.date is not None and score is not None and (as_of is None or a.date <= as_of):
            found.append((a.date, score))
    return sorted(found, key=lambda s: s[0])


def chart_axis(values: Sequence[float]) -> tuple[int, int, int]:
    """(low, high, tick step) of a FACT-L axis that shows every value with some room.

    Ticks are the multiples of the step from ``low`` up; ``high`` may be 136, the scale's top.
    """
    low = int(max(0, (min(values, default=80) - 6) // 10 * 10))
    high = int(min(FACT_L_MAX, -(-(max(values, default=120) + 6) // 10) * 10))
    if high - low < 30:
        high = min(FACT_L_MAX, low + 30)
        low = max(0, (high - 30) // 10 * 10)
    return low, high, 10 if high - low <= 60 else 20


# -- the rules ---------------------------------------------------------------------------------


def _plan(
    enrolled: dt.date,
    baseline: float | None,
    fact_l: Sequence[tuple[dt.date, float]],
    events: Sequence[tuple[object, ...]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str,
    rules: SteppedRules,
) -> Schedule:
    scores, kinds, seen = _checked(enrolled, fact_l, events, visits, today, mode)
    draft = _Draft(rules, enrolled, baseline, scores, kinds, seen, today, mode)
    ending = next((e for e in kinds if e.kind in _ENDINGS), None)
    if mode == "early":
        _early_visits(draft)
    else:
        _step(draft)
        _step_visits(draft)
    if ending is not None:
        return _ended(draft, ending)
    draft.visit_due.sort(key=lambda item: item[0])
    draft.reasons.extend(reason for _due, reason in draft.visit_due)
    next_visit = draft.visit_due[0][0] if draft.visit_due else None
    overdue = []
    if next_visit is not None and next_visit < today:
        overdue.append(rules.text("wording.visit_overdue", due=format_day(next_visit)))
    next_fact_l = _fact_l_due(draft)
    if next_fact_l is not None and next_fact_l < today:
        overdue.append(rules.text("wording.fact_l_overdue", due=format_day(next_fact_l)))
    return _result(draft, next_fact_l, next_visit, overdue)


def _result(
    draft: _Draft,
    next_fact_l: dt.date | None,
    next_visit: dt.date | None,
    overdue: list[str],
    ending: _Event | None = None,
) -> Schedule:
    return Schedule(
        mode=draft.mode,
        step=draft.step,
        stepped_up_on=draft.stepped_up_on,
        next_fact_l_due=next_fact_l,
        next_visit_due=next_visit,
        overdue=overdue,
        reasons=draft.reasons,
        sources=tuple(dict.fromkeys(draft.sources)),
        baseline=draft.baseline,
        ended_by=ending.kind if ending else "",
        ended_on=ending.day if ending else None,
    )


def _ended(draft: _Draft, ending: _Event) -> Schedule:
    """After death or hospice enrolment nothing is scheduled; the step reached is kept."""
    key = "end.death" if ending.kind == "death" else "end.hospice"
    draft.reasons.append(draft.rules.text(key, date=format_day(ending.day)))
    draft.sources.extend(draft.rules.sources["end"])
    return _result(draft, None, None, [], ending)


def _step(draft: _Draft) -> None:
    """Step 1, or step 2 from the first score the threshold or more below the baseline."""
    rules, baseline = draft.rules, draft.baseline
    draft.sources.extend(rules.sources["step1"] + rules.sources["first_visit"])
    if baseline is None:
        draft.reasons.append(rules.text("baseline.missing"))
        draft.sources.extend(rules.sources["baseline"])
        return
    # Compared to one decimal, so 100 → 90.0 steps up and 100 → 90.1 does not.
    drop = next(
        ((d, s) for d, s in draft.scores if round(baseline - s, 1) >= rules.step_up_points), None
    )
    if drop is None:
        draft.reasons.append(
            rules.text(
                "step1.status",
                enrolled=format_day(draft.enrolled),
                points=rules.step_up_points,
                baseline=format_score(baseline),
            )
        )
        return
    draft.step, draft.stepped_up_on = 2, drop[0]
    draft.sources[:] = rules.sources["step_up"] + rules.sources["step2"]
    draft.reasons.append(
        rules.text(
            "step_up.status",
            date=format_day(drop[0]),
            score=format_score(drop[1]),
            drop=format_score(baseline - drop[1]),
            baseline=format_score(baseline),
            points=rules.step_up_points,
        )
    )


def _step_visits(draft: _Draft) -> None:
    """The first visit, visits after events in step 1, and the step 2 cadence."""
    rules, seen = draft.rules, draft.visits
    if not seen:
        due = draft.enrolled + rules.first_visit_weeks * _WEEK
        draft.visit_due.append(
            (
                due,
                rules.text(
                    "first_visit.reason",
                    due=format_day(due),
                    weeks=rules.first_visit_weeks,
                    enrolled=format_day(draft.enrolled),
                ),
            )
        )
    for event in draft.events:
        in_step_1 = draft.stepped_up_on is None or event.day < draft.stepped_up_on
        if event.kind in rules.visit_after and in_step_1:
            _event_visit(draft, event)
    if draft.stepped_up_on is not None:
        after = [v for v in seen if v >= draft.stepped_up_on]
        since, label = (
            (after[-1], "wording.last_visit") if after else (draft.stepped_up_on, "wording.step_up")
        )
        due = since + rules.step2_visit_weeks * _WEEK
        draft.visit_due.append(
            (
                due,
                rules.text(
                    "step2.visit_reason",
                    due=format_day(due),
                    weeks=rules.step2_visit_weeks,
                    since=_since(rules, label, since),
                ),
            )
        )
    elif not draft.visit_due and not any(
        e.kind in ADMISSION_KINDS and e.discharged is None for e in draft.events
    ):
        draft.reasons.append(rules.text("step1.no_visit_reason"))


def _event_visit(draft: _Draft, event: _Event) -> None:
    """A visit within the window after a treatment change, or after discharge from an admission."""
    rules = draft.rules
    weeks, name = rules.event_window_weeks, rules.event_names[event.kind]
    if event.kind in ADMISSION_KINDS:
        if event.discharged is None:  # still in hospital: the window has not opened
            draft.reasons.append(
                rules.text(
                    "step1.admitted_reason", weeks=weeks, event=name, date=format_day(event.day)
                )
            )
            return
        start = event.discharged
    else:
        start = event.day
    if any(v >= start for v in draft.visits):
        return  # a visit since the event (or discharge) answered it
    due = start + weeks * _WEEK
    if event.kind in ADMISSION_KINDS:
        text = rules.text(
            "step1.discharge_reason",
            due=format_day(due),
            weeks=weeks,
            discharged=format_day(start),
            event=name,
            date=format_day(event.day),
        )
    else:
        text = rules.text(
            "step1.event_reason",
            due=format_day(due),
            weeks=weeks,
            event=name,
            date=format_day(event.day),
        )
    draft.visit_due.append((due, text))


def _early_visits(draft: _Draft) -> None:
    """Early palliative care: visits every few weeks from enrolment, whatever the score."""
    rules = draft.rules
    draft.sources.extend(rules.sources["early"])
    weeks = rules.early_visit_weeks
    draft.reasons.append(
        rules.text("early.status", enrolled=format_day(draft.enrolled), weeks=weeks)
    )
    last = draft.visits[-1] if draft.visits else None
    since, label = (last, "wording.last_visit") if last else (draft.enrolled, "wording.enrolment")
    due = since + weeks * _WEEK
    draft.visit_due.append(
        (
            due,
            rules.text(
                "early.visit_reason",
                due=format_day(due),
                weeks=weeks,
                since=_since(rules, label, since),
            ),
        )
    )


def _fact_l_due(draft: _Draft) -> dt.date | None:
    """FACT-L every N weeks from enrolment (6, 12, 18 …); a score shortly before a date counts.

    The dates stay on the enrolment grid whatever day a score was taken, and in both steps.
    """
    rules = draft.rules
    if draft.mode == "stepped" and draft.baseline is None:
        return draft.enrolled  # the baseline itself is what is missing
    if draft.mode == "early":
        cadence, no_fact_l = rules.early_fact_l_weeks, rules.text("early.fact_l_reason")
    elif draft.step == 2:
        cadence = rules.step2_fact_l_weeks
        no_fact_l = rules.text("step2.fact_l_reason", weeks=rules.step2_visit_weeks)
    else:
        cadence, no_fact_l = rules.step1_fact_l_weeks, ""
    if not cadence:
        if no_fact_l:
            draft.reasons.append(no_fact_l)
        return None
    early = dt.timedelta(days=rules.fact_l_days_before)
    last = draft.scores[-1][0] if draft.scores else draft.enrolled
    due = draft.enrolled + cadence * _WEEK
    while due - early <= last:
        due += cadence * _WEEK
    draft.reasons.append(
        rules.text(
            "step1.fact_l_reason",
            due=format_day(due),
            weeks=cadence,
            enrolled=format_day(draft.enrolled),
            days=rules.fact_l_days_before,
        )
    )
    return due


def _since(rules: SteppedRules, label: str, day: dt.date) -> str:
    return f"{rules.text(label)} ({format_day(day)})"


# -- checking the inputs -----------------------------------------------------------------------


def _check_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{name} must be a date, not {value!r}")
    return value


def _check_score(name: str, value: object) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and 0 <= value <= FACT_L_MAX and abs(value * 10 - round(value * 10)) < 1e-6:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]
    raise ValueError(
        f"{name} must be a score from 0 to {FACT_L_MAX} with at most one decimal, not {value!r}"
    )


def _check_span(name: str, day: object, enrolled: dt.date, today: dt.date) -> dt.date:
    value = _check_date(name, day)
    if value < enrolled:
        raise ValueError(
            f"{name} ({value.isoformat()}) is before the enrolment date ({enrolled.isoformat()})"
        )
    if value > today:
        raise ValueError(f"{name} ({value.isoformat()}) is after today ({today.isoformat()})")
    return value


def _pair(name: str, item: object) -> tuple[object, object]:
    if not isinstance(item, tuple | list) or len(item) != 2:
        raise ValueError(f"each {name} must be a (date, value) pair, not {item!r}")
    return item[0], item[1]


def _event(item: object, enrolled: dt.date, today: dt.date) -> _Event:
    if not isinstance(item, tuple | list) or len(item) not in (2, 3):
        raise ValueError(
            f"each event must be (date, kind) or (date, kind, discharge), not {item!r}"
        )
    when, kind = item[0], item[1]
    if kind not in SCHEDULE_EVENTS:
        raise ValueError(f"unknown event kind {kind!r}; allowed: {', '.join(SCHEDULE_EVENTS)}")
    end = item[2] if len(item) == 3 else None
    if end is None:
        return _Event(_check_span(f"{kind} date", when, enrolled, today), str(kind))
    if kind not in ADMISSION_KINDS:
        raise ValueError(f"{kind} has no discharge date, not {end!r}")
    # An admission that began before enrolment counts when its discharge falls after it.
    day = _check_date(f"{kind} date", when)
    discharged = _check_span(f"{kind} discharge date", end, max(day, enrolled), today)
    return _Event(day, str(kind), discharged)


def _checked(
    enrolled: dt.date,
    fact_l: Sequence[tuple[dt.date, float]],
    events: Sequence[tuple[object, ...]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str,
) -> tuple[list[tuple[dt.date, float]], list[_Event], list[dt.date]]:
    """The inputs checked and sorted by date; raise ValueError naming the first bad one."""
    if mode not in MODES:
        raise ValueError(f"mode must be 'stepped' or 'early', not {mode!r}")
    enrolled = _check_date("enrolled", enrolled)
    today = _check_date("today", today)
    if today < enrolled:
        raise ValueError(
            f"today ({today.isoformat()}) is before the enrolment date ({enrolled.isoformat()})"
        )
    scores: list[tuple[dt.date, float]] = []
    for item in fact_l:
        day, score = _pair("FACT-L", item)
        _check_score("FACT-L total", score)
        scores.append((_check_span("FACT-L date", day, enrolled, today), score))  # type: ignore[arg-type]
    kinds = [_event(item, enrolled, today) for item in events]
    seen = sorted(_check_span("palliative care visit date", v, enrolled, today) for v in visits)
    # Stable sorts: two scores on one day keep the order they were entered in.
    return sorted(scores, key=lambda s: s[0]), sorted(kinds, key=lambda k: k.day), seen
