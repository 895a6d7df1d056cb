"""Choosing between versions of a patient's header edited on two workstations.

A plain list of :class:`HeaderConflict` goes in; each choice goes out through the ``choose``
callback (the sync controller resolves it, audited, with the signed-in clinician's name).
Nothing is chosen for the clinician: no version starts selected, and Close or Escape leaves
every patient as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.mnemonics import apply_mnemonics, mnemonic_widgets
from gui.screen_fit import fit_window
from waypoint.i18n import _
from waypoint.record.model import Patient
from waypoint.services.sync import HeaderConflict, HeaderVersion

#: ``choose(patient_id, rev)``: keep that version; True once it is saved.
Choose = Callable[[str, str], bool]

BLANK = "—"


def plain_value(value: Any) -> str:
    """A header value as one line of text (dates as YYYY-MM-DD, blanks as a dash)."""
    if value is None or value == "" or value == []:
        return BLANK
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(plain_value(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [plain_value(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return ", ".join(p for p in parts if p != BLANK) or BLANK
    return str(value)


def header_rows(versions: tuple[HeaderVersion, ...]) -> list[tuple[str, list[str], bool]]:
    """(field label, the value in each version, whether the versions differ) per header field."""
    rows = []
    for f in dataclasses.fields(Patient):
        if f.name == "id":
            continue
        values = [plain_value(getattr(v.patient, f.name)) for v in versions]
        rows.append((_(str(f.metadata["label"])), values, len(set(values)) > 1))
    return rows


def version_title(index: int, version: HeaderVersion) -> str:
    """How a version is named above its column and on its choice."""
    # Two lines: columns are narrow on a small screen, and a cut-off title hides which is which.
    if version.here:
        return _("Version {n}\n(this computer)").format(n=index + 1)
    return _("Version {n}\n(other computer)").format(n=index + 1)


def conflict_name(conflict: HeaderConflict) -> str:
    """The patient's name as this computer shows it (else as the first version has it)."""
    here = next((v for v in conflict.versions if v.here), None)
    version = here or (conflict.versions[0] if conflict.versions else None)
    return version.patient.display_name if version else _("(no readable version)")


