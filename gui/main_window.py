"""The main window: find a patient on the left, see and act on their record on the right."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from pathlib import Path
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

from gui.ask import Ask
from gui.overview import PatientOverview
from gui.patient_list import PatientListModel
from gui.screen_fit import fit_window
from waypoint.content import Content
from waypoint.conversation_flow import carry_forward
from waypoint.drafts import Draft, DraftStore
from waypoint.i18n import _
from waypoint.model import Assessment, Conversation, Dismissal, Patient, Record
from waypoint.schema import ValidationError
from waypoint.settings import Settings, save_settings
from waypoint.storage import DamagedFileError, Store, StoreError
from waypoint.storage.atomic import write_atomic
from waypoint.storage.faults import NotSavedError

if TYPE_CHECKING:
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.store, self.content, self.settings, self.ask = store, content, settings, ask
        self.record: Record | None = None
        self.drafts = DraftStore(store.root, store.cipher)
        self.idle_lock: IdleLock | None = None  # set by gui.app once the window exists
        self.setWindowTitle(_("Waypoint (read-only)") if store.read_only else _("Waypoint"))
        self._build_actions()
        self._build_central()
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
        self.export_careplan_action.triggered.connect(self._on_export_careplan_triggered)
        self.documents_action = QAction(_("&Documents (preview, print)…"), self)
        self.documents_action.setShortcut(QKeySequence("Ctrl+D"))
        self.documents_action.triggered.connect(self._on_documents_triggered)
        self.audit_action = QAction(_("&Audit trail…"), self)
        self.audit_action.triggered.connect(self._on_audit_triggered)
        self.passphrase_action = QAction(_("Pass&phrase…"), self)
        self.passphrase_action.triggered.connect(self._on_passphrase_triggered)
        self.settings_action = QAction(_("Clinic &settings…"), self)
        self.settings_action.triggered.connect(self._on_settings_triggered)
        self.worklist_action = QAction(_("Clinic &worklist…"), self)
        self.worklist_action.setShortcut(QKeySequence("Ctrl+L"))
        self.worklist_action.triggered.connect(self._on_worklist_triggered)
        self._worklist: WorklistWindow | None = None
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(_("&Patient"))
        for action in (
            self.new_patient_action,
            self.edit_patient_action,
            self.new_conversation_action,
            self.amend_conversation_action,
            self.export_careplan_action,
            self.documents_action,
            self.audit_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.worklist_action)
        menu.addAction(self.settings_action)
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

    # -- showing ----------------------------------------------------------------------------

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

    # -- saving -----------------------------------------------------------------------------

    def _save(self, record: Record) -> bool:
        """The one place the GUI saves a record; True once the save is durable."""
        try:
            outcome = self.store.commit(record, actor=self.settings.last_clinician)
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
        return True

    # -- handlers ---------------------------------------------------------------------------

    def _on_audit_triggered(self) -> None:
        from gui.audit_view import AuditDialog

        if self.record is None:
            return
        try:
            entries = self.store.audit(self.record.patient.id)
        except (StoreError, DamagedFileError, OSError) as exc:
            self.ask.warn(self, _("Audit trail"), str(exc))
            return
        AuditDialog(entries, self).exec()

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
        if self.record is None:
            return
        patient_id = self.record.patient.id
        draft = self._load_draft(patient_id)
        if draft is not None:
            # One draft per patient: a new conversation would overwrite it, so the only ways
            # on are to continue it or (inside it) to discard it; No and Escape go back.
            if self.ask.confirm(
                self,
                _("Unfinished conversation"),
                _(
                    "There is an unfinished conversation from {when}. Continue it now?\n\n"
                    "To start a new one instead, continue it and choose Discard this "
                    "conversation."
                ).format(when=draft.saved_at.replace("T", " ")),
            ):
                self._open_wizard(draft.conversation, draft.assessment, draft.dismissals)
            return
        previous = self.record.latest_conversation()
        if previous is not None:
            conversation = carry_forward(previous, dt.date.today())
        else:
            conversation = Conversation(date=dt.date.today())
        self._open_wizard(conversation, None, [])

    def _on_amend_conversation_triggered(self) -> None:
        original = self._selected_conversation()
        if self.record is None or original is None:
            return
        # Amend what stands now: an amended conversation is corrected through its amendment.
        while (newer := self.record.amendment_of(original)) is not None:
            original = newer
        if self.drafts.exists(self.record.patient.id):
            self.ask.inform(
                self,
                _("Unfinished conversation"),
                _(
                    "This patient has an unfinished conversation. Finish or discard it (New "
                    "conversation opens it) before amending a saved one."
                ),
            )
            return
        amendment = copy.deepcopy(original)
        amendment.id = ""
        amendment.amends = original.id
        self._open_wizard(amendment, None, [])

    def _load_draft(self, patient_id: str) -> Draft | None:
        try:
            return self.drafts.load(patient_id)
        except (DamagedFileError, OSError):
            self.ask.warn(
                self,
                _("Draft cannot be read"),
                _(
                    "An unfinished conversation for this patient could not be read and was set aside."
                ),
            )
            self.drafts.set_aside(patient_id)  # kept in drafts/damaged/, never deleted
            return None

    def _open_wizard(
        self,
        conversation: Conversation,
        assessment: Assessment | None,
        dismissals: list[Dismissal],
    ) -> None:
        """Run the wizard; save what it returns through the one save path."""
        assert self.record is not None
        if not conversation.clinician:
            conversation.clinician = self.settings.last_clinician
        previous = next(
            (c for c in self.record.conversations if c.id == conversation.carried_from), None
        )
        # The wizard and its eight pages load on first use, not at start-up.
        from gui.pages.base import PageContext
        from gui.wizard import ConversationWizard

        context = PageContext(self.record, self.content, self.settings, self.ask)
        wizard = ConversationWizard(
            context,
            conversation,
            assessment=assessment,
            dismissals=dismissals,
            previous=previous,
            drafts=self.drafts,
            save_record=self._save,
            parent=self,
        )
        # The wizard saves on Finish through _save and stays open if that fails.
        if wizard.exec() == ConversationWizard.DialogCode.Accepted:
            self._remember_clinician(wizard.conversation.clinician)
        elif wizard.draft_saved_at is not None and self.drafts.exists(self.record.patient.id):
            self.statusBar().showMessage(
                _("The conversation was kept as a draft; New conversation continues it."), 8000
            )

    def offer_drafts(self) -> None:
        """At start-up: offer to resume conversations left unfinished (closed, crashed, power cut)."""
        for patient_id in self.drafts.patient_ids():
            if patient_id not in self.store:
                continue
            self.select_patient(patient_id)
            if self.record is None or self.record.patient.id != patient_id:
                continue
            draft = self._load_draft(patient_id)
            if draft is None:
                continue
            if self.ask.confirm(
                self,
                _("Resume conversation?"),
                _(
                    "The conversation with {name} was not finished (last saved {when}). Resume it now?"
                ).format(
                    name=self.record.patient.display_name, when=draft.saved_at.replace("T", " ")
                ),
            ):
                self._open_wizard(draft.conversation, draft.assessment, draft.dismissals)

    def _on_export_careplan_triggered(self) -> None:
        conversation = self._selected_conversation()
        if self.record is None or conversation is None:
            return
        suggested = Path.home() / f"careplan-{conversation.date}.pdf"
        path = self.ask.save_path(self, _("Export care plan"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            from waypoint.documents.careplan import render_careplan

            pdf = render_careplan(self.record, conversation, self.settings, self.content)
            write_atomic(path, pdf)
        except OSError as exc:
            self.ask.warn(
                self,
                _("Not exported"),
                _("The care plan could not be written to {path}: {why}").format(
                    path=path, why=exc.strerror
                ),
            )
            return
        self.statusBar().showMessage(_("Care plan saved to {path}").format(path=path), 6000)

    def _on_documents_triggered(self) -> None:
        conversation = self._selected_conversation()
        if self.record is None or conversation is None:
            return
        from gui.document_preview import DocumentPreview

        preview = DocumentPreview(
            self.record, conversation, self.settings, self.content, self.ask, self
        )
        preview.exec()

    def _on_worklist_triggered(self) -> None:
        if self._worklist is None:
            from gui.worklist_view import WorklistWindow

            self._worklist = WorklistWindow(
                self.store,
                self.ask,
                self.settings.clinic_name,
                self.settings.paper_size,
                parent=self,
            )
            self._worklist.patient_activated.connect(self._on_worklist_patient_activated)
        self._worklist.refresh()
        self._worklist.show()
        self._worklist.raise_()

    def _on_worklist_patient_activated(self, patient_id: str) -> None:
        self.select_patient(patient_id)
        self.raise_()
        self.activateWindow()

    def _on_settings_triggered(self) -> None:
        from gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        try:
            save_settings(self.store.root, dialog.settings)
        except OSError as exc:
            self.ask.warn(self, _("Settings not saved"), str(exc.strerror or exc))
            return
        self.settings = dialog.settings
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(self.settings.auto_lock_minutes)

    def _on_passphrase_triggered(self) -> None:
        from gui.security import PassphraseDialog

        if self.store.read_only:
            self.ask.warn(self, _("Read-only"), _("These records are open read-only."))
            return
        waiting = {pid: self._load_draft(pid) for pid in self.drafts.patient_ids()}
        dialog = PassphraseDialog(self.store, self)
        if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
            return
        # Drafts written before now are re-sealed with the store's key.
        self.drafts = DraftStore(self.store.root, self.store.cipher)
        for draft in waiting.values():
            if draft is not None:
                self.drafts.save(draft)
        if dialog.recovery_key:
            self.ask.inform(
                self,
                _("Recovery key"),
                _(
                    "The records are now encrypted. Print this recovery key and keep it in a safe "
                    "place: it opens the records if the passphrase is ever lost.\n\n{key}"
                ).format(key=dialog.recovery_key),
            )
        else:
            self.statusBar().showMessage(_("Passphrase changed."), 5000)

    def _remember_clinician(self, name: str) -> None:
        if name and name != self.settings.last_clinician:
            self.settings.last_clinician = name
            # A convenience only: the record itself is already saved.
            with contextlib.suppress(OSError):
                save_settings(self.store.root, self.settings)

    # -- window state -----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        fit_window(self, QSize(1180, 760))  # it also saves the geometry on close
        state = QSettings().value("MainWindow/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: object) -> None:
        QSettings().setValue("MainWindow/splitter", self.splitter.saveState())
        super().closeEvent(event)  # type: ignore[arg-type]


def _esc(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br/>")
