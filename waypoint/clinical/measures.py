"""The clinic's quality measures: for each, how many patients (or visits due) met it, out of how many.

Pure functions over records and the content bundle (content/measures.toml for the wording and
numbers, stepped_care.toml for what "on time" means in stepped care). Every measure is counted
"as of" a report date: nothing dated after it is seen. Days are inclusive: "within 56 days" of
the advanced diagnosis includes day 56 and not day 57.

A period (``start`` to ``end``, either open) picks whom a measure is about by an index date:
the advanced diagnosis for the 8-week measures, the latest conversation in the period for code
status and proxy, the death for the end-of-life measures, and the start of each stepped-care
window (enrolment, the treatment change or discharge, the FACT-L due date). A window still open
on the as-of date is not counted yet, so a patient diagnosed last week never counts as missed.

Amended conversations count as amended (:meth:`Record.current_conversations`); deleted patients
are not in the store's list, so they are never counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from waypoint.clinical.rules.base import advanced_diagnosis
from waypoint.clinical.stepped_care import VISIT_KIND, fact_l_series, schedule_for_record
from waypoint.content.bundle import Content
from waypoint.content.measures import MeasureText
from waypoint.content.stepped import SteppedRules, load_stepped_rules
from waypoint.record.care_events import death
from waypoint.record.model import ADMISSION_KINDS, Conversation, Record

_DAY = dt.timedelta(days=1)
_ENDINGS = ("death", "hospice_enrolment")


@dataclass(frozen=True)
class Period:
    """Index dates from ``start`` to ``end`` inclusive; None leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Tally:
    """One patient's part in a measure: ``met`` of ``of`` (1 of 1 for a patient-level measure)."""

    patient_id: str
    met: int
    of: int


@dataclass(frozen=True)
class MeasureResult:
    """One measure's figures, its wording and whom it counted."""

    key: str
    title: str
    source: str
    better: str
    numerator: int
    denominator: int
    tallies: tuple[Tally, ...] = field(default=(), repr=False)

    @property
    def percent(self) -> float | None:
        """Numerator as a percentage of the denominator (None when nobody was counted)."""
        return 100 * self.numerator / self.denominator if self.denominator else None


def measure_titles(
    content: Content, lang: str = "en", rules: SteppedRules | None = None
) -> dict[str, str]:
    """Key → title in ``lang`` with every number filled in."""
    rules = rules or load_stepped_rules(content.folder)
    return {key: _title(content.measures[key], lang, rules) for key in content.measures.order}


def _title(text: MeasureText, lang: str, rules: SteppedRules) -> str:
    if text.key == "stepped_fact_l_on_time":
        return text.title(lang, weeks=rules.step1_fact_l_weeks, days=rules.fact_l_days_before)
    if text.key == "stepped_event_visit":
        return text.title(lang, weeks=rules.event_window_weeks)
    if text.key == "stepped_first_visit":
        return text.title(lang, weeks=rules.first_visit_weeks)
    return text.title(lang)


def compute_measures(
    records: Iterable[Record],
    content: Content,
    as_of: dt.date,
    period: Period | None = None,
    *,
    lang: str = "en",
    rules: SteppedRules | None = None,
) -> list[MeasureResult]:
    """Every measure over ``records`` as of ``as_of``, in the order content lists them.

    ``rules`` are the stepped-care rules of the same content folder (loaded from it when None).
    """
    period = period or Period()
    rules = rules or load_stepped_rules(content.folder)
    keys = content.measures.order
    tallies: dict[str, list[Tally]] = {key: [] for key in keys}
    for record in records:
        for key, (met, of) in patient_measures(record, content, as_of, period, rules).items():
            tallies[key].append(Tally(record.patient.id, met, of))
    results = []
    for key in keys:
        text = content.measures[key]
        counted = tuple(tallies[key])
        results.append(
            MeasureResult(
                key=key,
                title=_title(text, lang, rules),
                source=text.source,
                better=text.better,
                numerator=sum(t.met for t in counted),
                denominator=sum(t.of for t in counted),
                tallies=counted,
            )
        )
    return results


