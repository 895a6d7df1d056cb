"""Stepped palliative care (Temel et al., JAMA 2024): each patient's step and what is due when.

:func:`schedule` is pure: dates and scores in, a :class:`Schedule` out, with a plain sentence
for every date saying which rule made it. The cadences, windows and threshold come from
content/stepped_care.toml. :func:`schedule_for_record` picks the inputs out of a record.

Due dates never depend on ``today`` (only what is overdue does), so they can be computed when a
record is saved and kept in the patient's index row for the worklist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from waypoint.model import Record
from waypoint.stepped_content import SCHEDULE_EVENTS, SteppedRules, shipped_stepped_rules

MODES = ("stepped", "early")
VISIT_KIND = "palliative_care_visit"
FACT_L_MAX = 136
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Schedule:
    """Where a patient is in stepped (or early) palliative care, and what is due."""

    mode: str
    step: int
    stepped_up_on: dt.date | None
    next_fact_l_due: dt.date | None
    next_visit_due: dt.date | None
    overdue: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    sources: tuple[str, ...] = ()


def format_day(value: dt.date) -> str:
    """A date as reasons show it: 14 Mar 2026 (the same in every locale)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def schedule(
    enrolled: dt.date,
    baseline_fact_l: int,
    fact_l: Sequence[tuple[dt.date, int]],
    events: Sequence[tuple[dt.date, str]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str = "stepped",
    *,
    rules: SteppedRules | None = None,
) -> Schedule:
    """The patient's step and what is due.

    Args:
        enrolled: the enrolment date.
        baseline_fact_l: the FACT-L total at enrolment (0–136).
        fact_l: (date, total) of each FACT-L after the baseline, in any order.
        events: (date, kind) with kind "treatment_change", "hospitalization" or "progression".
        visits: dates of palliative care visits.
        today: the date overdue items are judged against.
        mode: "stepped" or "early".
        rules: the content rules (the shipped ones by default).

    Raises:
        ValueError: naming the bad input (dates out of order, scores out of range, unknown kinds).
    """
    _check_score("baseline FACT-L", baseline_fact_l)
    return _plan(enrolled, baseline_fact_l, fact_l, events, visits, today, mode, rules)


def schedule_for_record(
    record: Record, today: dt.date, rules: SteppedRules | None = None
) -> Schedule | None:
    """The schedule of an enrolled patient (None when not enrolled).

    Entries dated before enrolment or after ``today`` are not inputs. Without a recorded
    baseline, the first FACT-L after enrolment stands in for it, and the reasons say so.
    Raises ValueError when the enrolment date is after ``today``.
    """
    care = record.patient.stepped_care
    enrolled = care.enrolled_on
    if enrolled is None:
        return None
    rules = rules or shipped_stepped_rules()

    def inside(day: dt.date | None) -> bool:
        return day is not None and enrolled <= day <= today

    scores = sorted(
        (a.date, a.fact_l_total)
        for a in record.assessments
        if a.date is not None and inside(a.date) and a.fact_l_total is not None
    )
    events = [
        (e.date, e.kind)
        for e in record.events
        if e.date is not None and inside(e.date) and e.kind in SCHEDULE_EVENTS
    ]
    visits = [
        e.date
        for e in record.events
        if e.date is not None and inside(e.date) and e.kind == VISIT_KIND
    ]
    baseline = care.baseline_fact_l
    note = ""
    if baseline is None and scores:
        first_day, baseline = scores[0]
        note = rules.text("baseline.assumed", score=baseline, date=format_day(first_day))
    plan = _plan(enrolled, baseline, scores, events, visits, today, care.mode, rules)
    if note:
        plan.reasons.insert(0, note)
    return plan


def fact_l_series(record: Record) -> list[tuple[dt.date, int]]:
    """Every FACT-L total in the record, oldest first (what the trend chart draws)."""
    return sorted(
        (a.date, a.fact_l_total)
        for a in record.assessments
        if a.date is not None and a.fact_l_total is not None
    )


def chart_axis(values: Sequence[int]) -> tuple[int, int, int]:
    """(low, high, tick step) of a FACT-L axis that shows every value with some room.

    Ticks are the multiples of the step from ``low`` up; ``high`` may be 136, the scale's top.
    """
    low = max(0, (min(values, default=80) - 6) // 10 * 10)
    high = min(FACT_L_MAX, -(-(max(values, default=120) + 6) // 10) * 10)
    if high - low < 30:
        high = min(FACT_L_MAX, low + 30)
        low = max(0, (high - 30) // 10 * 10)
    return low, high, 10 if high - low <= 60 else 20


# -- the rules ---------------------------------------------------------------------------------


def _plan(
    enrolled: dt.date,
    baseline: int | None,
    fact_l: Sequence[tuple[dt.date, int]],
    events: Sequence[tuple[dt.date, str]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str,
    rules: SteppedRules | None,
) -> Schedule:
    rules = rules or shipped_stepped_rules()
    scores, kinds, seen = _checked(enrolled, fact_l, events, visits, today, mode)
    week = dt.timedelta(weeks=1)
    reasons: list[str] = []
    overdue: list[str] = []
    visit_due: list[tuple[dt.date, str]] = []
    step, stepped_up_on = 1, None
    last_visit = seen[-1] if seen else None

    if mode == "early":
        sources = rules.sources["early"]
        cadence = rules.early_fact_l_weeks
        reasons.append(
            rules.text("early.status", enrolled=format_day(enrolled), weeks=rules.early_visit_weeks)
        )
        since, label = (
            (last_visit, "wording.last_visit") if last_visit else (enrolled, "wording.enrolment")
        )
        due = since + rules.early_visit_weeks * week
        visit_due.append(
            (
                due,
                rules.text(
                    "early.visit_reason",
                    due=format_day(due),
                    weeks=rules.early_visit_weeks,
                    since=_since(rules, label, since),
                ),
            )
        )
        no_fact_l = rules.text("early.fact_l_reason")
    else:
        sources = rules.sources["step1"] + rules.sources["first_visit"]
        if baseline is not None:
            threshold = baseline - rules.step_up_points
            drop = next(((d, s) for d, s in scores if s <= threshold), None)
            if drop is not None:
                step, stepped_up_on = 2, drop[0]
                sources = rules.sources["step_up"] + rules.sources["step2"]
                reasons.append(
                    rules.text(
                        "step_up.status",
                        date=format_day(drop[0]),
                        score=drop[1],
                        drop=baseline - drop[1],
                        baseline=baseline,
                        points=rules.step_up_points,
                    )
                )
            else:
                reasons.append(
                    rules.text(
                        "step1.status",
                        enrolled=format_day(enrolled),
                        points=rules.step_up_points,
                        baseline=baseline,
                    )
                )
        else:
            reasons.append(rules.text("baseline.missing"))
            sources = sources + rules.sources["baseline"]
        if not seen:
            due = enrolled + rules.first_visit_weeks * week
            visit_due.append(
                (
                    due,
                    rules.text(
                        "first_visit.reason",
                        due=format_day(due),
                        weeks=rules.first_visit_weeks,
                        enrolled=format_day(enrolled),
                    ),
                )
            )
        for day, kind in kinds:
            in_step_1 = stepped_up_on is None or day < stepped_up_on
            answered = any(v >= day for v in seen)
            if kind in rules.visit_after and in_step_1 and not answered:
                due = day + rules.event_window_weeks * week
                visit_due.append(
                    (
                        due,
                        rules.text(
                            "step1.event_reason",
                            due=format_day(due),
                            weeks=rules.event_window_weeks,
                            event=rules.event_names[kind],
                            date=format_day(day),
                        ),
                    )
                )
        if stepped_up_on is not None:
            after = [v for v in seen if v >= stepped_up_on]
            since, label = (
                (after[-1], "wording.last_visit") if after else (stepped_up_on, "wording.step_up")
            )
            due = since + rules.step2_visit_weeks * week
            visit_due.append(
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
            cadence = rules.step2_fact_l_weeks
            no_fact_l = rules.text("step2.fact_l_reason", weeks=rules.step2_visit_weeks)
        else:
            cadence = rules.step1_fact_l_weeks
            no_fact_l = ""
        if not visit_due:
            reasons.append(rules.text("step1.no_visit_reason"))

    visit_due.sort(key=lambda item: item[0])
    reasons.extend(reason for _due, reason in visit_due)
    next_visit = visit_due[0][0] if visit_due else None
    if next_visit is not None and next_visit < today:
        overdue.append(rules.text("wording.visit_overdue", due=format_day(next_visit)))

    next_fact_l: dt.date | None = None
    if mode == "stepped" and baseline is None:
        next_fact_l = enrolled  # the baseline itself is what is missing
    elif cadence:
        since, label = (
            (scores[-1][0], "wording.last_fact_l") if scores else (enrolled, "wording.enrolment")
        )
        next_fact_l = since + cadence * week
        reasons.append(
            rules.text(
                "step1.fact_l_reason",
                due=format_day(next_fact_l),
                weeks=cadence,
                since=_since(rules, label, since),
            )
        )
    elif no_fact_l:
        reasons.append(no_fact_l)
    if next_fact_l is not None and next_fact_l < today:
        overdue.append(rules.text("wording.fact_l_overdue", due=format_day(next_fact_l)))

    return Schedule(
        mode=mode,
        step=step,
        stepped_up_on=stepped_up_on,
        next_fact_l_due=next_fact_l,
        next_visit_due=next_visit,
        overdue=overdue,
        reasons=reasons,
        sources=tuple(dict.fromkeys(sources)),
    )


def _since(rules: SteppedRules, label: str, day: dt.date) -> str:
    return f"{rules.text(label)} ({format_day(day)})"


# -- checking the inputs -----------------------------------------------------------------------


def _check_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{name} must be a date, not {value!r}")
    return value


def _check_score(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= FACT_L_MAX:
        raise ValueError(f"{name} must be a whole number from 0 to {FACT_L_MAX}, not {value!r}")
    return value


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


def _checked(
    enrolled: dt.date,
    fact_l: Sequence[tuple[dt.date, int]],
    events: Sequence[tuple[dt.date, str]],
    visits: Sequence[dt.date],
    today: dt.date,
    mode: str,
) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, str]], list[dt.date]]:
    """The inputs checked and sorted by date; raise ValueError naming the first bad one."""
    if mode not in MODES:
        raise ValueError(f"mode must be 'stepped' or 'early', not {mode!r}")
    enrolled = _check_date("enrolled", enrolled)
    today = _check_date("today", today)
    if today < enrolled:
        raise ValueError(
            f"today ({today.isoformat()}) is before the enrolment date ({enrolled.isoformat()})"
        )
    scores: list[tuple[dt.date, int]] = []
    for item in fact_l:
        day, score = _pair("FACT-L", item)
        scores.append(
            (_check_span("FACT-L date", day, enrolled, today), _check_score("FACT-L total", score))
        )
    kinds: list[tuple[dt.date, str]] = []
    for event in events:
        when, kind = _pair("event", event)
        if kind not in SCHEDULE_EVENTS:
            raise ValueError(f"unknown event kind {kind!r}; allowed: {', '.join(SCHEDULE_EVENTS)}")
        kinds.append((_check_span(f"{kind} date", when, enrolled, today), str(kind)))
    seen = sorted(_check_span("palliative care visit date", v, enrolled, today) for v in visits)
    # Stable sorts: two scores on one day keep the order they were entered in.
    return sorted(scores, key=lambda s: s[0]), sorted(kinds, key=lambda k: k[0]), seen
