"""Bold for a font that has no bold face: the letters drawn filled and outlined in their ink.

WenQuanYi Micro Hei, the CJK fallback, has one weight, so a Chinese heading or name in ``<b>``
printed exactly like the text under it. Its bold face (:data:`FAKE_BOLD`, registered by
:mod:`waypoint.documents.fonts`) is the same glyphs under another name; text set in it is
drawn with PDF text render mode 2 (fill, then stroke) in the fill colour, which thickens each
stroke the way a bold weight would. It stays text: it extracts, searches and reads aloud as
before, and prints the same on any printer.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.textobject import PDFTextObject

from waypoint.documents.fonts import FAKE_BOLD
from waypoint.documents.ink import INK

#: The outline's width as a share of the type size: each stroke gets this much thicker, about
#: the difference between a regular and a bold weight.
STROKE_SHARE = 0.045


class EmphasisText(PDFTextObject):  # type: ignore[misc]  # ReportLab ships no type information
    """A text object that draws text in a fake-bold font as filled and outlined."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ink: Any = INK
        super().__init__(*args, **kwargs)

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N802, N803
        """Remember the ink so the outline matches it (greys included)."""
        self._ink = aColor
        super().setFillColor(aColor, alpha)

    def _formatText(self, text: str) -> str:  # noqa: N802  (ReportLab's name)
        code: str = super()._formatText(text)
        if self._fontname not in FAKE_BOLD or not code:
            return code
        # Colour and width apply inside the text object; the paragraph's own q/Q (ReportLab
        # saves the state around every paragraph) puts them back afterwards.
        outline = self._outline_colour()
        width = round(self._fontsize * STROKE_SHARE, 3)
        return f"{outline} {width} w 2 Tr {code} 0 Tr"

    def _outline_colour(self) -> str:
        held: list[str] = self._code
        self._code: list[str] = []
        try:
            self.setStrokeColor(self._ink)
            return " ".join(self._code)
        finally:
            self._code = held
