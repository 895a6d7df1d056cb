"""Assessment calculators: ESAS-r severity and the FACT-L total.

Pure functions. The FACT-L subscale ranges are fixed by the instrument (FACT-L v4); the ESAS-r
severity cut-offs come from content/calculators.toml with their source.
"""

from __future__ import annotations

from waypoint.content import Content, shipped_content
from waypoint.i18n import _

#: FACT-L v4 subscales and their maximum scores (minimum 0). Total 0 to 136.
FACT_L_RANGES = {"pwb": 28, "swb": 28, "ewb": 24, "fwb": 28, "lcs": 28}
ESAS_MAX = 10


def _whole(name: str, value: object, top: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(
            _("{name} must be a whole number from 0 to {top}, not {value!r}").format(
                name=name, top=top, value=value
            )
        )
    return value


def esas_severity(score: int, content: Content | None = None) -> str:
    """The severity of one ESAS-r score: "none" (0), "mild", "moderate" or "severe".

    With the shipped content: mild 1-3, moderate 4-6, severe 7-10.

    Raises:
        ValueError: the score is not a whole number from 0 to 10.
    """
    value = _whole("score", score, ESAS_MAX)
    bands = (content or shipped_content()).calculators.esas_from
    if value >= bands["severe_from"]:
        return "severe"
    if value >= bands["moderate_from"]:
        return "moderate"
    if value >= bands["mild_from"]:
        return "mild"
    return "none"


def fact_l_total(pwb: int, swb: int, ewb: int, fwb: int, lcs: int) -> int:
    """The FACT-L total (0 to 136) from its five subscale scores.

    Args:
        pwb: physical well-being, 0 to 28.
        swb: social/family well-being, 0 to 28.
        ewb: emotional well-being, 0 to 24.
        fwb: functional well-being, 0 to 28.
        lcs: lung cancer subscale, 0 to 28.

    Raises:
        ValueError: a subscale is not a whole number in its range; the message names it.
    """
    values = {"pwb": pwb, "swb": swb, "ewb": ewb, "fwb": fwb, "lcs": lcs}
    return sum(_whole(name, values[name], top) for name, top in FACT_L_RANGES.items())
