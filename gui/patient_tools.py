"""What the Patient menu does to the open patient: audit trail, delete, export, documents.

Each takes the main window, as gui/conversation_actions.py does, so the window stays a list of
actions and what they show."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gui.background import WorkFailedError
from gui.document_build import preparing_message
from gui.error_guard import plain_cause
from waypoint.i18n import _
from waypoint.storage.atomic import DamagedFileError, write_atomic
from waypoint.storage.errors import StoreError

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def show_audit_trail(window: MainWindow) -> None:
    """The open patient's audit trail: who changed what, and when."""
    from gui.audit_view import AuditDialog

    if window.record is None:
        return
    try:
        entries = window.store.audit(window.record.patient.id)
    except (StoreError, DamagedFileError, OSError) as exc:
        window.ask.warn(window, _("Audit trail"), str(exc))
        return
    AuditDialog(entries, window).exec()


def delete_patient(window: MainWindow) -> None:
    """Delete the open patient, after a confirmation whose default is Go back."""
    if window.record is None or not window.ensure_clinician():
        return
    patient = window.record.patient
    born = patient.date_of_birth.isoformat() if patient.date_of_birth else _("unknown")
    if not window.ask.confirm_destructive(
        window,
        _("Delete patient"),
        _(
            "Delete {name} (born {born}) from Waypoint?\n\nOnly for a patient entered by "
            "mistake or twice. The patient leaves the list, with their conversations and "
            "documents. A sealed copy is kept for {days} days, then removed for good. "
            "The deletion is recorded with your name."
        ).format(
            name=patient.display_name,
            born=born,
            days=window.settings.deleted_retention_days,
        ),
        _("&Delete patient"),
    ):
        return
    try:
        window.store.delete(patient.id, actor=window.clinician)
    except (StoreError, DamagedFileError, OSError) as exc:
        why = str(exc) if not isinstance(exc, OSError) else plain_cause(exc)
        window.ask.warn(
            window, _("Not deleted"), _("The patient was not deleted.\n\n{why}").format(why=why)
        )
        return
    window.patient_model.refilter(window.search.text())
    window._update_count()
    if window._worklist is not None:
        window._worklist.refresh()
    window._show_record(None)
    window.sync.refresh_status()
    window.statusBar().showMessage(_("The patient was deleted."), 6000)


def export_careplan(window: MainWindow) -> None:
    """Save the chosen conversation's care plan as a PDF, built off the GUI thread."""
    conversation = window._selected_conversation()
    if window.record is None or conversation is None:
        return
    from waypoint.services.documents import document_file_name

    # Named for the patient and the date, never an existing file's name (as the Documents window).
    suggested = document_file_name(window.record, conversation, "careplan", "pdf", Path.home())
    path = window.ask.save_path(window, _("Export care plan"), suggested, _("PDF files (*.pdf)"))
    if path is None:
        return
    record, settings, content = window.record, window.settings, window.content

    def work(_progress: object) -> None:  # a long record's care plan takes seconds
        from waypoint.services.documents import render_careplan

        write_atomic(path, render_careplan(record, conversation, settings, content=content))

    label = preparing_message(_("Care plan"))
    try:
        window.background.run(window, label, work, expected=(OSError,))
    except WorkFailedError:
        return  # told through the error guard; nothing was written
    except OSError as exc:
        window.ask.warn(
            window,
            _("Not exported"),
            _("The care plan could not be written to {path}: {why}").format(
                path=path, why=exc.strerror
            ),
        )
        return
    window.statusBar().showMessage(_("Care plan saved to {path}").format(path=path), 6000)


def export_ehr(window: MainWindow) -> None:
    """The open patient as a FHIR bundle for the EHR."""
    if window.record is None:
        return
    from gui.fhir_export import export_for_ehr  # loads the FHIR models on first use only

    args = (window.record, window.content, window.settings, window.store.store_id)
    path = export_for_ehr(window, window.ask, window.background, *args)
    if path is not None:
        message = _("Export for the EHR saved to {path}").format(path=path)
        window.statusBar().showMessage(message, 6000)


def show_documents(window: MainWindow) -> None:
    """Preview, print and save the chosen conversation's documents."""
    conversation = window._selected_conversation()
    if window.record is None or conversation is None:
        return
    from gui.document_preview import DocumentPreview

    preview = DocumentPreview(
        window.record,
        conversation,
        window.settings,
        window.content,
        window.ask,
        window,
        background=window.background,
    )
    preview.exec()