class ConflictDialog(QDialog):
    """Patients whose header was edited on two workstations; every version side by side."""

    def __init__(
        self, conflicts: list[HeaderConflict], choose: Choose, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SyncConflictDialog")
        self.setWindowTitle(_("Choose between versions"))
        self.conflicts = list(conflicts)
        self.choose = choose
        #: Patient ids whose version was chosen here (the caller refreshes them).
        self.resolved: list[str] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These patients' details were changed on two workstations before they synced. "
                "Both versions are kept. Compare them and keep the right one; the choice is "
                "saved with your name and sent at the next sync. Rows in bold differ."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter()
        splitter.addWidget(self._build_patient_list())
        splitter.addWidget(self._build_versions())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 750])
        layout.addWidget(splitter, 1)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        layout.addWidget(self._build_buttons())
        apply_mnemonics(mnemonic_widgets(self), {"c"})
        self.patients.setCurrentRow(0)
        self._show_empty_if_done()
        fit_window(self, QSize(920, 560))

    # -- building ---------------------------------------------------------------------------

    def _build_patient_list(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.patients = QListWidget()
        self.patients.setAccessibleName(_("Patients with two versions"))
        self.patients.setWordWrap(True)  # long names wrap rather than scroll sideways
        self.patients.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Qt measures wrapped rows at the wrong width; the list re-measures them on resize.
        self.patients.viewport().installEventFilter(self)
        self.patients.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for conflict in self.conflicts:
            item = QListWidgetItem(conflict_name(conflict))
            item.setData(Qt.ItemDataRole.UserRole, conflict.patient_id)
            self.patients.addItem(item)
        self.patients.currentRowChanged.connect(self._on_patients_current_row_changed)
        label = QLabel(_("&Patients"))
        label.setBuddy(self.patients)
        layout.addWidget(label)
        layout.addWidget(self.patients, 1)
        return panel

    def _build_versions(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        self.table.setAccessibleName(_("Versions side by side"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)  # a cut value could mislead
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.choice_row = QHBoxLayout()
        layout.addLayout(self.choice_row)
        self.choices = QButtonGroup(self)
        self.choices.buttonToggled.connect(self._on_choices_button_toggled)
        return panel

    def _build_buttons(self) -> QWidget:
        self.buttons = QDialogButtonBox()
        self.keep_button = QPushButton(_("&Keep the chosen version"))
        self.keep_button.setEnabled(False)
        self.keep_button.setAutoDefault(False)  # Enter never chooses: only this button does
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(_("&Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.patients.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_patient_rows()
        return super().eventFilter(watched, event)

    def _fit_patient_rows(self) -> None:
        width = self.patients.viewport().width() - 12  # the item's own padding
        metrics = self.patients.fontMetrics()
        for row in range(self.patients.count()):
            item = self.patients.item(row)
            flags = Qt.TextFlag.TextWordWrap
            rect = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000), flags, item.text())
            item.setSizeHint(QSize(width, rect.height() + 10))

    # -- showing ----------------------------------------------------------------------------

    def current_conflict(self) -> HeaderConflict | None:
        """The conflict of the patient chosen in the list."""
        item = self.patients.currentItem()
        if item is None:
            return None
        pid = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.conflicts if c.patient_id == pid), None)

    def _show_conflict(self, conflict: HeaderConflict | None) -> None:
        for button in self.choices.buttons():
            self.choices.removeButton(button)
            button.deleteLater()
        self.keep_button.setEnabled(False)
        versions = conflict.versions if conflict else ()
        rows = header_rows(versions) if versions else []
        self.table.clear()
        self.table.setColumnCount(len(versions))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([version_title(i, v) for i, v in enumerate(versions)])
        self.table.setVerticalHeaderLabels([label for label, _v, _d in rows])
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, (label, values, differs) in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if differs:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
            if differs:
                header = QTableWidgetItem(label)
                header.setFont(bold)
                self.table.setVerticalHeaderItem(row, header)
        for index, version in enumerate(versions):
            radio = QRadioButton(_("Version {n}").format(n=index + 1))
            radio.setProperty("rev", version.rev)
            radio.setAccessibleName(version_title(index, version).replace("\n", " "))
            self.choices.addButton(radio, index)
            self.choice_row.addWidget(radio)
        self.choice_row.addStretch(0)

    def _show_empty_if_done(self) -> None:
        if self.conflicts:
            return
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.keep_button.setEnabled(False)
        if not self.outcome.text():
            self.outcome.setText(_("No patient has two versions to choose between."))

    # -- handlers ---------------------------------------------------------------------------

    def _on_patients_current_row_changed(self, _row: int) -> None:
        self._show_conflict(self.current_conflict())

    def _on_choices_button_toggled(self, _button: QRadioButton, _checked: bool) -> None:
        self.keep_button.setEnabled(self.choices.checkedButton() is not None)

    def _on_keep_button_clicked(self) -> None:
        conflict, button = self.current_conflict(), self.choices.checkedButton()
        if conflict is None or button is None:
            return
        if not self.choose(conflict.patient_id, str(button.property("rev"))):
            return  # the controller said why; nothing changed
        name = conflict_name(conflict)
        self.resolved.append(conflict.patient_id)
        self.conflicts.remove(conflict)
        self.patients.takeItem(self.patients.currentRow())
        self.outcome.setText(
            _("Kept version {n} for {name}.").format(n=self.choices.id(button) + 1, name=name)
        )
        if self.conflicts:
            self.patients.setCurrentRow(0)
            self._show_conflict(self.current_conflict())
        self._show_empty_if_done()

    def choose_version(self, index: int) -> None:
        """Tick the ``index``-th version (keyboard users and tests)."""
        self.choices.button(index).setChecked(True)


def version_labels(dialog: ConflictDialog) -> list[str]:
    """The column titles shown now (for tests and screen readers' summaries)."""
    table = dialog.table
    items = (table.horizontalHeaderItem(c) for c in range(table.columnCount()))
    return [item.text() for item in items if item is not None]
