"""Usable by every clinician: focus you can see, text you can read, names a screen reader hears.

The names are read the way a screen reader reads them, through Qt's accessibility interface
(QAccessible), in every window and on every wizard page. Focus is measured in pixels: each
kind of control is grabbed unfocused and focused. Contrast is worked out with WCAG 2.2's
relative luminance from the colours the style sheet and the palette really give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from gui.app import create_application
from gui.considerations_panel import DISMISSED_COLOUR
from gui.inputs import NOT_RECORDED
from gui.pdf_pages import PageView
from gui.wizard_side import PART_COLOUR, SKIPPED_COLOUR, part_status_text
from tests.gui.shortcuts import visible_keys
from waypoint.resources import resource

TEXT = 4.5  # WCAG 2.2 AA, 1.4.3: text
CHANGE = 3.0  # 2.4.13 (focus appearance): the indicator's change against the unfocused look
FOCUS = "#1a4fa0"
DASHES = {"—", "–", "-"}  # what a blank choice looks like; read as "dash" or not at all

# -- the pure functions -------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour given as #rrggbb."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_the_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#595959", "#ffffff") == pytest.approx(7.0, abs=0.01)


def _opaque(colour: QColor, background: QColor) -> str:
    """A colour as drawn over ``background`` (placeholder text is black at half strength)."""
    alpha = colour.alphaF()
    mixed = [
        round(alpha * c + (1 - alpha) * b)
        for c, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (background.red(), background.green(), background.blue()),
            strict=True,
        )
    ]
    return "#" + "".join(f"{c:02x}" for c in mixed)


# -- contrast ------------------------------------------------------------------------------


def _style_rules() -> Iterator[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", resource("gui/style.qss").read_text("utf-8"), flags=re.S)
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        props = dict(
            (k.strip(), v.strip()) for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+);?", body)
        )
        yield selector.strip(), props


def _hex(value: str) -> str | None:
    words = value.split()
    match = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", words[-1]) if words else None
    if not match:
        return None
    digits = match.group(1)
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def test_every_text_colour_in_the_style_sheet_is_readable() -> None:
    """Each text colour against its own background, or against both the window and white."""
    low = []
    for selector, props in _style_rules():
        for text_key, back_key in (
            ("color", "background"),
            ("placeholder-text-color", "background"),
            ("selection-color", "selection-background-color"),
        ):
            colour = _hex(props.get(text_key, ""))
            if colour is None:
                continue
            own = _hex(props.get(back_key, ""))
            for background in [own] if own else ["#ffffff", "#efefef"]:
                ratio = contrast(colour, background)
                if ratio < TEXT:
                    low.append(f"{selector}: {text_key} {colour} on {background} is {ratio:.2f}:1")
    assert not low, "\n".join(low)


def test_placeholder_and_selected_rows_are_readable(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Measured from what the widgets are given, after the style sheet: not just declared."""
    create_application()
    edit, listing = QLineEdit(), QListWidget()
    for widget in (edit, listing):
        qtbot.addWidget(widget)
        widget.show()
        widget.ensurePolished()
    base = edit.palette().color(QPalette.ColorRole.Base)
    placeholder = _opaque(edit.palette().color(QPalette.ColorRole.PlaceholderText), base)
    assert contrast(placeholder, base.name()) >= TEXT, placeholder
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette = listing.palette()
        text = palette.color(group, QPalette.ColorRole.HighlightedText).name()
        back = palette.color(group, QPalette.ColorRole.Highlight).name()
        assert contrast(text, back) >= TEXT, (group, text, back)


def test_dismissed_considerations_and_skipped_parts_are_readable() -> None:
    for colour in (DISMISSED_COLOUR, SKIPPED_COLOUR, PART_COLOUR):
        assert contrast(colour, "#ffffff") >= TEXT, colour


# -- focus you can see -------------------------------------------------------------------


def _controls() -> list[QWidget]:
    combo = QComboBox()
    combo.addItems(["—", "Yes", "No"])
    table = QTableWidget(2, 2)
    listing = QListWidget()
    listing.addItems(["Prognosis", "Goals"])
    return [
        QLineEdit(),
        QPlainTextEdit(),
        QSpinBox(),
        combo,
        QCheckBox("Oedema"),
        QPushButton("Cancel"),
        listing,
        table,
        PageView(),
    ]


def _pixels(widget: QWidget) -> list[str]:
    image = widget.grab().toImage()
    return [
        image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())
    ]


def _settle(app: QApplication) -> None:
    for _round in range(3):
        app.processEvents()


