"""The audit trail of one patient: who changed which parts of the record, and when."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.screen_fit import fit_window
from waypoint.i18n import N_, _
from waypoint.storage.audit import AuditEntry

_ACTIONS = {
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    # waypoint/sync: a merge from the clinic hub, and a clinician's choice between two versions.
    "sync": N_("brought in from the clinic hub"),
    "sync-resolve": N_("chose between two versions from the hub"),
}


def field_label(path: str) -> str:
    """A stored JSON path in plain words: ``record.conversations[C-1].goals.goals`` -> goals › goals."""
    path = re.sub(r"\[[^\]]*\]", "", path.removeprefix("record."))
    return " › ".join(part.replace("_", " ") for part in path.split("."))


def local_time(stamp: str) -> str:
    """A stored UTC time in this computer's time zone, to the minute."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def parts_text(entry: AuditEntry) -> str:
    """What an entry touched, one part a line; a creation or deletion covers the whole record."""
    if entry.action == "create":
        return _("the whole record (first saved)")
    if entry.action == "delete":
        return _("the whole record (removed from the patient list)")
    return "\n".join(sorted({field_label(f) for f in entry.fields}))


class AuditDialog(QDialog):
    """Read-only table of a patient's audit entries, newest first."""

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Audit trail"))
        self.table = QTableWidget(len(entries), 4)
        self.table.setAccessibleName(_("Audit trail"))
        self.table.setHorizontalHeaderLabels(
            [_("When"), _("Clinician"), _("What"), _("Parts changed")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, entry in enumerate(reversed(entries)):
            for col, text in enumerate(
                (
                    local_time(entry.time),
                    # Saved before clinicians signed in (or by a tool that named nobody).
                    entry.actor or _("(not recorded)"),
                    _(_ACTIONS[entry.action]) if entry.action in _ACTIONS else entry.action,
                    parts_text(entry),
                )
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_window(self, QSize(760, 420))
