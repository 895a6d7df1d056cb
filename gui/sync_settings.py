"""The "Sync with the clinic hub" part of the clinic settings (docs/sync.md).

The address, user name and CA file are plain clinic settings. The password is never shown
back: the box starts empty, and only what is typed into it is kept (by the sync controller,
sealed in the data folder like the records) once the settings are saved.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from waypoint.i18n import _
from waypoint.services.sync import SyncError, parse_address
from waypoint.storage.settings import Settings

#: The settings this section edits (the settings dialog lists them with its own).
SYNC_SETTINGS = ("sync_url", "sync_user", "sync_ca_file")


def hub_problem(url: str, ca_file: str) -> str:
    """Why the hub address or CA file cannot be used, in plain words; blank when they can.

    Nothing here touches the network: the address is only read.
    """
    url = url.strip()
    if url:
        try:
            parse_address(url)
        except SyncError as exc:
            return str(exc)
        if urllib.parse.urlsplit(url).password or "@" in urllib.parse.urlsplit(url).netloc:
            # The settings file is not sealed: a password in the address would sit there in clear.
            return _("Put the user name and password in their own boxes, not in the hub address.")
    path = ca_file.strip()
    if path and not Path(path).expanduser().is_file():
        return _("There is no certificate file at {path}.").format(path=path)
    return ""


class SyncSection(QGroupBox):
    """Hub address, user name, password (write-only) and the clinic's CA file."""

    def __init__(
        self, settings: Settings, password_kept: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Sync with the clinic hub"), parent)
        self.setObjectName("syncSection")
        form = QFormLayout(self)
        intro = QLabel(
            _(
                "Leave the address blank and this computer never connects. With a hub, "
                "workstations of the clinic share their records (see docs/sync.md)."
            )
        )
        intro.setObjectName("mutedText")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = self._line(settings.sync_url, _("Hub address"))
        self.url.setPlaceholderText("https://hub.clinic.example:6984/clinic_records")
        self.user = self._line(settings.sync_user, _("User name on the hub"))
        self.password = self._line("", _("Password on the hub"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Never shown back, not even its length: the box only says whether one is kept.
        self.password.setPlaceholderText(
            _("kept: type only to change it") if password_kept else _("not kept yet")
        )
        self.ca_file = self._line(settings.sync_ca_file, _("Clinic certificate file"))
        self.ca_file.setPlaceholderText(_("blank: the computer's own certificates"))
        for text, edit in (
            (_("Hub address"), self.url),
            (_("User name"), self.user),
            (_("Password"), self.password),
            (_("Certificate (CA) file"), self.ca_file),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)

    @staticmethod
    def _line(text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        return edit

    @property
    def new_password(self) -> str | None:
        """The password typed now, or None when the box was left alone (keep the old one)."""
        return self.password.text() or None

    def apply(self, settings: Settings) -> str:
        """Copy the boxes into ``settings``; a problem in plain words, or blank."""
        problem = hub_problem(self.url.text(), self.ca_file.text())
        if problem:
            return problem
        settings.sync_url = self.url.text().strip()
        settings.sync_user = self.user.text().strip()
        settings.sync_ca_file = self.ca_file.text().strip()
        return ""
