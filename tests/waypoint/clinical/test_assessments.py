"""ESAS-r severity and the FACT-L total."""

from __future__ import annotations

import pytest

from waypoint.clinical.assessments import esas_severity, fact_l_total
from waypoint.content.bundle import shipped_content


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
    assert esas_severity(score, content=shipped_content()) == severity


@pytest.mark.parametrize("score", [-1, 11, 3.5, "4", None, True])
def test_esas_bad_score(score) -> None:
    with pytest.raises(ValueError, match="score must be a whole number from 0 to 10"):
        esas_severity(score, content=shipped_content())


# FACT-L v4 subscale maxima 28/28/24/28/28, total 0-136 (Cella 1995, content/references.toml
# "fact_l"); FACIT prorates subscales with missing items, so one decimal is allowed (21.5).
@pytest.mark.parametrize(
    ("scores", "total"),
    [
        ((0, 0, 0, 0, 0), 0),
        ((28, 28, 24, 28, 28), 136),
        ((20, 18, 15, 17, 21), 91),
        ((21.5, 18, 15, 17, 21), 92.5),
        ((0.1, 0.2, 0, 0, 0), 0.3),
    ],
)
def test_fact_l_total(scores, total) -> None:
    assert fact_l_total(*scores) == total


def test_fact_l_score_from_subscales_when_no_total() -> None:
    from waypoint.clinical.assessments import fact_l_score
    from waypoint.record.model import Assessment, FactLScores

    parts = FactLScores(pwb=20, swb=18, ewb=15, fwb=17, lcs=21.5)
    assert fact_l_score(Assessment(fact_l=parts)) == 91.5
    assert fact_l_score(Assessment(fact_l_total=90, fact_l=parts)) == 90
    assert fact_l_score(Assessment(fact_l=FactLScores(pwb=20))) is None
    assert fact_l_score(Assessment()) is None


@pytest.mark.parametrize(
    ("name", "value", "top"),
    [
        ("pwb", 29, 28),
        ("swb", -1, 28),
        ("ewb", 25, 24),
        ("fwb", 28.1, 28),
        ("fwb", 20.25, 28),
        ("lcs", None, 28),
        ("ewb", True, 24),
    ],
)
def test_fact_l_bad_subscale_names_it(name, value, top) -> None:
    scores = {"pwb": 10, "swb": 10, "ewb": 10, "fwb": 10, "lcs": 10, name: value}
    with pytest.raises(ValueError, match=f"{name} must be a score from 0 to {top}"):
        fact_l_total(**scores)
