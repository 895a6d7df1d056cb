"""Property tests: anything a user can type, and any valid date or score, comes back identical."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.record.model import record_from_json, record_to_json
from waypoint.record.sample import sample_record
from waypoint.record.schema import ValidationError
from waypoint.storage.store import Store

typed = st.text(max_size=300)  # excludes lone surrogates, which no keyboard produces
names = st.text(min_size=1, max_size=200).filter(lambda s: s.strip())
past = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1990, 12, 31))  # before diagnosis
scores = st.one_of(st.none(), st.integers(0, 10))


@settings(max_examples=40, deadline=None)
@given(given_name=names, notes=typed, goals=typed, born=past, pain=scores, ecog=st.integers(0, 5))
def test_save_and_load_round_trip(
    given_name: str, notes: str, goals: str, born: dt.date, pain: int | None, ecog: int
) -> None:
    record = sample_record()
    record.patient.given_name = given_name
    record.patient.date_of_birth = born
    conversation = record.conversations[-1]
    conversation.goals.goals = goals
    conversation.anticancer_therapy.notes = notes
    assessment = record.assessments[-1]
    assessment.ecog = ecog
    if assessment.esas is not None:
        assessment.esas.pain = pain
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder)) as store:
            patient_id = store.save(record)
        with Store.open(Path(folder)) as store:
            assert store.load(patient_id) == record
            assert store.check() == []


@settings(max_examples=60, deadline=None)
@given(ecog=st.integers(-50, 50), pps=st.integers(-50, 200), total=st.integers(-50, 300))
def test_validation_accepts_exactly_the_allowed_scores(ecog: int, pps: int, total: int) -> None:
    data = record_to_json(sample_record())
    data["assessments"][-1].update(ecog=ecog, pps=pps, fact_l_total=total)
    valid = 0 <= ecog <= 5 and 0 <= pps <= 100 and pps % 10 == 0 and 0 <= total <= 136
    if valid:
        assert record_to_json(record_from_json(data)) == data
    else:
        with pytest.raises(ValidationError):
            record_from_json(data)
