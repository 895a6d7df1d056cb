"""The record model: round trips, and validation messages that name field, value and limits."""

from __future__ import annotations

import copy
import json

import pytest

from waypoint.record.model import (
    SCHEMA_VERSION,
    Assessment,
    Record,
    SteppedCare,
    TreatmentOption,
    record_from_json,
    record_from_text,
    record_to_json,
)
from waypoint.record.sample import sample_record
from waypoint.record.schema import ValidationError


def sample_json() -> dict:
    return record_to_json(sample_record())


def test_sample_round_trips_identically() -> None:
    data = sample_json()
    assert record_to_json(record_from_json(copy.deepcopy(data))) == data
    assert data["schema_version"] == SCHEMA_VERSION


def test_sample_fills_every_section_of_its_conversation() -> None:
    conversation = sample_record().conversations[0]
    for section in (
        "prognosis",
        "anticancer_therapy",
        "quality_of_life",
        "clinical_trials",
        "transition",
        "goals",
        "plan",
    ):
        values = record_to_json(getattr(conversation, section))
        assert any(v not in ("", None, [], {}) for v in values.values()), section
    assert conversation.treatment_options and conversation.acp_minutes > 0


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("patient", "ecog"),
            6,
            "ECOG performance status (record.patient.ecog) is 6; allowed: a whole number from 0 to 5.",
        ),
        (("patient", "ecog"), 2.5, "allowed: a whole number from 0 to 5"),
        (("patient", "ecog"), "2", 'is "2"; allowed: a whole number'),
        (("patient", "ecog"), True, "is True; allowed"),
        (
            ("patient", "language"),
            "fr",
            'Preferred language (record.patient.language) is "fr"; allowed: one of "en", "es".',
        ),
        (("patient", "date_of_birth"), "1956-13-01", "allowed: a date written YYYY-MM-DD"),
        (("patient", "date_of_birth"), "20240101", "allowed: a date written YYYY-MM-DD"),
        (("patient", "date_of_birth"), "2999-01-01", "up to today"),
        (("patient", "given_name"), "  ", "Given name (record.patient.given_name)"),
        (("patient", "id"), "../etc", "letters, digits and hyphens only"),
    ],
)
def test_patient_field_errors_name_field_value_and_allowed(path, value, expected) -> None:
    data = sample_json()
    data[path[0]][path[1]] = value
    with pytest.raises(ValidationError) as info:
        record_from_json(data)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_nested_list_error_gives_the_index() -> None:
    data = sample_json()
    data["conversations"][0]["prognosis"]["pps"] = 55
    with pytest.raises(
        ValidationError,
        match=r"conversations\[0\]\.prognosis\.pps\) is 55; allowed: a whole number from 0 to 100 in steps of 10",
    ):
        record_from_json(data)


def test_unknown_field_is_refused_not_dropped() -> None:
    data = sample_json()
    data["patient"]["nickname"] = "Rosie"
    with pytest.raises(ValidationError, match=r"record\.patient\.nickname"):
        record_from_json(data)


def test_missing_required_field() -> None:
    data = sample_json()
    del data["patient"]["date_of_birth"]
    with pytest.raises(
        ValidationError,
        match=r"Date of birth \(record\.patient\.date_of_birth\) is blank; allowed: a value \(it is required\)",
    ):
        record_from_json(data)


def test_newer_schema_is_refused_with_a_clear_message() -> None:
    data = sample_json()
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ValidationError, match="newer Waypoint"):
        record_from_json(data)


def test_fact_l_total_must_match_subscales() -> None:
    data = sample_json()
    data["assessments"][0]["fact_l_total"] = 97
    with pytest.raises(ValidationError, match=r"sum of the subscales \(96\)"):
        record_from_json(data)


def test_advanced_diagnosis_cannot_precede_birth() -> None:
    data = sample_json()
    data["patient"]["advanced_diagnosis_date"] = "1950-01-01"
    with pytest.raises(ValidationError, match="after the date of birth"):
        record_from_json(data)


def test_invalid_json_text() -> None:
    with pytest.raises(ValidationError, match="valid JSON"):
        record_from_text("{")


def test_no_response_shares_the_denominator() -> None:
    assert TreatmentOption(name="x", response_in_100=30).no_response_in_100 == 70
    assert TreatmentOption(name="x").no_response_in_100 is None


def test_assign_ids_gives_safe_unique_ids() -> None:
    record = record_from_json(sample_json())
    record.patient.id = ""
    record.conversations[0].id = ""
    record.assign_ids()
    assert record.patient.id.startswith("P-") and record.conversations[0].id.startswith("C-")
    other = Record()
    other.assign_ids()
    assert other.patient.id != record.patient.id


def test_latest_conversation_by_date() -> None:
    record = sample_record()
    later = copy.deepcopy(record.conversations[0])
    later.id = "C-LATER"
    later.date = later.date.replace(day=10)
    record.conversations.insert(0, later)
    assert record.latest_conversation().id == "C-LATER"


def test_json_is_plain_and_serialisable() -> None:
    json.dumps(sample_json())


def test_fact_l_and_esas_are_declared_once_on_the_record() -> None:
    """The subscale maxima add up to the total every form and rule uses; names as published."""
    from waypoint.record.model import ESAS_ITEMS, ESAS_NAMES, FACT_L_MAX, FACT_L_RANGES
    from waypoint.record.schema import declared

    assert sum(FACT_L_RANGES.values()) == FACT_L_MAX
    assert declared(Assessment, "maximum")["fact_l_total"] == FACT_L_MAX
    assert declared(SteppedCare, "maximum")["baseline_fact_l"] == FACT_L_MAX
    assert list(ESAS_NAMES) == list(ESAS_ITEMS)
    assert ESAS_NAMES["shortness_of_breath"] == "Shortness of Breath"
