"""Field-by-field checks: the record format's limits, in words, without field paths."""

from __future__ import annotations

import datetime as dt

from waypoint.content.bundle import shipped_content
from waypoint.content.field_checks import object_problems, text_limit, value_problem
from waypoint.record.model import Conversation, GoalsAndValues, Prognosis, TreatmentOption
from waypoint.record.schema import DEFAULT_MAX_TEXT


def test_pps_must_be_a_step_of_ten() -> None:
    message = value_problem(Prognosis, "pps", 65, content=shipped_content())
    assert message == (
        "Palliative Performance Scale: 65 is not possible here. "
        "Please enter a whole number from 0 to 100 in steps of 10."
    )
    assert "prognosis" not in message  # no record path
    assert value_problem(Prognosis, "pps", 60, content=shipped_content()) == ""
    assert value_problem(Prognosis, "pps", None, content=shipped_content()) == ""


def test_over_long_text_says_how_long_and_that_nothing_was_cut() -> None:
    text = "x" * (DEFAULT_MAX_TEXT + 1)
    message = value_problem(GoalsAndValues, "goals", text, content=shipped_content())
    assert "Goals" in message and str(DEFAULT_MAX_TEXT + 1) in message
    assert "nothing has been cut" in message and "x" * 10 not in message  # no PHI echoed
    assert (
        value_problem(GoalsAndValues, "goals", "x" * DEFAULT_MAX_TEXT, content=shipped_content())
        == ""
    )
    assert text_limit(Conversation, "clinician") == 200


def test_dates_and_required_fields() -> None:
    future = dt.date.today() + dt.timedelta(days=2)
    assert "up to today" in value_problem(Conversation, "date", future, content=shipped_content())
    assert value_problem(Conversation, "date", None, content=shipped_content()) == (
        "Please fill in: Date of the conversation."
    )
    assert value_problem(Conversation, "clinician", "Dr. Park", content=shipped_content()) == ""


def test_object_problems_lists_each_field() -> None:
    option = TreatmentOption(name="Gemcitabine", response_in_100=101, side_effects="y" * 20_001)
    problems = object_problems(option, content=shipped_content())
    assert set(problems) == {"response_in_100", "side_effects"}
    assert problems["response_in_100"].startswith("Chance of response (out of 100): 101")
