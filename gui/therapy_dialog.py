"""Earlier lines of therapy: a list of TherapyLine goes in, the edited list comes out.

The two-lines stop suggestion reads this history, so a clinic that uses only Waypoint needs
a way to enter it: line, regimen, type, dates, best response and why it stopped.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.mnemonics import apply_mnemonics, mnemonic_of, mnemonic_widgets
from gui.screen_fit import fit_window
from gui.widgets import DateField, choice_box, labelled, line_box, plain_message_label, set_choice
from waypoint.content.bundle import Content
from waypoint.content.field_checks import object_problems
from waypoint.i18n import _
from waypoint.record.model import BEST_RESPONSES, STOP_REASONS, THERAPY_TYPES, TherapyLine


def line_summary(line: TherapyLine, content: Content) -> str:
    """One line of therapy in a few words, for the list."""
    parts = [
        _("Line {n}").format(n=line.line),
        line.regimen or _("(no regimen)"),
        content.label("therapy_type", line.therapy_type),
        content.label("best_response", line.best_response),
    ]
    return " · ".join(p for p in parts if p)


class TherapyHistoryDialog(QDialog):
    """Add, edit and remove the patient's earlier lines of therapy."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "best_response",
            "line",
            "reason_stopped",
            "regimen",
            "started",
            "stopped",
            "therapy_type",
        }
    )

    def __init__(
        self, lines: list[TherapyLine], content: Content, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TherapyHistoryDialog")
        self.setWindowTitle(_("Earlier lines of therapy"))
        self.lines = copy.deepcopy(lines)
        self._content = content
        self._current = -1
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_list())
        outer.addWidget(self._build_editor())
        self.error = plain_message_label()
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        # Alt-letters chosen once the dialog is built (gui/mnemonics.py): the wording's own
        # letter when free, so a translation or a new field never leaves two fields on one key.
        reserved = {key for b in buttons.buttons() if (key := mnemonic_of(b.text()))}
        apply_mnemonics(mnemonic_widgets(self), reserved)
        for line in self.lines:
            self.list.addItem(line_summary(line, content))
        self.list.setCurrentRow(0 if self.lines else -1)
        self._show(self.list.currentRow())
        fit_window(self, QSize(620, 560))

    def _build_list(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Earlier lines of therapy"))
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        column.addWidget(labelled(self.list, _("&Lines")))
        column.addWidget(self.list)
        row = QHBoxLayout()
        add = QPushButton(_("&Add line"))
        add.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(_("Remo&ve line"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column.addLayout(row)
        return column

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(_("Selected line"))
        form = QFormLayout(box)
        c = self._content
        self.number = QSpinBox()
        self.number.setRange(1, 20)
        self.number.setAccessibleName(_("Line of therapy"))
        self.regimen = line_box(_("Regimen"), _("for example: carboplatin and pemetrexed"), 500)
        self.kind = choice_box(_("Type of therapy"), c, "therapy_type", THERAPY_TYPES)
        self.started = DateField(_("Start date"), allow_future=False)
        self.stopped = DateField(_("Stop date"), allow_future=False)
        self.response = choice_box(_("Best response"), c, "best_response", BEST_RESPONSES)
        self.reason = choice_box(_("Reason stopped"), c, "reason_stopped", STOP_REASONS)
        form.addRow(labelled(self.number, _("Line &number")), self.number)
        form.addRow(labelled(self.regimen, _("&Regimen")), self.regimen)
        form.addRow(labelled(self.kind, _("&Type")), self.kind)
        form.addRow(labelled(self.started, _("&Started")), self.started)
        form.addRow("", self.started.error)
        form.addRow(labelled(self.stopped, _("St&opped")), self.stopped)
        form.addRow("", self.stopped.error)
        form.addRow(labelled(self.response, _("&Best response")), self.response)
        form.addRow(labelled(self.reason, _("Reason stoppe&d")), self.reason)
        self.regimen.textChanged.connect(self._on_regimen_text_changed)
        self.editor = box
        return box

    # -- editing ----------------------------------------------------------------------------

    def _store(self) -> bool:
        """Copy the editor into the selected line; False (and a message) on a mistyped date."""
        if not 0 <= self._current < len(self.lines):
            return True
        if not all([self.started.check(), self.stopped.check()]):
            return False
        line = self.lines[self._current]
        line.line = self.number.value()
        line.regimen = self.regimen.text().strip()
        line.therapy_type = self.kind.currentData()
        line.started = self.started.value()
        line.stopped = self.stopped.value()
        line.best_response = self.response.currentData()
        line.reason_stopped = self.reason.currentData()
        item = self.list.item(self._current)
        if item is not None:
            item.setText(line_summary(line, self._content))
        return True

    def _show(self, row: int) -> None:
        self._current = row
        has = 0 <= row < len(self.lines)
        self.editor.setEnabled(has)
        self.remove_button.setEnabled(has)
        if not has:
            return
        line = self.lines[row]
        self.number.setValue(line.line)
        self.regimen.setText(line.regimen)
        set_choice(self.kind, line.therapy_type)
        self.started.set_value(line.started)
        self.stopped.set_value(line.stopped)
        set_choice(self.response, line.best_response)
        set_choice(self.reason, line.reason_stopped)

    def _on_list_row_changed(self, row: int) -> None:
        self._store()
        self._show(row)

    def _on_regimen_text_changed(self, text: str) -> None:
        item = self.list.item(self._current) if self._current >= 0 else None
        if item is not None and 0 <= self._current < len(self.lines):
            shown = copy.copy(self.lines[self._current])
            shown.regimen = text.strip()
            item.setText(line_summary(shown, self._content))

    def _on_add_clicked(self) -> None:
        if not self._store():
            return
        number = max((line.line for line in self.lines), default=0) + 1
        self.lines.append(TherapyLine(line=min(number, 20)))
        self._current = -1  # the new row is shown by the row change, not stored into
        self.list.addItem(line_summary(self.lines[-1], self._content))
        self.list.setCurrentRow(len(self.lines) - 1)
        self.regimen.setFocus()

    def _on_remove_clicked(self) -> None:
        row = self._current
        if not 0 <= row < len(self.lines):
            return
        self._current = -1
        del self.lines[row]
        self.list.takeItem(row)
        self._show(self.list.currentRow())

    def accept(self) -> None:
        """Keep the dialog open, with what was typed, until every line can be recorded."""
        if not self._store():
            self._show_error(_("Please fix the date shown in red."))
            return
        for line in self.lines:
            problems = object_problems(line, self._content)
            if problems:
                self._show_error(
                    _("Line {n}: {problem}").format(
                        n=line.line, problem=next(iter(problems.values()))
                    )
                )
                return
            if line.started and line.stopped and line.stopped < line.started:
                self._show_error(
                    _("Line {n} stops before it starts; please check the dates.").format(
                        n=line.line
                    )
                )
                return
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
