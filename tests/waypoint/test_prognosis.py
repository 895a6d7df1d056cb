"""The Palliative Prognostic Index and survival scenarios, boundaries included."""

from __future__ import annotations

import pytest

from waypoint.content import shipped_content
from waypoint.prognosis import palliative_prognostic_index, ppi_band, ppi_note, survival_scenarios


@pytest.mark.parametrize(
    ("pps", "intake", "edema", "dyspnea", "delirium", "expected"),
    [
        (0, "normal", False, False, False, 4.0),
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
    assert palliative_prognostic_index(pps, intake, edema, dyspnea, delirium) == expected


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
        palliative_prognostic_index(**args)
    assert allowed in str(info.value)


BANDS = [b.text for b in shipped_content().calculators.ppi_bands]  # under 3 wk, under 6 wk, more


@pytest.mark.parametrize(
    ("score", "band"),
    [(0.0, 2), (4.0, 2), (4.5, 1), (6.0, 1), (6.5, 0), (15.0, 0), (4, 2), (6, 1)],
)
def test_ppi_band_cutoffs_are_strictly_above(score, band) -> None:
    assert ppi_band(score) == BANDS[band]


def test_ppi_band_wording() -> None:
    assert "3 weeks" in ppi_band(6.5) and "6 weeks" in ppi_band(4.5)
    assert "inpatient palliative care" in ppi_note()


@pytest.mark.parametrize("score", [-0.5, 15.5, "4", None, True])
def test_ppi_band_bad_score(score) -> None:
    with pytest.raises(ValueError, match="score must be a number from 0 to 15"):
        ppi_band(score)


@pytest.mark.parametrize(
    ("median", "expected"),
    [
        (12, {"worst": 3.0, "typical_low": 6.0, "typical_high": 24.0, "best": 36.0}),
        (6.0, {"worst": 1.5, "typical_low": 3.0, "typical_high": 12.0, "best": 18.0}),
        (1, {"worst": 0.25, "typical_low": 0.5, "typical_high": 2.0, "best": 3.0}),
    ],
)
def test_scenario_multiples(median, expected) -> None:
    result = survival_scenarios(median)
    assert {k: result[k] for k in expected} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("median", "phrases"),
    [
        (12, ["less than 3 months", "between 6 months and 2 years", "longer than 3 years"]),
        (6, ["less than 6 weeks", "between 3 months and 12 months", "longer than 18 months"]),
        (1, ["less than 1 week", "between 2 weeks and 2 months", "longer than 3 months"]),
    ],
)
def test_scenario_sentences(median, phrases) -> None:
    result = survival_scenarios(median)
    assert list(result["sentences"]) == ["worst", "typical", "best"]
    for phrase, sentence in zip(phrases, result["sentences"].values(), strict=True):
        assert phrase in sentence
    assert result["text"] == " ".join(result["sentences"].values())


@pytest.mark.parametrize("median", [0, -1, 241, "6", None, True, float("nan")])
def test_scenarios_bad_median(median) -> None:
    with pytest.raises(ValueError, match="median_months must be a number above 0 and at most 240"):
        survival_scenarios(median)
