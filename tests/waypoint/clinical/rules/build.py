"""Small record builders for rule tests: a minimal valid patient plus what each test adds."""

from __future__ import annotations

import datetime as dt

from waypoint.record.model import (
    Assessment,
    CareEvent,
    Conversation,
    Patient,
    Record,
    TherapyLine,
    TreatmentOption,
)

TODAY = dt.date(2026, 6, 1)


def day(offset: int) -> dt.date:
    """A date ``offset`` days from TODAY (negative is the past)."""
    return TODAY + dt.timedelta(days=offset)


def record(**patient: object) -> Record:
    """A record for a fictional patient; keyword arguments set patient fields."""
    person = Patient(given_name="Ada", family_name="Test", date_of_birth=dt.date(1950, 1, 1))
    for name, value in patient.items():
        setattr(person, name, value)
    return Record(patient=person)


def conversation(offset: int = -1, **sections: object) -> Conversation:
    """A conversation ``offset`` days from TODAY; ``section__field=value`` sets nested fields."""
    talk = Conversation(date=day(offset), clinician="Dr Test")
    for path, value in sections.items():
        target: object = talk
        parts = path.split("__")
        for part in parts[:-1]:
            target = getattr(target, part)
        setattr(target, parts[-1], value)
    return talk


def event(kind: str, offset: int) -> CareEvent:
    """A care event ``offset`` days from TODAY."""
    return CareEvent(date=day(offset), kind=kind)


def assessment(offset: int, **fields: object) -> Assessment:
    """An assessment ``offset`` days from TODAY."""
    return Assessment(date=day(offset), **fields)  # type: ignore[arg-type]


def lines(*responses: str) -> list[TherapyLine]:
    """Earlier lines of therapy with the given best responses, numbered from 1."""
    return [
        TherapyLine(line=i, regimen=f"regimen {i}", best_response=r)
        for i, r in enumerate(responses, 1)
    ]


def option(name: str = "Docetaxel", **fields: object) -> TreatmentOption:
    """A complete anticancer option unless fields blank parts of it."""
    values: dict[str, object] = {
        "intent": "disease_control",
        "response_in_100": 15,
        "side_effects": "tiredness, infection risk",
        "time_cost": "a clinic day every 3 weeks",
    }
    values.update(fields)
    return TreatmentOption(name=name, **values)  # type: ignore[arg-type]
