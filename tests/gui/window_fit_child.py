"""Child process for the window-fit test: opens every window on one configured screen.

    QT_QPA_PLATFORM=offscreen:configfile=SCREENS.json \
        python -m tests.gui.window_fit_child WORK_DIR [--grab PNG_DIR]

A process has one QApplication, and the screen comes from the platform's config file, so each
screen size needs its own process. Prints one JSON object: the screen's available geometry and,
per window (and per wizard page), its frame, the visible part of every button and every
scroll area's viewport, all in global logical pixels. With ``--grab`` each window is also saved
as a PNG, to look at.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QScrollArea,
    QWidget,
)

from gui.screen_fit import minimum_size
from waypoint.i18n import _, language

#: Long enough to test every title, header and list row that shows the name.
GIVEN = "María-Fernanda Guadalupe de los Ángeles"
FAMILY = "Rodríguez-Villanueva y Echeverría-Montenegro"


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _clipped(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` not hidden by the scroll areas it sits in (empty: scrolled away)."""
    rect = _global(widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):  # parent is a viewport
            rect = rect.intersected(_global(parent))
        parent = parent.parentWidget()
    return rect


def _squeezed(widget: QWidget) -> bool:
    """True when a widget got less room than its layout needs, so its children overlap."""
    need = widget.layout().totalMinimumSize()
    return widget.width() < need.width() - 1 or widget.height() < need.height() - 1


def describe(name: str, window: QWidget) -> dict[str, Any]:
    """Where the window and what must be reachable in it lie on the screen."""
    buttons = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        visible = _clipped(button, window)
        if visible.isEmpty():
            continue  # inside a scroll area, scrolled out of view: reachable by scrolling
        label = button.text().replace("&", "") or button.accessibleName() or button.objectName()
        buttons.append({"text": label, "rect": _rect(visible)})
    viewports = []
    for area in window.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.window() is window:
            visible = _clipped(area.viewport(), window)
            if not visible.isEmpty():  # a text box scrolled out of view in a long form
                viewports.append(_rect(visible))
    minimum = minimum_size(window)
    sideways = [
        area.objectName() or type(area.widget()).__name__
        for area in window.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]
    squeezed = [
        f"{type(w).__name__} {w.objectName()}".strip()
        for w in window.findChildren(QWidget)
        # Qt's own scroll-bar holders ("qt_...") are left out: a two-line text box is
        # shorter than its scroll bar's arrows, and that is only cosmetic.
        if w.isVisible()
        and w.layout() is not None
        and _squeezed(w)
        and not w.objectName().startswith("qt_")
    ]
    return {
        "name": name,
        "frame": _rect(window.frameGeometry()),
        "geometry": _rect(window.geometry()),
        "minimum": [minimum.width(), minimum.height()],
        "buttons": buttons,
        "viewports": viewports,
        "sideways_scrolling": sideways,
        "squeezed": squeezed,
    }


