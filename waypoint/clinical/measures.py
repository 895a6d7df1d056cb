"""The clinic's quality measures: for each, how many patients (or visits due) met it, out of how many.

Pure functions over records and the content bundle (content/measures.toml for the wording and
numbers, stepped_care.toml for what "on time" means in stepped care). Every measure is counted
"as of" a report date: nothing dated after it is seen. Days are inclusive: "within 56 days" of
the advanced diagnosis includes day 56 and not day 57.

A period (``start`` to ``end``, either open) picks whom a measure is about by an index date:
the advanced diagnosis for the 8-week measures, the latest conversation on or before the as-of
date for code status and proxy, the death for the end-of-life measures, and the start of each
stepped-care window (enrolment, the treatment change or discharge, the FACT-L due date). So a
report by quarter is the same items counted by quarter (:func:`summarize`). A window still open
on the as-of date is not counted yet, so a patient diagnosed last week never counts as missed.

Amended conversations count as amended (:meth:`Record.current_conversations`); deleted patients
are not in the store's list, so they are never counted.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from waypoint.clinical.measure_facts import Facts, Talk, facts_of
from waypoint.clinical.stepped_care import VISIT_KIND
from waypoint.content.bundle import Content
from waypoint.content.measures import MeasureText
from waypoint.content.stepped import SteppedRules, load_stepped_rules
from waypoint.record.model import ADMISSION_KINDS, Record

#: Days inside the measures are date ordinals (dt.date.toordinal): counting is integer sums.
Day = int
_ENDINGS = ("death", "hospice_enrolment")


@dataclass(frozen=True)
class Period:
    """Index dates from ``start`` to ``end`` inclusive; None leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None


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
    #: (patient id, index day, met) of every item counted, by day.
    counted: tuple[tuple[str, int, bool], ...] = field(default=(), repr=False)

    @property
    def percent(self) -> float | None:
        """Numerator as a percentage of the denominator (None when nobody was counted)."""
        return 100 * self.numerator / self.denominator if self.denominator else None

    @property
    def tallies(self) -> tuple[Tally, ...]:
        """Each patient counted: how many of their items were met, of how many."""
        by_patient: dict[str, list[int]] = {}
        for pid, _day, met in self.counted:
            tally = by_patient.setdefault(pid, [0, 0])
            tally[0] += met
            tally[1] += 1
        return tuple(Tally(pid, met, of) for pid, (met, of) in by_patient.items())


def _title(text: MeasureText, lang: str, rules: SteppedRules) -> str:
    if text.key == "stepped_fact_l_on_time":
        return text.title(lang, weeks=rules.step1_fact_l_weeks, days=rules.fact_l_days_before)
    if text.key == "stepped_event_visit":
        return text.title(lang, weeks=rules.event_window_weeks)
    if text.key == "stepped_first_visit":
        return text.title(lang, weeks=rules.first_visit_weeks)
    return text.title(lang)


#: Measure key → (patient id, index day, met) of every item: one per patient for a
#: patient-level measure, one per window that fell due for a stepped-care one.
Items = dict[str, list[tuple[str, Day, bool]]]


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
    rules = rules or load_stepped_rules(content.folder)
    items = measure_items((facts_of(r) for r in records), content, as_of, rules=rules)
    return summarize(items, content, [period or Period()], lang=lang, rules=rules)[0]


def measure_items(
    patients: Iterable[Facts], content: Content, as_of: dt.date, *, rules: SteppedRules
) -> Items:
    """Every item of every measure as of ``as_of``; :func:`summarize` counts them by period."""
    numbers = _Numbers.of(content)
    day = as_of.toordinal()
    items: Items = {key: [] for key in content.measures.order}
    for facts in patients:
        pid = facts.patient_id
        for key, index, met in patient_items(facts, numbers, day, rules):
            items[key].append((pid, index, met))
    return items


def summarize(
    items: Items,
    content: Content,
    periods: Sequence[Period],
    *,
    lang: str = "en",
    rules: SteppedRules,
) -> list[list[MeasureResult]]:
    """For each period, the measures over the items whose index day falls in it."""
    # Each measure's items sorted by day once; a period is then a slice found by bisection.
    ordered = {key: sorted(items[key], key=_day_of) for key in content.measures.order}
    days = {key: [day for _pid, day, _met in rows] for key, rows in ordered.items()}
    found = []
    for period in periods:
        start = (period.start or dt.date.min).toordinal()
        end = (period.end or dt.date.max).toordinal()
        results = []
        for key, rows in ordered.items():
            text = content.measures[key]
            counted = tuple(rows[bisect_left(days[key], start) : bisect_right(days[key], end)])
            results.append(
                MeasureResult(
                    key=key,
                    title=_title(text, lang, rules),
                    source=text.source,
                    better=text.better,
                    numerator=sum(met for _pid, _day, met in counted),
                    denominator=len(counted),
                    counted=counted,
                )
            )
        found.append(results)
    return found