def patient_measures(
    record: Record, content: Content, as_of: dt.date, period: Period, rules: SteppedRules
) -> dict[str, tuple[int, int]]:
    """Key → (met, of) for the measures this patient is counted in (absent: not counted)."""
    found: dict[str, tuple[int, int]] = {}
    talks = [c for c in record.current_conversations() if c.date is not None and c.date <= as_of]
    _early_measures(record, content, as_of, period, talks, found)
    _record_measures(record, content, as_of, period, talks, found)
    _end_of_life(record, content, as_of, period, talks, found)
    _stepped_measures(record, as_of, period, rules, found)
    return found


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _early_measures(
    record: Record,
    content: Content,
    as_of: dt.date,
    period: Period,
    talks: list[Conversation],
    found: dict[str, tuple[int, int]],
) -> None:
    """Goals-of-care conversation and palliative care within the window after the diagnosis."""
    diagnosed = advanced_diagnosis(record)
    if diagnosed is None or not period.holds(diagnosed):
        return
    goc = content.measures["goc_within_8_weeks"].numbers["window_days"]
    end = diagnosed + goc * _DAY
    if end <= as_of:
        found["goc_within_8_weeks"] = (int(any(_within(c.date, diagnosed, end) for c in talks)), 1)
    referral = content.measures["palliative_referral_within_8_weeks"]
    end = diagnosed + referral.numbers["window_days"] * _DAY
    if end <= as_of:
        states = referral.codes["referral_states"]
        visited = any(
            e.kind == VISIT_KIND and _within(e.date, diagnosed, end) for e in record.events
        )
        referred = any(
            c.quality_of_life.palliative_referral in states
            and _within(c.quality_of_life.referral_date, diagnosed, end)
            for c in talks
        )
        found["palliative_referral_within_8_weeks"] = (int(visited or referred), 1)


def _record_measures(
    record: Record,
    content: Content,
    as_of: dt.date,
    period: Period,
    talks: list[Conversation],
    found: dict[str, tuple[int, int]],
) -> None:
    """Code status and proxy, for patients whose latest conversation falls in the period."""
    cut = min(as_of, period.end) if period.end else as_of
    dated = [(c.date, i, c) for i, c in enumerate(talks) if c.date is not None and c.date <= cut]
    if not dated:
        return
    latest = max(dated, key=lambda t: (t[0], t[1]))[2]
    if latest.date is None or not period.holds(latest.date):
        return
    cpr = content.measures["code_status_documented"].codes["cpr_documented"]
    found["code_status_documented"] = (int(latest.transition.code_status.cpr in cpr), 1)
    # The proxy is kept on the patient, undated: the name recorded now is what counts.
    found["proxy_named"] = (int(bool(record.patient.health_care_proxy.name.strip())), 1)


def _end_of_life(
    record: Record,
    content: Content,
    as_of: dt.date,
    period: Period,
    talks: list[Conversation],
    found: dict[str, tuple[int, int]],
) -> None:
    """The decedent measures (NQF 0210, 0213, 0215, 0216; Serious Illness Care Program)."""
    died = death(record, as_of)
    if died is None or died.date is None or not period.holds(died.date):
        return
    day = died.date

    def before_death(kind: str, days: int) -> bool:
        start = day - days * _DAY
        return any(e.kind == kind and _within(e.date, start, day) for e in record.events)

    measures = content.measures
    chemo = measures["chemo_last_14_days"].numbers["days_before_death"]
    icu = measures["icu_last_30_days"].numbers["days_before_death"]
    hospice = [e.date for e in record.events if e.kind == "hospice_enrolment" and e.date]
    hospice = [d for d in hospice if d <= day]
    short = measures["hospice_under_3_days"].numbers["under_days"]
    found["goc_before_death"] = (int(any(c.date and c.date <= day for c in talks)), 1)
    found["chemo_last_14_days"] = (int(before_death("systemic_therapy", chemo)), 1)
    found["icu_last_30_days"] = (int(before_death("icu_admission", icu)), 1)
    found["no_hospice"] = (int(not hospice), 1)
    found["hospice_under_3_days"] = (int(bool(hospice) and (day - max(hospice)).days < short), 1)


# -- stepped care ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    """A stepped-care item that fell due: met when something happened from ``start`` to ``due``."""

    start: dt.date
    due: dt.date
    index: dt.date


