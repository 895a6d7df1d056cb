"""The clinic worklist: who needs a palliative care visit, a FACT-L or a conversation this week.

Built from the store's index rows only (see :func:`waypoint.clinical.worklist.build_worklist`), so it
opens instantly however many patients there are. Double-click a row to open the patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.background import Background, Progress, SyncBackground, WorkFailedError
from gui.screen_fit import fit_window
from waypoint.content.bundle import Content
from waypoint.dates import format_day
from waypoint.i18n import N_, _
from waypoint.services.clinical import (
    DUE_KINDS,
    WorklistItem,
    bring_up_to_date,
    build_worklist,
    stale_rows,
)
from waypoint.services.documents import render_worklist_pdf
from waypoint.storage.atomic import write_atomic
from waypoint.storage.store import Store
from waypoint.storage.summary import fold

_Index = QModelIndex | QPersistentModelIndex


def kind_labels() -> dict[str, str]:
    """What each kind of due item is called on screen and on paper."""
    return {
        "conversation": _("Goals-of-care conversation"),
        "visit": _("Palliative care visit"),
        "fact_l": _("FACT-L"),
    }


def status_text(item: WorklistItem) -> str:
    """Overdue by N days, due today, or due in N days."""
    if item.days < 0:
        return _("Overdue {n} day(s)").format(n=-item.days)
    if item.days == 0:
        return _("Due today")
    return _("Due in {n} day(s)").format(n=item.days)


#: Up to this many rows are brought up to date at once, without a progress window.
QUICK_ROWS = 200


class WorklistModel(QAbstractTableModel):
    """Worklist items as table rows."""

    # Translated where shown (headerData), so the language chosen at start-up applies.
    COLUMNS = (N_("Patient"), N_("Record number"), N_("What is due"), N_("Due"), N_("Status"))

    def __init__(self) -> None:
        super().__init__()
        self.items: list[WorklistItem] = []
        self._labels = kind_labels()

    def set_items(self, items: list[WorklistItem]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.name,
                item.mrn,
                self._labels.get(item.kind, item.kind),
                format_day(item.due),
                status_text(item),
            )[column]
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return (
                fold(item.name),
                item.mrn,
                DUE_KINDS.index(item.kind),
                item.due.toordinal(),
                item.days,
            )[column]
        if role == Qt.ItemDataRole.FontRole and item.overdue and column == 4:
            font = QFont()
            font.setBold(True)
            return font
        return None


class WorklistFilter(QSortFilterProxyModel):
    """Filters by text typed, kind of item and "overdue only"."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.kind = ""
        self.overdue_only = False
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, text: str, kind: str, overdue_only: bool) -> None:
        """Show only the rows that match."""
        self.beginFilterChange()
        self.text, self.kind, self.overdue_only = fold(text), kind, overdue_only
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, _parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, WorklistModel)
        item = model.items[row]
        if self.kind and item.kind != self.kind:
            return False
        if self.overdue_only and not item.overdue:
            return False
        hay = fold(f"{item.name} {item.mrn}")
        return all(word in hay for word in self.text.split())


class WorklistWindow(QWidget):
    """The clinic's worklist, in its own window."""

    patient_activated = Signal(str)

    def __init__(
        self,
        store: Store,
        ask: Any,
        content: Content,
        background: Background | SyncBackground,
        clinic_name: str = "",
        page_size: str = "letter",
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("WorklistWindow")
        self.setWindowTitle(_("Clinic worklist"))
        self.store, self.ask, self._today = store, ask, today
        self.content = content
        self.background = background
        self.clinic_name, self.page_size = clinic_name, page_size
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        self.model = WorklistModel()
        self.proxy = WorklistFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName(_("Clinic worklist"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(WorklistModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setObjectName("mutedText")
        layout.addWidget(self.count)
        fit_window(self, QSize(900, 560))
        self.refresh()

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter by name or record number"))
        self.search.setAccessibleName(_("Filter the worklist"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filter_changed)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("What is due"))
        self.kind.addItem(_("Everything due"), "")
        for code, label in kind_labels().items():
            self.kind.addItem(label, code)
        self.kind.currentIndexChanged.connect(self._on_filter_changed)
        self.overdue_only = QCheckBox(_("&Overdue only"))
        self.overdue_only.toggled.connect(self._on_filter_changed)
        self.print_button = QPushButton(_("&Print list (PDF)…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        kind_label = QLabel(_("&What is due:"))
        kind_label.setBuddy(self.kind)
        find_label = QLabel(_("&Find:"))
        find_label.setBuddy(self.search)
        row.addWidget(find_label)
        row.addWidget(self.search, 2)
        row.addWidget(kind_label)
        row.addWidget(self.kind, 1)
        row.addWidget(self.overdue_only)
        row.addWidget(self.print_button)
        return row

    def refresh(self) -> None:
        """Rebuild from the store's index rows (after a save, or a new day).

        Rows computed under other content, or before a dated fact came into view, are brought
        up to date first, so the worklist and the overview always agree.
        """
        today = self._today()
        stale = stale_rows(self.store, today, self.content)
        if len(stale) > QUICK_ROWS:
            # After a content update every row is recomputed once: seconds for thousands of
            # patients, so off the GUI thread with progress rather than a frozen window.
            def work(progress: Progress) -> None:
                bring_up_to_date(self.store, stale, today, self.content, progress)

            try:
                self.background.run(self, _("Bringing the worklist up to date…"), work)
            except WorkFailedError:
                return  # told through the error guard; the list shown stays as it was
        else:
            bring_up_to_date(self.store, stale, today, self.content)
        self.model.set_items(build_worklist(list(self.store.list_patients()), today))
        self._update_count()

    def visible_items(self) -> list[WorklistItem]:
        """The rows shown, in the order shown."""
        return [
            self.model.items[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        overdue = sum(1 for i in self.visible_items() if i.overdue)
        self.count.setText(
            _("{n} item(s) overdue or due in the next 7 days, {o} overdue.").format(
                n=shown, o=overdue
            )
        )

    def _on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_filter(
            self.search.text(), str(self.kind.currentData()), self.overdue_only.isChecked()
        )
        self._update_count()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        item = self.model.items[self.proxy.mapToSource(index).row()]
        self.patient_activated.emit(item.patient_id)

    def _on_print_clicked(self) -> None:
        today = self._today()
        suggested = Path.home() / f"worklist-{today.isoformat()}.pdf"
        path = self.ask.save_path(self, _("Print the worklist"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            pdf = render_worklist_pdf(
                self.visible_items(),
                today,
                kind_labels(),
                clinic_name=self.clinic_name,
                page_size=self.page_size,
            )
            write_atomic(path, pdf)
        except OSError as exc:
            self.ask.warn(
                self,
                _("Not printed"),
                _("The list could not be written to {path}: {why}").format(
                    path=path, why=exc.strerror
                ),
            )
