"""Add or edit a patient: a Patient goes in, the edited Patient comes out."""

from __future__ import annotations

import copy

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.inputs import OptionalSpin, add_blank
from gui.mnemonics import apply_mnemonics, mnemonic_of, mnemonic_widgets
from gui.screen_fit import fit_window
from gui.widgets import (
    DateField,
    choice_box,
    labelled,
    line_box,
    plain_message_label,
    set_choice,
    text_box,
)
from waypoint.content.bundle import Content
from waypoint.content.field_checks import living_problem
from waypoint.i18n import _
from waypoint.record.model import DIAGNOSIS_CATEGORIES, LANGUAGES, Contact, Patient
from waypoint.record.schema import ValidationError, validate


class PatientDialog(QDialog):
    """The patient's identifiers, diagnosis and the people to reach."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "advanced_diagnosis_date",
            "date_of_birth",
            "diagnosis",
            "diagnosis_category",
            "ecog",
            "family_name",
            "given_name",
            "health_care_proxy.address",
            "health_care_proxy.name",
            "health_care_proxy.organization",
            "health_care_proxy.phone",
            "health_care_proxy.role",
            "language",
            "mrn",
            "primary_care_provider.address",
            "primary_care_provider.name",
            "primary_care_provider.organization",
            "primary_care_provider.phone",
            "primary_care_provider.role",
            "travel_minutes",
        }
    )

    def __init__(self, patient: Patient, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PatientDialog")
        self.patient = copy.deepcopy(patient)
        self._content = content
        self.setWindowTitle(_("New patient") if not patient.id else _("Edit patient"))
        self._build()
        self._fill()
        self.given.setFocus()  # the dialog opens ready to type the name
        fit_window(self, QSize(640, 680))

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it follows the cursor; never holds it
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._build_identity())
        layout.addWidget(self._build_contacts())
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.error = plain_message_label()
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        outer.addWidget(buttons)
        # Alt-letters chosen once the dialog is built (gui/mnemonics.py): the wording's own
        # letter when free, so a translation or a new field never leaves two fields on one key.
        reserved = {key for b in buttons.buttons() if (key := mnemonic_of(b.text()))}
        apply_mnemonics(mnemonic_widgets(self), reserved)

    def _build_identity(self) -> QGroupBox:
        box = QGroupBox(_("Patient"))
        form = QFormLayout(box)
        self.given = line_box(_("Given name"))
        self.family = line_box(_("Family name"))
        self.mrn = line_box(_("Medical record number"), max_length=60)
        self.dob = DateField(_("Date of birth"), allow_future=False)
        self.diagnosis = line_box(
            _("Diagnosis"), _("for example: lung adenocarcinoma, stage IV"), 500
        )
        # Some suggestions (stopping therapy at ECOG 3-4) are for solid tumours only.
        self.category = choice_box(
            _("Solid tumour or blood cancer"),
            self._content,
            "diagnosis_category",
            DIAGNOSIS_CATEGORIES,
        )
        self.advanced = DateField(_("Date of advanced diagnosis"), allow_future=False)
        self.ecog = QComboBox()
        self.ecog.setAccessibleName(_("ECOG performance status"))
        add_blank(self.ecog)
        for grade in range(6):
            self.ecog.addItem(str(grade), grade)
        self.language = choice_box(_("Preferred language"), self._content, "language", LANGUAGES)
        # Rural realities belong in the record: how far the patient travels for treatment.
        self.travel = OptionalSpin.for_field(Patient, "travel_minutes", suffix=_(" minutes"))
        form.addRow(labelled(self.given, _("&Given name")), self.given)
        form.addRow(labelled(self.family, _("&Family name")), self.family)
        form.addRow(labelled(self.dob, _("Date of &birth")), self._with_error(self.dob))
        form.addRow(labelled(self.mrn, _("&Record number")), self.mrn)
        form.addRow(labelled(self.diagnosis, _("&Diagnosis")), self.diagnosis)
        form.addRow(labelled(self.category, _("Ca&ncer type")), self.category)
        form.addRow(labelled(self.advanced, _("&Advanced since")), self._with_error(self.advanced))
        form.addRow(labelled(self.ecog, _("&ECOG")), self.ecog)
        form.addRow(labelled(self.language, _("&Language")), self.language)
        form.addRow(labelled(self.travel, _("Tra&vel time")), self.travel)
        return box

    def _build_contacts(self) -> QGroupBox:
        box = QGroupBox(_("People to reach"))
        form = QFormLayout(box)
        self.pcp_name = line_box(_("Primary care provider"))
        self.pcp_org = line_box(_("Primary care practice"), max_length=500)
        self.pcp_phone = line_box(_("Primary care phone"), max_length=60)
        self.pcp_role = line_box(
            _("Primary care provider's role"), _("for example: family doctor, nurse practitioner")
        )
        # The letter to the primary care provider is addressed with it.
        self.pcp_address = text_box(_("Primary care address"), lines=3)
        self.pcp_address.setMaximumHeight(self.pcp_address.minimumHeight())  # an address, no essay
        self.proxy_name = line_box(_("Health-care proxy"))
        self.proxy_role = line_box(_("Proxy's relationship"), _("for example: daughter"))
        self.proxy_phone = line_box(_("Proxy's phone"), max_length=60)
        self.proxy_org = line_box(
            _("Proxy's agency"), _("only when the proxy acts for an agency"), max_length=500
        )
        self.proxy_address = text_box(_("Proxy's mailing address"), lines=3)
        self.proxy_address.setMaximumHeight(self.proxy_address.minimumHeight())
        form.addRow(labelled(self.pcp_name, _("&Primary care provider")), self.pcp_name)
        form.addRow(labelled(self.pcp_role, _("&Job title")), self.pcp_role)
        form.addRow(labelled(self.pcp_org, _("Practi&ce")), self.pcp_org)
        form.addRow(labelled(self.pcp_phone, _("P&hone")), self.pcp_phone)
        form.addRow(labelled(self.pcp_address, _("Addre&ss")), self.pcp_address)
        form.addRow(labelled(self.proxy_name, _("Health-care pro&xy")), self.proxy_name)
        form.addRow(labelled(self.proxy_role, _("Rela&tionship")), self.proxy_role)
        form.addRow(labelled(self.proxy_phone, _("Pr&oxy's phone")), self.proxy_phone)
        form.addRow(labelled(self.proxy_org, _("Agenc&y")), self.proxy_org)
        form.addRow(labelled(self.proxy_address, _("Proxy's ma&iling address")), self.proxy_address)
        return box

    @staticmethod
    def _with_error(field: DateField) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(field)
        layout.addLayout(row)
        layout.addWidget(field.error)
        return holder

    # -- data in and out --------------------------------------------------------------------

    def _fill(self) -> None:
        p = self.patient
        self.given.setText(p.given_name)
        self.family.setText(p.family_name)
        self.mrn.setText(p.mrn)
        self.dob.set_value(p.date_of_birth)
        self.diagnosis.setText(p.diagnosis)
        set_choice(self.category, p.diagnosis_category)
        self.advanced.set_value(p.advanced_diagnosis_date)
        self.ecog.setCurrentIndex(max(self.ecog.findData(p.ecog), 0))
        set_choice(self.language, p.language)
        self.travel.set_number(p.travel_minutes)
        self.pcp_name.setText(p.primary_care_provider.name)
        self.pcp_role.setText(p.primary_care_provider.role)
        self.pcp_org.setText(p.primary_care_provider.organization)
        self.pcp_phone.setText(p.primary_care_provider.phone)
        self.pcp_address.setPlainText(p.primary_care_provider.address)
        self.proxy_name.setText(p.health_care_proxy.name)
        self.proxy_role.setText(p.health_care_proxy.role)
        self.proxy_phone.setText(p.health_care_proxy.phone)
        self.proxy_org.setText(p.health_care_proxy.organization)
        self.proxy_address.setPlainText(p.health_care_proxy.address)

    def apply(self, patient: Patient) -> None:
        """Copy the widgets into ``patient`` (dates must already have been checked)."""
        patient.given_name = self.given.text().strip()
        patient.family_name = self.family.text().strip()
        patient.mrn = self.mrn.text().strip()
        patient.date_of_birth = self.dob.value()
        patient.diagnosis = self.diagnosis.text().strip()
        patient.diagnosis_category = self.category.currentData()
        patient.advanced_diagnosis_date = self.advanced.value()
        patient.ecog = self.ecog.currentData()
        patient.language = self.language.currentData()
        patient.travel_minutes = self.travel.number()
        patient.primary_care_provider = Contact(
            name=self.pcp_name.text().strip(),
            role=self.pcp_role.text().strip(),
            organization=self.pcp_org.text().strip(),
            phone=self.pcp_phone.text().strip(),
            address=self.pcp_address.toPlainText().strip(),
        )
        patient.health_care_proxy = Contact(
            name=self.proxy_name.text().strip(),
            role=self.proxy_role.text().strip(),
            organization=self.proxy_org.text().strip(),
            phone=self.proxy_phone.text().strip(),
            address=self.proxy_address.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Keep the dialog open, with what was typed, until the patient is valid."""
        dates_ok = all([self.dob.check(), self.advanced.check()])
        if not dates_ok:
            self._show_error(_("Please fix the date shown in red."))
            return
        edited = copy.deepcopy(self.patient)
        self.apply(edited)
        missing = [
            label
            for label, value in (
                (_("given name"), edited.given_name),
                (_("family name"), edited.family_name),
                (_("date of birth"), edited.date_of_birth),
            )
            if not value
        ]
        if missing:
            self._show_error(_("Please enter the {fields}.").format(fields=", ".join(missing)))
            return
        if living_problem("ecog", edited.ecog, self._content):  # ECOG 5: a death, not a status
            self.ecog.setFocus()
            self._show_error(living_problem("ecog", edited.ecog, self._content))
            return
        try:
            validate(edited, "patient")
        except ValidationError as exc:
            self._show_error(str(exc))
            return
        self.patient = edited
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