def _day_of(item: tuple[str, Day, bool]) -> Day:
    return item[1]


@dataclass(frozen=True)
class _Numbers:
    """The content's numbers, looked up once per report rather than once per patient."""

    goc: Day
    referral: Day
    referral_states: tuple[str, ...]
    cpr: tuple[str, ...]
    chemo: Day
    icu: Day
    hospice_days: int

    @classmethod
    def of(cls, content: Content) -> _Numbers:
        m = content.measures
        return cls(
            goc=m["goc_within_8_weeks"].numbers["window_days"],
            referral=m["palliative_referral_within_8_weeks"].numbers["window_days"],
            referral_states=m["palliative_referral_within_8_weeks"].codes["referral_states"],
            cpr=m["code_status_documented"].codes["cpr_documented"],
            chemo=m["chemo_last_14_days"].numbers["days_before_death"],
            icu=m["icu_last_30_days"].numbers["days_before_death"],
            hospice_days=m["hospice_under_3_days"].numbers["under_days"],
        )


_Found = list[tuple[str, Day, bool]]


def patient_items(facts: Facts, numbers: _Numbers, as_of: Day, rules: SteppedRules) -> _Found:
    """(key, index date, met) for each measure and window this patient is counted in."""
    found: _Found = []
    talks = [t for t in facts.talks if t.date <= as_of]
    _early_measures(facts, numbers, as_of, talks, found)
    _record_measures(facts, numbers, talks, found)
    _end_of_life(facts, numbers, as_of, talks, found)
    _stepped_measures(facts, as_of, rules, found)
    return found


def _within(day: Day | None, start: Day, end: Day) -> bool:
    return day is not None and start <= day <= end


def _early_measures(
    facts: Facts, numbers: _Numbers, as_of: Day, talks: list[Talk], found: _Found
) -> None:
    """Goals-of-care conversation and palliative care within the window after the diagnosis
    (index: the advanced diagnosis)."""
    diagnosed = facts.diagnosed
    if diagnosed is None:
        return
    end = diagnosed + numbers.goc
    if end <= as_of:
        found.append(
            ("goc_within_8_weeks", diagnosed, any(diagnosed <= t.date <= end for t in talks))
        )
    end = diagnosed + numbers.referral
    if end <= as_of:
        visited = any(k == VISIT_KIND and diagnosed <= d <= end for k, d, _e in facts.events)
        referred = any(
            t.referral in numbers.referral_states and _within(t.referral_date, diagnosed, end)
            for t in talks
        )
        found.append(("palliative_referral_within_8_weeks", diagnosed, visited or referred))


def _record_measures(facts: Facts, numbers: _Numbers, talks: list[Talk], found: _Found) -> None:
    """Code status and proxy (index: the latest conversation on or before the as-of date)."""
    if not talks:
        return
    # The latest by date; on a tie, the one entered last (as Record.latest_conversation).
    latest = max(enumerate(talks), key=lambda t: (t[1].date, t[0]))[1]
    found.append(("code_status_documented", latest.date, latest.cpr in numbers.cpr))
    # The proxy is kept on the patient, undated: the name recorded now is what counts.
    found.append(("proxy_named", latest.date, facts.proxy_named))


def _end_of_life(
    facts: Facts, numbers: _Numbers, as_of: Day, talks: list[Talk], found: _Found
) -> None:
    """The decedent measures (NQF 0210, 0213, 0215, 0216; Serious Illness Care Program),
    indexed by the date of death (the first recorded, on or before the as-of date)."""
    deaths = [d for k, d, _e in facts.events if k == "death" and d <= as_of]
    if not deaths:
        return
    day = min(deaths)

    def before_death(kind: str, span: Day) -> bool:
        return any(k == kind and day - span <= d <= day for k, d, _e in facts.events)

    hospice = [d for k, d, _e in facts.events if k == "hospice_enrolment" and d <= day]
    short = bool(hospice) and day - max(hospice) < numbers.hospice_days
    found.append(("goc_before_death", day, any(t.date <= day for t in talks)))
    found.append(("chemo_last_14_days", day, before_death("systemic_therapy", numbers.chemo)))
    found.append(("icu_last_30_days", day, before_death("icu_admission", numbers.icu)))
    found.append(("no_hospice", day, not hospice))
    found.append(("hospice_under_3_days", day, short))


# -- stepped care ------------------------------------------------------------------------------


#: A stepped-care item that fell due: (start, due), met when something was done from ``start``
#: to ``due``; its index day is its start (a FACT-L window's is its due date).
_Window = tuple[Day, Day, Day]


