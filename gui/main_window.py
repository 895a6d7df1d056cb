"""The main window: find a patient on the left, see and act on their record on the right."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui import clinic_tools, conversation_actions, patient_tools
from gui.ask import Ask
from gui.background import Background, SyncBackground
from gui.overview import PatientOverview
from gui.patient_list import PatientListModel
from gui.screen_fit import fit_window
from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.model import Conversation, Patient, Record
from waypoint.record.schema import ValidationError
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.drafts import DraftStore
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import NotSavedError
from waypoint.storage.settings import Settings
from waypoint.storage.store import Store

if TYPE_CHECKING:
    from gui.measures_view import MeasuresWindow
    from gui.security import IdleLock
    from gui.worklist_view import WorklistWindow


class MainWindow(QMainWindow):
    """Patient list, patient summary, and the actions of the first slice."""

    def __init__(
        self,
        store: Store,
        content: Content,
        settings: Settings,
        ask: Ask,
        parent: QWidget | None = None,
        background: Background | SyncBackground | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.store, self.content, self.settings, self.ask = store, content, settings, ask
        self.background = background or Background()
        self.record: Record | None = None
        #: Who is using Waypoint this session: named in every change saved (see sign_in).
        self.clinician = ""
        self.drafts = DraftStore(store.root, store.cipher)
        self.idle_lock: IdleLock | None = None  # set by gui.app once the window exists
        self.setWindowTitle(_("Waypoint (read-only)") if store.read_only else _("Waypoint"))
        self._build_actions()
        self._build_central()
        self._build_status_bar()
        from gui.sync_control import SyncController

        self.sync = SyncController(self)  # Sync now, the status item, the timer (gui/sync_*.py)
        self._restore_geometry()
        self._show_record(None)

    # -- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_patient_action = QAction(_("&New patient…"), self)
        self.new_patient_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_patient_action.triggered.connect(self._on_new_patient_triggered)
        self.edit_patient_action = QAction(_("&Edit patient…"), self)
        self.edit_patient_action.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_patient_action.triggered.connect(self._on_edit_patient_triggered)
        self.new_conversation_action = QAction(_("New &conversation…"), self)
        self.new_conversation_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_conversation_action.triggered.connect(self._on_new_conversation_triggered)
        self.amend_conversation_action = QAction(_("A&mend conversation…"), self)
        self.amend_conversation_action.triggered.connect(self._on_amend_conversation_triggered)
        self.export_careplan_action = QAction(_("Export care &plan (PDF)…"), self)
        self.export_careplan_action.setShortcut(QKeySequence("Ctrl+P"))
        self.export_careplan_action.triggered.connect(
            lambda *_: patient_tools.export_careplan(self)
        )
        self.export_ehr_action = QAction(_("E&xport for the EHR…"), self)
        self.export_ehr_action.triggered.connect(lambda *_: patient_tools.export_ehr(self))
        self.documents_action = QAction(_("&Documents (preview, print)…"), self)
        self.documents_action.setShortcut(QKeySequence("Ctrl+D"))
        self.documents_action.triggered.connect(lambda *_: patient_tools.show_documents(self))
        self.audit_action = QAction(_("&Audit trail…"), self)
        self.audit_action.triggered.connect(lambda *_: patient_tools.show_audit_trail(self))
        self.delete_patient_action = QAction(_("De&lete patient…"), self)
        self.delete_patient_action.triggered.connect(lambda *_: patient_tools.delete_patient(self))
        self.sign_in_action = QAction(_("C&hange clinician…"), self)
        self.sign_in_action.triggered.connect(self._on_sign_in_triggered)
        self.passphrase_action = QAction(_("Pass&phrase…"), self)
        self.passphrase_action.triggered.connect(lambda *_: clinic_tools.change_passphrase(self))
        self.settings_action = QAction(_("Clinic &settings…"), self)
        self.settings_action.triggered.connect(lambda *_: clinic_tools.change_settings(self))
        self.language_action = QAction(_("Interface &language…"), self)
        self.language_action.triggered.connect(lambda *_: clinic_tools.choose_language(self))
        self.worklist_action = QAction(_("Clinic &worklist…"), self)
        self.worklist_action.setShortcut(QKeySequence("Ctrl+L"))
        self.worklist_action.triggered.connect(lambda *_: clinic_tools.show_worklist(self))
        self._worklist: WorklistWindow | None = None
        self.measures_action = QAction(_("Clinic meas&ures…"), self)
        self.measures_action.triggered.connect(lambda *_: clinic_tools.show_measures(self))
        self._measures: MeasuresWindow | None = None
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.patient_menu = self.menuBar().addMenu(_("&Patient"))
        for action in (
            self.new_patient_action,
            self.edit_patient_action,
            self.new_conversation_action,
            self.amend_conversation_action,
            self.export_careplan_action,
            self.export_ehr_action,
            self.documents_action,
            self.audit_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_patient_action)
        menu.addSeparator()
        menu.addAction(self.sign_in_action)
        menu.addAction(self.worklist_action)
        menu.addAction(self.measures_action)
        menu.addAction(self.settings_action)
        menu.addAction(self.language_action)
        menu.addAction(self.passphrase_action)
        menu.addAction(quit_action)
        toolbar = self.addToolBar(_("Actions"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_patient_action,
            self.new_conversation_action,
            self.documents_action,
            self.worklist_action,
        ):
            toolbar.addAction(action)

    def _build_central(self) -> None:
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self._build_patient_list())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 800])
        self.setCentralWidget(self.splitter)

    def _build_patient_list(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, record number or birth date"))
        self.search.setAccessibleName(_("Search patients"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.patient_model = PatientListModel(self.store)
        self.patient_list = QListView()
        self.patient_list.setAccessibleName(_("Patients"))
        self.patient_list.setModel(self.patient_model)
        self.patient_list.setUniformItemSizes(True)
        self.patient_list.setAlternatingRowColors(True)
        self.patient_list.selectionModel().currentChanged.connect(self._on_patient_current_changed)
        self.patient_count = QLabel()
        self.patient_count.setObjectName("mutedText")
        find = QLabel(_("&Find a patient"))
        find.setBuddy(self.search)  # Alt+F, like every field in Waypoint
        layout.addWidget(find)
        layout.addWidget(self.search)
        layout.addWidget(self.patient_list, 1)
        layout.addWidget(self.patient_count)
        self._update_count()
        return panel

    def _build_detail(self) -> QWidget:
        self.detail_stack = QStackedWidget()
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_button = QPushButton(_("Add a patient"))
        empty_button.clicked.connect(self._on_new_patient_triggered)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(empty_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)
        self.detail_stack.addWidget(empty)

        self.overview = PatientOverview(
            self.content,
            self.ask,
            self._save,
            (
                self.new_conversation_action,
                self.amend_conversation_action,
                self.documents_action,
                self.export_careplan_action,
                self.edit_patient_action,
            ),
            self.settings,
        )
        self.detail_stack.addWidget(self.overview)
        return self.detail_stack

    def _build_status_bar(self) -> None:
        # Always in view, so a clinician at a shared workstation sees whose name goes on changes.
        self.signed_in_label = QLabel()
        self.signed_in_label.setObjectName("signedIn")
        self.change_clinician_button = QPushButton()
        self.change_clinician_button.setObjectName("linkButton")
        self.change_clinician_button.setFlat(True)
        self.change_clinician_button.clicked.connect(self._on_sign_in_triggered)
        self.statusBar().addPermanentWidget(self.signed_in_label)
        self.statusBar().addPermanentWidget(self.change_clinician_button)
        self._show_clinician()
        # Which clinical content the rules and documents use, always in view: after a clinic
        # installs an update, anyone can see at a glance whether this workstation took it.
        self.content_label = QLabel(_("Content {version}").format(version=self.content.version))
        self.content_label.setObjectName("mutedText")
        self.content_label.setToolTip(str(self.content.folder))
        self.statusBar().addPermanentWidget(self.content_label)

    # -- showing ----------------------------------------------------------------------------

    def _show_clinician(self) -> None:
        if self.clinician:
            self.signed_in_label.setText(_("Signed in as {name}").format(name=self.clinician))
            self.change_clinician_button.setText(_("Change…"))
            self.change_clinician_button.setAccessibleName(_("Change clinician"))
        else:
            self.signed_in_label.setText(_("Nobody signed in"))
            self.change_clinician_button.setText(_("Sign in…"))
            self.change_clinician_button.setAccessibleName(_("Sign in"))

    def _update_count(self) -> None:
        total = len(self.store)
        self.patient_count.setText(_("{n} patient(s)").format(n=total))

    def _show_record(self, record: Record | None) -> None:
        self.record = record
        has = record is not None
        for action in (self.edit_patient_action, self.new_conversation_action):
            action.setEnabled(has)
        self.export_careplan_action.setEnabled(bool(record and record.conversations))
        self.amend_conversation_action.setEnabled(bool(record and record.conversations))
        self.audit_action.setEnabled(record is not None)
        self.export_ehr_action.setEnabled(record is not None)
        self.delete_patient_action.setEnabled(record is not None and not self.store.read_only)
        self.documents_action.setEnabled(bool(record and record.conversations))
        if record is None:
            self.empty_label.setText(
                _("No patients yet. Add the first one to start a conversation.")
                if len(self.store) == 0
                else _("Choose a patient from the list.")
            )
            self.detail_stack.setCurrentIndex(0)
            return
        self.overview.show_record(record)
        self.detail_stack.setCurrentIndex(1)

    def _selected_conversation(self) -> Conversation | None:
        if self.record is None:
            return None
        return self.overview.selected_conversation()

    def select_patient(self, patient_id: str) -> None:
        """Make ``patient_id`` the current patient in the list (and show it)."""
        row = self.patient_model.row_of(patient_id)
        if row < 0:
            self.search.clear()
            row = self.patient_model.row_of(patient_id)
        if row >= 0:
            self.patient_list.setCurrentIndex(self.patient_model.index(row))

    # -- who is using Waypoint --------------------------------------------------------------

    def set_clinician(self, name: str) -> None:
        """Name the clinician of this session (no question asked)."""
        self.clinician = name
        self.overview.clinician = name
        self._show_clinician()

    def sign_in(self) -> bool:
        """Ask who is using Waypoint; True once someone is signed in."""
        from gui.clinician import remember_clinician

        answer = self.ask.sign_in(self, self.settings.clinicians, self.clinician)
        if answer is None:
            return bool(self.clinician)
        name, remember = answer
        # Not ticked forgets whoever this computer account remembered: it may be shared.
        remember_clinician(name if remember else "")
        self.set_clinician(name)
        return True

    def ensure_clinician(self) -> bool:
        """True when someone is signed in, asking first if nobody is."""
        return bool(self.clinician) or self.sign_in()

    # -- saving -----------------------------------------------------------------------------

    def _save(self, record: Record) -> bool:
        """The one place the GUI saves a record; True once the save is durable."""
        if not self.ensure_clinician():
            self.ask.warn(
                self,
                _("Not saved"),
                _(
                    "Nothing was saved: every change is saved with the name of who made it. "
                    "Sign in, then save again."
                ),
            )
            return False
        try:
            # Compared with what is stored, not with what is shown: callers edit copies.
            pid = record.patient.id
            record.attribute_new_entries(
                self.clinician, self.store.load(pid) if pid in self.store else None
            )
            outcome = self.store.commit(record, actor=self.clinician)
        except (ValidationError, StoreError, DamagedFileError, OSError) as exc:
            # A disk fault's message already says "not saved" and what to do; others need it.
            text = (
                str(exc)
                if isinstance(exc, NotSavedError)
                else _(
                    "The record could not be saved, and nothing already saved was changed.\n\n{why}"
                ).format(why=exc)
            )
            self.ask.warn(self, _("Not saved"), text)
            return False
        patient_id = outcome.patient_id
        for warning in outcome.warnings:  # saved; a tidying-up step after it failed
            self.ask.warn(self, _("Saved, with a problem"), warning)
        self.patient_model.refilter(self.search.text())
        self._update_count()
        if self._worklist is not None:
            self._worklist.refresh()
        self.record = None
        self.select_patient(patient_id)
        self._show_record(self.store.load(patient_id))
        self.statusBar().showMessage(_("Saved."), 4000)
        self.sync.refresh_status()
        return True

    # -- handlers ---------------------------------------------------------------------------

    def _on_sign_in_triggered(self) -> None:
        self.sign_in()

    def _on_search_text_changed(self, text: str) -> None:
        self.patient_model.refilter(text)

    def _on_patient_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        patient_id = current.data(Qt.ItemDataRole.UserRole)
        if self.record is not None and self.record.patient.id == patient_id:
            return
        try:
            self._show_record(self.store.load(patient_id))
        except (StoreError, DamagedFileError, ValidationError, OSError) as exc:
            self._show_record(None)
            self.ask.warn(self, _("Record cannot be opened"), str(exc))

    def _on_new_patient_triggered(self) -> None:
        from gui.patient_dialog import PatientDialog

        dialog = PatientDialog(Patient(), self.content, self)
        if dialog.exec() != PatientDialog.DialogCode.Accepted:
            return
        self._save(Record(patient=dialog.patient))

    def _on_edit_patient_triggered(self) -> None:
        if self.record is None:
            return
        from gui.patient_dialog import PatientDialog

        dialog = PatientDialog(self.record.patient, self.content, self)
        if dialog.exec() != PatientDialog.DialogCode.Accepted:
            return
        record = copy.deepcopy(self.record)
        record.patient = dialog.patient
        self._save(record)

    def _on_new_conversation_triggered(self) -> None:
        conversation_actions.start_conversation(self)

    def _on_amend_conversation_triggered(self) -> None:
        conversation_actions.amend_conversation(self)

    def offer_drafts(self) -> None:
        """At start-up: offer to resume conversations left unfinished (closed, crashed, power cut)."""
        conversation_actions.offer_drafts(self)

    def _on_worklist_patient_activated(self, patient_id: str) -> None:
        self.select_patient(patient_id)
        self.raise_()
        self.activateWindow()

    # -- window state -----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        fit_window(self, QSize(1180, 760))  # it also saves the geometry on close
        state = QSettings().value("MainWindow/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: object) -> None:
        QSettings().setValue("MainWindow/splitter", self.splitter.saveState())
        self.sync.timer.stop()  # no sync starts while the app closes the store
        super().closeEvent(event)  # type: ignore[arg-type]


def _esc(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br/>")