def _stepped_measures(
    record: Record,
    as_of: dt.date,
    period: Period,
    rules: SteppedRules,
    found: dict[str, tuple[int, int]],
) -> None:
    care = record.patient.stepped_care
    enrolled = care.enrolled_on
    if enrolled is None or enrolled > as_of:
        return
    try:
        plan = schedule_for_record(record, as_of, rules)
    except ValueError:
        return  # the overview names the problem; a measure cannot count what it cannot read
    stepped_up = plan.stepped_up_on if plan is not None else None
    inside = [e for e in record.events if _within(e.date, enrolled, as_of)]
    visits = sorted(e.date for e in inside if e.kind == VISIT_KIND and e.date)
    ending = min((e.date for e in inside if e.kind in _ENDINGS and e.date), default=None)
    scores = [d for d, _s in fact_l_series(record, as_of) if d >= enrolled]
    weeks = rules.first_visit_weeks * 7 * _DAY
    first = [_Window(enrolled, enrolled + weeks, enrolled)]
    events = list(_event_windows(record, enrolled, as_of, stepped_up, rules))
    fact_l = list(_fact_l_windows(enrolled, as_of, stepped_up, care.mode, rules))
    if care.mode != "stepped":
        events = []
    for key, windows, done in (
        ("stepped_first_visit", first, visits),
        ("stepped_event_visit", events, visits),
        ("stepped_fact_l_on_time", fact_l, scores),
    ):
        tally = _tally(windows, done, as_of, period, ending)
        if tally[1]:
            found[key] = tally


def _tally(
    windows: list[_Window],
    done: list[dt.date],
    as_of: dt.date,
    period: Period,
    ending: dt.date | None,
) -> tuple[int, int]:
    """(met, of) over the windows closed by ``as_of`` whose index date is in the period.

    After death or hospice enrolment nothing more is due, so a window the ending cut short
    counts only if it was met before the ending.
    """
    met = of = 0
    for window in windows:
        if window.due > as_of or not period.holds(window.index):
            continue
        if _cut_short(window, done, ending):
            continue
        met += any(window.start <= d <= window.due for d in done)
        of += 1
    return met, of


def _cut_short(window: _Window, done: list[dt.date], ending: dt.date | None) -> bool:
    """Death or hospice came before the window closed, and nothing was done before it."""
    if ending is None or ending > window.due:
        return False
    return window.start > ending or not any(window.start <= d <= ending for d in done)


def _event_windows(
    record: Record,
    enrolled: dt.date,
    as_of: dt.date,
    stepped_up: dt.date | None,
    rules: SteppedRules,
) -> Iterator[_Window]:
    """A visit due after each treatment change or discharge in step 1 (stepped_care.toml)."""
    span = rules.event_window_weeks * 7 * _DAY
    for event in record.events:
        if event.date is None or event.kind not in rules.visit_after:
            continue
        if stepped_up is not None and event.date >= stepped_up:
            continue  # step 2 has visits every few weeks instead
        start: dt.date | None = event.date
        if event.kind in ADMISSION_KINDS:
            start = event.end_date if event.end_date and event.end_date <= as_of else None
        if start is not None and enrolled <= start <= as_of:
            yield _Window(start, start + span, start)


def _fact_l_windows(
    enrolled: dt.date, as_of: dt.date, stepped_up: dt.date | None, mode: str, rules: SteppedRules
) -> Iterator[_Window]:
    """FACT-L due every few weeks from enrolment, on the enrolment grid in both steps (as the
    schedule has it); a score up to a few days before a due date counts for it."""
    early = rules.fact_l_days_before * _DAY
    if mode == "early":
        dates = list(_grid(enrolled, rules.early_fact_l_weeks, as_of))
    else:
        switch = stepped_up or as_of + _DAY
        dates = [d for d in _grid(enrolled, rules.step1_fact_l_weeks, as_of) if d < switch]
        dates += [d for d in _grid(enrolled, rules.step2_fact_l_weeks, as_of) if d >= switch]
    for due in dates:
        yield _Window(due - early, due, due)


def _grid(enrolled: dt.date, weeks: int, as_of: dt.date) -> Iterator[dt.date]:
    """Enrolment plus every ``weeks`` weeks, up to ``as_of`` (nothing when ``weeks`` is 0)."""
    n = 1
    while weeks and enrolled + n * weeks * 7 * _DAY <= as_of:
        yield enrolled + n * weeks * 7 * _DAY
        n += 1
