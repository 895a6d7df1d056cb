"""The embedded fonts: DejaVu Sans for most scripts, WenQuanYi Micro Hei for CJK.

DejaVu Sans covers Latin with every diacritic, Greek, Cyrillic and Hebrew in all four faces,
and Arabic in its upright faces. The four faces ship in fonts/ (Bitstream Vera licence,
fonts/LICENSE-DejaVu.txt) so documents look the same on every clinic PC, frozen bundle
included. Registering the family tells ReportLab which face ``<b>`` and ``<i>`` mean; without it
bold silently prints as regular.

Two fallback families are registered only when a document needs them, so Latin documents pay
nothing for them:

- :data:`CJK_FAMILY`, WenQuanYi Micro Hei (Apache-2.0, fonts/LICENSE-WenQuanYi.txt) for Chinese,
  Japanese kana and Korean. It is TrueType, which ReportLab can embed (Noto Sans CJK is
  OpenType/CFF, which it cannot). It has one weight: its bold face is the same glyphs drawn
  outlined as well as filled (:mod:`waypoint.documents.emphasis`), and italic prints upright.
- :data:`UPRIGHT_FAMILY`, DejaVu Sans's upright faces standing in for the italic ones, which have
  no Arabic: the handout prints the patient's own words in italics, in whatever script.
"""

from __future__ import annotations

from functools import cache
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from waypoint.resources import resource

FAMILY = "Waypoint"
#: Registered face name → file in fonts/.
FACES = {
    FAMILY: "DejaVuSans.ttf",
    f"{FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FAMILY}-Italic": "DejaVuSans-Oblique.ttf",
    f"{FAMILY}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}
#: The upright faces, whose glyphs (Arabic included) print in every style.
UPRIGHT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

CJK_FAMILY = "WaypointCJK"
CJK_FILE = "wqy-microhei.ttc"
#: The collection's first face is the proportional "Micro Hei" (the second is monospaced).
CJK_SUBFONT = 0

UPRIGHT_FAMILY = "WaypointUpright"
#: Bold faces with no bold glyphs of their own, drawn thicker by the PDF builder.
FAKE_BOLD = frozenset({f"{CJK_FAMILY}-Bold"})


class _SameFace(TTFont):  # type: ignore[misc]  # ReportLab ships no type information
    """A loaded TrueType face under another name (its own subsets), without reading it again."""

    def __init__(self, name: str, like: TTFont) -> None:
        # TTFont.__init__ would parse the 5 MB file a second time; only its name and per-document
        # state differ from the face it copies.
        self.fontName = name
        self.face = like.face
        self.encoding = like.encoding
        self.state: WeakKeyDictionary[object, object] = WeakKeyDictionary()
        self._asciiReadable = like._asciiReadable
        self.shapable = like.shapable


def _register_family(family: str, regular: TTFont, bold: TTFont) -> None:
    for face in {regular.fontName: regular, bold.fontName: bold}.values():
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(
        family,
        normal=regular.fontName,
        bold=bold.fontName,
        italic=regular.fontName,
        boldItalic=bold.fontName,
    )


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


@cache
def register_fallback(family: str) -> None:
    """Register a fallback family the first time a document uses it (CJK parses a 5 MB file)."""
    if family == CJK_FAMILY:
        face = TTFont(CJK_FAMILY, str(resource(f"fonts/{CJK_FILE}")), subfontIndex=CJK_SUBFONT)
        _register_family(CJK_FAMILY, face, _SameFace(f"{CJK_FAMILY}-Bold", face))
    elif family == UPRIGHT_FAMILY:
        regular, bold = (
            TTFont(f"{UPRIGHT_FAMILY}{suffix}", str(resource(f"fonts/{filename}")))
            for suffix, filename in zip(("", "-Bold"), UPRIGHT_FILES, strict=True)
        )
        _register_family(UPRIGHT_FAMILY, regular, bold)
    else:
        raise ValueError(f"no fallback font family {family!r}")


@cache
def codepoints(filename: str, subfont: int = 0) -> frozenset[int]:
    """Code points the font file in fonts/ has a glyph for (its character map, read once)."""
    face = TTFontFile(str(resource(f"fonts/{filename}")), subfontIndex=subfont)
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)
