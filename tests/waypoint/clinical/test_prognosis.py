"""The Palliative Prognostic Index and survival scenarios, boundaries included."""

from __future__ import annotations

import pytest

from waypoint.clinical.prognosis import (
    format_duration,
    palliative_prognostic_index,
    ppi_band,
    ppi_note,
    ppi_references,
    scenario_note,
    scenario_references,
    survival_scenarios,
)
from waypoint.content.bundle import shipped_content


@pytest.mark.parametrize(
    ("pps", "intake", "edema", "dyspnea", "delirium", "expected"),
    [
        (10, "normal", False, False, False, 4.0),
        (20, "normal", False, False, False, 4.0),
        (30, "normal", False, False, False, 2.5),
        (50, "normal", False, False, False, 2.5),  # PPS 50 scores 2.5 ...
        (60, "normal", False, False, False, 0.0),  # ... PPS 60 scores nothing
        (100, "normal", False, False, False, 0.0),
        (60, "moderate", False, False, False, 1.0),
        (60, "severe", False, False, False, 2.5),
        (60, "normal", True, False, False, 1.0),
        (60, "normal", False, True, False, 3.5),
        (60, "normal", False, False, True, 4.0),
        (10, "severe", True, True, True, 15.0),
        (50, "moderate", True, False, False, 4.5),
    ],
)
def test_ppi_points(pps, intake, edema, dyspnea, delirium, expected) -> None:
    assert (
        palliative_prognostic_index(
            pps, intake, edema, dyspnea, delirium, content=shipped_content()
        )
        == expected
    )


@pytest.mark.parametrize(
    ("kwargs", "named", "allowed"),
    [
        ({"pps": 55}, "pps", "0 to 100 in steps of 10"),
        ({"pps": 110}, "pps", "0 to 100 in steps of 10"),
        ({"pps": -10}, "pps", "0 to 100 in steps of 10"),
        ({"pps": 50.0}, "pps", "0 to 100 in steps of 10"),
        ({"pps": True}, "pps", "0 to 100 in steps of 10"),
        ({"oral_intake": "reduced"}, "oral_intake", "normal, moderate, severe"),
        ({"oral_intake": None}, "oral_intake", "normal, moderate, severe"),
        ({"edema": 1}, "edema", "True or False"),
        ({"dyspnea_at_rest": "no"}, "dyspnea_at_rest", "True or False"),
        ({"delirium": None}, "delirium", "True or False"),
    ],
)
def test_ppi_bad_input_names_argument_and_range(kwargs, named, allowed) -> None:
    args = {"pps": 50, "oral_intake": "normal", "edema": False}
    args |= {"dyspnea_at_rest": False, "delirium": False} | kwargs
    with pytest.raises(ValueError, match=named) as info:
        palliative_prognostic_index(**args, content=shipped_content())
    assert allowed in str(info.value)


def test_ppi_refuses_pps_0_with_a_plain_reason() -> None:
    # PPS 0% is death on the scale itself (Anderson 1996); Morita's PPI scores only the living.
    with pytest.raises(ValueError) as info:
        palliative_prognostic_index(0, "normal", False, False, False, content=shipped_content())
    message = str(info.value)
    assert "PPS 0% means the person has died" in message
    assert "care event" in message and "pps must" not in message


BANDS = [b.text for b in shipped_content().calculators.ppi_bands]  # under 3 wk, under 6 wk, more


@pytest.mark.parametrize(
    ("score", "band"),
    [(0.0, 2), (4.0, 2), (4.5, 1), (6.0, 1), (6.5, 0), (15.0, 0), (4, 2), (6, 1)],
)
def test_ppi_band_cutoffs_are_strictly_above(score, band) -> None:
    assert ppi_band(score, content=shipped_content()) == BANDS[band]


def test_ppi_band_wording() -> None:
    assert "3 weeks" in ppi_band(6.5, content=shipped_content()) and "6 weeks" in ppi_band(
        4.5, content=shipped_content()
    )
    assert "inpatient palliative care" in ppi_note(content=shipped_content())


@pytest.mark.parametrize("score", [-0.5, 15.5, "4", None, True])
def test_ppi_band_bad_score(score) -> None:
    with pytest.raises(ValueError, match="score must be a number from 0 to 15"):
        ppi_band(score, content=shipped_content())


