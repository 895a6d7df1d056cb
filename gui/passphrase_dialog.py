"""Asking for the store's passphrase, and opening the store the way the app needs it.

The passphrase comes from WAYPOINT_PASSPHRASE when set (headless runs), else from a password
prompt; a second running copy is offered read-only access; damage found at open is offered a
repair. Every other question goes through :class:`gui.ask.Ask`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from gui.ask import Ask
from waypoint.i18n import _
from waypoint.storage import PassphraseError, Store, StoreLockedError

#: Asks for the passphrase; None when the user gives up. Tests pass their own.
PassphrasePrompt = Callable[[QWidget | None, str], str | None]


def ask_passphrase(parent: QWidget | None, text: str) -> str | None:
    """A password-style prompt (static dialog function, so it can be replaced in tests)."""
    value, ok = QInputDialog.getText(
        parent, _("Waypoint: passphrase"), text, QLineEdit.EchoMode.Password, ""
    )
    return value if ok else None


def open_store(data_dir: Path, ask: Ask, prompt: PassphrasePrompt = ask_passphrase) -> Store | None:
    """Open the store, asking for the passphrase and about a second copy; None if not opened.

    Raises StoreError / DamagedFileError / OSError for a folder that cannot be used at all.
    """
    passphrase = os.environ.get("WAYPOINT_PASSPHRASE", "")
    text = _("These records are protected by a passphrase. Please enter it:")
    while True:
        try:
            store = Store.open(data_dir, passphrase=passphrase)
            if store.read_only_reason:  # the disk is full, read-only or not ours to write
                ask.warn(None, _("Records open read-only"), store.read_only_reason)
            return store
        except PassphraseError as exc:
            if not exc.missing:
                text = str(exc) + "\n\n" + _("Please enter the passphrase again:")
            answer = prompt(None, text)
            if answer is None:
                return None
            passphrase = answer
        except StoreLockedError as exc:
            question = str(exc) + "\n\n" + _("Open the records read-only (nothing can be saved)?")
            if not ask.confirm(None, _("Waypoint is already open"), question):
                return None
            return Store.open(data_dir, passphrase=passphrase, read_only=True)
