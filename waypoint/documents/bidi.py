"""Paragraphs in any script: CJK line breaking, and right-to-left text put in order per line.

ReportLab breaks lines at spaces, which Chinese and Japanese do not use, so a paragraph with CJK
text wraps with ``wordWrap="CJK"`` (a break may fall between any two CJK characters).

ReportLab's own right-to-left support needs ``rlbidi``, which is not on PyPI. So Arabic and
Hebrew paragraphs are broken into lines in logical (typed) order as usual, and each line is put
in visual order only when it is drawn, with python-bidi (the Unicode bidirectional algorithm).
Reordering whole text before wrapping would print a long Arabic answer's last line first.
A paragraph whose first letter is right-to-left reads right to left and is aligned right.
Arabic vowel marks print over their letters (DejaVu draws them there without positioning); a
vowel that shares its letter with a shadda or a hamza is raised above it (:func:`stack_vowels`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

_RTL = frozenset(("R", "AL"))


def _is_cjk(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uf900" <= char <= "\ufaff"
    )


#: A vowel sign that sits above its letter: on a letter already carrying a hamza, or before a
#: shadda on the same letter (NFC puts the vowel first), OpenType would stack it on top.
_STACKED_VOWEL = re.compile(
    "(?<=[\u0623\u0624\u0626\ufe83-\ufe86\ufe89-\ufe8c\ufef7\ufef8])"
    "[\u064b\u064c\u064e\u064f\u0652]"
    "|[\u064b\u064c\u064e\u064f](?=\u0651)"
)
#: How far such a vowel is raised, as ReportLab's ``<super>`` takes it (its size kept).
STACKED_RISE = "32%"


def stack_vowels(markup: str) -> str:
    """Raise the vowel signs that share a letter's top with a hamza or a shadda.

    DejaVu's marks are zero-width and all drawn at their letter's edge, so without OpenType
    positioning two marks on one letter overprint. Used in right-to-left paragraphs only, whose
    lines are reordered piece by piece as a whole (a raised mark becomes a piece of its own).
    """
    return _STACKED_VOWEL.sub(rf'<super rise="{STACKED_RISE}" size="100%">\g<0></super>', markup)


def _wraps_as_cjk(markup: str) -> bool:
    """Whether to break lines between CJK characters rather than only at spaces.

    ReportLab's CJK wrapping is several times slower, which a 20,000-character answer feels. A
    long paragraph with only a few CJK words (a name, "希望") wraps at spaces as usual: those
    words fit on a line, and a CJK run too long for one is still split where the line ends.
    """
    cjk = sum(1 for c in markup if _is_cjk(c))
    return cjk > 0 and (len(markup) <= 2000 or cjk * 10 >= len(markup))


def _direction(text: str) -> str:
    """ "R" or "L" for the first strongly directional letter, "" when there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "R"
        if kind == "L":
            return "L"
    return ""


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph for ``markup`` that wraps and orders its scripts correctly."""
    if markup.isascii():
        return Paragraph(markup, style)
    if _wraps_as_cjk(markup):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    if not any(unicodedata.bidirectional(c) in _RTL for c in markup):
        return Paragraph(markup, style)
    base = _direction(_text_only(markup))
    if base == "R":
        markup = stack_vowels(markup)
        if style.alignment == TA_LEFT:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return _BidiParagraph(markup, style, base=base or "L")


def _text_only(markup: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "", markup)


class _BidiParagraph(Paragraph):  # type: ignore[misc]  # ReportLab ships no type information
    """A paragraph whose lines are put in visual order as they are drawn."""

    def __init__(self, text: str | None, style: ParagraphStyle, *, base: str = "L", **kw: Any):
        self._base = base
        super().__init__(text, style, **kw)

    def split(self, avail_width: float, avail_height: float) -> list[Paragraph]:
        parts: list[Paragraph] = super().split(avail_width, avail_height)
        for part in parts:  # ReportLab makes the halves with our class but not our arguments
            if isinstance(part, _BidiParagraph):
                part._base = self._base
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802  (ReportLab's name)
        logical: Any = self.__dict__["blPara"]  # set by wrap(); ReportLab has no types
        self.blPara = _visual(logical, self._base)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual(bl_para: Any, base: str) -> Any:
    """A copy of broken lines with each line in visual order."""
    from bidi import get_display

    lines: list[Any] = []
    for line in bl_para.lines:
        if isinstance(line, tuple):  # one font throughout: (spare width, words)
            spare, words = line
            lines.append((spare, get_display(" ".join(words), base_dir=base).split(" ")))
        else:  # pieces in several fonts or styles
            words = [_visual_frag(frag, base) for frag in line.words]
            lines.append(line.clone(words=_order_runs(words, base)))
    return bl_para.clone(lines=lines)


def _visual_frag(frag: Any, base: str) -> Any:
    from bidi import get_display

    text = getattr(frag, "text", None)
    if not text or hasattr(frag, "cbDefn"):
        return frag
    return frag.clone(text=get_display(text, base_dir=base))


def _frag_direction(frag: Any) -> str:
    text = getattr(frag, "text", "") or ""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & _RTL and "L" not in kinds:
        return "R"
    if "L" in kinds and not kinds & _RTL:
        return "L"
    return ""


def _order_runs(frags: list[Any], base: str) -> list[Any]:
    """Pieces of a line in display order: runs against the base direction are reversed.

    Pieces with no strong direction (spaces, digits) between two of a run go with it.
    """
    if base == "R":
        # Reversing the line puts left-to-right runs backwards; put them back.
        return _reverse_runs(frags[::-1], "L")
    return _reverse_runs(frags, "R")


def _reverse_runs(frags: list[Any], direction: str) -> list[Any]:
    out: list[Any] = []
    run: list[Any] = []
    neutral: list[Any] = []
    for frag in frags:
        kind = _frag_direction(frag)
        if kind == direction:
            run.extend(neutral)
            neutral = []
            run.append(frag)
        elif kind == "" and run:
            neutral.append(frag)
        else:
            out.extend(run[::-1])
            out.extend(neutral)
            run, neutral = [], []
            out.append(frag)
    out.extend(run[::-1])
    out.extend(neutral)
    return out
