"""Simple pictures for the conversation: an icon array of 100 people and a survival scenario bar."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from waypoint.i18n import _

INK = QColor("#1d2b36")


class IconArray(QWidget):
    """100 figures: the filled ones stand for people who respond, outlined ones for those who do not.

    Filled against outlined (not colour) so it reads the same on a black-and-white printout.
    """

    def __init__(self) -> None:
        super().__init__()
        self._filled: int | None = None
        self.setAccessibleName(_("Picture of 100 people"))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_filled(self, filled: int | None) -> None:
        """How many of the 100 are filled (None: nothing to show)."""
        self._filled = filled
        if filled is None:
            self.setAccessibleDescription("")
        else:
            self.setAccessibleDescription(
                _("{n} in 100 respond, {m} in 100 do not").format(n=filled, m=100 - filled)
            )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(10 * 14 + 2, 10 * 18 + 2)

    def paintEvent(self, event: object) -> None:
        if self._filled is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(INK, 1.2))
        for i in range(100):
            x, y = (i % 10) * 14 + 1, (i // 10) * 18 + 1
            painter.setBrush(INK if i < self._filled else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(x + 3.5, y, 6, 6))
            painter.drawRoundedRect(QRectF(x + 1.5, y + 7, 10, 9), 3, 3)
        painter.end()


class ScenarioBar(QWidget):
    """Worst case, typical range and best case on one line of months."""

    def __init__(self) -> None:
        super().__init__()
        self._points: tuple[float, float, float, float] | None = None
        self.setAccessibleName(_("Survival scenarios picture"))
        self.setMinimumHeight(54)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scenarios(self, worst: float, low: float, high: float, best: float) -> None:
        """Months for the four points."""
        self._points = (worst, low, high, best)
        self.update()

    def clear(self) -> None:
        """Nothing to show."""
        self._points = None
        self.update()

    def paintEvent(self, event: object) -> None:
        if self._points is None:
            return
        worst, low, high, best = self._points
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, right = 8.0, self.width() - 8.0
        top = 8.0

        def x(months: float) -> float:
            return left + (right - left) * (months / best if best else 0)

        painter.setPen(QPen(INK, 1))
        painter.drawLine(QPointF(left, top + 12), QPointF(right, top + 12))
        painter.setBrush(QColor("#9aa7b1"))
        painter.drawRect(QRectF(x(low), top + 4, max(x(high) - x(low), 2), 16))
        painter.setBrush(INK)
        for months in (worst, best):
            painter.drawEllipse(QPointF(x(months), top + 12), 4, 4)
        metrics = painter.fontMetrics()
        labels = (
            (worst, _("worst {m:g}").format(m=round(worst, 1))),
            ((low + high) / 2, _("typical {a:g}–{b:g}").format(a=round(low, 1), b=round(high, 1))),
            (best, _("best {m:g} months").format(m=round(best, 1))),
        )
        for months, text in labels:
            width = metrics.horizontalAdvance(text)
            tx = min(max(x(months) - width / 2, left), right - width)
            painter.drawText(QPointF(tx, top + 38), text)
        painter.end()
