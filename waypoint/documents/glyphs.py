"""Which characters print, in which embedded font, and a visible stand-in for the rest.

Text is normalised (NFC, so "Nguyễn" typed with combining marks uses the font's precomposed
glyphs) and split into runs by the font that has their glyphs (see
:mod:`waypoint.documents.fonts`): DejaVu Sans for Latin, Greek, Cyrillic, Hebrew and Arabic,
WenQuanYi Micro Hei for Chinese, Japanese kana and Korean. Arabic is shaped here (each letter's
joined form, lam-alef ligatures); the order of right-to-left text is settled per printed line by
:mod:`waypoint.documents.bidi`. A character no embedded font has (Thai, Devanagari, emoji…)
prints as :data:`PLACEHOLDER`, never as an empty box, and :func:`unsupported_scripts` names its
script so the app and ``render`` can say so before anything is printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from waypoint.documents.fonts import (
    CJK_FAMILY,
    CJK_FILE,
    CJK_SUBFONT,
    FACES,
    UPRIGHT_FAMILY,
    UPRIGHT_FILES,
    codepoints,
)
from waypoint.i18n import N_

#: What a character no font can show prints as: visible, never silent.
PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"
#: The scripts that print, for notes in the app (translated there) and ``render``.
PRINTABLE_SCRIPTS = N_(
    "Latin (with all accents), Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese kana and Korean"
)
#: Families a run can use besides the main one (None below).
FALLBACKS = (UPRIGHT_FAMILY, CJK_FAMILY)


@cache
def supported_codepoints() -> frozenset[int]:
    """Code points every face of the main family has a glyph for."""
    common: set[int] | None = None
    for filename in FACES.values():
        mapped = set(codepoints(filename))
        common = mapped if common is None else common & mapped
    return frozenset(common or ())


@cache
def _upright_codepoints() -> frozenset[int]:
    regular, bold = (codepoints(name) for name in UPRIGHT_FILES)
    return frozenset((regular & bold) - supported_codepoints())


def _cjk_codepoints() -> frozenset[int]:
    # Read only for a character the DejaVu faces lack, so Latin text never opens the 5 MB file.
    return codepoints(CJK_FILE, CJK_SUBFONT)


def _font_for(char: str) -> str | None:
    """``""`` for the main family, a fallback family's name, or None if no font has it."""
    code = ord(char)
    if char in "\n\t" or code in supported_codepoints():
        return ""
    if code in _upright_codepoints():
        return UPRIGHT_FAMILY
    if code in _cjk_codepoints():
        return CJK_FAMILY
    return None


def _prints(char: str) -> bool:
    return _font_for(char) is not None


def _is_arabic(char: str) -> bool:
    return unicodedata.bidirectional(char) == "AL" and unicodedata.category(char).startswith("L")


@cache
def _reshapers() -> tuple[Any, Any]:
    """Arabic reshapers that keep vowel marks: with ligatures, and letter by letter."""
    from arabic_reshaper import ArabicReshaper

    keep = {"delete_harakat": False, "shift_harakat_position": False}
    return ArabicReshaper(keep), ArabicReshaper({**keep, "support_ligatures": False})


def _shaped(text: str) -> str:
    """Arabic letters in their joined forms; DejaVu has the forms but ReportLab does not join."""
    if not any(_is_arabic(c) for c in text):
        return text
    reshaper, letter_by_letter = _reshapers()
    # Vowel marks (harakat) are kept: DejaVu's are zero-width and drawn to the right of where
    # they start, so once a line is in visual order (each mark just before its letter, as
    # python-bidi leaves it) they print over their letter without OpenType positioning.
    shaped = reshaper.reshape(text)
    if all(_prints(c) for c in shaped if c not in text):
        return str(shaped)
    # A ligature DejaVu lacks: join letters one by one rather than print a placeholder.
    return str(letter_by_letter.reshape(text))


def printable(text: str) -> str:
    """``text`` in NFC with every character no font can show replaced by the placeholder."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(c if _prints(c) else PLACEHOLDER for c in text)


def markup(text: str, *, italic: bool = False, bold: bool = False) -> str:
    """``text`` as escaped paragraph markup: Arabic shaped, runs in the font that prints them.

    ``italic`` says the text sits inside ``<i>``: the italic faces lack Arabic, so such runs use
    the upright family. ``bold`` says it sits inside ``<b>`` or a bold style, which a run in
    another family would lose (ReportLab's ``<font name>`` sets the face, bold or not). Spaces and punctuation stay with the run around them, so a sentence in
    one script is one run (one run is what lets a paragraph wrap and reorder simply).
    """
    text = _shaped(unicodedata.normalize("NFC", text))
    if text.isascii():
        return xml_escape(text)
    runs: list[tuple[str, list[str]]] = []
    for char in text:
        family = _font_for(char)
        if family is None:
            char, family = PLACEHOLDER, ""
        elif family == UPRIGHT_FAMILY and not italic:
            family = ""  # the regular and bold faces have it
        if runs and family != runs[-1][0] and not char.isalpha() and _joins(char, runs[-1][0]):
            family = runs[-1][0]
        if runs and runs[-1][0] == family:
            runs[-1][1].append(char)
        else:
            runs.append((family, [char]))
    return "".join(_run_markup(family, "".join(chars), bold) for family, chars in runs)


def _joins(char: str, family: str) -> bool:
    """Whether a space, digit or punctuation mark prints in ``family`` (so stays in its run)."""
    code = ord(char)
    if family == CJK_FAMILY:
        return code in _cjk_codepoints()
    return code in supported_codepoints() or code in _upright_codepoints()


def _run_markup(family: str, text: str, bold: bool = False) -> str:
    escaped = xml_escape(text)
    if not family:
        return escaped
    from waypoint.documents.fonts import register_fallback

    register_fallback(family)
    if bold:
        escaped = f"<b>{escaped}</b>"
    return f'<font name="{family}">{escaped}</font>'


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        return "other symbols"
    first = name.split()[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
        return {"CJK": "Chinese/Japanese"}.get(first, first.title())
    return first.title()


def unsupported_scripts(texts: Iterable[str]) -> list[str]:
    """The scripts (e.g. "Thai", "Devanagari") in ``texts`` that will print as the placeholder."""
    found: set[str] = set()
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        if text.isascii():
            continue
        found.update(_script(c) for c in text if c.isprintable() and not _prints(c))
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
