"""Prognosis calculators: the Palliative Prognostic Index and survival scenarios.

Pure functions. The PPI points are those published by Morita et al. (1999) and are fixed here;
the survival bands the score is read against, the scenario multiples (Kiely et al. 2011) and all
sentences come from content/calculators.toml so a clinic can review them with their sources.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from waypoint.content.bundle import Content, Reference
from waypoint.i18n import _

ORAL_INTAKE_POINTS = {"normal": 0.0, "moderate": 1.0, "severe": 2.5}
EDEMA_POINTS = 1.0
DYSPNEA_POINTS = 3.5
DELIRIUM_POINTS = 4.0
PPI_MAX = 15.0
SCENARIO_KEYS = ("worst", "typical_low", "typical_high", "best")
#: Medians above this (20 years) are outside anything the scenarios were derived from.
MAX_MEDIAN_MONTHS = 240.0
DAYS_PER_MONTH = 365.25 / 12
WEEKS_PER_MONTH = 52 / 12


def _pps_points(pps: int) -> float:
    if pps <= 20:
        return 4.0
    if pps <= 50:
        return 2.5
    return 0.0


def _check_flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(
            _("{name} must be True or False, not {value!r}").format(name=name, value=value)
        )
    return value


def palliative_prognostic_index(
    pps: int,
    oral_intake: str,
    edema: bool,
    dyspnea_at_rest: bool,
    delirium: bool,
    content: Content,
) -> float:
    """The Palliative Prognostic Index (0 to 15; higher means shorter expected survival).

    Args:
        pps: Palliative Performance Scale, 0 to 100 in steps of 10.
        oral_intake: "normal", "moderate" (moderately reduced) or "severe" (mouthfuls or less).
        edema: oedema present.
        dyspnea_at_rest: shortness of breath at rest.
        delirium: delirium present.
        content: the content whose wording explains a refusal (the active content if None).

    Raises:
        ValueError: an argument is of the wrong type or out of range; the message names it.
            PPS 0% means the person has died: the index is for a living patient, so it is
            refused with the plain reason from content/calculators.toml.
    """
    if isinstance(pps, bool) or not isinstance(pps, int) or not 0 <= pps <= 100 or pps % 10:
        raise ValueError(
            _("pps must be a whole number from 0 to 100 in steps of 10, not {value!r}").format(
                value=pps
            )
        )
    living = content.calculators.living
    if living.is_death("pps", pps):
        raise ValueError(living.messages["ppi"].format(value=pps))
    if not isinstance(oral_intake, str) or oral_intake not in ORAL_INTAKE_POINTS:
        raise ValueError(
            _("oral_intake must be one of {allowed}, not {value!r}").format(
                allowed=", ".join(ORAL_INTAKE_POINTS), value=oral_intake
            )
        )
    score = _pps_points(pps) + ORAL_INTAKE_POINTS[oral_intake]
    score += EDEMA_POINTS if _check_flag("edema", edema) else 0.0
    score += DYSPNEA_POINTS if _check_flag("dyspnea_at_rest", dyspnea_at_rest) else 0.0
    score += DELIRIUM_POINTS if _check_flag("delirium", delirium) else 0.0
    return score


def _check_score(score: object) -> float:
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= PPI_MAX:
        raise ValueError(
            _("score must be a number from 0 to {top:g}, not {value!r}").format(
                top=PPI_MAX, value=score
            )
        )
    return float(score)


def ppi_band(score: float, content: Content) -> str:
    """The survival band a PPI score predicts, in the wording of content/calculators.toml.

    A score exactly at a cut-off belongs to the band below it (the bands are "above 6" and
    "above 4", as published).
    """
    value = _check_score(score)
    bands = content.calculators.ppi_bands
    for band in bands:
        if band.above is None or value > band.above:
            return band.text
    return bands[-1].text  # unreachable: content validation guarantees a last open band


def ppi_note(content: Content) -> str:
    """Where the PPI comes from, to show wherever its result is shown."""
    return content.calculators.ppi_note


def scenario_note(content: Content) -> str:
    """Where the scenario multiples come from, to show wherever the scenarios are shown."""
    return content.calculators.scenario_note


def ppi_references(content: Content) -> list[Reference]:
    """The full citations behind the PPI and its bands."""
    return content.cite(content.calculators.ppi_sources)


def scenario_references(content: Content) -> list[Reference]:
    """The full citations behind the survival scenarios."""
    return content.cite(content.calculators.scenario_sources)


def round_half_up(value: float, places: int = 0) -> float:
    """``value`` rounded half away from zero for positives: 2.5 -> 3, not Python's 2."""
    # Through a short decimal string first, so 2.4999999999 from float arithmetic counts as 2.5.
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def format_duration(months: float, content: Content) -> str:
    """A length of time in words, rounded half up.

    Days under 1.5 weeks (so never "1 week"), weeks under 2 months, months under 2 years,
    else years to one decimal. Never less than 1 day.
    """
    units = content.calculators.duration_units
    n = round_half_up(months * WEEKS_PER_MONTH)
    key = "week"
    if n < 2:
        n, key = max(1.0, round_half_up(months * DAYS_PER_MONTH)), "day"
    elif months >= 24:
        n, key = round_half_up(months / 12, 1), "year"
    elif months >= 2:
        n, key = round_half_up(months), "month"
    return units[key if n == 1 else key + "s"].format(n=f"{n:g}")


def survival_scenarios(median_months: float, content: Content) -> dict[str, Any]:
    """Best, typical and worst case survival from a median (Kiely et al. 2011).

    Returns the months under ``worst``, ``typical_low``, ``typical_high`` and ``best``, and the
    sentences for documents under ``sentences`` (keys ``worst``, ``typical``, ``best``, in that
    order, each a complete sentence) and ``text`` (the three sentences joined).

    Raises:
        ValueError: the median is not a number above 0 and at most 240 months.
    """
    if (
        isinstance(median_months, bool)
        or not isinstance(median_months, int | float)
        or not 0 < median_months <= MAX_MEDIAN_MONTHS
    ):
        raise ValueError(
            _("median_months must be a number above 0 and at most {top:g}, not {value!r}").format(
                top=MAX_MEDIAN_MONTHS, value=median_months
            )
        )
    calc = content.calculators
    months = {key: median_months * calc.scenario_multiples[key] for key in SCENARIO_KEYS}
    words = {key: format_duration(value, content) for key, value in months.items()}
    # A very short median can round both ends of the range to the same words.
    typical = "typical_same" if words["typical_low"] == words["typical_high"] else "typical"
    sentences = {
        key: calc.scenario_sentences[form].format(**words)
        for key, form in (("worst", "worst"), ("typical", typical), ("best", "best"))
    }
    result: dict[str, Any] = dict(months)
    result["sentences"] = sentences
    result["text"] = " ".join(sentences[k] for k in ("worst", "typical", "best"))
    return result
