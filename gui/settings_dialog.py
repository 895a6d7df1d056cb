"""Clinic settings: the letterhead on every document (name, address, phones, logo, paper),
and the clinic hub this workstation syncs with (gui/sync_settings.py)."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.mnemonics import apply_mnemonics, mnemonic_of, mnemonic_widgets
from gui.screen_fit import fit_window
from gui.sync_settings import SYNC_SETTINGS, SyncSection
from waypoint.i18n import N_, _
from waypoint.record.schema import ValidationError, validate
from waypoint.services.documents import PRINTABLE_SCRIPTS
from waypoint.storage.settings import Settings

#: The settings this dialog edits, in order; the rest are remembered by the app itself.
EDITED = (
    "clinic_name",
    "clinic_address",
    "clinic_phone",
    "after_hours_phone",
    "clinic_fax",
    "logo_path",
    "paper_size",
    "clinicians",
    "auto_lock_minutes",
    "deleted_retention_days",
    *SYNC_SETTINGS,
)
PAPER = (("letter", N_("US Letter")), ("a4", N_("A4")))  # translated where shown


def logo_problem(path_text: str) -> str:
    """Why ``path_text`` cannot be the logo, in plain words; blank when it can (or is blank)."""
    if not path_text.strip():
        return ""
    path = Path(path_text.strip()).expanduser()
    if not path.is_file():
        return _("There is no file at {path}.").format(path=path)
    reader = QImageReader(str(path))
    if bytes(reader.format().data()).decode().lower() not in ("png", "jpeg", "jpg"):
        return _("The logo must be a PNG or JPEG picture.")
    return ""


def clinician_names(text: str) -> list[str]:
    """One name a line, spaces tidied, blanks and repeats dropped, in the order typed."""
    names: list[str] = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and name not in names:
            names.append(name)
    return names


class SettingsDialog(QDialog):
    """Edit a copy of the clinic settings; ``settings`` holds the result after Save."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, password_kept: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(_("Clinic settings"))
        self.settings = copy.deepcopy(settings)
        labels = {f.name: _(str(f.metadata["label"])) for f in dataclasses.fields(Settings)}
        layout = QVBoxLayout(self)
        intro = QLabel(_("These details print at the top of every care plan, handout and letter."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name in ("clinic_name", "clinic_phone", "after_hours_phone", "clinic_fax", "logo_path"):
            edit = QLineEdit(str(getattr(settings, name)))
            edit.setAccessibleName(labels[name])
            self.edits[name] = edit
        self.address = QPlainTextEdit(settings.clinic_address)
        self.address.setAccessibleName(labels["clinic_address"])
        self.address.setFixedHeight(70)
        self.paper = QComboBox()
        self.paper.setAccessibleName(labels["paper_size"])
        for code, text in PAPER:
            self.paper.addItem(_(text), code)
        self.paper.setCurrentIndex([c for c, _t in PAPER].index(settings.paper_size))
        form.addRow(labels["clinic_name"], self.edits["clinic_name"])
        form.addRow(labels["clinic_address"], self.address)
        form.addRow(labels["clinic_phone"], self.edits["clinic_phone"])
        form.addRow(labels["after_hours_phone"], self.edits["after_hours_phone"])
        form.addRow(labels["clinic_fax"], self.edits["clinic_fax"])
        form.addRow(_("Logo (PNG or JPEG file)"), self.edits["logo_path"])
        form.addRow(_("Paper size"), self.paper)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(_(" minutes"))
        self.auto_lock.setSpecialValueText(_("never"))
        self.auto_lock.setAccessibleName(labels["auto_lock_minutes"])
        self.auto_lock.setValue(settings.auto_lock_minutes)
        form.addRow(_("Lock when idle for"), self.auto_lock)
        self._build_people_rows(form, settings, labels)
        self.sync_section = SyncSection(settings, password_kept)
        form.addRow(self.sync_section)
        # Scrolls on a small screen at 150 %, where the whole form is taller than the screen.
        host = QWidget()
        host.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it follows the cursor; never holds it
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(host)
        layout.addWidget(scroll, 1)
        self.problem = QLabel()
        self.problem.setObjectName("problemText")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        fonts = QLabel(
            _(
                "Documents print names and text in {ok}. Other scripts print as a placeholder."
            ).format(ok=_(PRINTABLE_SCRIPTS))
        )
        fonts.setObjectName("mutedText")
        fonts.setWordWrap(True)
        layout.addWidget(fonts)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Every field reachable with Alt+letter; Save and Cancel keep their usual letters.
        reserved = {key for b in buttons.buttons() if (key := mnemonic_of(b.text()))}
        apply_mnemonics(mnemonic_widgets(host), reserved)
        fit_window(self, host.sizeHint() + QSize(40, 200))

    def _build_people_rows(
        self, form: QFormLayout, settings: Settings, labels: dict[str, str]
    ) -> None:
        self.clinicians = QPlainTextEdit("\n".join(settings.clinicians))
        self.clinicians.setAccessibleName(labels["clinicians"])
        self.clinicians.setPlaceholderText(_("One name a line, as it should appear on records"))
        self.clinicians.setFixedHeight(90)
        form.addRow(_("Clinicians (offered at sign-in)"), self.clinicians)
        self.retention = QSpinBox()
        self.retention.setRange(1, 3650)
        self.retention.setSuffix(_(" days"))
        self.retention.setAccessibleName(labels["deleted_retention_days"])
        self.retention.setValue(settings.deleted_retention_days)
        form.addRow(_("Keep deleted patients for"), self.retention)

    def apply(self) -> str:
        """Copy the widgets into ``self.settings``; return a problem in plain words, or blank."""
        problem = logo_problem(self.edits["logo_path"].text())
        if problem:
            return problem
        for name, edit in self.edits.items():
            setattr(self.settings, name, edit.text().strip())
        self.settings.clinic_address = self.address.toPlainText().strip()
        self.settings.paper_size = str(self.paper.currentData())
        self.settings.auto_lock_minutes = self.auto_lock.value()
        self.settings.clinicians = clinician_names(self.clinicians.toPlainText())
        self.settings.deleted_retention_days = self.retention.value()
        problem = self.sync_section.apply(self.settings)
        if problem:
            return problem
        try:
            validate(self.settings, "settings")
        except ValidationError as exc:
            return str(exc)
        return ""

    def accept(self) -> None:
        problem = self.apply()
        self.problem.setText(problem)
        if not problem:
            super().accept()
