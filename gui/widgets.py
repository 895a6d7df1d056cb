"""Small widgets shared by the dialogs and wizard pages."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.inputs import add_blank
from waypoint.content.bundle import Content, Section
from waypoint.dates import format_date_text, parse_date_text
from waypoint.i18n import _


class DateField(QLineEdit):
    """A date typed as year-month-day, checked as the user leaves the field.

    What was typed is never thrown away: a typo stays in the box with a plain message beside
    it until the user fixes it.
    """

    validity_changed = Signal(bool)

    def __init__(self, accessible_name: str, *, allow_future: bool = True) -> None:
        super().__init__()
        self._allow_future = allow_future
        self.setPlaceholderText(_("YYYY-MM-DD"))
        self.setAccessibleName(accessible_name)
        self.setMaxLength(20)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> dt.date | None:
        """The date, or None when blank. Raises ValueError with a plain message on a typo."""
        return parse_date_text(self.text(), allow_future=self._allow_future)

    def set_value(self, value: dt.date | None) -> None:
        """Show a date."""
        self.setText(format_date_text(value))
        self.show_error("")

    def check(self) -> bool:
        """Validate now and show the message; True when the text is a date or blank."""
        try:
            self.value()
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        return True

    def show_error(self, message: str) -> None:
        """Show a plain message under the box (blank hides it) and mark the box."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.setProperty("invalid", bool(message))
        self.style().unpolish(self)
        self.style().polish(self)
        self.validity_changed.emit(not message)

    def _on_editing_finished(self) -> None:
        self.check()


def text_box(accessible_name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A multi-line answer box; Tab moves focus on instead of typing a tab."""
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    spacing = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(spacing * lines + 12)
    box.setMaximumHeight(spacing * (lines * 2 + 2) + 12)
    return box


def line_box(accessible_name: str, placeholder: str = "", max_length: int = 200) -> QLineEdit:
    """A one-line answer box."""
    box = QLineEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setMaxLength(max_length)
    return box


def choice_box(
    accessible_name: str, content: Content, group: str, codes: tuple[str, ...]
) -> QComboBox:
    """A drop-down of stored codes shown with their content wording; blank means unanswered."""
    box = QComboBox()
    box.setAccessibleName(accessible_name)
    for code in codes:
        if code:
            box.addItem(content.label(group, code), code)
        else:
            add_blank(box, code)
    return box


def set_choice(box: QComboBox, code: str) -> None:
    """Select the item holding ``code``."""
    index = box.findData(code)
    box.setCurrentIndex(max(index, 0))


class PromptPanel(QFrame):
    """The section's questions and talking points, and why it matters with its sources."""

    def __init__(self, section: Section, content: Content) -> None:
        super().__init__()
        self.setObjectName("promptPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        prompts = "".join(f"<li>{escape(p)}</li>" for p in section.prompts)
        points = "".join(f"<li>{escape(p)}</li>" for p in section.talking_points)
        sources = "; ".join(escape(r.citation) for r in content.cite(section.sources))
        # Translated outside the f-strings: Babel cannot see a call inside one (Python 3.11).
        might_ask, keep_in_mind = escape(_("You might ask")), escape(_("Keep in mind"))
        html = f"<b>{might_ask}</b><ul>{prompts}</ul>"
        if points:
            html += f"<b>{keep_in_mind}</b><ul>{points}</ul>"
        text = QLabel(html)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        why_heading, sources_word = escape(_("Why this matters")), escape(_("Sources"))
        why = QLabel(
            f"<b>{why_heading}</b><br/>{escape(section.why)}"
            f"<br/><small>{sources_word}: {sources}</small>"
        )
        why.setObjectName("whyText")
        why.setWordWrap(True)
        why.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(why)
        layout.addStretch(1)


def plain_message_label() -> QLabel:
    """A label for inline validation messages in plain words."""
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.hide()
    return label


def first_field(root: QWidget) -> QWidget | None:
    """The first field under ``root`` that Tab would reach: where the cursor should start."""
    widget = root.nextInFocusChain()
    while widget is not root and widget is not None:
        if (
            root.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isEnabledTo(root)
            and widget.isVisibleTo(root)
            and widget.focusProxy() is None
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def labelled(widget: QWidget, text: str) -> QLabel:
    """A form label bound to its field, so its mnemonic focuses the field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
