"""The embedded font: DejaVu Sans, which covers Latin with every diacritic, Greek and Cyrillic.

The four faces ship in fonts/ (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt) so documents
look the same on every clinic PC, frozen bundle included. Registering the family tells
ReportLab which face ``<b>`` and ``<i>`` mean; without it bold silently prints as regular.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from waypoint.resources import resource

FAMILY = "Waypoint"
#: Registered face name → file in fonts/.
FACES = {
    FAMILY: "DejaVuSans.ttf",
    f"{FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FAMILY}-Italic": "DejaVuSans-Oblique.ttf",
    f"{FAMILY}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}


@cache
def register_fonts() -> None:
    """Register the four faces and the family once per process."""
    for name, filename in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource(f"fonts/{filename}"))))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=FAMILY,
        bold=f"{FAMILY}-Bold",
        italic=f"{FAMILY}-Italic",
        boldItalic=f"{FAMILY}-BoldItalic",
    )
