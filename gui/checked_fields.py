"""Fields checked against the record format: beside the field as the user leaves it, and before Next.

A page names, for each field, the record field it fills; :mod:`waypoint.content.field_checks` says in
plain words what is wrong, so the page holds no second copy of any limit. Nothing typed is ever
changed or cut: a value that cannot be recorded stays in its box with the message under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from gui.inputs import OptionalSpin
from gui.widgets import DateField
from waypoint.content.bundle import Content
from waypoint.content.field_checks import value_problem
from waypoint.record.model import Conversation

#: Where a field's value lives in the conversation (None: the page keeps it, e.g. one option).
Owner = Callable[[Conversation], object] | None


@dataclass
class _Check:
    widget: QWidget
    record_class: type
    name: str
    owner: Owner
    value: Callable[[], object]
    error: QLabel | None


class CheckedFields(QObject):
    """The checked fields of one page."""

    def __init__(self, page: QWidget, content: Content) -> None:
        super().__init__(page)
        self._page = page
        self._content = content
        self._checks: list[_Check] = []

    def add(
        self,
        widget: QWidget,
        record_class: type,
        name: str,
        owner: Owner = None,
        value: Callable[[], object] | None = None,
    ) -> None:
        """Check ``widget`` as ``record_class.name`` (found in a conversation through ``owner``)."""
        if isinstance(widget, QLineEdit) and not isinstance(widget, DateField):
            # A length limit on the box would cut a paste short without a word; the check says it.
            widget.setMaxLength(32767)
        check = _Check(
            widget, record_class, name, owner, value or _reader(widget), _error_label(widget)
        )
        self._checks.append(check)
        widget.installEventFilter(self)

    def check_all(self) -> str:
        """Show every problem beside its field; return the first (its field gets the cursor)."""
        first = ""
        for check in self._checks:
            message = self._show(check)
            if message and not first:
                first = message
                check.widget.setFocus()
        return first

    def keep_valid(self, conversation: Conversation, apply: Callable[[], None]) -> None:
        """Run ``apply``, then put back the old value of every field that cannot be recorded.

        A draft must stay loadable: a PPS of 65 stays in its box, not in the draft.
        """
        invalid = [c for c in self._checks if c.owner is not None and _problem(c, self._content)]
        old = [(c, getattr(c.owner(conversation), c.name)) for c in invalid]  # type: ignore[misc]
        try:
            apply()
        finally:
            for check, value in old:
                setattr(check.owner(conversation), check.name, value)  # type: ignore[misc]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for check in self._checks:
                if check.widget is watched:
                    self._show(check)
        return super().eventFilter(watched, event)

    def _show(self, check: _Check) -> str:
        message = _problem(check, self._content)
        if isinstance(check.widget, DateField):
            check.widget.show_error(message)  # its own label, and its own red border
            return message
        if check.error is not None:
            check.error.setText(message)
            check.error.setVisible(bool(message))
        check.widget.setProperty("invalid", bool(message))
        check.widget.style().unpolish(check.widget)
        check.widget.style().polish(check.widget)
        return message


def _problem(check: _Check, content: Content) -> str:
    try:
        value = check.value()
    except ValueError as exc:
        return str(exc)
    return value_problem(check.record_class, check.name, value, content)


def _reader(widget: QWidget) -> Callable[[], object]:
    if isinstance(widget, DateField):
        return widget.value
    if isinstance(widget, OptionalSpin):
        return widget.number
    if isinstance(widget, QDoubleSpinBox):
        return lambda: widget.value() or None
    if isinstance(widget, QSpinBox):
        return widget.value
    if isinstance(widget, QLineEdit):
        return lambda: widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return lambda: widget.toPlainText().strip()
    raise TypeError(f"no reader for {type(widget).__name__}")  # a programming error


def _error_label(widget: QWidget) -> QLabel | None:
    if isinstance(widget, DateField):
        return widget.error
    form, row = _form_row(widget)
    if form is None:
        return None
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    form.insertRow(row + 1, "", label)
    return label


def _form_row(widget: QWidget) -> tuple[QFormLayout | None, int]:
    parent = widget.parentWidget()
    while parent is not None:
        for form in parent.findChildren(QFormLayout):
            position: tuple[int, object] = form.getWidgetPosition(widget)  # type: ignore[assignment]
            if position[0] >= 0:
                return form, position[0]
        parent = parent.parentWidget()
    return None, -1
