"""What changed since the previous conversation, per part, with dates and who recorded it."""

from __future__ import annotations

from tests.waypoint.clinical.rules.build import conversation, day, option, record
from waypoint.clinical.what_changed import previous_conversation, what_changed
from waypoint.content.bundle import shipped_content
from waypoint.record.conversation_flow import (
    CARRIED,
    COVERED,
    UNTOUCHED,
    carry_forward,
    confirm,
    section_status,
    unconfirmed,
)
from waypoint.record.model import Record


def _two_visits() -> Record:
    rec = record()
    first = conversation(
        -60,
        plan__goal_of_care="Control the cancer",
        transition__code_status__cpr="attempt",
        treatment_options=[option("Docetaxel", chosen=True)],
        prognosis__median_survival_months=12.0,
        transition__proxy_confirmed=False,
    )
    first.id, first.clinician = "C-1", "Dr Early"
    second = carry_forward(first, day(0))
    second.clinician = "Dr Later"
    second.plan.goal_of_care = "Comfort at home"
    second.transition.code_status.cpr = "do_not_attempt"
    second.prognosis.median_survival_months = 3.0
    rec.conversations.extend([first, second])
    return rec


def test_each_changed_part_with_dates_and_who() -> None:
    rec = _two_visits()
    changes = what_changed(rec, rec.conversations[1], shipped_content())
    by_part = {c.part: c for c in changes}
    assert set(by_part) == {"goal", "code_status", "chosen_option", "prognosis"}
    goal = by_part["goal"]
    assert (goal.before, goal.after) == ("Control the cancer", "Comfort at home")
    assert (goal.since, goal.since_by, goal.date, goal.by) == (
        day(-60),
        "Dr Early",
        day(0),
        "Dr Later",
    )
    assert by_part["code_status"].after.startswith("Do not attempt")
    # carry_forward clears "chosen": nothing is chosen today until the patient chooses again
    assert (by_part["chosen_option"].before, by_part["chosen_option"].after) == ("Docetaxel", "")
    assert "12 months" in by_part["prognosis"].before and "3 months" in by_part["prognosis"].after


def test_nothing_before_the_first_conversation() -> None:
    rec = _two_visits()
    assert what_changed(rec, rec.conversations[0], shipped_content()) == []
    assert previous_conversation(rec, rec.conversations[0]) is None


def test_carried_parts_are_not_covered_until_confirmed_or_edited() -> None:
    rec = _two_visits()
    first, second = rec.conversations
    assert section_status(second, "goals", first) == UNTOUCHED
    assert section_status(second, "prognosis", first) == COVERED  # edited today
    assert section_status(second, "treatment_options", first) == CARRIED
    assert unconfirmed(rec, second, "treatment_options[0].name")
    confirm(second, "treatment_options")
    assert section_status(second, "treatment_options", first) == COVERED
    assert not unconfirmed(rec, second, "treatment_options[0].name")