def test_focus_changes_every_kind_of_control_by_three_to_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A ring at least two pixels thick around the control, each pixel changing by 3:1."""
    app = create_application()
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    controls = _controls()
    for control in controls:
        layout.addWidget(control)
    elsewhere = QLineEdit()
    layout.addWidget(elsewhere)
    window.resize(360, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    weak = []
    for control in controls:
        elsewhere.setFocus()
        _settle(app)
        before = _pixels(control)
        control.setFocus(Qt.FocusReason.TabFocusReason)
        _settle(app)
        assert control.hasFocus(), type(control).__name__
        after = _pixels(control)
        changed = sum(1 for a, b in zip(before, after, strict=True) if contrast(a, b) >= CHANGE)
        # The area of a 2-px line around the control (WCAG 2.4.13's minimum).
        needed = 2 * 2 * (control.width() + control.height()) - 16 * 2
        if changed < needed:
            weak.append(f"{type(control).__name__}: {changed} of {needed} pixels change by 3:1")
    assert not weak, "\n".join(weak)


def test_the_default_button_does_not_look_focused(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = create_application()
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    default, plain, other = QPushButton("Next"), QPushButton("Next"), QPushButton("Cancel")
    default.setDefault(True)
    for button in (default, plain, other):
        layout.addWidget(button)
    window.show()
    qtbot.waitExposed(window)
    other.setFocus()
    _settle(app)
    ring = QColor(FOCUS).name()
    assert ring not in _pixels(default)  # never the focus ring on a button without focus
    assert ring in _pixels(other)
    assert _pixels(default) != _pixels(plain)  # but marked all the same (bold)


# -- names, scroll panes, shortcuts -----------------------------------------------------------


def _walk(iface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    if iface.state().invisible:
        return
    yield iface
    for index in range(iface.childCount()):
        child = iface.child(index)
        if child is not None and child.isValid():
            yield from _walk(child)


def name_problems(window: QWidget) -> list[str]:
    """Focusable controls a screen reader would announce with no name, or by their value."""
    found = []
    for iface in _walk(QAccessible.queryAccessibleInterface(window)):
        widget = iface.object()
        if not isinstance(widget, QWidget) or not iface.state().focusable:
            continue  # rows and cells are named by their own text
        name = iface.text(QAccessible.Text.Name).strip()
        value = iface.text(QAccessible.Text.Value).strip()
        kind = type(widget).__name__
        if not name:
            found.append(f"{kind} has no name")
        elif value and name == value:
            found.append(f"{kind} is announced by its value {value!r}")
        if isinstance(widget, QComboBox) and value in DASHES:
            found.append(f"{kind} {name!r}: its choice is heard as {value!r}")
    return found


def scroll_pane_problems(window: QWidget) -> list[str]:
    """Scroll panes that take the Tab key though they only hold other controls."""
    return [
        f"{type(w).__name__} {w.objectName()} is a tab stop".strip()
        for w in window.findChildren(QAbstractScrollArea)
        if w.isVisible()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w, QAbstractItemView | QPlainTextEdit | PageView)
        and type(w).__name__ != "QTextEdit"
    ]


def shortcut_problems(widgets: list[QWidget]) -> list[str]:
    """Alt-letters used twice among the visible labels, buttons and group boxes of a screen."""
    seen: dict[str, list[str]] = {}
    for key, text in visible_keys(widgets):
        seen.setdefault(key, []).append(text)
    return [f"{key}: {texts}" for key, texts in sorted(seen.items()) if len(texts) > 1]


def _screen_problems(name: str, window: QWidget, widgets: list[QWidget]) -> list[str]:
    problems = name_problems(window) + scroll_pane_problems(window) + shortcut_problems(widgets)
    return [f"{name}: {p}" for p in problems]


@pytest.fixture
def every_window(qtbot, qsettings_isolated, tmp_path: Path) -> Any:  # type: ignore[no-untyped-def]
    from tests.gui.window_fit_child import Windows

    windows = Windows(tmp_path)
    qtbot.addWidget(windows.main)
    yield windows
    windows.main.close()


def test_every_control_in_every_window_has_a_name_and_its_own_key(every_window) -> None:  # type: ignore[no-untyped-def]
    windows = every_window
    app = windows.app
    problems: list[str] = []
    for name, factory in windows.each():
        window = factory()
        window.show()
        _settle(app)
        problems += _screen_problems(name, window, window.findChildren(QWidget))
        if window is not windows.main:
            window.close()
    wizard: Any = windows.wizard()
    wizard.show()
    for index in range(len(wizard.pages)):
        _settle(app)
        page = wizard.currentPage()
        buttons = [wizard.button(QWizard.WizardButton(which)) for which in range(9)]
        screen = [*page.findChildren(QWidget), *wizard.side.findChildren(QWidget)]
        screen += [b for b in buttons if b is not None]
        problems += _screen_problems(type(page).__name__, wizard, screen)
        if index < len(wizard.pages) - 1:
            wizard.next()
    wizard.close()
    assert windows.ask.unexpected == []
    assert not problems, "\n".join(problems)


def test_the_side_panel_says_where_each_part_stands_in_words(every_window) -> None:  # type: ignore[no-untyped-def]
    windows = every_window
    wizard: Any = windows.wizard()
    wizard.conversation.skipped["clinical_trials"] = "Not the right time"
    wizard.side.show_status(wizard.conversation)
    wizard.show()
    _settle(windows.app)
    iface = QAccessible.queryAccessibleInterface(wizard.side.elements)
    names = [
        iface.child(i).text(QAccessible.Text.Name)
        for i in range(iface.childCount())
        if iface.child(i).role() == QAccessible.Role.ListItem
    ]
    assert "Clinical trials — skipped: Not the right time" in names, names
    assert any(n.endswith("— covered") for n in names), names
    assert part_status_text("untouched") == "not yet touched"
    wizard.close()


def test_every_clinic_setting_has_its_own_alt_key(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit

    from gui.mnemonics import mnemonic_of
    from gui.settings_dialog import SettingsDialog
    from waypoint.storage.settings import Settings

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    inputs = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QAbstractSpinBox | QComboBox)
        and not isinstance(w.parent(), QAbstractSpinBox)
    ]
    keys = {
        label.buddy(): mnemonic_of(label.text())
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    }
    missing = [w.accessibleName() for w in inputs if not keys.get(w)]
    assert missing == []
    assert len(set(keys.values())) == len(keys)


# -- blank choices ----------------------------------------------------------------------------


def _blank_choice_problems(screen: str, window: QWidget) -> list[str]:
    """Blank entries of every combo box, heard as words: the box's value and the list's item."""
    found = []
    for box in window.findChildren(QComboBox):
        for index in range(box.count()):
            if box.itemText(index).strip() not in DASHES:
                continue
            where = f"{screen}: {box.accessibleName()!r} item {index}"
            box.setCurrentIndex(index)
            iface = QAccessible.queryAccessibleInterface(box)
            value = iface.text(QAccessible.Text.Value)
            # What AT-SPI hands a screen reader as the choice: the list's selected item.
            listing = iface.child(0)
            item = listing.child(index) if listing is not None else None
            heard = item.text(QAccessible.Text.Name) if item is not None else ""
            if value != NOT_RECORDED or heard != NOT_RECORDED:
                found.append(f"{where} is heard as {value!r} / {heard!r}")
    return found + _blank_number_problems(screen, window)


def _blank_number_problems(screen: str, window: QWidget) -> list[str]:
    """A blank spin box shows a dash and Qt reads that out: its description says the words."""
    found = []
    for box in window.findChildren(QAbstractSpinBox):
        if box.specialValueText().strip() not in DASHES:
            continue
        where = f"{screen}: {box.accessibleName()!r}"
        box.setValue(box.minimum())  # type: ignore[attr-defined]
        blank = QAccessible.queryAccessibleInterface(box).text(QAccessible.Text.Description)
        box.setValue(box.maximum())  # type: ignore[attr-defined]
        filled = QAccessible.queryAccessibleInterface(box).text(QAccessible.Text.Description)
        if blank != NOT_RECORDED or filled:
            found.append(f"{where} is described as {blank!r} blank, {filled!r} filled")
    return found


def test_blank_choices_are_heard_as_not_recorded(every_window) -> None:  # type: ignore[no-untyped-def]
    """A dash means "not recorded" to the eye; a screen reader says the words.

    Drop-downs: the value and the list's item (what AT-SPI gives Orca). Spin boxes: Qt reads
    their shown text, so the description carries the words.
    """
    import datetime as dt

    from gui.pages.base import PageContext
    from gui.wizard import ConversationWizard
    from waypoint.record.model import Conversation

    windows = every_window
    problems: list[str] = []
    for name, factory in windows.each():
        window = factory()
        problems += _blank_choice_problems(name, window)
        if window is not windows.main:
            window.close()
    m = windows.main
    context = PageContext(windows.record, m.content, m.settings, windows.ask)
    new = Conversation(date=dt.date.today(), clinician="Dr. Ines Park")
    wizard = ConversationWizard(context, new, parent=m)
    for page in wizard.pages:
        problems += _blank_choice_problems(type(page).__name__, page)
    wizard.close()
    assert len(problems) == 0, "\n".join(problems)
    assert windows.ask.unexpected == []


# -- an Alt-letter for every input ------------------------------------------------------------

_INPUTS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


def _inputs_without_a_key(window: QWidget) -> list[str]:
    """Visible inputs no Alt-letter reaches: no buddy label with a letter, or a box without one."""
    from gui.mnemonics import mnemonic_of

    reached = {
        label.buddy()
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and label.isVisible() and mnemonic_of(label.text())
    }
    inputs = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, _INPUTS)
        and w.isVisible()
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)  # their inner line edit
    ]
    if len(inputs) == 1:
        return []  # a window's only field is where the cursor starts
    missing = [f"{type(w).__name__} {w.accessibleName()!r}" for w in inputs if w not in reached]
    missing += [
        f"QCheckBox {box.text()!r}"
        for box in window.findChildren(QCheckBox)
        if box.isVisible() and not mnemonic_of(box.text())
    ]
    return missing


def test_every_input_of_every_dialog_has_an_alt_letter(every_window) -> None:  # type: ignore[no-untyped-def]
    """As on the wizard's pages (test_mnemonics): the main window, the worklist, the patient,
    assessment, event and other dialogs."""
    windows = every_window
    problems: list[str] = []
    for name, factory in windows.each():
        window = factory()
        window.show()
        _settle(windows.app)
        problems += [f"{name}: {p}" for p in _inputs_without_a_key(window)]
        window.close()
    assert problems == []
