"""The clinic's quality measures: a table of every measure and the chosen one by quarter.

Counted off the GUI thread (gui/background.py) from the facts the store keeps
(:func:`waypoint.services.measures.clinic_report`). The table and the CSV name no patient; the
export lists whom each measure counted only when "Include patient names" is ticked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.measures_chart import MeasureChart, percent_text
from gui.screen_fit import fit_window
from waypoint.content.bundle import Content
from waypoint.i18n import _, language
from waypoint.services.measures import (
    ClinicReport,
    clinic_report,
    quarter_label,
    quarters,
    report_csv,
)
from waypoint.storage.atomic import write_atomic
from waypoint.storage.store import Store

_Index = QModelIndex | QPersistentModelIndex
#: Quarters in the chart and the table's trend column.
QUARTERS = 8


def better_text(better: str) -> str:
    """Which way good care goes, in words."""
    return _("higher is better") if better == "higher" else _("lower is better")


class MeasuresModel(QAbstractTableModel):
    """One row per measure."""

    def __init__(self) -> None:
        super().__init__()
        self.report: ClinicReport | None = None

    @staticmethod
    def columns() -> tuple[str, ...]:
        """The column headings."""
        return (_("Measure"), _("Met"), _("Counted"), _("Percent"), _("Good care"), _("Source"))

    def set_report(self, report: ClinicReport) -> None:
        """Show ``report``."""
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.results)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.report is None:
            return None
        r = self.report.results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.title,
                str(r.numerator),
                str(r.denominator),
                percent_text(r.numerator, r.denominator),
                better_text(r.better),
                r.source,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.title} ({better_text(r.better)}; {r.source})"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2, 3):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class MeasuresWindow(QWidget):
    """The clinic measures, in their own window."""

    def __init__(
        self,
        store: Store,
        content: Content,
        ask: Any,
        background: Any,
        today: Callable[[], dt.date] = dt.date.today,
        lang: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("MeasuresWindow")
        self.setWindowTitle(_("Clinic measures"))
        self.store, self.content, self.ask, self.background = store, content, ask, background
        # The measures' titles come from content in the interface language (en or es).
        self._today, self.lang = today, lang or language()
        self.report: ClinicReport | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_controls())
        layout.addWidget(self._build_table(), 3)
        self.chart = MeasureChart()
        layout.addWidget(self.chart, 1)
        self.status = QLabel()
        self.status.setObjectName("mutedText")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        fit_window(self, QSize(980, 620))

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName(_("Counted as of"))
        self.as_of.setDate(_qdate(self._today()))
        as_of_label = QLabel(_("&As of:"))
        as_of_label.setBuddy(self.as_of)
        self.count_button = QPushButton(_("&Count"))
        self.count_button.clicked.connect(self._on_count_clicked)
        self.names = QCheckBox(_("Include patient &names in the export"))
        self.export_button = QPushButton(_("&Export CSV…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        row.addWidget(as_of_label)
        row.addWidget(self.as_of)
        row.addWidget(self.count_button)
        row.addStretch(1)
        row.addWidget(self.names)
        row.addWidget(self.export_button)
        return row

    def _build_table(self) -> QTableView:
        self.model = MeasuresModel()
        self.table = QTableView()
        self.table.setAccessibleName(_("Clinic measures"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(MeasuresModel.columns())):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        return self.table

    def refresh(self) -> None:
        """Count every measure as of the chosen date, with the last quarters for the chart."""
        as_of = self.as_of.date().toPython()
        assert isinstance(as_of, dt.date)

        def work(progress: Callable[[int, int], None]) -> ClinicReport:
            return clinic_report(
                self.store,
                self.content,
                as_of,
                lang=self.lang,
                by_quarter=quarters(as_of, QUARTERS),
                progress=progress,
            )

        try:
            report = self.background.run(
                self, _("Counting the clinic measures…"), work, expected=(OSError,)
            )
        except OSError as exc:
            self.ask.warn(
                self,
                _("Not counted"),
                _("The records could not be read ({why}).").format(why=exc.strerror),
            )
            return
        self.show_report(report)

    def show_report(self, report: ClinicReport) -> None:
        """Show a counted report (and keep the row that was chosen)."""
        row = max(self.table.currentIndex().row(), 0)
        self.report = report
        self.model.set_report(report)
        self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._show_chart(self.table.currentIndex().row())
        counted = _(
            "Counted as of {day}. Each quarter counts what started in it (an advanced "
            "diagnosis, a latest conversation, a death, a stepped-care item). A patient is "
            "counted once the measure's time window has closed: someone diagnosed last week "
            "is not counted yet."
        ).format(day=report.as_of.isoformat())
        if report.unreadable:
            counted += " " + _(
                "{n} record(s) could not be read and are not counted: ask for the store to "
                "be checked (Patient > Check)."
            ).format(n=report.unreadable)
        self.status.setText(counted)

    def _show_chart(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.results):
            self.chart.set_series("", [])
            return
        key = self.report.results[row].key
        series = [
            (quarter_label(period), r.numerator, r.denominator)
            for period, results in self.report.by_quarter
            for r in results
            if r.key == key
        ]
        chosen = self.report.results[row]
        self.chart.set_series(f"{chosen.title} ({better_text(chosen.better)})", series)

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_chart(current.row())

    def _on_count_clicked(self) -> None:
        self.refresh()

    def _on_export_clicked(self) -> None:
        if self.report is None:
            return
        suggested = Path.home() / f"clinic-measures-{self.report.as_of.isoformat()}.csv"
        path = self.ask.save_path(
            self, _("Export the clinic measures"), suggested, _("CSV files (*.csv)")
        )
        if path is None:
            return
        names = None
        if self.names.isChecked():
            names = {s.id: (s.display_name, s.mrn) for s in self.store.list_patients()}
        # A byte-order mark, so a spreadsheet reads accents in titles and names as written.
        data = ("\ufeff" + report_csv(self.report, names)).encode("utf-8")
        try:
            write_atomic(path, data)
        except OSError as exc:
            self.ask.warn(
                self,
                _("Not exported"),
                _("The measures could not be written to {path}: {why}").format(
                    path=path, why=exc.strerror
                ),
            )


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