@pytest.mark.parametrize(
    ("median", "expected"),
    [
        (12, {"worst": 3.0, "typical_low": 6.0, "typical_high": 24.0, "best": 36.0}),
        (6.0, {"worst": 1.5, "typical_low": 3.0, "typical_high": 12.0, "best": 18.0}),
        (1, {"worst": 0.25, "typical_low": 0.5, "typical_high": 2.0, "best": 3.0}),
    ],
)
def test_scenario_multiples(median, expected) -> None:
    result = survival_scenarios(median, content=shipped_content())
    assert {k: result[k] for k in expected} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("median", "phrases"),
    [
        (12, ["less than 3 months", "between 6 months and 2 years", "longer than 3 years"]),
        # 0.25 x 6 = 1.5 months = 6.5 weeks: half up is 7 (half-to-even said 6).
        (6, ["less than 7 weeks", "between 3 months and 12 months", "longer than 18 months"]),
        # 0.25 x 1 = 0.25 months = 1.08 weeks: under 1.5 weeks reads in days (7.6 -> 8).
        (1, ["less than 8 days", "between 2 weeks and 2 months", "longer than 3 months"]),
        # 0.25 x 10 = 2.5 months, the example: "3 months", not "2 months".
        (10, ["less than 3 months", "between 5 months and 20 months", "longer than 2.5 years"]),
    ],
)
def test_scenario_sentences(median, phrases) -> None:
    result = survival_scenarios(median, content=shipped_content())
    assert list(result["sentences"]) == ["worst", "typical", "best"]
    for phrase, sentence in zip(phrases, result["sentences"].values(), strict=True):
        assert phrase in sentence
    assert result["text"] == " ".join(result["sentences"].values())


@pytest.mark.parametrize("median", [0, -1, 241, "6", None, True, float("nan")])
def test_scenarios_bad_median(median) -> None:
    with pytest.raises(ValueError, match="median_months must be a number above 0 and at most 240"):
        survival_scenarios(median, content=shipped_content())


# Expected words computed by hand from the unit lengths in waypoint/clinical/prognosis.py (52/12 weeks
# and 365.25/12 days a month), rounded half up as issue 13 asks ("2.5" reads "3 months").
@pytest.mark.parametrize(
    ("months", "words"),
    [
        (0.01, "1 day"),  # 0.30 days: never less than 1 day
        (0.1, "3 days"),  # 3.04 days
        (0.3, "9 days"),  # 1.30 weeks -> days: 9.13 days
        (0.34, "10 days"),  # 1.47 weeks -> days: 10.35 days
        (0.3462, "2 weeks"),  # 1.5002 weeks: half up to 2 weeks
        (1.5, "7 weeks"),  # 6.5 weeks exactly: half up
        (1.99, "9 weeks"),  # 8.62 weeks
        (2, "2 months"),  # months from 2 months
        (2.5, "3 months"),  # half up (Python's round says 2)
        (3.5, "4 months"),
        (23.4, "23 months"),
        (24, "2 years"),  # years from 2 years, one decimal
        (30, "2.5 years"),
        (30.6, "2.6 years"),  # 2.55 years: half up
        (240, "20 years"),
    ],
)
def test_durations_round_half_up_at_every_boundary(months, words) -> None:
    assert format_duration(months, content=shipped_content()) == words


@pytest.mark.parametrize(
    ("median", "typical"),
    [
        # 0.1-month median: 0.05 and 0.2 months = 1.5 and 6.1 days (issue 13: read "between
        # 1 week and 1 week").
        (0.1, "Most likely: half of people live between 2 days and 6 days."),
        # 0.01-month median: both ends are under a day, so both read "1 day": one number.
        (0.01, "Most likely: half of people live about 1 day."),
    ],
)
def test_a_very_short_median_never_reads_a_range_from_x_to_x(median, typical) -> None:
    sentences = survival_scenarios(median, content=shipped_content())["sentences"]
    assert sentences["typical"] == typical
    assert "week and 1 week" not in survival_scenarios(median, content=shipped_content())["text"]


def test_scenarios_and_ppi_carry_their_source_and_caveat() -> None:
    assert "randomised trials" in scenario_note(
        content=shipped_content()
    ) and "Kiely" in scenario_note(content=shipped_content())
    assert [r.id for r in scenario_references(content=shipped_content())] == ["kiely2011"]
    assert "inpatient palliative care" in ppi_note(
        content=shipped_content()
    ) and "Morita" in ppi_note(content=shipped_content())
    assert "morita1999" in [r.id for r in ppi_references(content=shipped_content())]
