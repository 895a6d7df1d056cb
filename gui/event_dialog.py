"""Record a care event (or a palliative care visit), and enrol a patient in palliative care.

Plain objects in and out: ``EventDialog.care_event`` and ``EnrolmentDialog.stepped_care``.
"""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gui.inputs import OptionalSpin
from gui.screen_fit import fit_window
from gui.widgets import DateField, labelled, plain_message_label, text_box
from waypoint.content import Content
from waypoint.i18n import _
from waypoint.model import EVENT_KINDS, STEPPED_MODES, CareEvent, SteppedCare
from waypoint.schema import ValidationError, validate

VISIT = "palliative_care_visit"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class EventDialog(QDialog):
    """A dated event: progression, change of treatment, hospitalization, palliative care visit."""

    def __init__(self, event: CareEvent, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EventDialog")
        self.care_event = copy.deepcopy(event)
        visit = event.kind == VISIT
        self.setWindowTitle(_("Record a palliative care visit") if visit else _("Record an event"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.date = DateField(_("Date of the event"), allow_future=False)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of event"))
        for code in EVENT_KINDS:
            self.kind.addItem(content.label("event_kind", code), code)
        self.kind.setCurrentIndex(max(self.kind.findData(event.kind or "treatment_change"), 0))
        self.kind.setEnabled(not visit)
        self.note = text_box(_("Note"), _("optional: what happened"), 2)
        form.addRow(labelled(self.date, _("&Date")), self.date)
        form.addRow("", self.date.error)
        form.addRow(labelled(self.kind, _("&What happened")), self.kind)
        form.addRow(labelled(self.note, _("&Note")), self.note)
        layout.addLayout(form)
        self.error = plain_message_label()
        layout.addWidget(self.error)
        buttons = _buttons(self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        self.date.set_value(event.date or dt.date.today())
        self.note.setPlainText(event.note)
        fit_window(self, QSize(460, 260))

    def accept(self) -> None:
        if not self.date.check():
            return
        self.care_event.date = self.date.value()
        self.care_event.kind = str(self.kind.currentData())
        self.care_event.note = self.note.toPlainText().strip()
        if self.care_event.date is None:
            self.error.setText(_("Enter the date of the event."))
            self.error.show()
            return
        try:
            validate(self.care_event, "event")
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


class EnrolmentDialog(QDialog):
    """Enrolment in stepped (or early) palliative care, with the baseline FACT-L."""

    def __init__(
        self, stepped_care: SteppedCare, content: Content, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EnrolmentDialog")
        self.setWindowTitle(_("Palliative care enrolment"))
        self.stepped_care = copy.deepcopy(stepped_care)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.enrolled = DateField(_("Enrolment date"), allow_future=False)
        self.mode = QComboBox()
        self.mode.setAccessibleName(_("Palliative care model"))
        for code in STEPPED_MODES:
            self.mode.addItem(content.label("stepped_mode", code), code)
        self.baseline = OptionalSpin(_("Baseline FACT-L total"), 0, 136)
        form.addRow(labelled(self.enrolled, _("&Enrolled on")), self.enrolled)
        form.addRow("", self.enrolled.error)
        form.addRow(labelled(self.mode, _("&Model")), self.mode)
        form.addRow(labelled(self.baseline, _("&Baseline FACT-L (0–136)")), self.baseline)
        layout.addLayout(form)
        hint = QLabel(
            _("The baseline is the FACT-L total at enrolment; later scores are compared with it.")
        )
        hint.setObjectName("mutedText")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = plain_message_label()
        layout.addWidget(self.error)
        buttons = _buttons(self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        self.enrolled.set_value(stepped_care.enrolled_on or dt.date.today())
        self.mode.setCurrentIndex(max(self.mode.findData(stepped_care.mode), 0))
        self.baseline.set_number(stepped_care.baseline_fact_l)
        fit_window(self, QSize(460, 240))

    def accept(self) -> None:
        if not self.enrolled.check():
            return
        care = self.stepped_care
        care.enrolled_on = self.enrolled.value()
        care.mode = str(self.mode.currentData())
        care.baseline_fact_l = self.baseline.number()
        if care.enrolled_on is None:
            self.error.setText(_("Enter the enrolment date."))
            self.error.show()
            return
        super().accept()
