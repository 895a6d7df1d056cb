"""Icon arrays: 100 small figures, some filled and the rest outlined, with a key beside them.

Filled versus outline (never colour) so the chance reads the same on a black-and-white
printer. Templates place one with::

    <flowable kind="icon_array" filled="15" filled-label="…" empty-label="…" size="14"/>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from waypoint.documents.fonts import FAMILY
from waypoint.documents.glyphs import printable
from waypoint.documents.ink import INK, DocumentMarkupError

KIND = "icon_array"
COLUMNS = ROWS = 10


def draw_figure(canvas: Any, x: float, y: float, w: float, h: float, filled: bool) -> None:
    """One person-shaped figure with its bottom-left corner at (x, y)."""
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    canvas.setLineWidth(max(0.6, w * 0.08))
    fill = 1 if filled else 0
    head_r = w * 0.24
    canvas.circle(x + w / 2, y + h - head_r - h * 0.02, head_r, stroke=1, fill=fill)
    body_w, body_h = w * 0.8, h * 0.5
    canvas.roundRect(
        x + (w - body_w) / 2, y + h * 0.04, body_w, body_h, body_w * 0.3, stroke=1, fill=fill
    )


class IconArray(Flowable):  # type: ignore[misc]  # ReportLab ships no type information
    """100 figures in a 10×10 grid, the first ``filled`` of them filled, and a two-line key."""

    def __init__(self, filled: int, filled_label: str, empty_label: str, size: float) -> None:
        super().__init__()
        self.filled = filled
        self.labels = (printable(filled_label), printable(empty_label))
        self.size = size
        self.cell_w = size * 1.2
        self.cell_h = size * 1.45
        self.grid_w = self.cell_w * COLUMNS
        self.grid_h = self.cell_h * ROWS
        self.gap = size * 1.4
        self._lines: list[list[str]] = [[], []]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        key_w = max(avail_width - self.grid_w - self.gap - self.size * 1.6, self.size * 6)
        self._lines = [simpleSplit(t, FAMILY, self.size, key_w) for t in self.labels]
        lead = self.size * 1.25
        key_h = sum(len(lines) for lines in self._lines) * lead + self.size
        self.height = max(self.grid_h, key_h) + self.size * 0.4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.size * 0.2
        pad = self.cell_w * 0.1
        for index in range(COLUMNS * ROWS):
            row, col = divmod(index, COLUMNS)
            x = col * self.cell_w + pad
            y = top - (row + 1) * self.cell_h + pad
            draw_figure(
                canvas, x, y, self.cell_w - 2 * pad, self.cell_h - 2 * pad, index < self.filled
            )
        lead = self.size * 1.25
        x_key = self.grid_w + self.gap
        x_text = x_key + self.size * 1.6
        y = top - self.size
        canvas.setFillColor(INK)
        for filled, lines in ((True, self._lines[0]), (False, self._lines[1])):
            draw_figure(
                canvas, x_key, y - self.size * 0.2, self.size * 1.1, self.size * 1.35, filled
            )
            canvas.setFillColor(INK)
            canvas.setFont(FAMILY, self.size)
            for line in lines:
                canvas.drawString(x_text, y, line)
                y -= lead
            y -= self.size * 0.6


def icon_array(attrs: Mapping[str, str]) -> IconArray:
    """The factory behind ``<flowable kind="icon_array" …/>``."""
    try:
        filled = int(attrs.get("filled", ""))
        size = float(attrs.get("size", "12"))
    except ValueError:
        raise DocumentMarkupError("icon_array needs a whole number 'filled' and a 'size'") from None
    if not 0 <= filled <= COLUMNS * ROWS:
        raise DocumentMarkupError(f"icon_array 'filled' must be 0-100, not {filled}")
    return IconArray(filled, attrs.get("filled-label", ""), attrs.get("empty-label", ""), size)
