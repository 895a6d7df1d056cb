"""The patient list beside the main window: summaries from the store's index, filtered as typed."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from waypoint.i18n import _
from waypoint.storage.store import Store
from waypoint.storage.summary import PatientSummary

_Index = QModelIndex | QPersistentModelIndex


class PatientListModel(QAbstractListModel):
    """The patient list, filtered as the user types; holds summaries, never whole records."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._rows: list[PatientSummary] = []
        self.refilter("")

    def refilter(self, text: str) -> None:
        """Show the patients matching ``text`` (all of them for blank text)."""
        self.beginResetModel()
        self._rows = self._store.search(text) if text.strip() else self._store.list_patients()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            born = _("born {date}").format(date=row.date_of_birth) if row.date_of_birth else ""
            return "\n".join(
                filter(None, [row.display_name, "  ".join(filter(None, [born, row.mrn]))])
            )
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def row_of(self, patient_id: str) -> int:
        """The row showing ``patient_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == patient_id), -1)
