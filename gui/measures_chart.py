"""One clinic measure by quarter, painted with QPainter: a bar per quarter, readable in grey.

Each bar is the measure's percentage that quarter, with the figure above it and "met of
counted" and the quarter below; a quarter with nobody counted shows a dash, never a 0 % bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from waypoint.i18n import _

#: (quarter label, met, counted) for each quarter, oldest first.
Series = list[tuple[str, int, int]]


def percent_text(met: int, counted: int) -> str:
    """ "40%" (whole percentages), or a dash when nobody was counted."""
    return f"{round(100 * met / counted)}%" if counted else "–"


class MeasureChart(QWidget):
    """The selected measure by quarter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Measure by quarter"))
        self.setMinimumSize(300, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title = ""
        self.series: Series = []

    def set_series(self, title: str, series: Series) -> None:
        """Show ``series`` under ``title``."""
        self.title, self.series = title, series
        described = "; ".join(
            f"{label}: {percent_text(met, of)} ({met}/{of})" for label, met, of in series
        )
        self.setAccessibleDescription(f"{title}. {described}" if series else title)
        self.setToolTip(described)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 190)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        ink, grey, light = QColor("#111"), QColor("#555"), QColor("#c8c8c8")
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(ink)
        title = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 12)
        painter.drawText(QRectF(6, 2, self.width() - 12, line), title)
        if not self.series:
            return
        plot = QRectF(6, 2 * line + 8, self.width() - 12, self.height() - 5 * line - 14)
        painter.setPen(QPen(light, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        slot = plot.width() / len(self.series)
        bar_w = min(slot * 0.6, 60.0)
        for n, (label, met, of) in enumerate(self.series):
            middle = plot.left() + slot * (n + 0.5)
            height = plot.height() * met / of if of else 0.0
            bar = QRectF(middle - bar_w / 2, plot.bottom() - height, bar_w, height)
            if of:
                painter.fillRect(bar, grey)
            painter.setPen(ink)
            above = QRectF(middle - slot / 2, bar.top() - line - 2, slot, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, percent_text(met, of))
            below = QRectF(middle - slot / 2, plot.bottom() + 4, slot, line)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, f"{met}/{of}")
            painter.setPen(grey)
            under = QRectF(middle - slot / 2, plot.bottom() + 4 + line, slot, line)
            painter.drawText(under, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
