"""Page furniture: the footer on every page, and the canvas that draws it once pages are counted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscent
from reportlab.pdfgen.canvas import Canvas

from waypoint.documents.bidi import paragraph
from waypoint.documents.emphasis import EmphasisText
from waypoint.documents.fonts import FAMILY
from waypoint.documents.glyphs import markup

MUTED = colors.Color(0.32, 0.32, 0.32)


class Footer:
    """The footer on every page: its text on the left (wrapped if long), the page number right."""

    def __init__(self, text: str, size: float) -> None:
        self.size = size
        self.style = ParagraphStyle(
            "footer", fontName=FAMILY, fontSize=size, leading=size * 1.2, textColor=MUTED
        )
        self.paragraph = paragraph(markup(text), self.style)
        self.height: float = self.style.leading
        self.lines = 1

    def fit(self, width: float) -> None:
        """Wrap the text beside room for "page N of M"."""
        _, height = self.paragraph.wrap(width - self.size * 9, 10_000)
        self.height = float(height)
        self.lines = max(1, round(self.height / self.style.leading))

    @property
    def extra_height(self) -> float:
        """The height the footer takes beyond its usual one line."""
        return float((self.lines - 1) * self.style.leading)

    def draw(self, canvas: Any, left: float, right: float, margin: float, page_number: str) -> None:
        """Draw it with its last line on the usual footer baseline, below the bottom margin."""
        baseline = margin - self.size * 0.5
        canvas.saveState()
        # A paragraph's last baseline sits one leading less its font's ascent above its bottom.
        bottom = baseline - self.style.leading + float(getAscent(FAMILY, self.size))
        self.paragraph.drawOn(canvas, left, bottom)
        canvas.setFont(FAMILY, self.size)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, baseline, page_number)
        canvas.restoreState()


def footed_canvas(draw: Callable[[Any, int, int], None]) -> type[Canvas]:
    """A canvas that draws each page's footer once the page count is known.

    Pages are held until the document is saved, then each gets its footer as the last thing
    on the page: "page 2 of 5" needs the total, and text extraction (and screen readers that
    follow the content order) then reads the body before the footer.
    """

    class FootedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type information
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> EmphasisText:  # noqa: N802
            return EmphasisText(self, x, y, direction)  # bold for fonts with no bold face

        def showPage(self) -> None:  # noqa: N802  (ReportLab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                draw(self, number, total)
                super().showPage()
            super().save()

    return FootedCanvas
