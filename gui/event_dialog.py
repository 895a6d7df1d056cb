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

from gui.inputs import OptionalDecimal, add_blank
from gui.screen_fit import fit_window
from gui.widgets import DateField, labelled, plain_message_label, text_box
from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.model import (
    ADMISSION_KINDS,
    DEATH_PLACES,
    EVENT_KINDS,
    FACT_L_MAX,
    STEPPED_MODES,
    CareEvent,
    SteppedCare,
)
from waypoint.record.schema import ValidationError, validate

VISIT = "palliative_care_visit"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class EventDialog(QDialog):
    """A dated event: progression, change of treatment, an admission (with its discharge),
    a palliative care visit, systemic therapy given, hospice enrolment or death (with place)."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "date",
            "end_date",
            "kind",
            "note",
            "place",
        }
    )

    def __init__(self, event: CareEvent, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EventDialog")
        self.care_event = copy.deepcopy(event)
        visit = event.kind == VISIT
        self.setWindowTitle(_("Record a palliative care visit") if visit else _("Record an event"))
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.date = DateField(_("Date of the event"), allow_future=False)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of event"))
        for code in EVENT_KINDS:
            self.kind.addItem(content.label("event_kind", code), code)
        self.kind.setCurrentIndex(max(self.kind.findData(event.kind or "treatment_change"), 0))
        self.kind.setEnabled(not visit)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.note = text_box(_("Note"), _("optional: what happened"), 2)
        self.form.addRow(labelled(self.date, _("&Date")), self.date)
        self.form.addRow("", self.date.error)
        self.form.addRow(labelled(self.kind, _("&What happened")), self.kind)
        self._build_outcome_fields(content)
        self.form.addRow(labelled(self.note, _("&Note")), self.note)
        layout.addLayout(self.form)
        self.error = plain_message_label()
        layout.addWidget(self.error)
        buttons = _buttons(self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        self.date.set_value(event.date or dt.date.today())
        self.end_date.set_value(event.end_date)
        self.place.setCurrentIndex(max(self.place.findData(event.place), 0))
        self.note.setPlainText(event.note)
        self._on_kind_changed()
        fit_window(self, QSize(460, 300))

    def _build_outcome_fields(self, content: Content) -> None:
        """The discharge date (admissions) and the place of death, shown only where they apply."""
        self.end_date = DateField(_("Discharge date"), allow_future=False)
        self.end_label = labelled(self.end_date, _("Dis&charged on"))
        self.end_hint = QLabel(
            _("Leave blank while the patient is in hospital: the visit window opens at discharge.")
        )
        self.end_hint.setObjectName("mutedText")
        self.end_hint.setWordWrap(True)
        self.place = QComboBox()
        self.place.setAccessibleName(_("Place of death"))
        for code in DEATH_PLACES:
            if code:
                self.place.addItem(content.label("death_place", code), code)
            else:
                add_blank(self.place, code)
        self.place_label = labelled(self.place, _("&Place of death"))
        self.form.addRow(self.end_label, self.end_date)
        self.form.addRow("", self.end_date.error)
        self.form.addRow("", self.end_hint)
        self.form.addRow(self.place_label, self.place)

    def _on_kind_changed(self, *_args: object) -> None:
        kind = str(self.kind.currentData())
        admission = kind in ADMISSION_KINDS
        shown: tuple[tuple[QWidget, bool], ...] = (
            (self.end_label, admission),
            (self.end_date, admission),
            (self.end_hint, admission),
            (self.place_label, kind == "death"),
            (self.place, kind == "death"),
        )
        for widget, visible in shown:
            widget.setVisible(visible)

    def accept(self) -> None:
        if not self.date.check() or not self.end_date.check():
            return
        event = self.care_event
        event.date = self.date.value()
        event.kind = str(self.kind.currentData())
        event.note = self.note.toPlainText().strip()
        # Fields that do not apply to the kind chosen are cleared, not kept hidden.
        event.end_date = self.end_date.value() if event.kind in ADMISSION_KINDS else None
        event.place = str(self.place.currentData()) if event.kind == "death" else ""
        if event.date is None:
            self.error.setText(_("Enter the date of the event."))
            self.error.show()
            return
        try:
            validate(event, "event")
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


class EnrolmentDialog(QDialog):
    """Enrolment in stepped (or early) palliative care, with the baseline FACT-L."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "baseline_fact_l",
            "enrolled_on",
            "mode",
        }
    )

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
        self.baseline = OptionalDecimal(_("Baseline FACT-L total"), 0, FACT_L_MAX)
        form.addRow(labelled(self.enrolled, _("&Enrolled on")), self.enrolled)
        form.addRow("", self.enrolled.error)
        form.addRow(labelled(self.mode, _("&Model")), self.mode)
        form.addRow(
            labelled(self.baseline, _("&Baseline FACT-L (0–{top})").format(top=FACT_L_MAX)),
            self.baseline,
        )
        layout.addLayout(form)
        hint = QLabel(
            _(
                "The baseline is the FACT-L total at enrolment; later scores are compared with "
                "it. Without it the step cannot be tracked: no later score is used instead."
            )
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
