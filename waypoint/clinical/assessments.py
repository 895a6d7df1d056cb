"""Assessment calculators: ESAS-r severity and the FACT-L total.

Pure functions. The FACT-L subscale ranges are fixed by the instrument (FACT-L v4); the ESAS-r
severity cut-offs come from content/calculators.toml with their source. FACT-L scores may carry
one decimal: FACIT prorates a subscale with unanswered items (e.g. 21.5), and rounding it could
move a 9-point drop across the 10-point step-up line.
"""

from __future__ import annotations

from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.model import FACT_L_RANGES, Assessment

ESAS_MAX = 10


def _whole(name: str, value: object, top: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(
            _("{name} must be a whole number from 0 to {top}, not {value!r}").format(
                name=name, top=top, value=value
            )
        )
    return value


def esas_severity(score: int, content: Content) -> str:
    """The severity of one ESAS-r score: "none" (0), "mild", "moderate" or "severe".

    With the shipped content: mild 1-3, moderate 4-6, severe 7-10.

    Raises:
        ValueError: the score is not a whole number from 0 to 10.
    """
    value = _whole("score", score, ESAS_MAX)
    bands = content.calculators.esas_from
    if value >= bands["severe_from"]:
        return "severe"
    if value >= bands["moderate_from"]:
        return "moderate"
    if value >= bands["mild_from"]:
        return "mild"
    return "none"


def _score(name: str, value: object, top: int) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and 0 <= value <= top and abs(value * 10 - round(value * 10)) < 1e-6:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]
    raise ValueError(
        _("{name} must be a score from 0 to {top} with at most one decimal, not {value!r}").format(
            name=name, top=top, value=value
        )
    )


def _tidy(value: float) -> float:
    value = round(value, 1)
    return int(value) if value.is_integer() else value


def fact_l_total(pwb: float, swb: float, ewb: float, fwb: float, lcs: float) -> float:
    """The FACT-L total (0 to 136) from its five subscale scores, to one decimal.

    Whole scores give a whole number (an ``int``); prorated ones such as 21.5 are accepted.

    Args:
        pwb: physical well-being, 0 to 28.
        swb: social/family well-being, 0 to 28.
        ewb: emotional well-being, 0 to 24.
        fwb: functional well-being, 0 to 28.
        lcs: lung cancer subscale, 0 to 28.

    Raises:
        ValueError: a subscale is out of its range or has more than one decimal; the message
            names it.
    """
    values = {"pwb": pwb, "swb": swb, "ewb": ewb, "fwb": fwb, "lcs": lcs}
    return _tidy(sum(_score(name, values[name], top) for name, top in FACT_L_RANGES.items()))


def fact_l_score(assessment: Assessment) -> float | None:
    """An assessment's FACT-L total: as entered, else added up from all five subscales.

    The one place every rule, schedule, chart and document reads a FACT-L score from, so a
    subscale-only entry (as copied from the licensed form) counts everywhere.
    """
    if assessment.fact_l_total is not None:
        return assessment.fact_l_total
    # The record's own sum (no range check here: a record is validated when it is read).
    return assessment.fact_l.total() if assessment.fact_l is not None else None
