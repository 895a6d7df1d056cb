"""The parts of a stored record the quality measures read, built without building all of it.

Building a whole :class:`~waypoint.record.model.Record` validates every field of every
conversation (about 2 ms a record): 20 s or more for a clinic of 10,000 patients, where the
measures need a few dates and codes. :func:`measure_record` builds a record holding only those
(the patient's dates, proxy name and stepped-care enrolment; each conversation's date,
amendment link, referral and CPR answer; each event; each FACT-L score), and the measures read
its facts (:mod:`waypoint.clinical.measure_facts`) exactly as they read a full record's. The
store validated every record when it was saved and checks each file's checksum (or seal) when
it is read, so nothing unchecked gets in. Anything unexpected (a newer schema, a value of the
wrong type) falls back to the full, validating read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from waypoint.clinical.measure_facts import facts_of, facts_to_json
from waypoint.record.model import (
    SCHEMA_VERSION,
    Assessment,
    CareEvent,
    CodeStatus,
    Contact,
    Conversation,
    FactLScores,
    Patient,
    QualityOfLife,
    Record,
    SteppedCare,
    Transition,
    record_from_json,
)
from waypoint.record.schema import ValidationError

_FACT_L = ("pwb", "swb", "ewb", "fwb", "lcs")


def measure_record(doc: Mapping[str, Any]) -> Record:
    """A record holding what the measures read from ``doc`` (a stored record's JSON).

    Raises :class:`~waypoint.record.schema.ValidationError` only through the full read, when
    the quick one meets something it does not expect and the record is not valid either.
    """
    try:
        if doc.get("schema_version") != SCHEMA_VERSION:
            raise ValueError("another schema version")
        return Record(
            patient=_patient(doc["patient"]),
            conversations=[_conversation(c) for c in doc.get("conversations", [])],
            assessments=[_assessment(a) for a in doc.get("assessments", [])],
            events=[_event(e) for e in doc.get("events", [])],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return record_from_json(doc)


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("a date is text")
    return dt.date.fromisoformat(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _patient(data: Mapping[str, Any]) -> Patient:
    care = data.get("stepped_care") or {}
    baseline = care.get("baseline_fact_l")
    if baseline is not None and not isinstance(baseline, int | float):
        raise TypeError("a score is a number")
    return Patient(
        id=_text(data["id"]),
        advanced_diagnosis_date=_day(data.get("advanced_diagnosis_date")),
        health_care_proxy=Contact(name=_text(data.get("health_care_proxy", {}).get("name", ""))),
        stepped_care=SteppedCare(
            enrolled_on=_day(care.get("enrolled_on")),
            mode=_text(care.get("mode", "stepped")),
            baseline_fact_l=baseline,
        ),
    )


def _conversation(data: Mapping[str, Any]) -> Conversation:
    quality = data.get("quality_of_life") or {}
    status = (data.get("transition") or {}).get("code_status") or {}
    return Conversation(
        id=_text(data.get("id", "")),
        date=_day(data.get("date")),
        amends=_text(data.get("amends", "")),
        quality_of_life=QualityOfLife(
            palliative_referral=_text(quality.get("palliative_referral", "")),
            referral_date=_day(quality.get("referral_date")),
        ),
        transition=Transition(code_status=CodeStatus(cpr=_text(status.get("cpr", "")))),
    )


def _event(data: Mapping[str, Any]) -> CareEvent:
    return CareEvent(
        id=_text(data.get("id", "")),
        date=_day(data.get("date")),
        kind=_text(data["kind"]),
        end_date=_day(data.get("end_date")),
    )


def _score(value: object) -> float | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise TypeError("a score is a number")
    return value


def _assessment(data: Mapping[str, Any]) -> Assessment:
    parts = data.get("fact_l")
    return Assessment(
        id=_text(data.get("id", "")),
        date=_day(data.get("date")),
        fact_l_total=_score(data.get("fact_l_total")),
        fact_l=None if parts is None else FactLScores(**{k: _score(parts.get(k)) for k in _FACT_L}),
    )


def measure_digest(doc: Mapping[str, Any]) -> list[Any] | None:
    """What the store keeps of a stored record between reports: its measure facts in JSON
    (:func:`waypoint.clinical.measure_facts.facts_to_json`); None when the record is not valid
    and cannot be counted."""
    try:
        return facts_to_json(facts_of(measure_record(doc)))
    except ValidationError:
        return None
