"""ESAS-r severity and the FACT-L total."""

from __future__ import annotations

import pytest

from waypoint.assessments import esas_severity, fact_l_total


@pytest.mark.parametrize(
    ("score", "severity"),
    [
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_esas_bands(score, severity) -> None:
    assert esas_severity(score) == severity


@pytest.mark.parametrize("score", [-1, 11, 3.5, "4", None, True])
def test_esas_bad_score(score) -> None:
    with pytest.raises(ValueError, match="score must be a whole number from 0 to 10"):
        esas_severity(score)


@pytest.mark.parametrize(
    ("scores", "total"),
    [((0, 0, 0, 0, 0), 0), ((28, 28, 24, 28, 28), 136), ((20, 18, 15, 17, 21), 91)],
)
def test_fact_l_total(scores, total) -> None:
    assert fact_l_total(*scores) == total


@pytest.mark.parametrize(
    ("name", "value", "top"),
    [
        ("pwb", 29, 28),
        ("swb", -1, 28),
        ("ewb", 25, 24),
        ("fwb", 28.0, 28),
        ("lcs", None, 28),
        ("ewb", True, 24),
    ],
)
def test_fact_l_bad_subscale_names_it(name, value, top) -> None:
    scores = {"pwb": 10, "swb": 10, "ewb": 10, "fwb": 10, "lcs": 10, name: value}
    with pytest.raises(ValueError, match=f"{name} must be a whole number from 0 to {top}"):
        fact_l_total(**scores)
