"""The FACT-L trend on screen, painted with QPainter to match the printed chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from waypoint.dates import format_day
from waypoint.i18n import _
from waypoint.services.clinical import chart_axis, format_score


class FactLChart(QWidget):
    """Scores over time, the baseline, the step-up line (baseline − 10) and the step-up date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("FACT-L trend"))
        self.setMinimumSize(320, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.points: list[tuple[dt.date, float]] = []
        self.baseline: float | None = None
        self.threshold: float | None = None
        self.stepped_up_on: dt.date | None = None

    def set_data(
        self,
        points: list[tuple[dt.date, float]],
        baseline: float | None,
        threshold: float | None,
        stepped_up_on: dt.date | None,
    ) -> None:
        """Show these scores and lines."""
        self.points = sorted(points)
        self.baseline, self.threshold, self.stepped_up_on = baseline, threshold, stepped_up_on
        described = "; ".join(f"{format_day(d)}: {format_score(s)}" for d, s in self.points)
        self.setAccessibleDescription(described or _("No FACT-L recorded"))
        self.setToolTip(described)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        line_h = metrics.height()
        label_w = metrics.horizontalAdvance(_("Baseline {n}").format(n=136)) + 10
        left, right = metrics.horizontalAdvance("136") + 12, label_w
        top, bottom = line_h + 8, line_h + 8
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        ink, grey, light = QColor("#111"), QColor("#6b6b6b"), QColor("#c8c8c8")
        painter.setPen(QPen(light, 1))
        painter.drawRect(plot)
        painter.setPen(ink)
        painter.drawText(QPointF(left, line_h), _("FACT-L total (0–136, higher is better)"))
        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, _("No FACT-L recorded yet"))
            return
        values = [s for _, s in self.points] + [
            v for v in (self.baseline, self.threshold) if v is not None
        ]
        low, high, step = chart_axis(values)
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).days, 42)

        def x(day: dt.date) -> float:
            return plot.left() + 8 + (plot.width() - 16) * (day - first).days / span

        def y(score: float) -> float:
            return plot.bottom() - plot.height() * (score - low) / (high - low)

        for tick in range(low, high + 1, step):
            painter.setPen(QPen(grey, 1))
            painter.drawLine(QPointF(plot.left() - 4, y(tick)), QPointF(plot.left(), y(tick)))
            painter.setPen(ink)
            rect = QRectF(0, y(tick) - line_h / 2, plot.left() - 6, line_h)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick)
            )
        for day, align in (
            (first, Qt.AlignmentFlag.AlignLeft),
            (last, Qt.AlignmentFlag.AlignRight),
        ):
            text = format_day(day)
            width = metrics.horizontalAdvance(text)
            at = x(day) - (0 if align == Qt.AlignmentFlag.AlignLeft else width)
            painter.drawText(QPointF(at, plot.bottom() + line_h + 2), text)
            if first == last:
                break
        self._line(painter, y, plot, self.baseline, QPen(grey, 1), _("Baseline {n}"))
        dashed = QPen(ink, 1.2, Qt.PenStyle.DashLine)
        self._line(painter, y, plot, self.threshold, dashed, _("Step up at {n}"))
        if self.stepped_up_on is not None and first <= self.stepped_up_on <= last:
            painter.setPen(QPen(grey, 1, Qt.PenStyle.DotLine))
            at = x(self.stepped_up_on)
            painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()))
            painter.setPen(ink)
            painter.drawText(QPointF(at + 4, plot.top() + line_h), _("Step 2"))
        painter.setPen(QPen(ink, 2))
        coords = [QPointF(x(d), y(s)) for d, s in self.points]
        for a, b in pairwise(coords):
            painter.drawLine(a, b)
        painter.setBrush(ink)
        for point in coords:
            painter.drawEllipse(point, 3.5, 3.5)

    def _line(
        self,
        painter: QPainter,
        y: Callable[[float], float],
        plot: QRectF,
        value: float | None,
        pen: QPen,
        text: str,
    ) -> None:
        if value is None:
            return
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
        painter.setPen(QColor("#111"))
        height = painter.fontMetrics().height()
        rect = QRectF(plot.right() + 5, y(value) - height / 2, 200, height)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text.format(n=format_score(value)),
        )
