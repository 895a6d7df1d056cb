"""What the quality measures know of one patient: a few dates and codes, read once from a record.

:func:`facts_of` picks them out of a record (current conversations only: an amended one is
replaced by its amendment; the advanced diagnosis from the patient details, else the earliest
such event; FACT-L totals as every schedule reads them). The measures count over these, so a
report over a whole clinic never builds or walks full records. :func:`facts_to_json` and
:func:`facts_from_json` give the compact form the store keeps between reports
(waypoint/storage/scan.py): dates, codes and whether a proxy is named; no name, no free text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from waypoint.clinical.rules.base import advanced_diagnosis
from waypoint.clinical.stepped_care import enrolment_baseline, fact_l_series
from waypoint.record.model import Record

#: Bump when the facts change shape: facts the store kept are then worked out again.
FACTS_VERSION = "measures-facts-2"


#: A day as its ordinal (:meth:`datetime.date.toordinal`): the measures count in whole days,
#: and integers are quick to compare, add and keep.
Day = int


class Talk(NamedTuple):
    """A current, dated goals-of-care conversation: its CPR answer and palliative referral."""

    date: Day
    cpr: str
    referral: str
    referral_date: Day | None


@dataclass(frozen=True, slots=True)
class Facts:
    """One patient's days and codes for the measures (days as ordinals).

    ``talks`` keep the order the conversations were entered in (a tie on a date goes to the
    later one); ``events`` are (kind, day, end day) of every dated care event; ``scores``
    are (day, FACT-L total), oldest first.
    """

    patient_id: str
    diagnosed: Day | None
    proxy_named: bool
    enrolled: Day | None
    mode: str
    baseline: float | None
    talks: tuple[Talk, ...]
    events: tuple[tuple[str, Day, Day | None], ...]
    scores: tuple[tuple[Day, float], ...]


def facts_of(record: Record) -> Facts:
    """The facts of ``record`` the measures count."""
    care = record.patient.stepped_care
    talks = tuple(
        Talk(
            c.date.toordinal(),
            c.transition.code_status.cpr,
            c.quality_of_life.palliative_referral,
            _ordinal(c.quality_of_life.referral_date),
        )
        for c in record.current_conversations()
        if c.date is not None
    )
    return Facts(
        patient_id=record.patient.id,
        diagnosed=_ordinal(advanced_diagnosis(record)),
        proxy_named=bool(record.patient.health_care_proxy.name.strip()),
        enrolled=_ordinal(care.enrolled_on),
        mode=care.mode,
        baseline=enrolment_baseline(record),
        talks=talks,
        events=tuple(
            (e.kind, e.date.toordinal(), _ordinal(e.end_date))
            for e in record.events
            if e.date is not None
        ),
        scores=tuple((day.toordinal(), score) for day, score in fact_l_series(record)),
    )


def _ordinal(day: dt.date | None) -> Day | None:
    return None if day is None else day.toordinal()


def facts_to_json(facts: Facts) -> list[Any]:
    """The compact JSON form (a list, in field order, days as ordinals) the store keeps."""
    return [
        facts.patient_id,
        facts.diagnosed,
        facts.proxy_named,
        facts.enrolled,
        facts.mode,
        facts.baseline,
        [list(t) for t in facts.talks],
        [list(e) for e in facts.events],
        [list(s) for s in facts.scores],
    ]


def _is_day(value: object, optional: bool = False) -> bool:
    # type() rather than isinstance: True is an int, and a day is never true or false.
    return type(value) is int or (optional and value is None)


def _is_score(value: object) -> bool:
    return type(value) is int or type(value) is float


def facts_from_json(data: object) -> Facts:
    """Facts back from :func:`facts_to_json`; TypeError or ValueError when it is not that.

    Read for every patient at every report, so checked in a few plain passes rather than a
    function call per value.
    """
    if not isinstance(data, list) or len(data) != 9:
        raise ValueError("not measure facts")
    pid, diagnosed, proxy, enrolled, mode, baseline, talks, events, scores = data
    talk_rows = tuple(Talk(d, cpr, ref, on) for d, cpr, ref, on in talks)
    event_rows = tuple((k, d, end) for k, d, end in events)
    score_rows = tuple((d, score) for d, score in scores)
    sound = (
        type(pid) is str
        and _is_day(diagnosed, True)
        and type(proxy) is bool
        and _is_day(enrolled, True)
        and type(mode) is str
        and (baseline is None or _is_score(baseline))
        and all(
            type(t.date) is int
            and type(t.cpr) is str
            and type(t.referral) is str
            and (t.referral_date is None or type(t.referral_date) is int)
            for t in talk_rows
        )
        and all(
            type(k) is str and type(d) is int and (end is None or type(end) is int)
            for k, d, end in event_rows
        )
        and all(type(d) is int and _is_score(score) for d, score in score_rows)
    )
    if not sound:
        raise TypeError("not measure facts")
    return Facts(pid, diagnosed, proxy, enrolled, mode, baseline, talk_rows, event_rows, score_rows)
