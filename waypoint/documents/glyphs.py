"""Which characters the embedded font can print, and a visible stand-in for the rest.

DejaVu Sans covers Latin with every diacritic, Greek and Cyrillic, but not Chinese, Arabic or
most other scripts. A character it has no glyph for would print as an empty box or vanish, and
a clinician would not know. So text is normalised (NFC, so "Nguyễn" typed with combining marks
uses the font's precomposed glyphs), and every character missing from any of the four faces is
replaced with :data:`PLACEHOLDER`; :func:`unsupported_scripts` names what was replaced so the app
can say so before anything is printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from waypoint.documents.fonts import FACES
from waypoint.resources import resource

#: What a character the font cannot show prints as: visible, never silent.
PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"
#: The scripts that print, for notes in the app.
PRINTABLE_SCRIPTS = "Latin (with all accents), Greek and Cyrillic"


@cache
def supported_codepoints() -> frozenset[int]:
    """Code points every face of the embedded family has a glyph for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    common: set[int] | None = None
    for filename in FACES.values():
        face = TTFontFile(str(resource(f"fonts/{filename}")))
        mapped = {code for code, glyph in face.charToGlyph.items() if glyph}
        common = mapped if common is None else common & mapped
    return frozenset(common or ())


def _prints(char: str) -> bool:
    return char in "\n\t" or ord(char) in supported_codepoints()


def printable(text: str) -> str:
    """``text`` in NFC with every character the font cannot show replaced by the placeholder."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(c if _prints(c) else PLACEHOLDER for c in text)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        return "other symbols"
    first = name.split()[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
        return {"CJK": "Chinese/Japanese"}.get(first, first.title())
    return first.title()


def unsupported_scripts(texts: Iterable[str]) -> list[str]:
    """The scripts (e.g. "Arabic", "Chinese/Japanese") in ``texts`` that will print as the placeholder."""
    found: set[str] = set()
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        if text.isascii():
            continue
        found.update(_script(c) for c in text if not _prints(c) and c.isprintable())
    return sorted(found)


def record_texts(obj: object) -> list[str]:
    """Every string inside a record part (dataclasses, lists and dicts, walked recursively)."""
    import dataclasses

    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)

    walk(obj)
    return found