class Windows:
    """Opens each top-level window and dialog of the app, with realistic data."""

    def __init__(self, work: Path) -> None:
        from gui.app import build_main_window, create_application
        from gui.language import apply_interface_language
        from tests.helpers import ScriptedAsk
        from waypoint.i18n import script_language
        from waypoint.record.sample import sample_record
        from waypoint.storage.store import Store

        record = sample_record()
        record.patient.given_name, record.patient.family_name = GIVEN, FAMILY
        data_dir = work / "store"
        store = Store.open(data_dir)
        self.patient_id = store.save(record, actor="Dr. Ines Park")
        store.close()
        self.app = create_application()
        # English unless WAYPOINT_LANGUAGE asks (tests/gui/test_spanish_gui.py runs it in Spanish).
        apply_interface_language(self.app, script_language())
        self.ask = ScriptedAsk()
        window = build_main_window(data_dir, self.ask)
        assert window is not None, self.ask.shown
        self.main = window
        window.select_patient(self.patient_id)
        self.record = window.record
        assert self.record is not None and self.record.conversations

    def each(self) -> Iterator[tuple[str, Callable[[], QWidget]]]:
        """(name, factory) of every top-level window and dialog."""
        yield "main_window", lambda: self.main
        yield "worklist", self._worklist
        yield "measures", self._measures
        yield "patient_dialog", self._patient
        yield "assessment_dialog", self._assessment
        yield "event_dialog", self._event
        yield "therapy_dialog", self._therapy
        yield "enrolment_dialog", self._enrolment
        yield "settings_dialog", self._settings
        yield "passphrase_dialog", self._passphrase
        yield "passphrase_prompt", self._passphrase_prompt
        yield "recovery_key_dialog", self._recovery_key
        yield "clinician_dialog", self._clinician
        yield "background_progress", self._progress
        yield "audit_dialog", self._audit
        yield "documents", self._documents
        yield "sync_conflicts", self._sync_conflicts

    def _worklist(self) -> QWidget:
        self.main.worklist_action.trigger()
        assert self.main._worklist is not None
        return self.main._worklist

    def _measures(self) -> QWidget:
        self.main.measures_action.trigger()
        assert self.main._measures is not None
        return self.main._measures

    def _patient(self) -> QWidget:
        from gui.patient_dialog import PatientDialog

        return PatientDialog(self.record.patient, self.main.content, self.main)

    def _assessment(self) -> QWidget:
        from gui.assessment_dialog import AssessmentDialog
        from waypoint.record.model import Assessment

        return AssessmentDialog(Assessment(), self.main.content, self.main)

    def _event(self) -> QWidget:
        from gui.event_dialog import EventDialog
        from waypoint.record.model import CareEvent

        return EventDialog(CareEvent(), self.main.content, self.main)

    def _therapy(self) -> QWidget:
        from gui.therapy_dialog import TherapyHistoryDialog
        from waypoint.record.model import TherapyLine

        lines = [TherapyLine(1, "Carboplatin and pemetrexed", best_response="progression")]
        return TherapyHistoryDialog(lines, self.main.content, self.main)

    def _enrolment(self) -> QWidget:
        from gui.event_dialog import EnrolmentDialog

        return EnrolmentDialog(self.record.patient.stepped_care, self.main.content, self.main)

    def _settings(self) -> QWidget:
        from gui.settings_dialog import SettingsDialog

        return SettingsDialog(self.main.settings, self.main)

    def _passphrase(self) -> QWidget:
        from gui.security import PassphraseDialog

        return PassphraseDialog(self.main.store, self.main.background, self.main)

    def _passphrase_prompt(self) -> QWidget:
        from gui.passphrase_dialog import PassphrasePromptDialog

        dialog = PassphrasePromptDialog(
            _("These records are protected by a passphrase. Please enter it:"), self.main
        )
        dialog.switch_button.click()  # the longer of its two faces: the recovery key
        return dialog

    def _recovery_key(self) -> QWidget:
        from gui.security import RecoveryKeyDialog

        key = "-".join(["ABCD"] * 13)  # as long as a real one
        return RecoveryKeyDialog(key, "Valley Regional Cancer Centre", self.main)

    def _clinician(self) -> QWidget:
        from gui.clinician import ClinicianDialog

        names = ["Dr. Ana Kim", "Dr. Kofi Osei", f"Dr. {GIVEN} {FAMILY}"]
        return ClinicianDialog(names, names[-1], self.main)

    def _progress(self) -> QWidget:
        from gui.background import _progress_dialog

        dialog = _progress_dialog(self.main, _("Taking the daily copy of the records…"))
        dialog.setRange(0, 10_000)
        dialog.setValue(2_500)
        dialog.done_working = True  # so the harness can close it
        return dialog

    def _audit(self) -> QWidget:
        from gui.audit_view import AuditDialog

        return AuditDialog(self.main.store.audit(self.patient_id), self.main)

    def _documents(self) -> QWidget:
        from gui.background import SyncBackground
        from gui.document_preview import DocumentPreview

        m = self.main
        conversation = self.record.conversations[-1]
        return DocumentPreview(
            self.record,
            conversation,
            m.settings,
            m.content,
            m.ask,
            m,
            background=SyncBackground(),  # the built document, laid out before it is measured
        )

    def _sync_conflicts(self) -> QWidget:
        import copy

        from gui.sync_conflicts import ConflictDialog
        from waypoint.sync.report import HeaderConflict, HeaderVersion

        # Three workstations' versions of the long-named patient: the widest case.
        here = self.record.patient
        versions = [HeaderVersion("1-here", here, True)]
        for n, mrn in ((2, "MRN-0000000002"), (3, "MRN-0000000003")):
            other = copy.deepcopy(here)
            other.mrn, other.family_name = mrn, f"{FAMILY} {n}"
            versions.append(HeaderVersion(f"{n}-other", other, False))
        conflicts = [HeaderConflict(self.patient_id, tuple(versions))]
        return ConflictDialog(conflicts, lambda _pid, _rev: False, self.main)

    def wizard(self) -> QWidget:
        """The conversation wizard on the record's latest conversation."""
        from gui.pages.base import PageContext
        from gui.wizard import ConversationWizard

        m = self.main
        context = PageContext(self.record, m.content, m.settings, self.ask)
        return ConversationWizard(context, self.record.conversations[-1], parent=m)


def _settle(app: QApplication) -> None:
    # Word-wrapped labels take a few layout passes to find their height, as in the running
    # app's event loop.
    for _round in range(10):
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _grab(window: QWidget, grab_dir: Path | None, name: str) -> None:
    if grab_dir is not None:
        window.grab().save(str(grab_dir / f"{name}.png"))


def run(work: Path, grab_dir: Path | None) -> dict[str, Any]:
    """Open every window in turn; describe each (errors are reported, not raised)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    windows = Windows(work)
    app = windows.app
    screen = app.primaryScreen()
    report: dict[str, Any] = {
        "available": _rect(screen.availableGeometry()),
        "dpr": screen.devicePixelRatio(),
        "windows": [],
        "language": language(),
    }
    for name, factory in windows.each():
        try:
            window = factory()
            window.show()
            _settle(app)
            report["windows"].append(describe(name, window))
            _grab(window, grab_dir, name)
            if window is not windows.main:
                window.close()
        except Exception:
            report["windows"].append({"name": name, "error": traceback.format_exc()})
    try:
        wizard: Any = windows.wizard()
        wizard.show()
        for index in range(len(wizard.pages)):
            _settle(app)
            page_name = f"wizard_{type(wizard.currentPage()).__name__}"
            report["windows"].append(describe(page_name, wizard))
            _grab(wizard, grab_dir, page_name)
            if index < len(wizard.pages) - 1:
                wizard.next()
        wizard.hide()
    except Exception:
        report["windows"].append({"name": "wizard", "error": traceback.format_exc()})
    report["unexpected_questions"] = windows.ask.unexpected
    return report


def main() -> None:
    os.environ.setdefault("WAYPOINT_PASSPHRASE", "")
    work = Path(sys.argv[1])
    grab_dir = Path(sys.argv[sys.argv.index("--grab") + 1]) if "--grab" in sys.argv else None
    if grab_dir is not None:
        grab_dir.mkdir(parents=True, exist_ok=True)
    report = run(work, grab_dir)
    print(json.dumps(report), flush=True)
    os._exit(0)  # skip tearing down windows and the store: only the report matters here


if __name__ == "__main__":
    main()
