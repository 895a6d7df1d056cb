"""The FACT-L trend chart for documents, drawn with ReportLab graphics in black and greys.

A template places it with ``<flowable kind="fact_l_chart" …/>``; the data travels in the
element's attributes, so the PDF builder stays stateless:

    points          "2026-05-20=96;2026-11-02=84"  (date=total, any order)
    baseline        the baseline FACT-L total (optional)
    threshold       the step-up line, baseline minus 10 with the shipped content (optional)
    stepped-up-on   the step-up date (optional)
    width, height   in points (defaults 440 × 150)

:func:`fact_l_chart_element` writes that element for a record. Everything is distinguished by
line style and marker shape rather than colour, so it reads on a black-and-white printer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from markupsafe import Markup, escape
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from waypoint.clinical.stepped_care import (
    chart_axis,
    enrolment_baseline,
    fact_l_series,
    format_score,
    schedule_for_record,
)
from waypoint.content.stepped import SteppedRules
from waypoint.dates import format_day
from waypoint.documents.fonts import FAMILY
from waypoint.documents.ink import INK, DocumentMarkupError
from waypoint.record.model import Record

GREY = colors.Color(0.45, 0.45, 0.45)
LIGHT = colors.Color(0.8, 0.8, 0.8)
KIND = "fact_l_chart"


def _points(text: str) -> list[tuple[dt.date, float]]:
    points = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        day, _, score = part.partition("=")
        try:
            points.append((dt.date.fromisoformat(day), float(score)))
        except ValueError:
            raise DocumentMarkupError(f"fact_l_chart: bad point {part!r}") from None
    return sorted(points)


def _int(attrs: Mapping[str, str], key: str) -> float | None:
    value = attrs.get(key, "").strip()
    if not value:
        return None
    try:
        return float(value)  # FACT-L scores may carry one decimal (prorated, e.g. 92.5)
    except ValueError:
        raise DocumentMarkupError(f"fact_l_chart: {key} must be a number") from None


def fact_l_chart(attrs: Mapping[str, str]) -> Drawing:
    """The chart as a ReportLab Drawing (a flowable) from the element's attributes."""
    points = _points(attrs.get("points", ""))
    baseline, threshold = _int(attrs, "baseline"), _int(attrs, "threshold")
    stepped = attrs.get("stepped-up-on", "").strip()
    width = float(attrs.get("width", "440"))
    height = float(attrs.get("height", "150"))
    drawing = Drawing(width, height)
    values = [s for _, s in points] + [v for v in (baseline, threshold) if v is not None]
    low, high, step = chart_axis(values)
    left, right, bottom, top = 34.0, 70.0, 24.0, 16.0
    plot_w, plot_h = width - left - right, height - bottom - top
    drawing.add(Rect(left, bottom, plot_w, plot_h, strokeColor=LIGHT, fillColor=None))
    if not points:
        drawing.add(_text(left + plot_w / 2, bottom + plot_h / 2, "No FACT-L recorded", "middle"))
        return drawing
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 42)

    def x(day: dt.date) -> float:
        return left + 6 + (plot_w - 12) * (day - first).days / span

    def y(score: float) -> float:
        return bottom + plot_h * (score - low) / (high - low)

    for tick in range(low, high + 1, step):
        drawing.add(Line(left - 3, y(tick), left, y(tick), strokeColor=GREY, strokeWidth=0.5))
        drawing.add(_text(left - 5, y(tick) - 3, str(tick), "end"))
    drawing.add(_text(left, height - 10, "FACT-L total (0–136, higher is better)", "start"))
    for day in (first, last) if last != first else (first,):
        drawing.add(_text(x(day), bottom - 12, format_day(day), "middle"))
    if baseline is not None:
        drawing.add(
            Line(left, y(baseline), left + plot_w, y(baseline), strokeColor=GREY, strokeWidth=0.6)
        )
        drawing.add(
            _text(
                left + plot_w + 4, y(baseline) - 2.5, f"Baseline {format_score(baseline)}", "start"
            )
        )
    if threshold is not None:
        drawing.add(
            Line(
                left,
                y(threshold),
                left + plot_w,
                y(threshold),
                strokeColor=INK,
                strokeWidth=0.8,
                strokeDashArray=[4, 3],
            )
        )
        drawing.add(
            _text(
                left + plot_w + 4,
                y(threshold) - 2.5,
                f"Step up at {format_score(threshold)}",
                "start",
            )
        )
    if stepped:
        try:
            day = dt.date.fromisoformat(stepped)
        except ValueError:
            raise DocumentMarkupError("fact_l_chart: stepped-up-on must be a date") from None
        drawing.add(
            Line(
                x(day),
                bottom,
                x(day),
                bottom + plot_h,
                strokeColor=GREY,
                strokeWidth=0.6,
                strokeDashArray=[1, 2],
            )
        )
        drawing.add(_text(x(day) + 3, bottom + plot_h - 10, "Step 2", "start"))
    coords = [c for day, score in points for c in (x(day), y(score))]
    if len(points) > 1:
        drawing.add(PolyLine(coords, strokeColor=INK, strokeWidth=1.4))
    for day, score in points:
        drawing.add(Circle(x(day), y(score), 2.6, fillColor=INK, strokeColor=INK))
    return drawing


def _text(x: float, y: float, text: str, anchor: str) -> String:
    return String(x, y, text, fontName=FAMILY, fontSize=7, fillColor=INK, textAnchor=anchor)


def fact_l_chart_element(
    record: Record, rules: SteppedRules, today: dt.date | None = None
) -> Markup:
    """``<flowable kind="fact_l_chart" …/>`` for a record, or nothing when it has no FACT-L.

    Only scores up to ``today`` are drawn (a care plan's chart as of its conversation), against
    the enrolment baseline (:func:`waypoint.clinical.stepped_care.enrolment_baseline`).
    """
    series = fact_l_series(record, today)
    if not series:
        return Markup("")
    care = record.patient.stepped_care
    attrs = {"points": ";".join(f"{d.isoformat()}={format_score(s)}" for d, s in series)}
    baseline = enrolment_baseline(record)
    if baseline is not None:
        attrs["baseline"] = format_score(baseline)
        if care.mode == "stepped":
            attrs["threshold"] = format_score(baseline - rules.step_up_points)
    try:
        plan = schedule_for_record(record, today or dt.date.today(), rules)
    except ValueError:
        plan = None
    if plan is not None and plan.stepped_up_on is not None:
        attrs["stepped-up-on"] = plan.stepped_up_on.isoformat()
    inner = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    return Markup(f'<flowable kind="{KIND}" {inner}/>')
