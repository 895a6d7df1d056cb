"""The offer to repair damaged records from their backups, made when the store opens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.ask import Ask
from waypoint.i18n import _
from waypoint.storage.store import Store


def offer_repair(store: Store, ask: Ask, parent: QWidget | None = None) -> None:
    """When files could not be read at open, name the patients and offer to restore them."""
    if not store.damaged or store.read_only:
        return
    names = "\n".join(store.damage_report())
    question = _(
        "Some saved records could not be read:\n\n{names}\n\n"
        "Restore them now from their newest backups? Nothing else is changed."
    ).format(names=names)
    if not ask.confirm(parent, _("Damaged records"), question):
        return
    done = store.repair()
    ask.inform(parent, _("Repair"), "\n".join(done))
