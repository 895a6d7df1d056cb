"""Alt-letters (``&`` mnemonics) chosen from the labels themselves, unique in each window part.

Labels come from translatable strings and from content/ that a clinic may reword, so letters
picked by hand collide sooner or later (two fields on Alt+M, one of them the wizard's own
button). Instead every page asks :func:`assign_mnemonics` once it is built: it keeps the letter
the wording suggests when it is free, then prefers the first letter of a word, then any letter
or digit in the label, and only when none is left adds one in brackets ("Pain (&1)").
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from waypoint.i18n import _

#: The keys a mnemonic may use; letters with accents are awkward to reach with Alt.
KEYS = string.ascii_lowercase + string.digits


def plain_text(text: str) -> str:
    """The label as shown: single ``&`` removed, ``&&`` back to one literal ampersand."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if text[i] != "&":
            out.append(text[i])
        i += 1
    return "".join(out)


def mnemonic_of(text: str) -> str | None:
    """The Alt-letter of a label (lower case), or None when it has none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def place_mnemonic(text: str, letter: str | None) -> str:
    """``text`` with ``letter`` as its Alt-letter (at a word start if it can); None: no letter."""
    plain = plain_text(text)
    if letter is None:
        return _escape(plain)
    positions = [i for i, ch in enumerate(plain) if ch.lower() == letter]
    if not positions:
        return _escape(plain) + _(" (&{key})").format(key=letter.upper())
    starts = [i for i in positions if i == 0 or not plain[i - 1].isalnum()]
    at = (starts or positions)[0]
    return _escape(plain[:at]) + "&" + _escape(plain[at:])


def assign_mnemonics(texts: Sequence[str], reserved: Iterable[str] = ()) -> list[str]:
    """Give each label its own Alt-letter, none of them ``reserved``; return the new labels.

    As many labels as possible get a letter of their own wording (a maximum matching, trying
    each label's preferred letters first); the rest get a free key in brackets. A label gets
    no letter only when every letter and digit is taken.
    """
    taken = {key.lower() for key in reserved}
    choices = [[key for key in _candidates(text) if key not in taken] for text in texts]
    owner: dict[str, int] = {}

    def seat(label: int, seen: set[str]) -> bool:
        # A free letter first, so a later label never takes an earlier one's letter when it
        # has another; then move earlier labels to their other letters if that frees one.
        free = next((key for key in choices[label] if key not in owner), None)
        if free is not None:
            owner[free] = label
            return True
        for key in choices[label]:
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or seat(owner[key], seen):
                owner[key] = label
                return True
        return False

    for label in range(len(texts)):
        seat(label, set())
    letters: dict[int, str] = {label: key for key, label in owner.items()}
    spare = iter(key for key in KEYS if key not in taken and key not in owner)
    for label in range(len(texts)):
        if label not in letters:
            key = next(spare, None)
            if key is not None:
                letters[label] = key
    return [place_mnemonic(text, letters.get(i)) for i, text in enumerate(texts)]


def _candidates(text: str) -> list[str]:
    plain = plain_text(text)
    first = mnemonic_of(text)
    starts = [ch for i, ch in enumerate(plain) if i == 0 or not plain[i - 1].isalnum()]
    ordered = ([first] if first else []) + starts + list(plain)
    keys: list[str] = []
    for ch in ordered:
        key = ch.lower()
        if key in KEYS and key not in keys:
            keys.append(key)
    return keys


def _escape(text: str) -> str:
    return text.replace("&", "&&")


# -- widgets --------------------------------------------------------------------------------


def mnemonic_widgets(root: QWidget) -> list[QWidget]:
    """Widgets under ``root`` whose text can carry an Alt-letter, in the order they were built.

    Labels count only when bound to a field that takes focus; widgets hidden on purpose (a
    button a page does not use) are left out.
    """
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if _hidden_on_purpose(widget):
            continue
        if isinstance(widget, QLabel):
            buddy = widget.buddy()
            if (
                widget.text()
                and buddy is not None
                and buddy.focusPolicy() != Qt.FocusPolicy.NoFocus
            ):
                found.append(widget)
        elif isinstance(widget, QAbstractButton | QGroupBox):
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
            if text:
                found.append(widget)
    return found


def apply_mnemonics(widgets: Sequence[QWidget], reserved: Iterable[str] = ()) -> set[str]:
    """Give ``widgets`` unique Alt-letters outside ``reserved``; return the letters used.

    Group boxes that cannot be ticked only lose any letter they had: their title would just
    move focus to the first field, which has its own.
    """
    texts = [_text(w) for w in widgets]
    takes = [not (isinstance(w, QGroupBox) and not w.isCheckable()) for w in widgets]
    chosen = assign_mnemonics([t for t, take in zip(texts, takes, strict=True) if take], reserved)
    given = iter(chosen)
    used: set[str] = set()
    for widget, text, take in zip(widgets, texts, takes, strict=True):
        new = next(given) if take else place_mnemonic(text, None)
        _set_text(widget, new)
        letter = mnemonic_of(new)
        if letter:
            used.add(letter)
    return used


def keep_mnemonic(button: QAbstractButton, text: str) -> None:
    """Change a button's wording but keep its Alt-letter (a toggling Start/Pause button)."""
    button.setText(place_mnemonic(text, mnemonic_of(button.text())))


def _text(widget: QWidget) -> str:
    if isinstance(widget, QGroupBox):
        return widget.title()
    return widget.text()  # type: ignore[attr-defined, no-any-return]


def _set_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QGroupBox):
        widget.setTitle(text)
    else:
        widget.setText(text)  # type: ignore[attr-defined]


def _hidden_on_purpose(widget: QWidget) -> bool:
    # Before the window is shown every widget counts as hidden; only setVisible(False) or
    # hide() also marks the widget as shown or hidden explicitly.
    return widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