def _stepped_measures(facts: Facts, as_of: Day, rules: SteppedRules, found: _Found) -> None:
    """One item per stepped-care window closed by ``as_of`` (index: the window's start)."""
    enrolled = facts.enrolled
    if enrolled is None or enrolled > as_of:
        return
    series = [(d, s) for d, s in facts.scores if enrolled <= d <= as_of]
    stepped_up = _stepped_up_on(facts, series, rules)
    inside = [(k, d) for k, d, _e in facts.events if enrolled <= d <= as_of]
    visits = sorted(d for k, d in inside if k == VISIT_KIND)
    ending = min((d for k, d in inside if k in _ENDINGS), default=None)
    scores = [d for d, _s in series]  # already by date
    weeks = rules.first_visit_weeks * 7
    first: list[_Window] = [(enrolled, enrolled + weeks, enrolled)]
    events: list[_Window] = []
    if facts.mode == "stepped":
        events = list(_event_windows(facts, enrolled, as_of, stepped_up, rules))
    fact_l = list(_fact_l_windows(enrolled, as_of, stepped_up, facts.mode, rules))
    for key, windows, done in (
        ("stepped_first_visit", first, visits),
        ("stepped_event_visit", events, visits),
        ("stepped_fact_l_on_time", fact_l, scores),
    ):
        for start, due, index in windows:
            if due <= as_of and not _cut_short(start, due, done, ending):
                found.append((key, index, _done_between(done, start, due)))


def _cut_short(start: Day, due: Day, done: list[Day], ending: Day | None) -> bool:
    """After death or hospice enrolment nothing more is due: a window the ending cut short
    counts only if it was met before the ending."""
    if ending is None or ending > due:
        return False
    return start > ending or not _done_between(done, start, ending)


def _done_between(done: list[Day], start: Day, end: Day) -> bool:
    """Whether a day in ``done`` (sorted) falls from ``start`` to ``end``."""
    i = bisect_left(done, start)
    return i < len(done) and done[i] <= end


def stepped_up_on(record: Record, as_of: dt.date, rules: SteppedRules) -> dt.date | None:
    """The day the patient moved to step 2, as known on ``as_of`` (None: still in step 1)."""
    facts = facts_of(record)
    if facts.enrolled is None:
        return None
    day = as_of.toordinal()
    series = [(d, s) for d, s in facts.scores if facts.enrolled <= d <= day]
    found = _stepped_up_on(facts, series, rules)
    return None if found is None else dt.date.fromordinal(found)


def _stepped_up_on(
    facts: Facts, series: list[tuple[Day, float]], rules: SteppedRules
) -> Day | None:
    # The schedule's own rule (stepped_care._step), without building a whole schedule for
    # every patient: the first score the threshold or more below the enrolment baseline, to
    # one decimal. A test checks the two agree.
    baseline = facts.baseline
    if baseline is None or facts.mode != "stepped":
        return None
    return next((d for d, s in series if round(baseline - s, 1) >= rules.step_up_points), None)


def _event_windows(
    facts: Facts,
    enrolled: Day,
    as_of: Day,
    stepped_up: Day | None,
    rules: SteppedRules,
) -> Iterator[_Window]:
    """A visit due after each treatment change or discharge in step 1 (stepped_care.toml)."""
    span = rules.event_window_weeks * 7
    for kind, day, end in facts.events:
        if kind not in rules.visit_after:
            continue
        if stepped_up is not None and day >= stepped_up:
            continue  # step 2 has visits every few weeks instead
        start: Day | None = day
        if kind in ADMISSION_KINDS:
            start = end if end and end <= as_of else None
        if start is not None and enrolled <= start <= as_of:
            yield (start, start + span, start)


def _fact_l_windows(
    enrolled: Day, as_of: Day, stepped_up: Day | None, mode: str, rules: SteppedRules
) -> Iterator[_Window]:
    """FACT-L due every few weeks from enrolment, on the enrolment grid in both steps (as the
    schedule has it); a score up to a few days before a due date counts for it."""
    early = rules.fact_l_days_before
    if mode == "early":
        dates = list(_grid(enrolled, rules.early_fact_l_weeks, as_of))
    else:
        switch = stepped_up or as_of + 1
        dates = [d for d in _grid(enrolled, rules.step1_fact_l_weeks, as_of) if d < switch]
        dates += [d for d in _grid(enrolled, rules.step2_fact_l_weeks, as_of) if d >= switch]
    for due in dates:
        yield (due - early, due, due)


def _grid(enrolled: Day, weeks: int, as_of: Day) -> Iterator[Day]:
    """Enrolment plus every ``weeks`` weeks, up to ``as_of`` (nothing when ``weeks`` is 0)."""
    step = weeks * 7
    return iter(range(enrolled + step, as_of + 1, step)) if step else iter(())
