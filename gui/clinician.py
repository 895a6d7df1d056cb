"""Who is using Waypoint: the clinician signs in once a session, and every change names them.

The name is chosen from the clinic's list of clinicians (Clinic settings) or typed. It is kept
for this session only: several clinicians share a workstation, often one computer account.
Someone who has the account to themselves may ask to be remembered, and then only for that
account (QSettings, per operating-system user), never in the shared data folder.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.mnemonics import apply_mnemonics, mnemonic_of, mnemonic_widgets
from gui.screen_fit import fit_window
from gui.widgets import plain_message_label
from waypoint.i18n import _

#: Headless runs and tests name the clinician here instead of being asked.
CLINICIAN_ENV = "WAYPOINT_CLINICIAN"
_REMEMBERED_KEY = "Session/clinician"
_NAME_LIMIT = 200


def remembered_clinician() -> str:
    """The name this computer account asked to be remembered by ("" when none)."""
    return str(QSettings().value(_REMEMBERED_KEY, "") or "")


def remember_clinician(name: str) -> None:
    """Remember ``name`` for this computer account; a blank name forgets whoever was kept."""
    if name:
        QSettings().setValue(_REMEMBERED_KEY, name)
    else:
        QSettings().remove(_REMEMBERED_KEY)


class ClinicianDialog(QDialog):
    """Sign in: pick a name from the clinic's list or type one; optionally be remembered."""

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClinicianDialog")
        self.setWindowTitle(_("Who is using Waypoint?"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Every change you save is recorded with your name, so the record shows who "
                "did what. Choose your name, or type it if it is not on the list."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._build_form(names, current))
        self.problem = plain_message_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Sign in"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Alt-letters chosen once the dialog is built (gui/mnemonics.py): the wording's own
        # letter when free, so a translation or a new field never leaves two fields on one key.
        reserved = {key for b in buttons.buttons() if (key := mnemonic_of(b.text()))}
        apply_mnemonics(mnemonic_widgets(self), reserved)
        self.name = ""
        self.remember = False
        fit_window(self, QSize(460, self.sizeHint().height()))

    def _build_form(self, names: list[str], current: str) -> QFormLayout:
        # A list to pick from and a plain text box, not an editable combo box: Qt announces
        # an editable one by its text instead of its label on Linux.
        form = QFormLayout()
        self.name_list = QListWidget()
        self.name_list.setObjectName("clinicianList")
        self.name_list.setAccessibleName(_("Clinicians of this clinic"))
        self.name_list.addItems([n for n in names if n.strip()])
        self.name_list.setMaximumHeight(140)
        self.name_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.name_list.setToolTip(_("Double-click your name to sign in"))
        matches = self.name_list.findItems(current, Qt.MatchFlag.MatchExactly) if current else []
        if matches:
            self.name_list.setCurrentItem(matches[0])
        # Selection, not the current row: the list makes its first row current when it gets
        # the focus, which must not replace a name already there.
        self.name_list.itemSelectionChanged.connect(self._on_name_list_item_selection_changed)
        self.name_list.itemActivated.connect(self._on_name_list_item_activated)
        self.name_list.setVisible(self.name_list.count() > 0)
        self.name_edit = QLineEdit(current)
        self.name_edit.setMaxLength(_NAME_LIMIT)
        self.name_edit.setAccessibleName(_("Your name"))
        self.name_edit.setPlaceholderText(_("for example Dr. Ana Kim"))
        completer = QCompleter([n for n in names if n.strip()], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_edit.setCompleter(completer)
        if self.name_list.count():
            pick = QLabel(_("&Choose your name"))
            pick.setBuddy(self.name_list)
            form.addRow(pick, self.name_list)
        label = QLabel(_("or &type it") if self.name_list.count() else _("Your &name"))
        label.setBuddy(self.name_edit)
        form.addRow(label, self.name_edit)
        self.remember_box = QCheckBox(
            _("&Remember me on this computer account (only if nobody else uses it)")
        )
        self.remember_box.setChecked(bool(current) and current == remembered_clinician())
        form.addRow(self.remember_box)
        return form

    def _on_name_list_item_selection_changed(self) -> None:
        chosen = self.name_list.selectedItems()
        if chosen:
            self.name_edit.setText(chosen[0].text())

    def _on_name_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()

    def accept(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            self.problem.setText(_("Please choose or type your name."))
            self.problem.setVisible(True)
            return
        self.name = name
        self.remember = self.remember_box.isChecked()
        super().accept()
